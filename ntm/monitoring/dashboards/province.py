"""Building a dashboard (province or district scope) from the approved
evaluations: trend, district rows, levels, criteria, the roster of
communes, the recognition gap, and the district's appraisal queue."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.utils.translation import gettext as _

from ntm.core.criteria_catalog import CriteriaCatalog
from ntm.core.criteria_model import CriteriaSet as CoreSet
from ntm.core.status_at import Observed, statuses_over
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
from ntm.monitoring.dashboards.official import (
    Judged,
    Status,
    approved_observations,
    communes_q,
    in_set,
    official_status,
    rank_of,
)
from ntm.monitoring.dashboards.periods import (
    band_label,
    commune_sets,
    level_defs,
    main_sets,
    period_pick,
    with_period,
)
from ntm.monitoring.models import (
    EvaluationCriterion,
    EvaluationLevel,
    Period,
    Recognition,
    Report,
    ReportStatus,
)
from ntm.units.models import AdminUnit
from ntm.units.selectors import unit_programme_communes

APPROVED = ReportStatus.APPROVED


def _commune_filter(prefix: str, scope: AdminUnit) -> Q:
    return communes_q(prefix, scope)


@dataclass
class _Basis:
    """The approved evaluations of the scope in the main sets, read once, and
    the levels (of every set) each approved report reached. A commune's
    status is one approved report: its latest with an evaluation in the
    period's main set; the levels are that report's."""

    observations: list[Observed[Judged]]
    levels: dict[int, list[tuple[str, str]]]  # report id → (set code, level code) reached

    def status(self, period: Period, main: CoreSet) -> Status:
        return official_status(self.observations, period, {main.code})

    def level_keys(self, judged: Judged, sets: Iterable[str]) -> list[str]:
        wanted = set(sets)
        return [f"{s}:{c}" for s, c in self.levels.get(judged.report_id, ()) if s in wanted]


def _basis(scope: AdminUnit, mains: dict[str, CoreSet]) -> _Basis:
    observations = approved_observations(scope, mains)
    levels: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for report_id, set_code, code in EvaluationLevel.objects.filter(
        _commune_filter("evaluation__report__unit__", scope),
        evaluation__report__status=APPROVED,
    ).values_list("evaluation__report_id", "evaluation__criteria_set__code", "code"):
        levels[report_id].append((set_code, code))
    return _Basis(observations, levels)


def _level_counts(basis: _Basis, judged: Iterable[Judged], sets: Iterable[str]) -> dict[str, int]:
    counts: dict[str, int] = {}
    codes = list(sets)
    for j in judged:
        for key in basis.level_keys(j, codes):
            counts[key] = counts.get(key, 0) + 1
    return counts


def _trend(basis: _Basis, catalog: CriteriaCatalog, mains: dict[str, CoreSet]) -> list[TrendRow]:
    """Every period with approved figures in scope, each counted on the
    official basis (carried forward): communes with data, criteria met,
    communes meeting every criterion of that period's main set, levels."""
    periods: dict[Any, Period] = {}
    for o in basis.observations:
        if o.series in mains:
            periods.setdefault(o.period, o.item.period)
    trend = []
    by_rank = {rank_of(p): p for p in periods.values()}
    for rank, latest in statuses_over(basis.observations, by_rank):
        period = by_rank[rank]
        sets = commune_sets(catalog, period.year)
        if not sets:
            continue
        main = sets[0]
        judged = [o.item for (_unit, code), o in latest.items() if code == main.code]
        trend.append(
            TrendRow(
                period=period,
                set_code=main.code,
                reported=len(judged),
                met_sum=sum(j.criteria_met for j in judged),
                full=sum(j.criteria_met == len(main.criteria) for j in judged),
                levels=_level_counts(basis, judged, [s.code for s in sets]),
                carried=sum(j.period.pk != period.pk for j in judged),
            )
        )
    return trend


def _district_key(row: Mapping[str, Any], prefix: str) -> str:
    return str(row[f"{prefix}parent__code"] or "")


def dashboard_build(
    scope: AdminUnit, period_code: str | None = None, *, communes: bool = False
) -> Dashboard:
    """The figures of ``scope`` for a period (``None``: the latest period with
    approved figures), on the official basis: each commune's latest approved
    evaluation at or before the period. ``communes`` adds the commune table
    and the appraisal queue (district dashboards)."""
    catalog = criteria_catalog()
    mains = main_sets(catalog)
    basis = _basis(scope, mains)
    trend = _trend(basis, catalog, mains)
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
    status: Status = basis.status(period, main) if period is not None and main else {}
    if period is not None and main is not None:
        _figures_into(basis, status, period, sets, by_code)
    total = AreaRow(scope.code, scope.name)
    for area in areas:
        total.add(area)
    if main is not None and not total.bands:
        total.bands = [0] * len(main.count_bands)
    roster = _roster(scope, period, main, status, full_list=communes) if period and main else []
    unreported = [c for c in roster if c.met is None]
    recognition = _recognition(main, roster, status) if period and main else RecognitionGap()
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
        dash.communes = _commune_rows(basis, status, period, main, roster, catalog) if main else []
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


def _figures_into(
    basis: _Basis,
    status: Status,
    period: Period,
    sets: list[CoreSet],
    by_code: dict[str, AreaRow],
) -> None:
    """Per district: communes with an approved status (carried forward or
    not), criteria met (sum, so that averages of the total are exact),
    communes meeting every criterion, bands, border communes, levels; then,
    in one grouped query, communes meeting each criterion."""
    main = sets[0]
    codes = [s.code for s in sets]
    n_bands = len(main.count_bands)
    for j in in_set(status, main.code):
        area = _area(by_code, j.district_code)
        area.reported += 1
        area.carried += j.period.pk != period.pk
        area.met_sum += j.criteria_met
        area.full += j.criteria_met == len(main.criteria)
        area.border_reported += j.border
        area.border_sum += j.criteria_met if j.border else 0
        if len(area.bands) < n_bands:
            area.bands += [0] * (n_bands - len(area.bands))
        if 0 <= j.band < n_bands:
            area.bands[j.band] += 1
        for key in basis.level_keys(j, codes):
            area.levels[key] = area.levels.get(key, 0) + 1
    ids = [j.evaluation_id for j in in_set(status, main.code)]
    for c in (
        EvaluationCriterion.objects.filter(evaluation_id__in=ids, met=True)
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
    scope: AdminUnit, period: Period, main: CoreSet, status: Status, *, full_list: bool
) -> list[CommuneStatus]:
    """Communes with their report status for the period, criteria met on the
    official basis (with the period it comes from) and recognition, in one
    query. Without ``full_list`` only the communes some list needs: without
    data, recognised, or meeting every criterion."""
    report_status = Report.objects.filter(unit=OuterRef("pk"), period_id=period.pk)
    qs = unit_programme_communes(scope).annotate(
        report_status=Subquery(report_status.values("status")[:1]),
        recognised=Exists(_recognised_q(period)),
    )
    roster = []
    for r in qs.order_by("path").values(
        "code", "name", "parent__name", "border", "report_status", "recognised"
    ):
        held = status.get((r["code"], main.code))
        met = held.item.criteria_met if held else None
        if not (full_list or r["recognised"] or met is None or met == len(main.criteria)):
            continue
        source = held.item.period if held and held.item.period.pk != period.pk else None
        roster.append(
            CommuneStatus(
                code=r["code"],
                name=r["name"],
                district=r["parent__name"] or "",
                border=r["border"],
                report_status=r["report_status"],
                met=met,
                recognised=r["recognised"],
                carried_from=source,
            )
        )
    return roster


def _criteria_order(main: CoreSet) -> dict[str, int]:
    return {c.code: i for i, c in enumerate(main.criteria)}


def _evaluation_ids(status: Status, set_code: str, units: Iterable[str]) -> dict[int, str]:
    """Evaluation id → commune code, for the statuses of ``units`` in a set."""
    found = {}
    for code in units:
        held = status.get((code, set_code))
        if held is not None:
            found[held.item.evaluation_id] = code
    return found


def _recognition(main: CoreSet, roster: list[CommuneStatus], status: Status) -> RecognitionGap:
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
        ids = _evaluation_ids(status, main.code, (c.code for c in short))
        missing: dict[str, list[str]] = defaultdict(list)
        for evaluation_id, code in (
            EvaluationCriterion.objects.filter(met=False, evaluation_id__in=list(ids))
            .values_list("evaluation_id", "code")
            .order_by()
        ):
            missing[ids[evaluation_id]].append(code)
        order = _criteria_order(main)
        for c in short:
            codes = sorted(missing.get(c.code, []), key=lambda code: order.get(code, 99))
            gap.recognised_short.append(replace(c, missing=tuple(codes)))
    return gap


def _commune_rows(
    basis: _Basis,
    status: Status,
    period: Period | None,
    main: CoreSet,
    roster: list[CommuneStatus],
    catalog: CriteriaCatalog,
) -> list[CommuneRow]:
    """Every commune of a (district) scope with its criteria and levels, on
    the official basis."""
    if period is None:
        return []
    ids = _evaluation_ids(status, main.code, (c.code for c in roster))
    criteria: dict[str, dict[str, bool]] = defaultdict(dict)
    for evaluation_id, code, met in EvaluationCriterion.objects.filter(
        evaluation_id__in=list(ids)
    ).values_list("evaluation_id", "code", "met"):
        criteria[ids[evaluation_id]][code] = met
    sets = commune_sets(catalog, period.year)
    names = {lv.key: lv.name for lv in level_defs(sets)}
    codes = [s.code for s in sets]
    reached = {j.unit_code: set(basis.level_keys(j, codes)) for j in in_set(status, main.code)}
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
