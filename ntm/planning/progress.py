"""Plan versus actual: for every target, its actual in a period, the gap,
a status and the trend over the periods of the year.

Status (the same rule on every page, in the export and on the home page):

* **Đã đạt** (achieved): the actual meets the target (for a range such as
  13 - 14, from the lower end up; going past the upper end is noted, not
  penalised);
* otherwise, when the period closes the year (the year itself, Q4, December):
  **Không đạt** (missed) - unless some communes in scope still have no
  approved figures for it: then **Có nguy cơ không đạt**, never a verdict
  on incomplete figures;
* otherwise the expected progress at the end of the period is
  ``baseline + (target - baseline) × elapsed share of the year``, the share
  being 1/4 per quarter or 1/12 per month: at or beyond it, **Đúng tiến độ**
  (on track); behind it, **Có nguy cơ không đạt** (at risk). For a target to
  go down (at most), "beyond" means at or below;
* **Chưa có số liệu** when the period has no approved figures (or no report
  for a reported target).

The baseline is the plan's own (where it states one), else the actual
measured in the plan's baseline period (e.g. 2022), else 0 for quantities
counted from zero each year (recognitions in the year, kilometres built...).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ntm.core.periods import PeriodError, PeriodSpec, parse_period
from ntm.errors import NtmError, translate_core_error
from ntm.monitoring.models import Period, Report, ReportStatus
from ntm.planning.figures import goal_text, num, short
from ntm.planning.measures import MEASURES, REPORTED, Actual, MeasureContext, measure_description
from ntm.planning.models import Comparison, Plan, ReportedActual, Target, TargetKind
from ntm.units.models import AdminUnit
from ntm.units.selectors import unit_programme_communes


class ProgressError(NtmError):
    """A period the plan cannot be followed in; the message says why."""


class Status(StrEnum):
    ACHIEVED = "achieved"
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    MISSED = "missed"
    NO_DATA = "no_data"

    @property
    def label(self) -> str:
        return str(STATUS_LABELS[self])

    @property
    def style(self) -> str:
        return STATUS_STYLES[self]


STATUS_LABELS = {
    Status.ACHIEVED: gettext_lazy("Đã đạt"),
    Status.ON_TRACK: gettext_lazy("Đúng tiến độ"),
    Status.AT_RISK: gettext_lazy("Có nguy cơ không đạt"),
    Status.MISSED: gettext_lazy("Không đạt"),
    Status.NO_DATA: gettext_lazy("Chưa có số liệu"),
}
STATUS_STYLES = {
    Status.ACHIEVED: "success",
    Status.ON_TRACK: "primary",
    Status.AT_RISK: "warning",
    Status.MISSED: "danger",
    Status.NO_DATA: "secondary",
}

_KIND_RANK: dict[str, int] = {
    Period.Kind.MONTH: 0,
    Period.Kind.QUARTER: 1,
    Period.Kind.YEAR: 2,
}


def period_key(period: Period) -> tuple[dt.date, int]:
    return (period.end, _KIND_RANK.get(period.kind, 0))


def elapsed_share(period: Period) -> Decimal:
    """Share of the year behind us at the end of the period."""
    if period.kind == Period.Kind.QUARTER:
        return Decimal(period.number) / 4
    if period.kind == Period.Kind.MONTH:
        return Decimal(period.number) / 12
    return Decimal(1)


@dataclass(frozen=True)
class Judgement:
    status: Status
    expected: Decimal | None  # expected progress at the end of the period
    gap: Decimal | None  # what is still missing (0 when achieved)
    beyond: bool = False  # past the upper end of a range


def _decreasing(comparison: str, value: Decimal, baseline: Decimal | None) -> bool:
    if comparison == Comparison.AT_MOST:
        return True
    if comparison == Comparison.EXACTLY:
        return baseline is not None and baseline > value
    return False


def judge(
    *,
    comparison: str,
    value: Decimal | None,
    value_max: Decimal | None,
    actual: Decimal | None,
    baseline: Decimal | None,
    share: Decimal,
    complete: bool = True,
) -> Judgement:
    """The status of a target given its actual at the end of a period that
    closes ``share`` of the year (see the module docstring). ``complete``
    says whether every commune in scope has approved figures: a year is not
    declared missed on incomplete figures."""
    if actual is None or value is None:
        return Judgement(Status.NO_DATA, None, None)
    down = _decreasing(comparison, value, baseline)
    if comparison == Comparison.MORE_THAN:
        met = actual > value
    elif comparison == Comparison.EXACTLY:
        met = actual == value
    elif down:
        met = actual <= value
    else:
        met = actual >= value
    beyond = comparison == Comparison.BETWEEN and value_max is not None and actual > value_max
    if met:
        return Judgement(Status.ACHIEVED, None, Decimal(0), beyond)
    gap = actual - value if down else value - actual
    if share >= 1:
        return Judgement(Status.MISSED if complete else Status.AT_RISK, value, gap)
    start = baseline if baseline is not None else Decimal(0)
    expected = start + (value - start) * share
    on_track = actual <= expected if down else actual >= expected
    return Judgement(Status.ON_TRACK if on_track else Status.AT_RISK, expected, gap)


@dataclass(frozen=True)
class TrendPoint:
    period: Period
    value: Decimal | None

    @property
    def text(self) -> str:
        return short(self.value)


@dataclass
class Row:
    target: Target
    goal: str
    actual: Actual
    baseline: Decimal | None
    baseline_source: str
    judgement: Judgement
    trend: list[TrendPoint]
    how: str
    last_report: ReportedActual | None = None

    @property
    def status(self) -> Status:
        return self.judgement.status

    @property
    def value(self) -> Decimal | None:
        return self.actual.value

    @property
    def actual_text(self) -> str:
        value = self.actual.value
        if value is None:
            return _("chưa có số liệu")
        if self.target.of_total and self.target.unit == "xã":  # i18n: data (a unit of measure)
            return f"{num(value)}/{num(self.actual.total or self.target.of_total)}"
        return short(value)

    @property
    def coverage_text(self) -> str:
        a = self.actual
        if a.reported is None or a.total is None:
            return ""
        return _("%(reported)s/%(total)s xã có số liệu") % {
            "reported": a.reported,
            "total": a.total,
        }

    @property
    def gap_text(self) -> str:
        gap = self.judgement.gap
        if gap is None:
            return ""
        if gap <= 0:
            return _("vượt mức trên") if self.judgement.beyond else "0"
        return short(gap)

    @property
    def baseline_text(self) -> str:
        return short(self.baseline)

    @property
    def expected_text(self) -> str:
        e = self.judgement.expected
        if e is None or self.status is Status.MISSED:
            return ""
        return short(e)

    @property
    def direction(self) -> str:
        values = [p.value for p in self.trend if p.value is not None]
        if len(values) < 2:
            return ""
        if values[-1] > values[-2]:
            return "up"
        if values[-1] < values[-2]:
            return "down"
        return "flat"

    @property
    def direction_label(self) -> str:
        return {"up": _("tăng"), "down": _("giảm"), "flat": _("không đổi")}.get(self.direction, "")


@dataclass
class Group:
    kind: str
    label: str
    rows: list[Row]


@dataclass
class Progress:
    plan: Plan
    scope: AdminUnit
    period: Period
    periods: list[Period]  # choices: the year's periods with figures, and the year
    baseline: Period | None
    rows: list[Row]
    communes: int
    reported: int  # communes with approved figures in the period (plan set)
    has_data: bool

    @property
    def groups(self) -> list[Group]:
        by_kind: dict[str, list[Row]] = defaultdict(list)
        for row in self.rows:
            by_kind[row.target.kind].append(row)
        return [
            Group(kind, str(label), by_kind[kind])
            for kind, label in TargetKind.choices
            if by_kind.get(kind)
        ]

    @property
    def status_counts(self) -> list[tuple[Status, int]]:
        counts = {s: 0 for s in Status}
        for row in self.rows:
            counts[row.status] += 1
        return [(s, n) for s, n in counts.items() if n]

    def row(self, key: str) -> Row:
        return next(r for r in self.rows if r.target.key == key)

    @property
    def trend_periods(self) -> list[Period]:
        """The baseline period, then the year's periods with figures (or its
        quarters when there are none yet)."""
        return [p.period for p in self.rows[0].trend] if self.rows else []


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
    return _Track(Actual(chosen.value if chosen else None), points, base_value, source, chosen)


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


Cell = str | int | float | None  # what an .xlsx cell holds


def progress_table(progress: Progress) -> tuple[list[tuple[str, str | None]], list[list[Cell]]]:
    """The plan-vs-actual table as plain rows (numbers as numbers) for .xlsx."""
    trend = progress.trend_periods
    columns: list[tuple[str, str | None]] = [
        (_("Loại"), None),
        (_("Mã"), None),
        (_("Chỉ tiêu"), None),
        (_("Kế hoạch"), None),
        (_("Giá trị kế hoạch"), "#,##0.###"),
        (_("Đơn vị tính"), None),
        (_("Mốc đầu năm"), "#,##0.###"),
        (_("Thực hiện %(period)s") % {"period": progress.period}, "#,##0.###"),
        (_("Còn thiếu"), "#,##0.###"),
        (_("Tình trạng"), None),
        (_("Số xã có số liệu"), None),
        *[(str(p), "#,##0.###") for p in trend],
        (_("Cách đo"), None),
    ]
    rows: list[list[Cell]] = []
    for row in progress.rows:
        t = row.target
        by_period = {p.period.code: p.value for p in row.trend}
        gap = row.judgement.gap
        rows.append(
            [
                t.get_kind_display(),
                t.key,
                t.label,
                row.goal,
                _float(t.value),
                t.unit,
                _float(row.baseline),
                _float(row.actual.value),
                _float(
                    gap
                    if gap is not None and gap > 0
                    else (Decimal(0) if gap is not None else None)
                ),
                row.status.label,
                row.coverage_text,
                *[_float(by_period.get(p.code)) for p in trend],
                row.how,
            ]
        )
    return columns, rows


def _float(x: Decimal | None) -> float | int | None:
    if x is None:
        return None
    return int(x) if x == x.to_integral_value() else float(x)
