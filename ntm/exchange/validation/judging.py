"""New verdicts of the changed indicators and criteria met after the import,
computed with the numpy batch engine over the communes that change."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import numpy as np

from ntm.core.batch import BatchInputs, BatchPlan, compile_batch, encode_value, evaluate_batch
from ntm.core.criteria_model import CriteriaSet as CoreSet
from ntm.exchange.selectors import CurrentReport
from ntm.exchange.validation.preview import Change, Preview
from ntm.units.models import AdminUnit

# Compiled batch plans by set; a revised catalogue gives new set objects, so
# the cache holds the set it was compiled from and recompiles when it differs.
_plans: dict[str, tuple[CoreSet, BatchPlan]] = {}


def _plan(cset: CoreSet) -> BatchPlan:
    cached = _plans.get(cset.code)
    if cached is None or cached[0] is not cset:
        cached = _plans[cset.code] = (cset, compile_batch(cset))
    return cached[1]


def judge_changes(
    preview: Preview,
    cset: CoreSet,
    year: int,
    units: dict[int, AdminUnit],
    current: dict[int, CurrentReport],
    new_values: dict[tuple[int, str], Any],
) -> None:
    """New verdict of every change and criteria met after the import, with
    the numpy batch engine over the communes that change (one call)."""
    by_unit: dict[int, list[Change]] = defaultdict(list)
    for change in preview.changes:
        by_unit[change.unit_id].append(change)
    class_codes = {u: units[u].class_in(cset) for u in by_unit}
    judged = [u for u, class_code in class_codes.items() if class_code is not None]
    if not judged:
        return
    plan = _plan(cset)
    columns = {code: i for i, code in enumerate(plan.indicator_codes)}
    conditions = {code: i for i, code in enumerate(plan.condition_codes)}
    values = np.full((len(judged), 1, len(columns)), np.nan)
    cond = np.full((len(judged), 1, len(conditions)), np.nan)
    facts = np.full((len(judged), len(plan.fact_codes)), np.nan)
    for i, unit_id in enumerate(judged):
        report = current.get(unit_id)
        known: dict[str, Any] = {k: v[1] for k, v in report.values.items()} if report else {}
        for change in by_unit[unit_id]:
            known[change.code] = new_values[(unit_id, change.code)]
        for code, value in known.items():
            if code in columns:
                values[i, 0, columns[code]] = encode_value(cset.measure(code), value)
            elif code in conditions:
                cond[i, 0, conditions[code]] = encode_value(cset.measure(code), value)
        for j, code in enumerate(plan.fact_codes):
            fact = report.facts.get(code) if report else None
            if fact is not None:
                facts[i, j] = float(bool(fact))
    result = evaluate_batch(
        plan,
        BatchInputs(
            values=values,
            class_index=plan.class_index([class_codes[u] or "" for u in judged]),
            years=[year],
            facts=facts,
            conditions=cond,
        ),
    )
    lines = {u.unit_id: u for u in preview.units}
    for i, unit_id in enumerate(judged):
        lines[unit_id].criteria_after = int(result.criteria_met_count[i, 0])
        for change in by_unit[unit_id]:
            if change.code in columns:
                change.new_verdict = int(result.verdicts[i, 0, columns[change.code]])
            else:
                change.new_verdict = int(result.condition_verdicts[i, 0, conditions[change.code]])
