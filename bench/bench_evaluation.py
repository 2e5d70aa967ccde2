"""Evaluate a whole country: 10,040 communes × every indicator of the commune
set × 5 years, with the numpy batch engine; floor: the same threshold look-up
and comparisons as one numpy expression (DESIGN.md §5: ≤ 1 s, ≤ 3× floor)."""

from __future__ import annotations

import numpy as np

from bench.harness import Figure, Results, median_seconds
from bench.national import national_units
from ntm.core.batch import (
    BatchInputs,
    compile_batch,
    evaluate_batch,
    floor_comparisons,
    make_random_inputs,
)
from ntm.core.criteria_catalog import load_shipped_sets

YEARS = [2021, 2022, 2023, 2024, 2025]


def run(results: Results) -> None:
    cset = load_shipped_sets().get("xa-ntm-2021-2025")
    plan = compile_batch(cset)
    units = national_units()
    random_inputs = make_random_inputs(plan, len(units), YEARS, seed=2023)
    inputs = BatchInputs(
        values=random_inputs.values,
        class_index=plan.class_index([u.region for u in units]),
        years=YEARS,
        facts=random_inputs.facts,
        conditions=random_inputs.conditions,
    )
    cells = inputs.values.size
    engine = median_seconds(lambda: evaluate_batch(plan, inputs), runs=15, warmup=3)
    floor = median_seconds(lambda: floor_comparisons(plan, inputs), runs=15, warmup=3)
    result = evaluate_batch(plan, inputs)
    assert result.criteria_met_count.shape == (len(units), len(YEARS))
    results.add(
        Figure(
            "evaluate a country (10,040 × 5 years × "
            f"{len(plan.indicator_codes)} indicators = {cells:,} cells)",
            engine,
            budget=1.0,
            floor=floor,
            max_ratio=3.0,
            note=f"verdicts, criteria, counts, bands, levels; {int(np.sum(result.levels))} "
            "level hits",
        )
    )
