"""Judging reports against the criteria sets and storing the results.

One path for everything, from one report just edited to a whole country after
a threshold revision: reports are grouped by set and year, their values are
laid into arrays and judged by the numpy batch engine, and the results replace
the stored ones in bulk. Reason texts are not stored; pages ask the scalar
engine for the rows a person looks at (``report_explain``)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TypedDict

import numpy as np
from django.db import transaction
from django.utils.translation import gettext_noop
from django_tasks import task

from ntm.accounts.models import User
from ntm.bulk import bulk_insert
from ntm.core.batch import (
    BatchInputs,
    BatchPlan,
    BatchResult,
    compile_batch,
    encode_value,
    evaluate_batch,
)
from ntm.core.criteria_catalog import CriteriaCatalog
from ntm.core.criteria_model import Measure, Value
from ntm.core.evaluation import UnitEvaluation, UnitInput, evaluate_sets
from ntm.core.values import stored_value
from ntm.criteria.models import CriteriaSet
from ntm.criteria.selectors import criteria_catalog, criteria_revision_key, set_label
from ntm.jobs.heartbeat import job_heartbeat
from ntm.jobs.services import (
    job_advance,
    job_create,
    job_fail,
    job_finish,
    job_queued,
    job_start,
)
from ntm.monitoring.models import (
    Evaluation,
    EvaluationCriterion,
    EvaluationLevel,
    IndicatorValue,
    Report,
)
from ntm.stored_text import Message
from ntm.units.models import AdminUnit, UnitType

CHUNK = 2000  # reports judged and written per step (bounds memory, shows progress)


# Compiled plans of the current catalogue; a new catalogue (a revision was
# made) starts a new cache.
_plans: dict[str, BatchPlan] = {}
_plans_catalog: list[CriteriaCatalog] = []


def _plan(catalog: CriteriaCatalog, set_code: str) -> BatchPlan:
    if not _plans_catalog or _plans_catalog[0] is not catalog:
        _plans.clear()
        _plans_catalog[:] = [catalog]
    if set_code not in _plans:
        _plans[set_code] = compile_batch(catalog.get(set_code))
    return _plans[set_code]


@dataclass
class _Rows:
    reports: list[Report]
    values: dict[int, dict[tuple[str, str], Value | None]]  # report → (set, indicator) → value


class _Judged(TypedDict):
    """The stored result of one report against one set."""

    count: int  # criteria met
    band: int
    verdicts: dict[str, int]  # indicator or condition → Verdict code
    criteria: dict[str, bool]
    levels: list[str]  # codes of the levels reached


def _load(report_ids: Sequence[int]) -> _Rows:
    reports = list(
        Report.objects.filter(pk__in=report_ids).select_related("unit", "period").order_by("pk")
    )
    values: dict[int, dict[tuple[str, str], Value | None]] = defaultdict(dict)
    usable = stored_value_reader(criteria_catalog())
    for report_id, set_code, code, value in IndicatorValue.objects.filter(
        report_id__in=report_ids
    ).values_list("report_id", "indicator__criteria_set__code", "indicator__code", "value"):
        values[report_id][(set_code, code)] = usable(set_code, code, value)
    return _Rows(reports, values)


def stored_value_reader(catalog: CriteriaCatalog) -> Callable[[str, str, object], Value | None]:
    """Stored values as the engine and the pages take them
    (``ntm.core.values.stored_value``: one of the wrong kind or beyond the
    storage limits counts as missing): ``reader(set_code, code, value)``."""
    measures: dict[tuple[str, str], Measure | None] = {}

    def usable(set_code: str, code: str, value: object) -> Value | None:
        key = (set_code, code)
        if key not in measures:
            cset = catalog.get(set_code) if set_code in catalog.codes else None
            measures[key] = cset.measure(code) if cset and cset.has_measure(code) else None
        measure = measures[key]
        return None if measure is None else stored_value(value, measure)

    return usable


def _judge(catalog: CriteriaCatalog, rows: _Rows) -> list[tuple[Report, str, _Judged]]:
    """(report, set code, result fields) for every report and applicable set."""
    # (set code, year) → the reports judged against it, with their class code
    groups: dict[tuple[str, int], list[tuple[Report, str]]] = defaultdict(list)
    order: dict[str, int] = {}
    for report in rows.reports:
        for position, cset in enumerate(
            catalog.sets_for(report.unit.judged_as, report.period.year)
        ):
            class_code = report.unit.class_in(cset)
            if class_code is not None:
                groups[(cset.code, report.period.year)].append((report, class_code))
                order[cset.code] = max(order.get(cset.code, 0), position)
    met_all: dict[tuple[str, int], bool] = {}  # (set code, report id) → every criterion met
    out: list[tuple[Report, str, _Judged]] = []
    for set_code, year in sorted(groups, key=lambda key: (order[key[0]], key[1])):
        reports = [report for report, _code in groups[(set_code, year)]]
        plan = _plan(catalog, set_code)
        cset = plan.criteria_set
        values = np.full((len(reports), 1, len(plan.indicator_codes)), np.nan)
        conditions = np.full((len(reports), 1, len(plan.condition_codes)), np.nan)
        facts = np.full((len(reports), len(plan.fact_codes)), np.nan)
        for r, report in enumerate(reports):
            known = rows.values.get(report.pk, {})
            for i, code in enumerate(plan.indicator_codes):
                if (set_code, code) in known:
                    values[r, 0, i] = encode_value(cset.measure(code), known[(set_code, code)])
            for i, code in enumerate(plan.condition_codes):
                if (set_code, code) in known:
                    conditions[r, 0, i] = encode_value(cset.measure(code), known[(set_code, code)])
            for i, code in enumerate(plan.fact_codes):
                fact = report.facts.get(code)
                if fact is not None:
                    facts[r, i] = float(bool(fact))
        sets_met = {
            ref: np.array([[met_all.get((ref, rep.pk), False)] for rep in reports])
            for ref in cset.referenced_sets()
        }
        result = evaluate_batch(
            plan,
            BatchInputs(
                values=values,
                class_index=plan.class_index([code for _report, code in groups[(set_code, year)]]),
                years=[year],
                facts=facts,
                conditions=conditions,
                sets_met=sets_met,
            ),
        )
        for r, report in enumerate(reports):
            fields = _fields(plan, result, r)
            met_all[(set_code, report.pk)] = fields["count"] == len(plan.criterion_codes)
            out.append((report, set_code, fields))
    return out


def _fields(plan: BatchPlan, result: BatchResult, r: int) -> _Judged:
    """The stored result of row ``r`` of a batch (one year per batch)."""
    verdicts = {c: int(v) for c, v in zip(plan.indicator_codes, result.verdicts[r, 0], strict=True)}
    verdicts.update(
        zip(plan.condition_codes, map(int, result.condition_verdicts[r, 0]), strict=True)
    )
    return {
        "count": int(result.criteria_met_count[r, 0]),
        "band": int(result.band_index[r, 0]),
        "verdicts": verdicts,
        "criteria": {
            c: bool(m) for c, m in zip(plan.criterion_codes, result.criteria_met[r, 0], strict=True)
        },
        "levels": [lv for lv, ok in zip(plan.level_codes, result.levels[r, 0], strict=True) if ok],
    }


def _store(judged: list[tuple[Report, str, _Judged]], report_ids: Sequence[int]) -> None:
    set_ids = dict(CriteriaSet.objects.values_list("code", "pk"))
    revisions_count, revisions_last = criteria_revision_key()
    # Children first, by plain deletes on explicit ids: no per-row cascade
    # collection, and no nested subquery for PostgreSQL's planner to misjudge
    # on tables filled in the same transaction.
    old = list(Evaluation.objects.filter(report_id__in=report_ids).values_list("pk", flat=True))
    for model, field in (
        (EvaluationCriterion, "evaluation_id"),
        (EvaluationLevel, "evaluation_id"),
        (Evaluation, "pk"),
    ):
        model.objects.filter(**{f"{field}__in": old})._raw_delete(model.objects.db)
    evaluations = Evaluation.objects.bulk_create(
        [
            Evaluation(
                report=report,
                criteria_set_id=set_ids[set_code],
                criteria_met_count=fields["count"],
                band=fields["band"],
                verdicts=fields["verdicts"],
                revisions_count=revisions_count,
                revisions_last_id=revisions_last,
            )
            for report, set_code, fields in judged
        ],
        batch_size=1000,
    )
    pairs = list(zip(evaluations, judged, strict=True))
    bulk_insert(
        EvaluationCriterion._meta.db_table,
        ["evaluation_id", "code", "met"],
        [
            (ev.pk, code, met)
            for ev, (_, _, fields) in pairs
            for code, met in fields["criteria"].items()
        ],
    )
    bulk_insert(
        EvaluationLevel._meta.db_table,
        ["evaluation_id", "code"],
        [(ev.pk, code) for ev, (_, _, fields) in pairs for code in fields["levels"]],
    )


def evaluations_recompute(
    report_ids: Iterable[int] | None = None, *, job_id: int | None = None
) -> int:
    """Re-judge the given reports (all reports when None); returns how many.
    Each chunk commits on its own, so a long run shows progress and a crash
    loses at most one chunk of derived, recomputable rows."""
    ids = (
        list(report_ids)
        if report_ids is not None
        else list(Report.objects.order_by("pk").values_list("pk", flat=True))
    )
    catalog = criteria_catalog()
    if job_id is not None:
        job_start(job_id=job_id, total=len(ids))
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        with transaction.atomic():
            _store(_judge(catalog, _load(chunk)), chunk)
        if job_id is not None:
            job_advance(job_id=job_id, by=len(chunk))
    if job_id is not None:
        job_finish(
            job_id=job_id,
            result={"reports": len(ids)},
            message=Message(
                gettext_noop("Đã đánh giá lại %(reports)s báo cáo."), {"reports": len(ids)}
            ),
        )
    return len(ids)


@task()
def recompute_task(report_ids: list[int] | None, job_id: int) -> int:
    try:
        with job_heartbeat(job_id):
            return evaluations_recompute(report_ids, job_id=job_id)
    except Exception as exc:  # the job page must say it failed, then re-raise
        job_fail(
            job_id=job_id,
            message=Message(gettext_noop("Lỗi khi đánh giá lại: %(error)s"), {"error": str(exc)}),
        )
        raise


def evaluations_recompute_later(set_code: str | None = None, *, user: User | None = None) -> int:
    """Queue a background re-evaluation (after a threshold revision or a new
    set); returns the job id that pages can poll."""
    title = (
        Message(gettext_noop("Đánh giá lại theo bộ tiêu chí %(set)s"), {"set": set_label(set_code)})
        if set_code
        else Message(gettext_noop("Đánh giá lại toàn bộ"))
    )
    province = AdminUnit.objects.filter(type=UnitType.PROVINCE).order_by("code").first()
    job = job_create(kind="recompute", title=title, user=user, unit=province)
    transaction.on_commit(
        lambda: job_queued(job_id=job.pk, result=recompute_task.enqueue(None, job.pk))
    )
    return job.pk


def report_explain(report: Report) -> dict[str, UnitEvaluation]:
    """Scalar evaluation with Vietnamese reasons, for the pages that show them."""
    catalog = criteria_catalog()
    values: dict[str, dict[str, Value | None]] = defaultdict(dict)
    usable = stored_value_reader(catalog)
    for set_code, code, value in report.values.values_list(
        "indicator__criteria_set__code", "indicator__code", "value"
    ):
        values[set_code][code] = usable(set_code, code, value)
    inputs = {}
    for cset in catalog.sets_for(report.unit.judged_as, report.period.year):
        class_code = report.unit.class_in(cset)
        if class_code is None:
            continue
        condition_codes = {m.code for m in cset.conditions}
        own = values.get(cset.code, {})
        inputs[cset.code] = UnitInput(
            classification=class_code,
            year=report.period.year,
            values={k: v for k, v in own.items() if k not in condition_codes},
            facts={f.code: report.facts.get(f.code) for f in cset.facts},
            conditions={k: v for k, v in own.items() if k in condition_codes},
        )
    return evaluate_sets(catalog, inputs)
