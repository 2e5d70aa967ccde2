"""Writes the demo monitoring data into the database, and replaces an earlier
demo load, with the invariants of ``value_save`` and ``report_transition``."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.db import connection, transaction
from django.db.models import Count, JSONField, QuerySet, Value
from django.utils import timezone

from ntm.bulk import analyze, bulk_delete, bulk_insert, bulk_insert_select, model_columns
from ntm.core.criteria_catalog import CriteriaCatalog
from ntm.core.numbers_vi import format_count, format_seconds
from ntm.core.values import parse_value
from ntm.criteria.models import Indicator
from ntm.criteria.selectors import criteria_catalog
from ntm.criteria.signals import threshold_revised_paused
from ntm.demo.dataset import (
    CITY,
    DEFAULT_SEED,
    GENERATOR_VERSION,
    PERIODS,
    DemoCommune,
    DemoPlan,
)
from ntm.demo.errors import DemoError
from ntm.demo.generator import demo_generate
from ntm.demo.thresholds import DEMO_REGION, MAIN, SETS, demo_thresholds_ensure
from ntm.jobs.models import Job
from ntm.jobs.services import job_create, job_finish
from ntm.monitoring.evaluations import evaluations_recompute
from ntm.monitoring.models import (
    INDICATOR_VALUE_FIELDS,
    VALUE_CHANGE_FIELDS,
    Evaluation,
    EvaluationCriterion,
    EvaluationLevel,
    Evidence,
    IndicatorValue,
    Period,
    Recognition,
    Report,
    ReportEvent,
    ReportStatus,
    ValueChange,
)
from ntm.monitoring.services import period_get_or_create
from ntm.units.models import AdminUnit, UnitType
from ntm.units.selectors import unit_programme_communes

JOB_KIND = "demo"

VALUE_REASON = "Số liệu minh họa (tạo tự động)"
EVENT_REASON = "Số liệu minh họa"


@dataclass(frozen=True)
class DemoLoadResult:
    loaded: bool
    seed: int
    message: str
    seconds: float
    reports: int = 0
    values: int = 0
    revisions: int = 0
    recognitions: int = 0


def demo_communes() -> list[DemoCommune]:
    """The programme communes of Lạng Sơn, in code order."""
    province = AdminUnit.objects.filter(type=UnitType.PROVINCE, code="20").first()
    if province is None:
        raise DemoError("Chưa có đơn vị hành chính tỉnh Lạng Sơn: chạy `ntm units import` trước.")
    out = []
    for unit in unit_programme_communes(province).select_related("parent").order_by("code"):
        district = unit.parent
        lat = unit.latitude if unit.latitude is not None or district is None else district.latitude
        lon = (
            unit.longitude if unit.longitude is not None or district is None else district.longitude
        )
        out.append(
            DemoCommune(
                code=unit.code,
                name=unit.name,
                district=district.name if district else "",
                region=unit.region or DEMO_REGION,
                latitude=float(lat) if lat is not None else CITY[0],
                longitude=float(lon) if lon is not None else CITY[1],
                poor_district=bool(district and district.poor_district),
            )
        )
    return out


def _marker() -> Job | None:
    return Job.objects.filter(kind=JOB_KIND, status=Job.Status.DONE).order_by("-pk").first()


def _demo_reports() -> QuerySet[Report]:
    return Report.objects.filter(period__code__in=PERIODS)


def _demo_data_delete() -> None:
    """Remove an earlier demo load (its marker proves the reports are ours).
    The bulky rows go with one DELETE each, children first (``bulk_delete``:
    the ORM would fetch them all first); the reports themselves through the
    ORM, which also handles anything else that refers to them. The old marker
    stays, as history."""
    period_ids = list(Period.objects.filter(code__in=PERIODS).values_list("pk", flat=True))
    if not period_ids:
        return
    reports = Report.objects.filter(period_id__in=period_ids)
    values = IndicatorValue.objects.filter(report__in=reports)
    evaluations = Evaluation.objects.filter(report__in=reports)
    children: list[QuerySet[Any]] = [
        EvaluationCriterion.objects.filter(evaluation__in=evaluations),
        EvaluationLevel.objects.filter(evaluation__in=evaluations),
        evaluations,
        ValueChange.objects.filter(value__in=values),
        Evidence.objects.filter(value__in=values),
        values,
        ReportEvent.objects.filter(report__in=reports),
    ]
    analyze(Report, *(rows.model for rows in children))
    for rows in children:
        bulk_delete(rows)
    _demo_reports().delete()


def _aware(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime(day.year, day.month, day.day, hour, minute))


# When each period's figures were entered and sent (then appraised and approved
# a few days apart each).
ENTERED = (
    dt.date(2022, 12, 15),
    dt.date(2023, 3, 24),
    dt.date(2023, 6, 23),
    dt.date(2023, 9, 22),
    dt.date(2023, 12, 22),
)
SUBMITTED = (
    dt.date(2022, 12, 26),
    dt.date(2023, 4, 3),
    dt.date(2023, 7, 3),
    dt.date(2023, 10, 2),
    dt.date(2024, 1, 3),
)
STEPS = {
    ReportStatus.DRAFT.value: (),
    ReportStatus.SUBMITTED.value: (ReportStatus.SUBMITTED.value,),
    ReportStatus.APPRAISED.value: (ReportStatus.SUBMITTED.value, ReportStatus.APPRAISED.value),
    ReportStatus.APPROVED.value: (
        ReportStatus.SUBMITTED.value,
        ReportStatus.APPRAISED.value,
        ReportStatus.APPROVED.value,
    ),
}


def _write(plan: DemoPlan, catalog: CriteriaCatalog) -> tuple[list[int], int]:
    """Reports, values with their first history row, workflow events: the
    invariants of ``value_save`` and ``report_transition``, in bulk."""
    rng = np.random.default_rng(plan.seed + 1)
    reports, timeline = _write_reports(plan, rng)
    n_values = _write_values(plan, catalog, reports, timeline)
    _write_events(reports, timeline)
    return [r.pk for r in reports], n_values


def _write_reports(
    plan: DemoPlan, rng: np.random.Generator
) -> tuple[list[Report], list[list[dt.datetime]]]:
    """The reports, period by period, and for each when its figures were
    entered, then when it took each workflow step."""
    codes = [c.code for c in plan.communes]
    units = {u.code: u.pk for u in AdminUnit.objects.filter(code__in=codes)}
    periods = [period_get_or_create(code) for code in PERIODS]
    reports: list[Report] = []
    timeline: list[list[dt.datetime]] = []  # per report: entered, then each status step
    for p, period in enumerate(periods):
        for i, commune in enumerate(plan.communes):
            status = plan.statuses[p][i]
            entered = _aware(ENTERED[p] - dt.timedelta(days=int(rng.integers(0, 8))), 9)
            moments = [entered]
            day = SUBMITTED[p] + dt.timedelta(days=int(rng.integers(0, 6)))
            for _ in STEPS[status]:
                moments.append(_aware(day, int(rng.integers(8, 17)), int(rng.integers(0, 60))))
                day += dt.timedelta(days=int(rng.integers(2, 9)))
            timeline.append(moments)
            reports.append(
                Report(
                    unit_id=units[commune.code],
                    period=period,
                    status=status,
                    facts=plan.facts[i],
                    status_changed_at=moments[-1],
                )
            )
    Report.objects.bulk_create(reports, batch_size=500)
    return reports, timeline


def _write_values(
    plan: DemoPlan,
    catalog: CriteriaCatalog,
    reports: Sequence[Report],
    timeline: Sequence[Sequence[dt.datetime]],
) -> int:
    """Values as value_save leaves them: parsed by the one parser, version 1,
    entered by nobody (the system), with one history row each; returns how
    many."""
    indicators = {
        (s, c): pk
        for s, c, pk in Indicator.objects.filter(criteria_set__code__in=SETS).values_list(
            "criteria_set__code", "code", "pk"
        )
    }
    measures = {(s, m.code): m for s in SETS for m in catalog.get(s).iter_measures()}
    json_field = IndicatorValue._meta.get_field("value")
    time_field = IndicatorValue._meta.get_field("updated_at")
    rows: list[tuple[object, ...]] = []
    cells = ((p, i) for p in range(len(PERIODS)) for i in range(len(plan.communes)))
    for report, (p, i), stamps in zip(reports, cells, timeline, strict=True):
        entered = time_field.get_db_prep_value(stamps[0], connection)
        for key, raw in plan.values[p][i].items():
            value = json_field.get_db_prep_save(parse_value(raw, measures[key]), connection)
            rows.append((report.pk, indicators[key], raw, value, "", 1, None, entered))
    table = IndicatorValue._meta.db_table
    bulk_insert(table, model_columns(IndicatorValue, INDICATOR_VALUE_FIELDS), rows)
    # The history, as value_save writes it: the first version, from nothing.
    history = IndicatorValue.objects.filter(report__in=_demo_reports()).values_list(
        "pk",
        "version",
        Value(""),
        "raw_text",
        Value(""),
        "note",
        Value(VALUE_REASON),
        Value(None, output_field=JSONField()),  # reason_i18n: the demo's reason is data
        "updated_by",
        "updated_at",
    )
    table = ValueChange._meta.db_table
    bulk_insert_select(table, model_columns(ValueChange, VALUE_CHANGE_FIELDS), history)
    return len(rows)


def _write_events(reports: Sequence[Report], timeline: Sequence[Sequence[dt.datetime]]) -> None:
    """One workflow event per status step of each report."""
    event_time = ReportEvent._meta.get_field("at")
    events: list[tuple[object, ...]] = []
    for report, stamps in zip(reports, timeline, strict=True):
        previous = ReportStatus.DRAFT.value
        for to_status, at in zip(STEPS[report.status], stamps[1:], strict=True):
            at_db = event_time.get_db_prep_value(at, connection)
            events.append((report.pk, previous, to_status, EVENT_REASON, None, at_db))
            previous = to_status
    fields = ("report", "from_status", "to_status", "reason", "actor", "at")
    bulk_insert(ReportEvent._meta.db_table, model_columns(ReportEvent, fields), events)


def _write_recognitions(plan: DemoPlan) -> list[Recognition]:
    units = {u.code: u for u in AdminUnit.objects.filter(code__in=[c.code for c in plan.communes])}
    return Recognition.objects.bulk_create(
        [
            Recognition(
                unit=units[plan.communes[r.commune].code],
                level=r.level,
                decision_number=r.decision_number,
                decision_date=r.decision_date,
                criteria_set=r.criteria_set,
                note=r.note,
            )
            for r in plan.recognitions
        ]
    )


def _verify(plan: DemoPlan) -> None:
    """The stored evaluations must give exactly the planned counts."""
    rows = (
        EvaluationCriterion.objects.filter(
            evaluation__criteria_set__code=MAIN,
            evaluation__report__period__code__in=PERIODS,
            met=True,
        )
        .values_list("evaluation__report__period__code", "code")
        .annotate(n=Count("pk"))
    )
    stored = {(period, code): n for period, code, n in rows}
    for p, period in enumerate(PERIODS):
        for code, expected in plan.counts(p).items():
            if stored.get((period, code), 0) != expected:
                raise DemoError(
                    f"Kỳ {period}, tiêu chí {code}: đánh giá được {stored.get((period, code), 0)} "
                    f"xã đạt, kế hoạch số liệu là {expected}."
                )


def demo_monitoring_load(
    *, seed: int = DEFAULT_SEED, log: Callable[[str], None] | None = None
) -> DemoLoadResult:
    """Load the demo data (all or nothing). With the same seed already loaded,
    nothing is done; an earlier demo load with another seed (or an older
    generator) is replaced; real reports for the demo periods are never
    touched (the load is refused)."""
    started = time.perf_counter()
    say = log or (lambda _message: None)
    communes = demo_communes()
    marker = _marker()
    if (
        marker is not None
        and marker.result.get("seed") == seed
        and marker.result.get("version") == GENERATOR_VERSION
        and _demo_reports().exists()
    ):
        return DemoLoadResult(
            loaded=False,
            seed=seed,
            message=f"Số liệu minh họa (seed {seed}) đã có, không nạp lại.",
            seconds=time.perf_counter() - started,
        )
    with transaction.atomic():
        if marker is not None:
            say(f"Thay số liệu minh họa cũ (seed {marker.result.get('seed')})…")
            _demo_data_delete()
            Recognition.objects.filter(pk__in=marker.result.get("recognition_ids", [])).delete()
        elif _demo_reports().exists():
            raise DemoError(
                "Đã có báo cáo các kỳ 2022, 2023 không phải số liệu minh họa; "
                "không nạp số liệu minh họa để khỏi lẫn với số liệu thật."
            )
        # The load re-evaluates every report itself once its data is written: a
        # background job per threshold revision would only be queued for
        # nothing (the demo server runs no worker).
        with threshold_revised_paused():
            revisions = demo_thresholds_ensure()
        catalog = criteria_catalog()
        plan = demo_generate(catalog, communes, seed)
        report_ids, n_values = _write(plan, catalog)
        recognitions = _write_recognitions(plan)
        evaluations_recompute(report_ids)
        _verify(plan)
        seconds = time.perf_counter() - started
        message = (
            f"Đã nạp số liệu minh họa (seed {seed}): {format_count(len(report_ids))} báo cáo, "
            f"{format_count(n_values)} giá trị, "
            f"{format_count(len(recognitions))} quyết định công nhận, "
            f"{revisions} ngưỡng minh họa mới, trong {format_seconds(seconds)} giây."
        )
        job = job_create(kind=JOB_KIND, title=f"Nạp số liệu minh họa (seed {seed})")
        job_finish(
            job_id=job.pk,
            result={
                "seed": seed,
                "version": GENERATOR_VERSION,
                "reports": len(report_ids),
                "values": n_values,
                "recognition_ids": [r.pk for r in recognitions],
            },
            message=message,
        )
    return DemoLoadResult(
        loaded=True,
        seed=seed,
        message=message,
        seconds=seconds,
        reports=len(report_ids),
        values=n_values,
        revisions=revisions,
        recognitions=len(recognitions),
    )
