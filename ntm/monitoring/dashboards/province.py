"""Building a dashboard (province or district scope) from the approved
evaluations: trend, district rows, levels, criteria, the roster of
communes, the recognition gap, and the district's appraisal queue."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from functools import reduce
from operator import or_
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery, Sum
from django.utils.translation import gettext as _

from ntm.core.criteria_catalog import CriteriaCatalog
from ntm.core.criteria_model import CriteriaSet as CoreSet
from ntm.criteria.selectors import criteria_catalog
from ntm.monitoring.dashboards.errors import DashboardError
from ntm.monitoring.dashboards.figures import (
    AreaRow,
    CommuneRow,
    CommuneStatus,
    Dashboard,
    RecognitionGap,
    TrendRow,
)
from ntm.monitoring.dashboards.periods import (
    band_label,
    commune_sets,
    level_defs,
    main_sets,
    period_fields,
    period_from_values,
    period_pick,
    period_sort_key,
    with_period,
)
from ntm.monitoring.models import (
    Evaluation,
    EvaluationCriterion,
    EvaluationLevel,
    Period,
    Recognition,
    Report,
    ReportStatus,
)
from ntm.units.models import AdminUnit, UnitType
from ntm.units.selectors import unit_programme_communes

APPROVED = ReportStatus.APPROVED


def _commune_filter(prefix: str, scope: AdminUnit) -> Q:
    return Q(
        **{
            f"{prefix}type": UnitType.COMMUNE,
            f"{prefix}in_programme": True,
            f"{prefix}path__startswith": scope.path + "/",
        }
    )


def _approved_evaluations(scope: AdminUnit, set_codes: Iterable[str]) -> QuerySet[Evaluation]:
    return Evaluation.objects.filter(
        _commune_filter("report__unit__", scope),
        report__status=APPROVED,
        criteria_set__code__in=list(set_codes),
    )


def _trend(scope: AdminUnit, mains: dict[str, CoreSet]) -> list[TrendRow]:
    """Every period with approved figures in scope: communes, criteria met,
    communes meeting every criterion of that period's main set."""
    if not mains:
        return []
    full = reduce(
        or_,
        (Q(criteria_set__code=c, criteria_met_count=len(s.criteria)) for c, s in mains.items()),
    )
    rows = (
        _approved_evaluations(scope, mains)
        .values(*period_fields("report__period__"), "criteria_set__code")
        .annotate(n=Count("pk"), met=Sum("criteria_met_count"), full=Count("pk", filter=full))
        .order_by()
    )
    trend = [
        TrendRow(
            period=period_from_values(r, "report__period__"),
            set_code=r["criteria_set__code"],
            reported=r["n"],
            met_sum=r["met"] or 0,
            full=r["full"],
            levels={},
        )
        for r in rows
    ]
    trend.sort(key=lambda t: period_sort_key(t.period))
    return trend


def _district_key(row: Mapping[str, Any], prefix: str) -> str:
    return str(row[f"{prefix}parent__code"] or "")


def dashboard_build(
    scope: AdminUnit, period_code: str | None = None, *, communes: bool = False
) -> Dashboard:
    """The figures of ``scope`` for a period (``None``: the latest period with
    approved figures). ``communes`` adds the commune table and the appraisal
    queue (district dashboards)."""
    catalog = criteria_catalog()
    mains = main_sets(catalog)
    trend = _trend(scope, mains)
    periods = [t.period for t in trend]
    period = period_pick(periods, period_code)

    sets = commune_sets(catalog, period.year) if period else []
    if period is not None and not sets:
        raise DashboardError(
            _("Không có bộ tiêu chí xã nào áp dụng cho năm %(year)s.") % {"year": period.year}
        )
    main = sets[0] if sets else None
    levels = level_defs(sets)
    areas = _areas(scope)
    by_code = {a.code: a for a in areas}
    _levels_into(scope, trend, by_code, period)
    if period is not None and main is not None:
        _figures_into(scope, period, main, by_code)
    total = AreaRow(scope.code, scope.name)
    for area in areas:
        total.add(area)
    if main is not None and not total.bands:
        total.bands = [0] * len(main.count_bands)
    roster = _roster(scope, period, main, full_list=communes) if period and main else []
    unreported = [c for c in roster if c.met is None]
    recognition = _recognition(scope, period, main, roster) if period and main else RecognitionGap()
    dash = Dashboard(
        scope=scope,
        period=period,
        periods=periods if period is None or period in periods else with_period(periods, period),
        main_set=main,
        levels=levels,
        total=total,
        areas=areas,
        trend=trend,
        recognition=recognition,
        unreported=unreported,
    )
    if communes:
        dash.communes = _commune_rows(scope, period, main, roster, catalog) if main else []
        dash.queue = dashboard_queue(scope)
    return dash


def _areas(scope: AdminUnit) -> list[AreaRow]:
    """One row per district holding communes in scope (the district itself
    on a district dashboard), with its commune and border counts."""
    rows = (
        unit_programme_communes(scope)
        .values("parent__code", "parent__name")
        .annotate(n=Count("pk"), border=Count("pk", filter=Q(border=True)))
        .order_by("parent__path")
    )
    return [
        AreaRow(
            code=r["parent__code"] or "",
            name=r["parent__name"] or "",
            communes=r["n"],
            border_flagged=r["border"],
        )
        for r in rows
    ]


def _area(by_code: dict[str, AreaRow], code: str) -> AreaRow:
    if code not in by_code:  # a commune whose district is outside the roster
        by_code[code] = AreaRow(code, code)
    return by_code[code]


def _levels_into(
    scope: AdminUnit,
    trend: list[TrendRow],
    by_code: dict[str, AreaRow],
    period: Period | None,
) -> None:
    """Levels reached, by period and district, in one grouped query: the
    current period fills the districts, every period fills the trend."""
    rows = (
        EvaluationLevel.objects.filter(
            _commune_filter("evaluation__report__unit__", scope),
            evaluation__report__status=APPROVED,
        )
        .values(
            "evaluation__report__period_id",
            "evaluation__report__unit__parent__code",
            "evaluation__criteria_set__code",
            "code",
        )
        .annotate(n=Count("pk"))
        .order_by()
    )
    trend_by_period = {t.period.pk: t for t in trend}
    for r in rows:
        key = f"{r['evaluation__criteria_set__code']}:{r['code']}"
        period_id = r["evaluation__report__period_id"]
        if period_id in trend_by_period:
            levels = trend_by_period[period_id].levels
            levels[key] = levels.get(key, 0) + r["n"]
        if period is not None and period_id == period.pk:
            area = _area(by_code, _district_key(r, "evaluation__report__unit__"))
            area.levels[key] = area.levels.get(key, 0) + r["n"]


def _figures_into(
    scope: AdminUnit, period: Period, main: CoreSet, by_code: dict[str, AreaRow]
) -> None:
    """Per district: communes with approved figures, criteria met (sum, so
    that averages of the total are exact), communes meeting every criterion,
    bands, border communes; then communes meeting each criterion."""
    evaluations = _approved_evaluations(scope, [main.code]).filter(report__period_id=period.pk)
    border = Q(report__unit__border=True)
    band_counts = {f"band_{i}": Count("pk", filter=Q(band=i)) for i in range(len(main.count_bands))}
    for r in (
        evaluations.values("report__unit__parent__code")
        .annotate(
            n=Count("pk"),
            met=Sum("criteria_met_count"),
            full=Count("pk", filter=Q(criteria_met_count=len(main.criteria))),
            border_n=Count("pk", filter=border),
            border_met=Sum("criteria_met_count", filter=border),
            **band_counts,
        )
        .order_by()
    ):
        area = _area(by_code, _district_key(r, "report__unit__"))
        area.reported = r["n"]
        area.met_sum = r["met"] or 0
        area.full = r["full"]
        area.border_reported = r["border_n"]
        area.border_sum = r["border_met"] or 0
        counts: Mapping[str, Any] = r
        area.bands = [counts[name] for name in band_counts]
    for c in (
        EvaluationCriterion.objects.filter(
            _commune_filter("evaluation__report__unit__", scope),
            met=True,
            evaluation__report__status=APPROVED,
            evaluation__report__period_id=period.pk,
            evaluation__criteria_set__code=main.code,
        )
        .values("evaluation__report__unit__parent__code", "code")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        area = _area(by_code, _district_key(c, "evaluation__report__unit__"))
        area.criteria[c["code"]] = c["n"]


def _recognised_q(period: Period) -> QuerySet[Recognition]:
    """NTM recognitions in force at the end of the period: decided by then
    and not revoked by then (a later revocation does not rewrite history)."""
    return Recognition.objects.filter(
        Q(revoked_on__isnull=True) | Q(revoked_on__gt=period.end),
        unit=OuterRef("pk"),
        level=Recognition.Level.NTM,
        decision_date__lte=period.end,
    )


def _roster(
    scope: AdminUnit, period: Period, main: CoreSet, *, full_list: bool
) -> list[CommuneStatus]:
    """Communes with their report status, criteria met (approved figures) and
    recognition, in one query. Without ``full_list`` only the communes some
    list needs: no approved figures, recognised, or meeting every criterion."""
    approved = Evaluation.objects.filter(
        report__unit=OuterRef("pk"),
        report__period_id=period.pk,
        report__status=APPROVED,
        criteria_set__code=main.code,
    )
    status = Report.objects.filter(unit=OuterRef("pk"), period_id=period.pk)
    qs = unit_programme_communes(scope).annotate(
        met=Subquery(approved.values("criteria_met_count")[:1]),
        report_status=Subquery(status.values("status")[:1]),
        recognised=Exists(_recognised_q(period)),
    )
    if not full_list:
        qs = qs.filter(Q(recognised=True) | Q(met__isnull=True) | Q(met=len(main.criteria)))
    return [
        CommuneStatus(
            code=r["code"],
            name=r["name"],
            district=r["parent__name"] or "",
            border=r["border"],
            report_status=r["report_status"],
            met=r["met"],
            recognised=r["recognised"],
        )
        for r in qs.order_by("path").values(
            "code", "name", "parent__name", "border", "report_status", "met", "recognised"
        )
    ]


def _criteria_order(main: CoreSet) -> dict[str, int]:
    return {c.code: i for i, c in enumerate(main.criteria)}


def _recognition(
    scope: AdminUnit, period: Period, main: CoreSet, roster: list[CommuneStatus]
) -> RecognitionGap:
    n = len(main.criteria)
    gap = RecognitionGap()
    short: list[CommuneStatus] = []
    for c in roster:
        gap.recognised += c.recognised
        gap.meeting_all += c.met == n
        if not c.recognised:
            if c.met == n:
                gap.meeting_all_not_recognised.append(c)
        elif c.met is None:
            gap.recognised_unreported.append(c)
        elif c.met == n:
            gap.recognised_meeting_all += 1
        else:
            short.append(c)
    if short:
        missing: dict[str, list[str]] = defaultdict(list)
        for unit_code, code in (
            EvaluationCriterion.objects.filter(
                met=False,
                evaluation__criteria_set__code=main.code,
                evaluation__report__period_id=period.pk,
                evaluation__report__status=APPROVED,
                evaluation__report__unit__code__in=[c.code for c in short],
            )
            .values_list("evaluation__report__unit__code", "code")
            .order_by()
        ):
            missing[unit_code].append(code)
        order = _criteria_order(main)
        for c in short:
            codes = sorted(missing.get(c.code, []), key=lambda code: order.get(code, 99))
            gap.recognised_short.append(_with_missing(c, tuple(codes)))
    return gap


def _with_missing(c: CommuneStatus, missing: tuple[str, ...]) -> CommuneStatus:
    return CommuneStatus(
        c.code, c.name, c.district, c.border, c.report_status, c.met, c.recognised, missing
    )


def _commune_rows(
    scope: AdminUnit,
    period: Period | None,
    main: CoreSet,
    roster: list[CommuneStatus],
    catalog: CriteriaCatalog,
) -> list[CommuneRow]:
    """Every commune of a (district) scope with its criteria and levels."""
    if period is None:
        return []
    criteria: dict[str, dict[str, bool]] = defaultdict(dict)
    for unit_code, code, met in EvaluationCriterion.objects.filter(
        _commune_filter("evaluation__report__unit__", scope),
        evaluation__report__status=APPROVED,
        evaluation__report__period_id=period.pk,
        evaluation__criteria_set__code=main.code,
    ).values_list("evaluation__report__unit__code", "code", "met"):
        criteria[unit_code][code] = met
    names = {lv.key: lv.name for lv in level_defs(commune_sets(catalog, period.year))}
    reached: dict[str, set[str]] = defaultdict(set)
    for unit_code, set_code, code in EvaluationLevel.objects.filter(
        _commune_filter("evaluation__report__unit__", scope),
        evaluation__report__status=APPROVED,
        evaluation__report__period_id=period.pk,
    ).values_list("evaluation__report__unit__code", "evaluation__criteria_set__code", "code"):
        reached[unit_code].add(f"{set_code}:{code}")
    return [
        CommuneRow(
            status=c,
            criteria=criteria.get(c.code, {}),
            levels=[name for key, name in names.items() if key in reached.get(c.code, ())],
            band=band_label(main, c.met),
        )
        for c in roster
    ]


def dashboard_queue(scope: AdminUnit) -> list[Report]:
    """Reports waiting for the district's appraisal, oldest first."""
    return list(
        Report.objects.filter(_commune_filter("unit__", scope), status=ReportStatus.SUBMITTED)
        .select_related("unit", "period")
        .order_by("status_changed_at", "pk")
    )
