"""Batch evaluation with numpy: many units × periods at once.

Same rules as :mod:`ntm.core.evaluation` (tests check they agree), without the
reason texts; ``explain`` produces those for one cell on demand.

Encoding of the dense inputs (every array is float64, NaN = no value):

* percent, number, count: the number itself (percent in points, 90.05);
* boolean: 1.0 = Đạt/Có, 0.0 = Không đạt/Không;
* enum: the 0-based position of the option in the indicator's ``options``;
* facts: 1.0 = yes, 0.0 = no, NaN = unknown (shape units × facts, or
  units × periods × facts when a fact changes over time).

Thresholds are compiled once per set into a (region/group × year × measure)
table (NaN = missing; ``in`` thresholds as bit masks of option positions).
Evaluation gathers each unit's thresholds once, runs ">=" over the whole
array and the few other comparisons over their columns; criteria are then
tested on packed bits. Use
``plan.indicator_codes`` for the column order of the inputs.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

import numpy as np
from numpy.typing import NDArray

from ntm.core.criteria_model import (
    AllCriteria,
    Comparison,
    ConditionMet,
    CriteriaSet,
    Measure,
    MinCriteria,
    SetMet,
    ThresholdValue,
    Value,
    ValueType,
)
from ntm.core.errors import CriteriaLookupError
from ntm.core.evaluation import UnitEvaluation, UnitInput, Verdict, evaluate_unit
from ntm.core.messages import gettext_noop, message

F64 = NDArray[np.float64]
Bool = NDArray[np.bool_]
I8 = NDArray[np.int8]
Idx = NDArray[np.intp]


def encode_value(measure: Measure, value: Value | None) -> float:
    if value is None:
        return math.nan
    if measure.value_type is ValueType.ENUM:
        return float(measure.options.index(str(value)))
    return float(value)


def decode_value(measure: Measure, x: float) -> Value | None:
    if math.isnan(x):
        return None
    if measure.value_type is ValueType.BOOLEAN:
        return bool(x)
    if measure.value_type is ValueType.ENUM:
        return measure.options[int(x)]
    if measure.value_type is ValueType.COUNT:
        return int(x)
    return float(x)


_T = TypeVar("_T", bound=np.generic)
# numpy scalars: comparing an int8 array with an IntEnum member is ~3× slower.
_MET = np.int8(Verdict.MET)
_NOT_APPLICABLE = np.int8(Verdict.NOT_APPLICABLE)


def _cells(cls: Idx, year_idx: Idx, n_years: int) -> Idx:
    """(units, periods) row numbers into a (classes × years, …) table."""
    cells: Idx = cls[:, None] * n_years + year_idx[None, :]
    return cells


def _batch_comparison(measure: Measure, thresholds: F64) -> Comparison:
    """The comparison the batch runs for a column. A yes/no value is 1.0 or
    0.0, so "= Đạt" is "≥ 1" and "= Không đạt" is "≤ 0": few columns are
    left that are not ">=" (see ``_MeasureTable.compare``)."""
    if measure.value_type is ValueType.BOOLEAN and measure.comparison is Comparison.EQ:
        known = thresholds[~np.isnan(thresholds)]
        if known.size and np.all(known == 1.0):
            return Comparison.GE
        if known.size and np.all(known == 0.0):
            return Comparison.LE
    return measure.comparison


def _encode_threshold(measure: Measure, value: ThresholdValue) -> float:
    """A threshold as one float: the number, 1.0/0.0, an option position, or
    for ``in`` a bit mask of the allowed option positions."""
    if isinstance(value, tuple):
        return sum(2.0 ** measure.options.index(v) for v in value)
    return encode_value(measure, value)


@dataclass(frozen=True)
class _MeasureTable:
    """Measures in the set's order (so a criterion's indicators are adjacent
    columns), with the few columns that are not ">=" listed by comparison."""

    measures: tuple[Measure, ...]
    thresholds: F64  # (classes, years, measures); NaN = missing
    missing: I8  # Verdict.MISSING_THRESHOLD where the threshold is missing, else 0
    eq_columns: Idx
    le_columns: Idx
    in_columns: Idx
    fact_columns: Idx  # columns with an applicability rule
    fact_index: Idx  # the fact of each of those columns
    fact_expected: F64
    uncounted: Idx

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(m.code for m in self.measures)

    @classmethod
    def build(cls, cset: CriteriaSet, measures: Sequence[Measure]) -> _MeasureTable:
        n_c, n_y = len(cset.classification.codes), len(cset.years)
        columns: dict[str, F64] = {}
        for m in measures:
            column = np.full((n_c, n_y), np.nan)
            for ci, c in enumerate(cset.classification.codes):
                for yi, y in enumerate(cset.years):
                    threshold = cset.threshold(m.code, c, y)
                    if threshold is not None and threshold.value is not None:
                        column[ci, yi] = _encode_threshold(m, threshold.value)
            columns[m.code] = column
        ordered = tuple(measures)
        kinds = [_batch_comparison(m, columns[m.code]) for m in ordered]
        table = np.full((n_c, n_y, len(ordered)), np.nan)
        for mi, m in enumerate(ordered):
            table[:, :, mi] = columns[m.code]

        def where(kind: Comparison) -> Idx:
            return np.array([i for i, k in enumerate(kinds) if k is kind], dtype=np.intp)

        facts = [f.code for f in cset.facts]
        rules = [(i, m.applicability) for i, m in enumerate(ordered) if m.applicability]
        return cls(
            measures=ordered,
            thresholds=table,
            missing=np.isnan(table).astype(np.int8) * np.int8(Verdict.MISSING_THRESHOLD),
            eq_columns=where(Comparison.EQ),
            le_columns=where(Comparison.LE),
            in_columns=where(Comparison.IN),
            fact_columns=np.array([i for i, _ in rules], dtype=np.intp),
            fact_index=np.array([facts.index(r.fact) for _, r in rules], dtype=np.intp),
            fact_expected=np.array([float(r.expected) for _, r in rules]),
            uncounted=np.array([i for i, m in enumerate(ordered) if not m.counted], dtype=np.intp),
        )

    @staticmethod
    def rows(table: NDArray[_T]) -> NDArray[_T]:
        """(classes, years, measures) → (classes × years, measures)."""
        return table.reshape(table.shape[0] * table.shape[1], table.shape[2])

    def compare(self, values: F64, thresholds: F64) -> Bool:
        """The threshold comparisons alone (NaN on either side gives False).
        Most columns are ">=": one pass over the whole contiguous array is
        faster than a pass per block of each row; the few other columns are
        then overwritten."""
        met = np.greater_equal(values, thresholds)
        # Column by column: a strided single column is far cheaper than a
        # fancy-indexed gather and scatter.
        for c in self.eq_columns:
            np.equal(values[..., c], thresholds[..., c], out=met[..., c])
        for c in self.le_columns:
            np.less_equal(values[..., c], thresholds[..., c], out=met[..., c])
        if len(self.in_columns):
            chosen, bits = values[..., self.in_columns], thresholds[..., self.in_columns]
            known = ~np.isnan(chosen)
            position = np.exp2(np.where(known, chosen, 0.0))
            met[..., self.in_columns] = known & (np.floor(bits / position) % 2 == 1)
        return met

    def judge(self, values: F64, cls: Idx, year_idx: Idx, facts: F64) -> I8:
        """Verdict codes (see :class:`Verdict`) for ``values`` (units ×
        periods × measures), following ``evaluation.judge_measure``."""
        # One row of thresholds per (unit, period): np.take on the flattened
        # (class × year) axis is several times faster than nested fancy indexing.
        cells = _cells(cls, year_idx, self.thresholds.shape[1])
        met = self.compare(values, self.rows(self.thresholds).take(cells, axis=0))
        # ``met`` is already 0 wherever a value or threshold is missing. Codes
        # by bit arithmetic on int8 (much faster than masked copies):
        # met → 1, missing value → 2, missing threshold (value present) → 3.
        code: I8 = met.view(np.int8)
        code |= self.rows(self.missing).take(cells, axis=0)  # 3 where no threshold
        nan = np.isnan(values).view(np.int8)
        np.left_shift(nan, 1, out=nan)  # 2 where no value
        # A missing value wins: 3 | 2 = 3 and 0 | 2 = 2, then clear bit 0
        # where the value is missing (3 → 2): x & ~(nan >> 1).
        code |= nan
        np.right_shift(nan, 1, out=nan)
        np.invert(nan, out=nan)
        code &= nan
        if len(self.fact_columns):
            fact = facts[..., self.fact_index]  # (units, periods or 1, columns)
            sub = code[..., self.fact_columns]
            # Comparisons with NaN are False: an unknown fact is never "the
            # other answer", and is handled on its own.
            np.copyto(sub, np.int8(Verdict.NOT_APPLICABLE), where=fact == 1.0 - self.fact_expected)
            np.copyto(sub, np.int8(Verdict.MISSING_VALUE), where=np.isnan(fact))
            code[..., self.fact_columns] = sub
        if len(self.uncounted):
            code[..., self.uncounted] = Verdict.NOT_APPLICABLE
        return code


def _pack_rows(flags: Bool) -> NDArray[np.uint64]:
    """(…, n) booleans → (…, words) uint64 bit masks, bit i = column i."""
    packed = np.packbits(flags, axis=-1, bitorder="little")
    n_words = -(-flags.shape[-1] // 64)
    if packed.shape[-1] == n_words * 8:  # 57-64 columns: already whole words
        return np.ascontiguousarray(packed).view("<u8")
    padded = np.zeros((*flags.shape[:-1], n_words * 8), dtype=np.uint8)
    padded[..., : packed.shape[-1]] = packed
    return padded.view("<u8")


def _criteria_masks(cset: CriteriaSet, columns: tuple[str, ...]) -> NDArray[np.uint64]:
    """(criteria, words) masks of each criterion's indicator columns."""
    flags = np.zeros((len(cset.criteria), len(columns)), dtype=bool)
    for i, criterion in enumerate(cset.criteria):
        for m in criterion.indicators:
            flags[i, columns.index(m.code)] = True
    return _pack_rows(flags)


@dataclass(frozen=True)
class _CompiledLevel:
    code: str
    all_criteria: bool
    minimums: tuple[tuple[int, Idx], ...]  # (count, criterion columns)
    sets: tuple[str, ...]
    conditions: Idx


@dataclass(frozen=True)
class BatchPlan:
    """A criteria set compiled for batch evaluation. Build once per set (and
    per set of revisions) with :func:`compile_batch`."""

    criteria_set: CriteriaSet
    indicators: _MeasureTable
    conditions: _MeasureTable
    criterion_masks: NDArray[np.uint64]  # (criteria, words), see _pack_rows
    band_lowers: NDArray[np.int64]
    levels: tuple[_CompiledLevel, ...]

    @property
    def indicator_codes(self) -> tuple[str, ...]:
        return self.indicators.codes

    @property
    def condition_codes(self) -> tuple[str, ...]:
        return self.conditions.codes

    @property
    def fact_codes(self) -> tuple[str, ...]:
        return tuple(f.code for f in self.criteria_set.facts)

    @property
    def criterion_codes(self) -> tuple[str, ...]:
        return tuple(c.code for c in self.criteria_set.criteria)

    @property
    def level_codes(self) -> tuple[str, ...]:
        return tuple(level.code for level in self.levels)

    def class_index(self, codes: Sequence[str]) -> Idx:
        """Region/group codes → the index array ``BatchInputs`` wants."""
        classification = self.criteria_set.classification
        return np.array([classification.index(c) for c in codes], dtype=np.intp)


def compile_batch(cset: CriteriaSet) -> BatchPlan:
    """Compile ``cset`` (with its revisions) for :func:`evaluate_batch`. The
    plan's ``indicator_codes`` / ``condition_codes`` give the column order of
    the inputs; it is not the order of the set."""
    indicators = _MeasureTable.build(cset, cset.indicators)
    conditions_table = _MeasureTable.build(cset, cset.conditions)
    criterion_codes = [c.code for c in cset.criteria]
    condition_codes = list(conditions_table.codes)
    levels = []
    for level in cset.levels:
        minimums, sets, conditions, all_criteria = [], [], [], False
        for req in level.requirements:
            if isinstance(req, AllCriteria):
                all_criteria = True
            elif isinstance(req, MinCriteria):
                pool = req.of if req.of is not None else criterion_codes
                cols = np.array([criterion_codes.index(c) for c in pool], dtype=np.intp)
                minimums.append((req.count, cols))
            elif isinstance(req, SetMet):
                sets.append(req.set_code)
            elif isinstance(req, ConditionMet):
                conditions.append(condition_codes.index(req.condition_code))
        levels.append(
            _CompiledLevel(
                level.code,
                all_criteria,
                tuple(minimums),
                tuple(sets),
                np.array(conditions, dtype=np.intp),
            )
        )
    return BatchPlan(
        criteria_set=cset,
        indicators=indicators,
        conditions=conditions_table,
        criterion_masks=_criteria_masks(cset, indicators.codes),
        band_lowers=np.array([b.lower for b in cset.count_bands], dtype=np.int64),
        levels=tuple(levels),
    )


@dataclass(frozen=True)
class BatchInputs:
    """Dense inputs, in the column order of the plan (see module docstring)."""

    values: F64  # (units, periods, indicators)
    class_index: Idx  # (units,) position in the set's regions/groups
    years: Sequence[int] | NDArray[np.int64]  # (periods,)
    facts: F64 | None = None  # (units, facts) or (units, periods, facts)
    conditions: F64 | None = None  # (units, periods, conditions)
    sets_met: Mapping[str, Bool] = field(default_factory=dict)  # set code → (units, periods)


@dataclass(frozen=True)
class BatchResult:
    verdicts: I8  # (units, periods, indicators), codes of Verdict
    condition_verdicts: I8  # (units, periods, conditions)
    criteria_met: Bool  # (units, periods, criteria)
    criteria_met_count: NDArray[np.int16]  # (units, periods)
    band_index: NDArray[np.intp]  # (units, periods); -1 without bands
    levels: Bool  # (units, periods, levels), in plan.level_codes order


def _prepare(plan: BatchPlan, inputs: BatchInputs) -> tuple[Idx, Idx, F64, F64]:
    cset = plan.criteria_set
    values = inputs.values
    if values.ndim != 3 or values.shape[2] != len(plan.indicator_codes):
        raise ValueError(
            str(
                message(
                    gettext_noop(
                        "values phải có dạng (đơn vị, kỳ, %(indicators)s chỉ tiêu), "
                        "không phải %(shape)s"
                    ),
                    indicators=len(plan.indicator_codes),
                    shape=values.shape,
                )
            )
        )
    n_units, n_periods = values.shape[:2]
    cls = np.asarray(inputs.class_index, dtype=np.intp)
    if cls.shape != (n_units,):
        raise ValueError(
            str(message(gettext_noop("class_index phải có %(units)s phần tử"), units=n_units))
        )
    n_classes = len(cset.classification.codes)
    if n_units and (cls.min() < 0 or cls.max() >= n_classes):
        raise CriteriaLookupError(
            gettext_noop("class_index ngoài khoảng 0..%(last)s"), last=n_classes - 1
        )
    years = np.asarray(inputs.years, dtype=np.int64)
    if years.shape != (n_periods,):
        raise ValueError(
            str(message(gettext_noop("years phải có %(periods)s phần tử"), periods=n_periods))
        )
    for year in years:
        cset.check_year(int(year))
    year_idx = (years - cset.first_year).astype(np.intp)
    n_facts = len(cset.facts)
    facts = inputs.facts if inputs.facts is not None else np.full((n_units, n_facts), np.nan)
    if facts.ndim == 2:
        facts = facts[:, None, :]
    if facts.shape not in ((n_units, 1, n_facts), (n_units, n_periods, n_facts)):
        raise ValueError(
            str(
                message(
                    gettext_noop(
                        "facts phải có dạng (đơn vị, [kỳ,] %(facts)s), không phải %(shape)s"
                    ),
                    facts=n_facts,
                    shape=facts.shape,
                )
            )
        )
    n_cond = len(plan.condition_codes)
    conditions = inputs.conditions
    if conditions is None:
        conditions = np.full((n_units, n_periods, n_cond), np.nan)
    if conditions.shape != (n_units, n_periods, n_cond):
        raise ValueError(
            str(
                message(
                    gettext_noop("conditions phải có dạng (đơn vị, kỳ, %(conditions)s)"),
                    conditions=n_cond,
                )
            )
        )
    return cls, year_idx, facts, conditions


def evaluate_batch(plan: BatchPlan, inputs: BatchInputs) -> BatchResult:
    cls, year_idx, facts, conditions = _prepare(plan, inputs)
    verdicts = plan.indicators.judge(inputs.values, cls, year_idx, facts)
    condition_verdicts = plan.conditions.judge(conditions, cls, year_idx, facts)
    ok = verdicts == _MET
    ok |= verdicts == _NOT_APPLICABLE
    # A criterion is met iff all its columns are ok: test the bits of each
    # criterion in a packed row (far faster than a reduction over columns).
    ok_bits = _pack_rows(ok)
    criteria_met: Bool = np.empty((*ok.shape[:2], len(plan.criterion_codes)), dtype=bool)
    count = np.zeros(ok.shape[:2], dtype=np.int16)
    for c, masks in enumerate(plan.criterion_masks):
        met_c = np.ones(ok.shape[:2], dtype=bool)
        for word, mask in enumerate(masks):
            if mask:
                met_c &= (ok_bits[..., word] & mask) == mask
        criteria_met[..., c] = met_c
        count += met_c
    if len(plan.band_lowers):
        band = np.searchsorted(plan.band_lowers, count, side="right").astype(np.intp) - 1
    else:
        band = np.full(count.shape, -1, dtype=np.intp)
    condition_ok = (condition_verdicts == _MET) | (condition_verdicts == _NOT_APPLICABLE)
    n_criteria = len(plan.criterion_codes)
    levels = np.ones((*count.shape, len(plan.levels)), dtype=bool)
    for i, level in enumerate(plan.levels):
        reached = levels[..., i]
        if level.all_criteria:
            reached &= count == n_criteria
        for minimum, cols in level.minimums:
            reached &= criteria_met[..., cols].sum(axis=2) >= minimum
        for code in level.sets:
            met = inputs.sets_met.get(code)
            reached &= np.asarray(met, dtype=bool) if met is not None else False
        if len(level.conditions):
            reached &= condition_ok[..., level.conditions].all(axis=2)
    return BatchResult(verdicts, condition_verdicts, criteria_met, count, band, levels)


def explain(plan: BatchPlan, inputs: BatchInputs, unit: int, period: int) -> UnitEvaluation:
    """The scalar evaluation, with reasons, of one cell of a batch."""
    cset = plan.criteria_set
    cls, _, facts, conditions = _prepare(plan, inputs)
    fact_row = facts[unit, min(period, facts.shape[1] - 1)]
    unit_input = UnitInput(
        classification=cset.classification.codes[int(cls[unit])],
        year=int(np.asarray(inputs.years)[period]),
        values={
            m.code: decode_value(m, float(inputs.values[unit, period, i]))
            for i, m in enumerate(plan.indicators.measures)
        },
        facts={
            f.code: None if math.isnan(fact_row[i]) else bool(fact_row[i])
            for i, f in enumerate(cset.facts)
        },
        conditions={
            m.code: decode_value(m, float(conditions[unit, period, i]))
            for i, m in enumerate(plan.conditions.measures)
        },
        sets_met={code: bool(arr[unit, period]) for code, arr in inputs.sets_met.items()},
    )
    return evaluate_unit(cset, unit_input)


def _random_column(rng: np.random.Generator, measure: Measure, shape: tuple[int, ...]) -> F64:
    match measure.value_type:
        case ValueType.BOOLEAN:
            return (rng.random(shape) < 0.8).astype(np.float64)
        case ValueType.ENUM:
            return rng.integers(0, len(measure.options), shape).astype(np.float64)
        case ValueType.COUNT:
            return rng.integers(0, 4, shape).astype(np.float64)
        case ValueType.PERCENT:
            return np.round(rng.uniform(0, 100, shape), 2)
        case _:
            return np.round(rng.uniform(0, 80, shape), 2)


def make_random_inputs(
    plan: BatchPlan,
    n_units: int,
    years: Sequence[int],
    *,
    seed: int = 0,
    missing_rate: float = 0.05,
) -> BatchInputs:
    """Plausible random inputs (for benchmarks and tests)."""
    rng = np.random.default_rng(seed)
    cset = plan.criteria_set
    shape = (n_units, len(years))

    def block(measures: Sequence[Measure]) -> F64:
        out = np.empty((*shape, len(measures)))
        for i, m in enumerate(measures):
            out[..., i] = _random_column(rng, m, shape)
        out[rng.random(out.shape) < missing_rate] = np.nan
        return out

    facts = (rng.random((n_units, len(cset.facts))) < 0.5).astype(np.float64)
    return BatchInputs(
        values=block(plan.indicators.measures),
        class_index=rng.integers(0, len(cset.classification.codes), n_units).astype(np.intp),
        years=np.asarray(years, dtype=np.int64),
        facts=facts,
        conditions=block(plan.conditions.measures),
        sets_met={code: rng.random(shape) < 0.5 for code in cset.referenced_sets()},
    )


def floor_comparisons(plan: BatchPlan, inputs: BatchInputs) -> Bool:
    """The benchmark floor: the same threshold comparisons (gather each unit's
    thresholds, compare every column) as plain numpy, with no verdict codes,
    criteria, bands or levels. It ignores ``in`` columns, which the shipped
    sets do not use."""
    t = plan.indicators
    v = inputs.values
    years = np.asarray(inputs.years) - plan.criteria_set.first_year
    cells = _cells(np.asarray(inputs.class_index), years, t.thresholds.shape[1])
    thr = t.rows(t.thresholds).take(cells, axis=0)
    result: Bool = v >= thr
    for c in t.eq_columns:
        result[..., c] = v[..., c] == thr[..., c]
    for c in t.le_columns:
        result[..., c] = v[..., c] <= thr[..., c]
    return result
