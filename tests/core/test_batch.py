"""The batch path agrees with the scalar path, cell by cell."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ntm.core.batch import (
    BatchInputs,
    BatchPlan,
    compile_batch,
    decode_value,
    encode_value,
    evaluate_batch,
    explain,
    floor_comparisons,
    make_random_inputs,
)
from ntm.core.criteria_catalog import CriteriaCatalog
from ntm.core.criteria_model import CriteriaSet, Measure, ThresholdRevision, ValueType
from ntm.core.errors import CriteriaLookupError
from ntm.core.evaluation import Verdict


def candidates(
    plan: BatchPlan, measures: tuple[Measure, ...], table: np.ndarray
) -> list[np.ndarray]:
    """Per column, values worth trying: every threshold, just above and just
    below it, the domain's ends, and NaN."""
    pools = []
    for i, m in enumerate(measures):
        if m.value_type is ValueType.BOOLEAN:
            pool = [0.0, 1.0]
        elif m.value_type is ValueType.ENUM:
            pool = [float(k) for k in range(len(m.options))]
        else:
            pool = [0.0, 1.0, 50.0, 100.0]
            for t in np.unique(table[..., i][~np.isnan(table[..., i])]):
                pool += [t, np.nextafter(t, -np.inf), np.nextafter(t, np.inf), t - 0.01, t + 0.01]
            if m.value_type is ValueType.COUNT:
                pool = [float(round(x)) for x in pool if x >= 0]
            elif m.value_type is ValueType.PERCENT:
                pool = [x for x in pool if 0 <= x <= 100]
            pool = [x for x in pool if x >= 0]
        pools.append(np.array([*pool, math.nan]))
    return pools


def random_inputs(
    plan: BatchPlan, rng: np.random.Generator, n_units: int, n_periods: int, per_period_facts: bool
) -> BatchInputs:
    cset = plan.criteria_set
    years = rng.choice(np.array(list(cset.years)), size=n_periods)

    def block(table_measures: tuple[Measure, ...], table: np.ndarray) -> np.ndarray:
        pools = candidates(plan, table_measures, table)
        out = np.empty((n_units, n_periods, len(pools)))
        for i, pool in enumerate(pools):
            out[..., i] = rng.choice(pool, size=(n_units, n_periods))
        return out

    fact_shape = (
        (n_units, n_periods, len(cset.facts)) if per_period_facts else (n_units, len(cset.facts))
    )
    return BatchInputs(
        values=block(plan.indicators.measures, plan.indicators.thresholds),
        class_index=rng.integers(0, len(cset.classification.codes), n_units),
        years=years,
        facts=rng.choice(np.array([0.0, 1.0, math.nan]), size=fact_shape),
        conditions=block(plan.conditions.measures, plan.conditions.thresholds),
        sets_met={code: rng.random((n_units, n_periods)) < 0.5 for code in cset.referenced_sets()},
    )


def assert_agree(plan: BatchPlan, inputs: BatchInputs) -> int:
    result = evaluate_batch(plan, inputs)
    n_units, n_periods = inputs.values.shape[:2]
    for u in range(n_units):
        for p in range(n_periods):
            scalar = explain(plan, inputs, u, p)
            for i, code in enumerate(plan.indicator_codes):
                assert Verdict(result.verdicts[u, p, i]) is scalar.indicator(code).verdict, (
                    u,
                    p,
                    code,
                    inputs.values[u, p, i],
                    scalar.indicator(code).reason,
                )
            for i, code in enumerate(plan.condition_codes):
                assert Verdict(result.condition_verdicts[u, p, i]) is scalar.indicator(code).verdict
            assert [bool(x) for x in result.criteria_met[u, p]] == [c.met for c in scalar.criteria]
            assert result.criteria_met_count[u, p] == scalar.criteria_met_count
            assert result.band_index[u, p] == scalar.band_index
            reached = tuple(
                c for c, r in zip(plan.level_codes, result.levels[u, p], strict=True) if r
            )
            assert reached == scalar.levels_reached
    return n_units * n_periods


REVISIONS = [
    ThresholdRevision("demo", "2.1", 9.25, "Căn cứ A", classes=("B",), years=(2023,)),
    ThresholdRevision("demo", "1.1", 75, "Căn cứ B", years=(2024,)),
    ThresholdRevision("demo", "3.1", ("z",), "Căn cứ C", classes=("A",)),
]


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    seed=st.integers(0, 2**32 - 1),
    n_units=st.integers(1, 8),
    n_periods=st.integers(1, 3),
    per_period_facts=st.booleans(),
    revised=st.booleans(),
)
def test_demo_batch_agrees_with_scalar(
    demo_catalog: CriteriaCatalog,
    seed: int,
    n_units: int,
    n_periods: int,
    per_period_facts: bool,
    revised: bool,
) -> None:
    catalog = demo_catalog.with_revisions(REVISIONS) if revised else demo_catalog
    rng = np.random.default_rng(seed)
    for code in ("demo", "plus"):
        plan = compile_batch(catalog.get(code))
        assert_agree(plan, random_inputs(plan, rng, n_units, n_periods, per_period_facts))


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(seed=st.integers(0, 2**32 - 1), n_units=st.integers(1, 6), n_periods=st.integers(1, 3))
def test_shipped_sets_batch_agrees_with_scalar(
    shipped: CriteriaCatalog, seed: int, n_units: int, n_periods: int
) -> None:
    rng = np.random.default_rng(seed)
    revised = shipped.with_revisions(
        [
            ThresholdRevision("xa-ntm-2021-2025", "2.1", 100, "x", verified=False),
            ThresholdRevision("xa-ntm-2021-2025", "10", 40, "y", years=(2023, 2024)),
            ThresholdRevision("xa-ntm-nang-cao-2021-2025", "10", 47, "z"),
        ]
    )
    for cset in (*shipped, *revised):
        plan = compile_batch(cset)
        assert_agree(plan, random_inputs(plan, rng, n_units, n_periods, False))


def test_large_random_batch_agrees(shipped: CriteriaCatalog) -> None:
    plan = compile_batch(
        shipped.get("xa-ntm-2021-2025").with_revisions(
            [
                ThresholdRevision("xa-ntm-2021-2025", code, 60, "test")
                for code in ("2.1", "2.2", "6.3")
            ]
        )
    )
    inputs = make_random_inputs(plan, 150, [2021, 2023, 2025], seed=7)
    assert assert_agree(plan, inputs) == 450
    result = evaluate_batch(plan, inputs)
    # the random data must exercise every verdict
    assert set(np.unique(result.verdicts)) == {int(v) for v in Verdict}


def test_floor_matches_met_cells(shipped: CriteriaCatalog) -> None:
    plan = compile_batch(shipped.get("xa-ntm-2021-2025"))
    inputs = make_random_inputs(plan, 50, [2022, 2023], seed=3)
    floor = floor_comparisons(plan, inputs)
    result = evaluate_batch(plan, inputs)
    met = result.verdicts == Verdict.MET
    counted = np.array([m.counted and m.applicability is None for m in plan.indicators.measures])
    assert np.array_equal(floor[..., counted], met[..., counted])


def test_encoding_round_trip(demo: CriteriaSet) -> None:
    for code, value in (("1.1", 80.5), ("1.2", True), ("2.2", 3), ("3.1", "z"), ("3.2", "Không")):
        m = demo.measure(code)
        assert decode_value(m, encode_value(m, value)) == value
    assert math.isnan(encode_value(demo.measure("1.1"), None))
    assert decode_value(demo.measure("1.1"), math.nan) is None


def test_bad_batch_inputs(demo: CriteriaSet) -> None:
    plan = compile_batch(demo)
    good = make_random_inputs(plan, 3, [2022], seed=1)
    with pytest.raises(ValueError, match="values phải có dạng"):
        evaluate_batch(plan, BatchInputs(good.values[..., :2], good.class_index, good.years))
    with pytest.raises(CriteriaLookupError, match="class_index"):
        evaluate_batch(plan, BatchInputs(good.values, np.array([0, 1, 5]), good.years))
    with pytest.raises(CriteriaLookupError, match="năm 2030"):
        evaluate_batch(plan, BatchInputs(good.values, good.class_index, [2030]))
    assert list(plan.class_index(["B", "A"])) == [1, 0]
