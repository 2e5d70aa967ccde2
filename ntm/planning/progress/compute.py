"""Plan versus actual for a period: each target's actual, trend and
baseline, judged."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext as _

from ntm.core.periods import PeriodError, PeriodSpec, parse_period
from ntm.errors import translate_core_error
from ntm.monitoring.models import Period, Report, ReportStatus
from ntm.planning.figures import goal_text
from ntm.planning.measures import MEASURES, REPORTED, Actual, MeasureContext, measure_description
from ntm.planning.models import Plan, ReportedActual, Target, TargetKind
from ntm.planning.progress.judgement import ProgressError, elapsed_share, judge, period_key
from ntm.planning.progress.rows import Progress, Row, TrendPoint
from ntm.units.models import AdminUnit
from ntm.units.selectors import unit_programme_communes


def _virtual(code: str) -> Period:
    spec = parse_period(code)
    return Period(
        code=spec.code,
        kind=spec.kind,
        year=spec.year,
        number=spec.number,
        start=spec.start,
        end=spec.end,
    )


def _periods(plan: Plan, scope: AdminUnit, *extra: str) -> list[Period]:
    """In one query: the stored periods of the plan's year (each marked with
    whether it has approved figures in scope), its baseline period and the
    periods named in ``extra``, oldest first."""
    approved = Report.objects.filter(
        period=OuterRef("pk"),
        status=ReportStatus.APPROVED,
        unit__in=unit_programme_communes(scope),
    )
    codes = [c for c in (plan.baseline_period, *extra) if c]
    found = Period.objects.filter(Q(year=plan.year) | Q(code__in=codes)).annotate(
        has_data=Exists(approved)
    )
    return sorted(found, key=period_key)


def _reported_at(rows: list[ReportedActual], end: dt.date, year: int) -> ReportedActual | None:
    chosen = None
    for r in rows:
        if r.as_of.year == year and r.as_of <= end:
            chosen = r
    return chosen


def plan_progress(
    plan: Plan,
    period_code: str | None = None,
    *,
    scope: AdminUnit | None = None,
    targets: list[Target] | None = None,
) -> Progress:
    """Every target of ``plan`` (or ``targets`` of it) against the figures
    of ``scope`` (default: the plan's unit) for a period of the plan's year
    (default: the latest with approved figures, else the whole year)."""
    scope = scope or plan.unit
    spec = _requested_period(plan, period_code)
    stored = {p.code: p for p in _periods(plan, scope)}
    with_data = [p for p in stored.values() if p.year == plan.year and p.has_data]  # type: ignore[attr-defined]
    period = _chosen_period(plan, spec, stored, with_data)
    baseline = stored.get(plan.baseline_period) if plan.baseline_period else None
    trend_periods = (
        list(with_data) if with_data else [_virtual(f"{plan.year}-Q{q}") for q in (1, 2, 3, 4)]
    )
    measured = list(with_data)
    if period.pk is not None and period not in measured:
        measured.append(period)
    targets = targets if targets is not None else list(plan.targets.order_by("position"))
    ctx = _measure_context(plan, scope, targets, measured, baseline)
    reports = _reported_actuals(targets)
    share = elapsed_share(period)
    rows = []
    for target in targets:
        defn = MEASURES.get(target.measure)
        if defn is None or defn.compute is None:
            track = _reported_track(
                target, reports.get(target.pk, []), period, trend_periods, plan.year, baseline
            )
        else:
            results = defn.compute(ctx, target.measure_params)
            track = _measured_track(target, results, defn.is_flow, period, trend_periods, baseline)
        rows.append(_row(target, track, share))
    _funding_total(rows, share)
    reported, communes = (
        ctx.covered(period.pk, plan.criteria_set) if period.pk else (0, ctx.communes["total"])
    )
    carried = ctx.hist(period.pk, plan.criteria_set).carried if period.pk else 0
    return Progress(
        plan=plan,
        scope=scope,
        period=period,
        periods=_period_choices(str(plan.year), stored, with_data, period),
        baseline=baseline,
        rows=rows,
        communes=communes,
        reported=reported,
        has_data=bool(with_data),
        carried=carried,
    )


def _requested_period(plan: Plan, period_code: str | None) -> PeriodSpec | None:
    """The period asked for, refused unless it is one of the plan's year."""
    if not period_code:
        return None
    try:
        spec = parse_period(period_code)
    except PeriodError as exc:
        raise ProgressError(translate_core_error(exc)) from exc
    if spec.year != plan.year:
        raise ProgressError(
            _("Kỳ %(period)s không thuộc năm %(year)s của kế hoạch.")
            % {"period": spec.code, "year": plan.year}
        )
    return spec


def _chosen_period(
    plan: Plan, spec: PeriodSpec | None, stored: dict[str, Period], with_data: list[Period]
) -> Period:
    """The period asked for, else the latest with figures, else the whole year."""
    if spec is not None:
        return stored.get(spec.code) or _virtual(spec.code)
    return with_data[-1] if with_data else _virtual(str(plan.year))


def _period_choices(
    year_code: str, stored: dict[str, Period], with_data: list[Period], period: Period
) -> list[Period]:
    """The periods offered: those with figures, the year and the one shown."""
    choices = list(with_data)
    if not any(p.code == year_code for p in choices):
        choices.append(stored.get(year_code) or _virtual(year_code))
    if not any(p.code == period.code for p in choices):
        choices.append(period)
    choices.sort(key=period_key)
    return choices


def _measure_context(
    plan: Plan,
    scope: AdminUnit,
    targets: list[Target],
    measured: list[Period],
    baseline: Period | None,
) -> MeasureContext:
    """What the computed measures share, with every set, indicator and
    criterion the targets ask about named up front."""
    return MeasureContext(
        scope=scope,
        year=plan.year,
        plan_set=plan.criteria_set,
        periods=measured,
        baseline=baseline,
        sets=[t.measure_params["set"] for t in targets if t.measure_params.get("set")],
        indicators=[
            (t.measure_params.get("set") or plan.criteria_set, t.measure_params["indicator"])
            for t in targets
            if t.measure == "indicator_communes" and "indicator" in t.measure_params
        ],
        new_criteria=[
            t.measure_params["criterion"]
            for t in targets
            if t.measure == "criterion_communes_new" and "criterion" in t.measure_params
        ],
    )


def _reported_actuals(targets: list[Target]) -> dict[int, list[ReportedActual]]:
    """The reports of each reported target, oldest first."""
    reports: dict[int, list[ReportedActual]] = defaultdict(list)
    for r in (
        ReportedActual.objects.filter(target__in=[t.pk for t in targets if t.measure == REPORTED])
        .select_related("reported_by")
        .order_by("as_of", "pk")
    ):
        reports[r.target_id].append(r)
    return reports


@dataclass
class _Track:
    """One target's actual, trend and baseline, before it is judged."""

    actual: Actual
    points: list[TrendPoint]
    baseline: Decimal | None
    source: str  # where the baseline comes from
    last: ReportedActual | None = None


def _plan_baseline(target: Target) -> tuple[Decimal | None, str]:
    return target.baseline, (_("kế hoạch") if target.baseline is not None else "")


def _reported_track(
    target: Target,
    mine: list[ReportedActual],
    period: Period,
    trend_periods: list[Period],
    year: int,
    baseline: Period | None,
) -> _Track:
    """A reported target: the last report by each period's end; the baseline
    from the last report of an earlier year."""
    base_value, source = _plan_baseline(target)
    chosen = _reported_at(mine, period.end, year)
    points = []
    for p in trend_periods:
        found = _reported_at(mine, p.end, year)
        points.append(TrendPoint(p, found.value if found else None))
    before = [r for r in mine if r.as_of.year < year]
    if base_value is None and before:
        base_value, source = before[-1].value, _("báo cáo năm trước")
    if baseline is not None:
        points.insert(0, TrendPoint(baseline, before[-1].value if before else None))
    actual = (
        Actual(chosen.value)
        if chosen
        else Actual(None, detail=_("cơ quan phụ trách chưa báo cáo số liệu thực hiện"))
    )
    return _Track(actual, points, base_value, source, chosen)


def _measured_track(
    target: Target,
    results: dict[int, Actual],
    is_flow: bool,
    period: Period,
    trend_periods: list[Period],
    baseline: Period | None,
) -> _Track:
    """A computed target: its measure (``results`` by period) in each
    period; the baseline is 0 for a flow, else the measure in the baseline
    period."""
    base_value, source = _plan_baseline(target)
    actual = results.get(period.pk, Actual(None)) if period.pk else Actual(None)
    points = [TrendPoint(p, results.get(p.pk, Actual(None)).value) for p in trend_periods]
    if base_value is None and is_flow:  # counted from zero each year
        base_value, source = Decimal(0), _("tính từ đầu năm")
    if base_value is None and baseline is not None:
        measured_base = results.get(baseline.pk, Actual(None)).value
        if measured_base is not None:
            base_value, source = (
                measured_base,
                _("số liệu %(baseline)s") % {"baseline": baseline},
            )
    if baseline is not None:
        base_point = results.get(baseline.pk, Actual(None)).value
        points.insert(0, TrendPoint(baseline, base_point))
    return _Track(actual, points, base_value, source)


def _row(target: Target, track: _Track, share: Decimal) -> Row:
    """The target's row, judged on its track."""
    actual = track.actual
    judgement = judge(
        comparison=target.comparison,
        value=target.value,
        value_max=target.value_max,
        actual=actual.value,
        baseline=track.baseline,
        share=share,
        complete=actual.reported is None or actual.reported >= (actual.total or 0),
    )
    return Row(
        target=target,
        goal=goal_text(target),
        actual=actual,
        baseline=track.baseline,
        baseline_source=track.source,
        judgement=judgement,
        trend=track.points,
        how=measure_description(target.measure, target.measure_params),
        last_report=track.last,
    )


def _funding_total(rows: list[Row], share: Decimal) -> None:
    """The total of a funding plan, when not reported itself, is the sum of
    what was reported for its sources (with how many sources reported)."""
    total = next(
        (r for r in rows if r.target.kind == TargetKind.FUNDING and r.target.is_total), None
    )
    sources = [r for r in rows if r.target.kind == TargetKind.FUNDING and not r.target.is_total]
    if total is None or total.actual.value is not None or not sources:
        return
    known = [r.actual.value for r in sources if r.actual.value is not None]
    if not known:
        return
    total.actual = Actual(
        sum(known, Decimal(0)),
        detail=_("cộng %(reported)s/%(sources)s nguồn đã báo cáo")
        % {"reported": len(known), "sources": len(sources)},
    )
    total.how = _("Cộng số liệu báo cáo của các nguồn vốn")
    for i, point in enumerate(total.trend):
        values = [
            value for r in sources if i < len(r.trend) and (value := r.trend[i].value) is not None
        ]
        if values:
            total.trend[i] = TrendPoint(point.period, sum(values, Decimal(0)))
    t = total.target
    total.judgement = judge(
        comparison=t.comparison,
        value=t.value,
        value_max=t.value_max,
        actual=total.actual.value,
        baseline=total.baseline,
        share=share,
    )
