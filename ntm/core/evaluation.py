"""Scalar evaluation: one unit, one period, one criteria set, with reasons.

Rules (DESIGN §4): an indicator is met, not met, missing a value, missing a
threshold (never met until the office supplies it) or not applicable; a
criterion is met iff every applicable indicator is met (all not applicable
counts as met); missing data is never met. The batch path (``batch.py``)
follows the same rules and is tested against this module.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import IntEnum

from ntm.core import reasons
from ntm.core.criteria_catalog import CriteriaCatalog
from ntm.core.criteria_model import (
    AllCriteria,
    Comparison,
    CountBand,
    CriteriaSet,
    Level,
    Measure,
    MinCriteria,
    Requirement,
    SetMet,
    ThresholdValue,
    Value,
    ValueType,
)
from ntm.core.errors import CriteriaLookupError, ValueParseError
from ntm.core.messages import Message, gettext_noop, message
from ntm.core.thresholds import ResolvedThreshold


class Verdict(IntEnum):
    """Also the codes of the batch verdict arrays."""

    NOT_MET = 0
    MET = 1
    MISSING_VALUE = 2
    MISSING_THRESHOLD = 3
    NOT_APPLICABLE = 4

    @property
    def label(self) -> str:
        return str(_VERDICT_LABELS[self])

    @property
    def counts_as_met(self) -> bool:
        return self in (Verdict.MET, Verdict.NOT_APPLICABLE)


_VERDICT_LABELS = {
    Verdict.NOT_MET: message(gettext_noop("không đạt")),
    Verdict.MET: message(gettext_noop("đạt")),
    Verdict.MISSING_VALUE: message(gettext_noop("thiếu số liệu")),
    Verdict.MISSING_THRESHOLD: message(gettext_noop("chưa có ngưỡng")),
    Verdict.NOT_APPLICABLE: message(gettext_noop("không áp dụng")),
}


@dataclass(frozen=True)
class UnitInput:
    """What is known of one unit in one period.

    ``classification`` is the region (2021-2025) or commune group (2026-2030)
    whose thresholds apply; ``sets_met`` says, for sets required by a level
    (``set_met``), whether every criterion of that set is met."""

    classification: str
    year: int
    values: Mapping[str, Value | None] = field(default_factory=dict)
    facts: Mapping[str, bool | None] = field(default_factory=dict)
    conditions: Mapping[str, Value | None] = field(default_factory=dict)
    sets_met: Mapping[str, bool] = field(default_factory=dict)


@dataclass(frozen=True)
class MeasureResult:
    code: str
    verdict: Verdict
    value: Value | None
    threshold: ResolvedThreshold | None
    explanation: Message

    @property
    def reason(self) -> str:
        """The explanation, in the language of the page that shows it."""
        return str(self.explanation)


@dataclass(frozen=True)
class CriterionResult:
    code: str
    name: str
    met: bool
    indicators: tuple[MeasureResult, ...]


@dataclass(frozen=True)
class RequirementResult:
    requirement: Requirement
    satisfied: bool
    explanation: Message

    @property
    def reason(self) -> str:
        """The explanation, in the language of the page that shows it."""
        return str(self.explanation)


@dataclass(frozen=True)
class LevelResult:
    code: str
    name: str
    reached: bool
    requirements: tuple[RequirementResult, ...]


@dataclass(frozen=True)
class UnitEvaluation:
    set_code: str
    classification: str
    year: int
    criteria: tuple[CriterionResult, ...]
    conditions: tuple[MeasureResult, ...]
    levels: tuple[LevelResult, ...]
    criteria_met_count: int
    band_index: int  # -1 when the set defines no count bands
    band: CountBand | None

    @property
    def all_criteria_met(self) -> bool:
        return self.criteria_met_count == len(self.criteria)

    @property
    def indicators(self) -> tuple[MeasureResult, ...]:
        return tuple(m for c in self.criteria for m in c.indicators)

    @property
    def levels_reached(self) -> tuple[str, ...]:
        return tuple(level.code for level in self.levels if level.reached)

    def indicator(self, code: str) -> MeasureResult:
        for result in (*self.indicators, *self.conditions):
            if result.code == code:
                return result
        raise CriteriaLookupError(
            gettext_noop("Không có chỉ tiêu «%(code)s» trong kết quả"), code=code
        )

    def criterion(self, code: str) -> CriterionResult:
        for result in self.criteria:
            if result.code == code:
                return result
        raise CriteriaLookupError(
            gettext_noop("Không có tiêu chí «%(code)s» trong kết quả"), code=code
        )

    def level(self, code: str) -> LevelResult:
        for result in self.levels:
            if result.code == code:
                return result
        raise CriteriaLookupError(gettext_noop("Không có mức «%(code)s» trong kết quả"), code=code)


def _check_value(measure: Measure, value: Value) -> None:
    """Values must come parsed (``values.parse_value``); a wrong kind is a
    programming error on the caller's side, reported rather than coerced."""
    vtype = measure.value_type
    if vtype is ValueType.BOOLEAN:
        ok = isinstance(value, bool)
    elif vtype is ValueType.ENUM:
        ok = isinstance(value, str) and value in measure.options
    else:
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
    if not ok:
        raise ValueParseError(
            gettext_noop("%(indicator)s: giá trị %(value)r không hợp lệ cho kiểu %(type)s"),
            indicator=measure.code,
            value=value,
            type=vtype,
        )


def compare(comparison: Comparison, value: Value, threshold: ThresholdValue) -> bool:
    if isinstance(threshold, tuple):
        return value in threshold
    if isinstance(threshold, (bool, str)) or isinstance(value, (bool, str)):
        return value == threshold
    number = float(value)
    if comparison is Comparison.GE:
        return number >= threshold
    if comparison is Comparison.LE:
        return number <= threshold
    return number == threshold


def judge_measure(
    cset: CriteriaSet,
    measure: Measure,
    value: Value | None,
    facts: Mapping[str, bool | None],
    class_code: str,
    year: int,
) -> MeasureResult:
    def result(
        verdict: Verdict, reason: Message, thr: ResolvedThreshold | None = None
    ) -> MeasureResult:
        return MeasureResult(measure.code, verdict, value, thr, reason)

    if not measure.counted:
        return result(Verdict.NOT_APPLICABLE, reasons.not_applicable(cset, measure))
    if measure.applicability is not None:
        fact = facts.get(measure.applicability.fact)
        if fact is None:
            return result(Verdict.MISSING_VALUE, reasons.missing_fact(cset, measure))
        if fact is not measure.applicability.expected:
            return result(Verdict.NOT_APPLICABLE, reasons.not_applicable(cset, measure))
    if value is None:
        return result(Verdict.MISSING_VALUE, reasons.missing_value(measure))
    _check_value(measure, value)
    threshold = cset.threshold(measure.code, class_code, year)
    if threshold is None or threshold.value is None:
        return result(
            Verdict.MISSING_THRESHOLD,
            reasons.missing_threshold(cset, measure, value, threshold, class_code, year),
            threshold,
        )
    met = compare(measure.comparison, value, threshold.value)
    return result(
        Verdict.MET if met else Verdict.NOT_MET,
        reasons.compared(cset, measure, value, threshold, met, class_code, year),
        threshold,
    )


def _check_codes(cset: CriteriaSet, unit: UnitInput) -> None:
    indicator_codes = {m.code for m in cset.indicators}
    condition_codes = {m.code for m in cset.conditions}
    fact_codes = {f.code for f in cset.facts}
    for mapping, known, what in (
        (unit.values, indicator_codes, gettext_noop("chỉ tiêu")),
        (unit.conditions, condition_codes, gettext_noop("điều kiện")),
        (unit.facts, fact_codes, gettext_noop("thông tin")),
    ):
        unknown = sorted(set(mapping) - known)
        if unknown:
            raise CriteriaLookupError(
                gettext_noop("Bộ tiêu chí %(set)s không có %(what)s: %(codes)s"),
                set=cset.code,
                what=message(what),
                codes=", ".join(unknown),
            )


def band_index(cset: CriteriaSet, count: int) -> int:
    index = -1
    for i, band in enumerate(cset.count_bands):
        if count >= band.lower:
            index = i
    return index


def _requirement(
    req: Requirement,
    cset: CriteriaSet,
    criteria: tuple[CriterionResult, ...],
    conditions: Mapping[str, MeasureResult],
    unit: UnitInput,
) -> RequirementResult:
    n_met = sum(c.met for c in criteria)
    if isinstance(req, AllCriteria):
        missing = [c.code for c in criteria if not c.met]
        counts = {"met": n_met, "total": len(criteria)}
        if not missing:
            return RequirementResult(
                req, True, message(gettext_noop("đạt %(met)s/%(total)s tiêu chí"), **counts)
            )
        return RequirementResult(
            req,
            False,
            message(
                gettext_noop("đạt %(met)s/%(total)s tiêu chí, chưa đạt: %(missing)s"),
                **counts,
                missing=", ".join(missing),
            ),
        )
    if isinstance(req, MinCriteria):
        pool = [c for c in criteria if req.of is None or c.code in req.of]
        met = sum(c.met for c in pool)
        counts = {"met": met, "total": len(pool), "needed": req.count}
        if req.of is None:
            reason = message(
                gettext_noop("đạt %(met)s/%(total)s tiêu chí, cần ít nhất %(needed)s"), **counts
            )
        else:
            reason = message(
                gettext_noop(
                    "đạt %(met)s/%(total)s tiêu chí trong số %(among)s, cần ít nhất %(needed)s"
                ),
                **counts,
                among=", ".join(req.of),
            )
        return RequirementResult(req, met >= req.count, reason)
    if isinstance(req, SetMet):
        known = unit.sets_met.get(req.set_code)
        if known is None:
            return RequirementResult(
                req,
                False,
                message(
                    gettext_noop("chưa có kết quả đánh giá bộ tiêu chí %(set)s"),
                    set=cset.set_label(req.set_code),
                ),
            )
        template = (
            gettext_noop("đạt đầy đủ bộ tiêu chí %(set)s")
            if known
            else gettext_noop("chưa đạt đầy đủ bộ tiêu chí %(set)s")
        )
        return RequirementResult(req, known, message(template, set=cset.set_label(req.set_code)))
    condition = conditions[req.condition_code]
    return RequirementResult(req, condition.verdict.counts_as_met, condition.explanation)


def _level(
    level: Level,
    cset: CriteriaSet,
    criteria: tuple[CriterionResult, ...],
    conditions: Mapping[str, MeasureResult],
    unit: UnitInput,
) -> LevelResult:
    results = tuple(_requirement(r, cset, criteria, conditions, unit) for r in level.requirements)
    return LevelResult(level.code, level.name, all(r.satisfied for r in results), results)


def evaluate_unit(cset: CriteriaSet, unit: UnitInput) -> UnitEvaluation:
    """Judge one unit in one period against ``cset``."""
    cset.classification.index(unit.classification)
    cset.check_year(unit.year)
    _check_codes(cset, unit)
    c, y = unit.classification, unit.year
    criteria = []
    for criterion in cset.criteria:
        results = tuple(
            judge_measure(cset, m, unit.values.get(m.code), unit.facts, c, y)
            for m in criterion.indicators
        )
        met = all(r.verdict.counts_as_met for r in results)
        criteria.append(CriterionResult(criterion.code, criterion.name, met, results))
    conditions = tuple(
        judge_measure(cset, m, unit.conditions.get(m.code), unit.facts, c, y)
        for m in cset.conditions
    )
    by_code = {r.code: r for r in conditions}
    criteria_t = tuple(criteria)
    count = sum(r.met for r in criteria_t)
    index = band_index(cset, count)
    return UnitEvaluation(
        set_code=cset.code,
        classification=c,
        year=y,
        criteria=criteria_t,
        conditions=conditions,
        levels=tuple(_level(lv, cset, criteria_t, by_code, unit) for lv in cset.levels),
        criteria_met_count=count,
        band_index=index,
        band=cset.count_bands[index] if index >= 0 else None,
    )


def evaluate_sets(
    catalog: CriteriaCatalog, inputs: Mapping[str, UnitInput]
) -> dict[str, UnitEvaluation]:
    """Evaluate one unit against several sets, those a level requires first,
    so that e.g. the model commune's K1 sees the advanced-set result. A
    ``sets_met`` entry given by the caller wins over a computed one."""
    results: dict[str, UnitEvaluation] = {}

    def run(code: str) -> None:
        if code in results:
            return
        cset = catalog.get(code)
        required = sorted(cset.referenced_sets() & set(inputs))
        for dependency in required:
            run(dependency)
        unit = inputs[code]
        computed = {d: results[d].all_criteria_met for d in required}
        merged = UnitInput(
            unit.classification,
            unit.year,
            unit.values,
            unit.facts,
            unit.conditions,
            {**computed, **unit.sets_met},
        )
        results[code] = evaluate_unit(cset, merged)

    for code in inputs:
        run(code)
    return results
