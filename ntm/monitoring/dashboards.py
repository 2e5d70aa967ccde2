"""Reads behind the dashboards, the commune scorecard and ``ntm status``.

Rules every figure follows:

* a commune's figures for a period count only when its report for that period
  is approved (the current status of a commune is its latest approved
  values); communes without approved figures are listed, so that coverage is
  visible next to the figures;
* the communes in scope are the rural communes (xã) in the programme below
  the scope (the province, or one district);
* the main set is the commune set judged for the period's year; the levels
  are those of the sets judged that year (NTM, advanced, model), read from
  the catalogue with their names;
* a share of communes is over every commune in scope (a commune without
  approved figures does not count as meeting anything); an average is over
  the communes with approved figures.

Aggregates run in SQL, one GROUP BY per family of figures; Python only folds
the grouped rows (districts × criteria), so the province page costs the same
number of queries for 18 or 10,040 communes.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import reduce
from operator import or_
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery, Sum
from django.utils.translation import gettext as _

from ntm.core.criteria_catalog import CriteriaCatalog
from ntm.core.criteria_model import AllCriteria, ConditionMet, CountBand, Measure, MinCriteria
from ntm.core.criteria_model import CriteriaSet as CoreSet
from ntm.core.evaluation import LevelResult, MeasureResult, UnitEvaluation, Verdict
from ntm.core.numbers_vi import format_number_vi, format_percent_vi
from ntm.core.periods import PeriodError, parse_period
from ntm.core.reasons import format_value
from ntm.criteria.selectors import criteria_catalog
from ntm.dates import format_date, format_moment, local_today
from ntm.errors import NtmError
from ntm.monitoring.evaluations import report_explain, sets_for
from ntm.monitoring.models import (
    Evaluation,
    EvaluationCriterion,
    EvaluationLevel,
    Evidence,
    Period,
    Recognition,
    Report,
    ReportStatus,
)
from ntm.units.models import AdminUnit, UnitType
from ntm.units.selectors import unit_programme_communes

APPROVED = ReportStatus.APPROVED
# Number formats of exported tables (Excel codes).
FMT_INT = "#,##0"
FMT_DEC = "0.00"


class DashboardError(NtmError):
    """A request the dashboards cannot answer; the message (Vietnamese) says why."""


# -- sets, levels, periods ------------------------------------------------------


def commune_sets(catalog: CriteriaCatalog, year: int) -> list[CoreSet]:
    """The sets a rural commune is judged against in ``year``, main set first."""
    return sets_for(catalog, AdminUnit(type=UnitType.COMMUNE), year)


def main_set_for(catalog: CriteriaCatalog, year: int) -> CoreSet | None:
    sets = commune_sets(catalog, year)
    return sets[0] if sets else None


def main_sets(catalog: CriteriaCatalog) -> dict[str, CoreSet]:
    """Every commune main set (one per stage of the programme), by code."""
    years = {y for s in catalog if s.unit_type == UnitType.COMMUNE for y in s.years}
    found: dict[str, CoreSet] = {}
    for year in sorted(years):
        main = main_set_for(catalog, year)
        if main is not None:
            found.setdefault(main.code, main)
    return found


@dataclass(frozen=True)
class LevelDef:
    set_code: str
    code: str
    name: str

    @property
    def key(self) -> str:
        return f"{self.set_code}:{self.code}"


def level_defs(sets: Iterable[CoreSet]) -> list[LevelDef]:
    """Levels in the order of the sets (NTM, then advanced, then model)."""
    return [LevelDef(s.code, lv.code, lv.name) for s in sets for lv in s.levels]


_KIND_RANK = {Period.Kind.MONTH: 0, Period.Kind.QUARTER: 1, Period.Kind.YEAR: 2}


def period_sort_key(period: Period) -> tuple[dt.date, int]:
    """Oldest first; at the same end date the year comes after its Q4 and
    December, being the fuller account."""
    return (period.end, _KIND_RANK.get(period.kind, 0))


def _period_from_values(row: dict[str, Any], prefix: str) -> Period:
    return Period(
        pk=row[f"{prefix}id"],
        code=row[f"{prefix}code"],
        kind=row[f"{prefix}kind"],
        year=row[f"{prefix}year"],
        number=row[f"{prefix}number"],
        start=row[f"{prefix}start"],
        end=row[f"{prefix}end"],
    )


def _period_fields(prefix: str) -> list[str]:
    return [f"{prefix}{f}" for f in ("id", "code", "kind", "year", "number", "start", "end")]


def _with(periods: list[Period], period: Period) -> list[Period]:
    return sorted([*periods, period], key=period_sort_key)


def _parse_code(code: str) -> str:
    try:
        return parse_period(code).code
    except PeriodError as exc:
        raise DashboardError(str(exc)) from exc


def period_lookup(code: str) -> Period:
    """The stored period for a code typed by a person, or a Vietnamese error."""
    normalised = _parse_code(code)
    period = Period.objects.filter(code=normalised).first()
    if period is None:
        raise DashboardError(_("Chưa có kỳ báo cáo «%(code)s».") % {"code": normalised})
    return period


# -- figures ------------------------------------------------------------------------


def _share(part: int, whole: int) -> float:
    return 100.0 * part / whole if whole else 0.0


def _percent_text(part: int, whole: int) -> str:
    return format_percent_vi(_share(part, whole), 2)


@dataclass(frozen=True)
class CriterionFigure:
    code: str
    name: str
    met: int
    total: int  # communes in scope

    @property
    def share(self) -> float:
        return _share(self.met, self.total)

    @property
    def count_text(self) -> str:  # "65/181"
        return f"{format_number_vi(self.met)}/{format_number_vi(self.total)}"

    @property
    def percent_text(self) -> str:  # "35,91%"
        return _percent_text(self.met, self.total)


@dataclass(frozen=True)
class CountFigure:
    """A number of communes (at a level, in a band) out of ``total``."""

    code: str
    label: str
    count: int
    total: int

    @property
    def share(self) -> float:
        return _share(self.count, self.total)

    @property
    def count_text(self) -> str:
        return f"{format_number_vi(self.count)}/{format_number_vi(self.total)}"

    @property
    def percent_text(self) -> str:
        return _percent_text(self.count, self.total)


def _avg(total: int, n: int) -> float | None:
    return total / n if n else None


def _avg_text(value: float | None) -> str:
    return "—" if value is None else format_number_vi(value, 2)


@dataclass
class AreaRow:
    """Figures of one area: a district in the province table, or the whole
    scope in the total row."""

    code: str
    name: str
    communes: int = 0
    border_flagged: int = 0
    reported: int = 0
    met_sum: int = 0
    full: int = 0
    border_reported: int = 0
    border_sum: int = 0
    bands: list[int] = field(default_factory=list)
    levels: dict[str, int] = field(default_factory=dict)  # LevelDef.key → communes
    criteria: dict[str, int] = field(default_factory=dict)  # criterion code → communes met

    @property
    def avg(self) -> float | None:
        return _avg(self.met_sum, self.reported)

    @property
    def avg_text(self) -> str:
        return _avg_text(self.avg)

    @property
    def border_avg(self) -> float | None:
        return _avg(self.border_sum, self.border_reported)

    @property
    def border_avg_text(self) -> str:
        return _avg_text(self.border_avg)

    @property
    def unreported(self) -> int:
        return self.communes - self.reported

    def add(self, other: AreaRow) -> None:
        for name in (
            "communes",
            "border_flagged",
            "reported",
            "met_sum",
            "full",
            "border_reported",
            "border_sum",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        if len(self.bands) < len(other.bands):
            self.bands += [0] * (len(other.bands) - len(self.bands))
        for i, n in enumerate(other.bands):
            self.bands[i] += n
        for key, n in other.levels.items():
            self.levels[key] = self.levels.get(key, 0) + n
        for key, n in other.criteria.items():
            self.criteria[key] = self.criteria.get(key, 0) + n


@dataclass
class TrendRow:
    period: Period
    set_code: str
    reported: int
    met_sum: int
    full: int
    levels: dict[str, int]  # LevelDef.key → communes

    @property
    def avg(self) -> float | None:
        return _avg(self.met_sum, self.reported)

    @property
    def avg_text(self) -> str:
        return _avg_text(self.avg)


@dataclass(frozen=True)
class CommuneStatus:
    """A commune in a list (no approved figures, recognised, ...)."""

    code: str
    name: str
    district: str
    border: bool
    report_status: str | None  # None: no report for the period
    met: int | None  # criteria met (approved figures only)
    recognised: bool
    missing: tuple[str, ...] = ()  # criteria not met, for the recognition gap

    @property
    def status_label(self) -> str:
        if self.report_status is None:
            return _("Chưa có báo cáo")
        return str(ReportStatus(self.report_status).label)


@dataclass
class RecognitionGap:
    """Recognition is not evaluation: who holds an NTM recognition, who meets
    every criterion of the current set, and who holds one but falls short."""

    recognised: int = 0
    meeting_all: int = 0
    recognised_meeting_all: int = 0
    recognised_short: list[CommuneStatus] = field(default_factory=list)
    recognised_unreported: list[CommuneStatus] = field(default_factory=list)
    meeting_all_not_recognised: list[CommuneStatus] = field(default_factory=list)


@dataclass
class CommuneRow:
    """A commune of a district dashboard with its figures for the period."""

    status: CommuneStatus
    criteria: dict[str, bool]  # criterion code → met (approved figures only)
    levels: list[str]  # names of the levels reached
    band: str


@dataclass
class Dashboard:
    scope: AdminUnit
    period: Period | None
    periods: list[Period]  # periods with approved figures in scope, oldest first
    main_set: CoreSet | None
    levels: list[LevelDef]
    total: AreaRow
    areas: list[AreaRow]  # districts (province scope)
    trend: list[TrendRow]
    recognition: RecognitionGap
    unreported: list[CommuneStatus]
    communes: list[CommuneRow] = field(default_factory=list)  # district scope
    queue: list[Report] = field(default_factory=list)  # district scope

    @property
    def is_district(self) -> bool:
        return self.scope.is_district

    @property
    def n_criteria(self) -> int:
        return len(self.main_set.criteria) if self.main_set else 0

    @property
    def criteria(self) -> list[CriterionFigure]:
        if self.main_set is None:
            return []
        return [
            CriterionFigure(c.code, c.name, self.total.criteria.get(c.code, 0), self.total.communes)
            for c in self.main_set.criteria
        ]

    @property
    def level_figures(self) -> list[CountFigure]:
        return [
            CountFigure(lv.key, lv.name, self.total.levels.get(lv.key, 0), self.total.communes)
            for lv in self.levels
        ]

    @property
    def full_figure(self) -> CountFigure:
        return CountFigure(
            "all",
            _("Đạt đủ %(n)s tiêu chí") % {"n": self.n_criteria},
            self.total.full,
            self.total.communes,
        )

    @property
    def bands(self) -> list[CountFigure]:
        """Communes per count band, then those without approved figures, so
        that the shares add up to every commune in scope."""
        if self.main_set is None:
            return []
        rows = [
            CountFigure(str(i), band.label, self._band_count(i), self.total.communes)
            for i, band in enumerate(self.main_set.count_bands)
        ]
        rows.append(
            CountFigure(
                "none",
                _("Chưa có số liệu đã phê duyệt"),
                self.total.unreported,
                self.total.communes,
            )
        )
        return rows

    def _band_count(self, index: int) -> int:
        return self.total.bands[index] if index < len(self.total.bands) else 0

    @property
    def coverage_text(self) -> str:
        return _percent_text(self.total.reported, self.total.communes)

    # Rows shaped for templates (which cannot look dictionaries up by a variable).
    @property
    def trend_rows(self) -> list[dict[str, Any]]:
        return [
            {"row": t, "levels": [t.levels.get(lv.key, 0) for lv in self.levels]}
            for t in self.trend
        ]

    def _area_line(self, area: AreaRow) -> dict[str, Any]:
        return {
            "area": area,
            "levels": [area.levels.get(lv.key, 0) for lv in self.levels],
            "criteria": [area.criteria.get(c.code, 0) for c in self.main_set.criteria]
            if self.main_set
            else [],
        }

    @property
    def area_rows(self) -> list[dict[str, Any]]:
        return [self._area_line(a) for a in self.areas]

    @property
    def total_row(self) -> dict[str, Any]:
        return self._area_line(self.total)

    @property
    def commune_rows(self) -> list[dict[str, Any]]:
        codes = [c.code for c in self.main_set.criteria] if self.main_set else []
        return [{"row": r, "criteria": [r.criteria.get(c) for c in codes]} for r in self.communes]


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
        .values(*_period_fields("report__period__"), "criteria_set__code")
        .annotate(n=Count("pk"), met=Sum("criteria_met_count"), full=Count("pk", filter=full))
        .order_by()
    )
    trend = [
        TrendRow(
            period=_period_from_values(r, "report__period__"),
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


def _district_key(row: dict[str, Any], prefix: str) -> str:
    return row[f"{prefix}parent__code"] or ""


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
    if period_code:
        wanted = _parse_code(period_code)
        period = next((p for p in periods if p.code == wanted), None) or period_lookup(wanted)
    else:
        period = periods[-1] if periods else None

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
        periods=periods if period is None or period in periods else _with(periods, period),
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
        area.bands = [r[name] for name in band_counts]
    for r in (
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
        area = _area(by_code, _district_key(r, "evaluation__report__unit__"))
        area.criteria[r["code"]] = r["n"]


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
            band=_band_label(main, c.met),
        )
        for c in roster
    ]


def _band_label(main: CoreSet, met: int | None) -> str:
    if met is None:
        return ""
    band: CountBand | None = None
    for b in main.count_bands:
        if met >= b.lower:
            band = b
    return band.label if band else ""


def dashboard_queue(scope: AdminUnit) -> list[Report]:
    """Reports waiting for the district's appraisal, oldest first."""
    return list(
        Report.objects.filter(_commune_filter("unit__", scope), status=ReportStatus.SUBMITTED)
        .select_related("unit", "period")
        .order_by("status_changed_at", "pk")
    )


# -- the commune scorecard ---------------------------------------------------------


@dataclass(frozen=True)
class IndicatorLine:
    code: str
    name: str
    verdict: Verdict
    value_text: str
    threshold_text: str
    reason: str

    @property
    def met(self) -> bool:
        return self.verdict.counts_as_met


@dataclass(frozen=True)
class CriterionLine:
    code: str
    name: str
    met: bool
    indicators: tuple[IndicatorLine, ...]

    @property
    def unmet_indicators(self) -> tuple[IndicatorLine, ...]:
        return tuple(i for i in self.indicators if not i.met)


@dataclass(frozen=True)
class RequirementLine:
    satisfied: bool
    reason: str


@dataclass(frozen=True)
class LevelLine:
    set_code: str
    code: str
    name: str
    reached: bool
    requirements: tuple[RequirementLine, ...]


@dataclass(frozen=True)
class NextLevel:
    """What a commune still lacks for the next level it has not reached."""

    level: LevelLine
    set_name: str
    criteria: tuple[CriterionLine, ...]  # unmet criteria of the level's set
    conditions: tuple[IndicatorLine, ...]  # unmet conditions of the level
    other: tuple[RequirementLine, ...]  # e.g. "the advanced set must be met"


@dataclass(frozen=True)
class HistoryRow:
    period: Period
    status: str
    met: int
    total: int
    band: str
    levels: tuple[str, ...]

    @property
    def status_label(self) -> str:
        return str(ReportStatus(self.status).label)

    @property
    def approved(self) -> bool:
        return self.status == APPROVED


@dataclass
class Scorecard:
    unit: AdminUnit
    period: Period | None
    periods: list[Period]
    drafts_visible: bool
    report: Report | None  # None: no visible report for the period
    report_status_hidden: str | None  # status of a report the user may not see
    main_set: CoreSet | None
    criteria: list[CriterionLine]
    conditions: list[IndicatorLine]
    levels: list[LevelLine]
    next_level: NextLevel | None
    history: list[HistoryRow]
    evidence: list[Evidence]
    recognitions: list[Recognition]
    met: int = 0
    band: str = ""

    @property
    def approved(self) -> bool:
        return self.report is not None and self.report.status == APPROVED

    @property
    def n_criteria(self) -> int:
        return len(self.criteria)

    @property
    def status_label(self) -> str:
        return str(self.report.get_status_display()) if self.report else ""


_SIGNS = {">=": "≥", "<=": "≤", "=": "=", "in": "∈"}


def _threshold_text(
    cset: CoreSet, measure: Measure, result: MeasureResult, evaluation: UnitEvaluation
) -> str:
    if result.verdict is Verdict.NOT_APPLICABLE:
        return "—"
    threshold = result.threshold
    if threshold is None:  # a missing value is judged without looking the threshold up
        threshold = cset.threshold(result.code, evaluation.classification, evaluation.year)
    if threshold is None or threshold.value is None:
        return _("chưa có ngưỡng")
    return f"{_SIGNS[str(measure.comparison)]} {format_value(measure, threshold.value)}"


def _value_text(measure: Measure, result: MeasureResult) -> str:
    return "—" if result.value is None else format_value(measure, result.value)


def _indicator_line(
    cset: CoreSet, result: MeasureResult, evaluation: UnitEvaluation
) -> IndicatorLine:
    measure = cset.measure(result.code)
    return IndicatorLine(
        code=result.code,
        name=measure.name,
        verdict=result.verdict,
        value_text=_value_text(measure, result),
        threshold_text=_threshold_text(cset, measure, result, evaluation),
        reason=result.reason,
    )


def _criterion_lines(cset: CoreSet, evaluation: UnitEvaluation) -> list[CriterionLine]:
    return [
        CriterionLine(
            c.code,
            c.name,
            c.met,
            tuple(_indicator_line(cset, m, evaluation) for m in c.indicators),
        )
        for c in evaluation.criteria
    ]


def _level_line(set_code: str, level: LevelResult) -> LevelLine:
    return LevelLine(
        set_code,
        level.code,
        level.name,
        level.reached,
        tuple(RequirementLine(r.satisfied, r.reason) for r in level.requirements),
    )


def _next_level(results: dict[str, UnitEvaluation], sets: list[CoreSet]) -> NextLevel | None:
    for cset in sets:
        evaluation = results.get(cset.code)
        if evaluation is None:
            continue
        for level in evaluation.levels:
            if level.reached:
                continue
            criteria: list[CriterionLine] = []
            conditions: list[IndicatorLine] = []
            other: list[RequirementLine] = []
            for req in level.requirements:
                if req.satisfied:
                    continue
                if isinstance(req.requirement, (AllCriteria, MinCriteria)):
                    criteria = [c for c in _criterion_lines(cset, evaluation) if not c.met]
                elif isinstance(req.requirement, ConditionMet):
                    conditions.append(
                        _indicator_line(
                            cset, evaluation.indicator(req.requirement.condition_code), evaluation
                        )
                    )
                else:
                    other.append(RequirementLine(False, req.reason))
            return NextLevel(
                _level_line(cset.code, level),
                cset.name,
                tuple(criteria),
                tuple(conditions),
                tuple(other),
            )
    return None


def scorecard_periods(unit: AdminUnit, *, drafts: bool) -> list[Period]:
    """Periods the commune has a report for that the person may see. (One
    filter() call: the unit and the status must hold for the same report.)"""
    same_report = (
        Q(reports__unit=unit) if drafts else Q(reports__unit=unit, reports__status=APPROVED)
    )
    return sorted(Period.objects.filter(same_report).distinct(), key=period_sort_key)


def scorecard_build(unit: AdminUnit, period_code: str | None = None, *, drafts: bool) -> Scorecard:
    """A commune's scorecard for a period (``None``: the latest period it has
    figures for). Only approved figures, unless ``drafts`` (the person may see
    this commune's drafts): then the period's report whatever its status."""
    if not (unit.type == UnitType.COMMUNE and unit.in_programme):
        raise DashboardError(
            _("%(name)s không phải xã thuộc Chương trình xây dựng nông thôn mới.")
            % {"name": unit.name}
        )
    catalog = criteria_catalog()
    periods = scorecard_periods(unit, drafts=drafts)
    if period_code:
        wanted = _parse_code(period_code)
        period = next((p for p in periods if p.code == wanted), None) or period_lookup(wanted)
        if period not in periods:
            periods = _with(periods, period)
    else:
        period = periods[-1] if periods else None
    report = hidden_status = None
    if period is not None:
        found = Report.objects.filter(unit=unit, period=period).select_related("unit", "period")
        report = found.first()
        if report is not None and not drafts and report.status != APPROVED:
            hidden_status, report = report.status, None
    sets = commune_sets(catalog, period.year) if period else []
    main = sets[0] if sets else None
    card = Scorecard(
        unit=unit,
        period=period,
        periods=periods,
        drafts_visible=drafts,
        report=report,
        report_status_hidden=hidden_status,
        main_set=main,
        criteria=[],
        conditions=[],
        levels=[],
        next_level=None,
        history=_history(unit, catalog, drafts=drafts),
        evidence=[],
        recognitions=list(Recognition.objects.filter(unit=unit).order_by("decision_date", "pk")),
    )
    if report is not None and main is not None:
        results = report_explain(report)
        evaluation = results.get(main.code)
        if evaluation is not None:
            card.criteria = _criterion_lines(main, evaluation)
            card.conditions = [_indicator_line(main, m, evaluation) for m in evaluation.conditions]
            card.met = evaluation.criteria_met_count
            card.band = evaluation.band.label if evaluation.band else ""
        card.levels = [
            _level_line(s.code, lv)
            for s in sets
            if s.code in results
            for lv in results[s.code].levels
        ]
        card.next_level = _next_level(results, sets)
        card.evidence = list(
            Evidence.objects.filter(value__report=report)
            .select_related("value__indicator__criteria_set")
            .order_by("value__indicator__criteria_set__code", "value__indicator__position", "pk")
        )
    return card


def _history(unit: AdminUnit, catalog: CriteriaCatalog, *, drafts: bool) -> list[HistoryRow]:
    """Criteria met and levels reached in every period the person may see."""
    mains = main_sets(catalog)
    evaluations = Evaluation.objects.filter(report__unit=unit, criteria_set__code__in=list(mains))
    if not drafts:
        evaluations = evaluations.filter(report__status=APPROVED)
    level_names: dict[tuple[int, str], list[str]] = defaultdict(list)
    levels_q = EvaluationLevel.objects.filter(evaluation__report__unit=unit)
    if not drafts:
        levels_q = levels_q.filter(evaluation__report__status=APPROVED)
    names: dict[str, str] = {}
    for cset in catalog:
        for lv in cset.levels:
            names[f"{cset.code}:{lv.code}"] = lv.name
    for period_id, set_code, code in levels_q.values_list(
        "evaluation__report__period_id", "evaluation__criteria_set__code", "code"
    ).order_by("evaluation__criteria_set__code"):
        level_names[(period_id, set_code)].append(names.get(f"{set_code}:{code}", code))
    rows = []
    for r in evaluations.values(
        *_period_fields("report__period__"),
        "report__status",
        "criteria_set__code",
        "criteria_met_count",
    ):
        period = _period_from_values(r, "report__period__")
        cset = mains[r["criteria_set__code"]]
        sets = commune_sets(catalog, period.year)
        reached = tuple(name for s in sets for name in level_names.get((period.pk, s.code), []))
        rows.append(
            HistoryRow(
                period=period,
                status=r["report__status"],
                met=r["criteria_met_count"],
                total=len(cset.criteria),
                band=_band_label(cset, r["criteria_met_count"]),
                levels=reached,
            )
        )
    rows.sort(key=lambda h: period_sort_key(h.period))
    return rows


# -- exports: the tables of each page as plain rows (for .xlsx and JSON) ------------


@dataclass(frozen=True)
class ExportTable:
    title: str
    columns: list[tuple[str, str | None]]  # header (with its unit), number format
    rows: list[Sequence[Any]]


def _period_label(period: Period | None) -> str:
    return str(period) if period else _("chưa có kỳ")


def export_note(scope_name: str, period: Period | None) -> str:
    return _(
        "Nguồn: Hệ thống quản lý Chương trình MTQG xây dựng nông thôn mới; số liệu đã được "
        "tỉnh phê duyệt. Phạm vi: %(scope)s. Kỳ: %(period)s. Xuất ngày %(today)s."
    ) % {
        "scope": scope_name,
        "period": _period_label(period),
        "today": format_date(local_today()),
    }


def dashboard_tables(dash: Dashboard) -> dict[str, ExportTable]:
    """Every table of a dashboard page, by the name used in ``?xlsx=``."""
    p = _period_label(dash.period)
    where = dash.scope.name
    level_cols = [(_("Số xã đạt %(level)s") % {"level": lv.name}, FMT_INT) for lv in dash.levels]
    tables = {
        "tong-quan": ExportTable(
            _("Tổng quan %(scope)s, %(period)s") % {"scope": where, "period": p},
            [(_("Chỉ số"), None), (_("Giá trị"), FMT_DEC), (_("Ghi chú"), None)],
            _summary_rows(dash),
        ),
        "tieu-chi": ExportTable(
            _("Số xã đạt từng tiêu chí, %(scope)s, %(period)s") % {"scope": where, "period": p},
            [
                (_("Tiêu chí"), None),
                (_("Tên tiêu chí"), None),
                (_("Số xã đạt (xã)"), FMT_INT),
                (_("Tổng số xã (xã)"), FMT_INT),
                (_("Tỷ lệ (%)"), FMT_DEC),
            ],
            [[c.code, c.name, c.met, c.total, c.share] for c in dash.criteria],
        ),
        "muc-dat": ExportTable(
            _("Số xã đạt các mức, %(scope)s, %(period)s") % {"scope": where, "period": p},
            [(_("Mức"), None), (_("Số xã (xã)"), FMT_INT), (_("Tỷ lệ (%)"), FMT_DEC)],
            [[f.label, f.count, f.share] for f in [dash.full_figure, *dash.level_figures]],
        ),
        "nhom": ExportTable(
            _("Số xã theo số tiêu chí đạt, %(scope)s, %(period)s") % {"scope": where, "period": p},
            [(_("Nhóm"), None), (_("Số xã (xã)"), FMT_INT), (_("Tỷ lệ (%)"), FMT_DEC)],
            [[b.label, b.count, b.share] for b in dash.bands],
        ),
        "xu-huong": ExportTable(
            _("Diễn biến qua các kỳ, %(scope)s") % {"scope": where},
            [
                (_("Kỳ"), None),
                (_("Số xã có số liệu đã phê duyệt (xã)"), FMT_INT),
                (_("Bình quân tiêu chí/xã"), FMT_DEC),
                (_("Số xã đạt đủ tiêu chí (xã)"), FMT_INT),
                *[
                    (_("Số xã đạt %(level)s (xã)") % {"level": lv.name}, FMT_INT)
                    for lv in dash.levels
                ],
            ],
            [
                [
                    str(t.period),
                    t.reported,
                    t.avg,
                    t.full,
                    *[t.levels.get(lv.key, 0) for lv in dash.levels],
                ]
                for t in dash.trend
            ],
        ),
        "cong-nhan": ExportTable(
            _("Xã đã được công nhận đạt chuẩn NTM nhưng chưa đạt đủ tiêu chí, %(period)s")
            % {"period": p},
            [
                (_("Mã xã"), None),
                (_("Xã"), None),
                (_("Huyện"), None),
                (_("Số tiêu chí đạt"), FMT_INT),
                (_("Tiêu chí chưa đạt"), None),
            ],
            [
                [c.code, c.name, c.district, c.met, ", ".join(c.missing)]
                for c in dash.recognition.recognised_short
            ],
        ),
        "chua-phe-duyet": ExportTable(
            _("Xã chưa có số liệu được phê duyệt, %(period)s") % {"period": p},
            [(_("Mã xã"), None), (_("Xã"), None), (_("Huyện"), None), (_("Trạng thái"), None)],
            [[c.code, c.name, c.district, c.status_label] for c in dash.unreported],
        ),
    }
    if not dash.is_district:
        tables["huyen"] = ExportTable(
            _("Kết quả theo huyện, %(period)s") % {"period": p},
            [
                (_("Huyện"), None),
                (_("Số xã (xã)"), FMT_INT),
                (_("Số xã có số liệu đã phê duyệt (xã)"), FMT_INT),
                (_("Bình quân tiêu chí/xã"), FMT_DEC),
                (_("Số xã đạt đủ tiêu chí (xã)"), FMT_INT),
                *level_cols,
                (_("Số xã biên giới (xã)"), FMT_INT),
                (_("Bình quân tiêu chí/xã biên giới"), FMT_DEC),
            ],
            [_area_export_row(a, dash) for a in [*dash.areas, dash.total]],
        )
        tables["huyen-tieu-chi"] = ExportTable(
            _("Số xã đạt từng tiêu chí theo huyện, %(period)s") % {"period": p},
            [
                (_("Huyện"), None),
                (_("Số xã (xã)"), FMT_INT),
                *[(_("TC %(code)s (xã)") % {"code": c.code}, FMT_INT) for c in dash.criteria],
            ],
            [
                [a.name, a.communes, *[a.criteria.get(c.code, 0) for c in dash.criteria]]
                for a in [*dash.areas, dash.total]
            ],
        )
    else:
        tables["xa"] = ExportTable(
            _("Kết quả từng xã, %(scope)s, %(period)s") % {"scope": where, "period": p},
            [
                (_("Mã xã"), None),
                (_("Xã"), None),
                (_("Trạng thái báo cáo"), None),
                (_("Số tiêu chí đạt"), FMT_INT),
                (_("Nhóm"), None),
                (_("Mức đạt"), None),
                (_("Đã công nhận NTM"), None),
                *[(_("TC %(code)s") % {"code": c.code}, None) for c in dash.criteria],
            ],
            [_commune_export_row(r, dash) for r in dash.communes],
        )
        tables["tham-dinh"] = ExportTable(
            _("Báo cáo chờ huyện thẩm định, %(scope)s") % {"scope": where},
            [(_("Mã xã"), None), (_("Xã"), None), (_("Kỳ"), None), (_("Gửi lúc"), None)],
            [
                [r.unit.code, r.unit.name, str(r.period), _local_time(r.status_changed_at)]
                for r in dash.queue
            ],
        )
    return tables


def _local_time(value: dt.datetime) -> str:

    return format_moment(value)


def _yes(flag: bool) -> str:
    return _("có") if flag else _("không")


def _area_export_row(a: AreaRow, dash: Dashboard) -> list[Any]:
    return [
        a.name,
        a.communes,
        a.reported,
        a.avg,
        a.full,
        *[a.levels.get(lv.key, 0) for lv in dash.levels],
        a.border_flagged,
        a.border_avg,
    ]


def _commune_export_row(r: CommuneRow, dash: Dashboard) -> list[Any]:
    s = r.status
    return [
        s.code,
        s.name,
        s.status_label,
        s.met,
        r.band,
        ", ".join(r.levels),
        _yes(s.recognised),
        *[
            ("" if c.code not in r.criteria else (_("đạt") if r.criteria[c.code] else _("chưa")))
            for c in dash.criteria
        ],
    ]


def _summary_rows(dash: Dashboard) -> list[list[Any]]:
    t = dash.total
    return [
        [_("Số xã thuộc Chương trình"), t.communes, ""],
        [_("Số xã có số liệu đã phê duyệt"), t.reported, dash.coverage_text],
        [_("Bình quân tiêu chí/xã"), t.avg, _("trên các xã có số liệu đã phê duyệt")],
        [dash.full_figure.label, t.full, dash.full_figure.percent_text],
        [_("Số xã biên giới được đánh dấu"), t.border_flagged, ""],
        [_("Bình quân tiêu chí/xã biên giới"), t.border_avg, ""],
        [_("Số xã đang giữ quyết định công nhận đạt chuẩn NTM"), dash.recognition.recognised, ""],
        [
            _("Số xã đã công nhận nhưng chưa đạt đủ tiêu chí"),
            len(dash.recognition.recognised_short),
            "",
        ],
    ]


def scorecard_tables(card: Scorecard) -> dict[str, ExportTable]:
    p = _period_label(card.period)
    u = card.unit.name
    tables = {
        "chi-tieu": ExportTable(
            _("Kết quả từng chỉ tiêu, %(unit)s, %(period)s") % {"unit": u, "period": p},
            [
                (_("Tiêu chí"), None),
                (_("Tiêu chí đạt"), None),
                (_("Chỉ tiêu"), None),
                (_("Tên chỉ tiêu"), None),
                (_("Giá trị"), None),
                (_("Ngưỡng"), None),
                (_("Kết quả"), None),
                (_("Lý do"), None),
            ],
            [
                [
                    c.code,
                    _yes(c.met),
                    i.code,
                    i.name,
                    i.value_text,
                    i.threshold_text,
                    i.verdict.label,
                    i.reason,
                ]
                for c in card.criteria
                for i in c.indicators
            ],
        ),
        "lich-su": ExportTable(
            _("Kết quả qua các kỳ, %(unit)s") % {"unit": u},
            [
                (_("Kỳ"), None),
                (_("Trạng thái báo cáo"), None),
                (_("Số tiêu chí đạt"), FMT_INT),
                (_("Tổng số tiêu chí"), FMT_INT),
                (_("Nhóm"), None),
                (_("Mức đạt"), None),
            ],
            [
                [str(h.period), h.status_label, h.met, h.total, h.band, ", ".join(h.levels)]
                for h in card.history
            ],
        ),
        "cong-nhan": ExportTable(
            _("Quyết định công nhận, %(unit)s") % {"unit": u},
            [
                (_("Mức"), None),
                (_("Số quyết định"), None),
                (_("Ngày quyết định"), None),
                (_("Bộ tiêu chí áp dụng"), None),
                (_("Thu hồi"), None),
            ],
            [
                [
                    r.get_level_display(),
                    r.decision_number,
                    format_date(r.decision_date),
                    r.criteria_set,
                    (f"{r.revoked_by} ({r.revoked_on:%d/%m/%Y})" if r.revoked_on else r.revoked_by),
                ]
                for r in card.recognitions
            ],
        ),
    }
    if card.next_level is not None:
        tables["can-dat"] = ExportTable(
            _("Còn thiếu để đạt %(level)s, %(unit)s, %(period)s")
            % {"level": card.next_level.level.name, "unit": u, "period": p},
            [
                (_("Tiêu chí"), None),
                (_("Chỉ tiêu"), None),
                (_("Tên chỉ tiêu"), None),
                (_("Giá trị"), None),
                (_("Ngưỡng"), None),
                (_("Kết quả"), None),
            ],
            [
                [c.code, i.code, i.name, i.value_text, i.threshold_text, i.verdict.label]
                for c in card.next_level.criteria
                for i in c.unmet_indicators
            ]
            + [
                ["", i.code, i.name, i.value_text, i.threshold_text, i.verdict.label]
                for i in card.next_level.conditions
            ],
        )
    return tables


# -- plain data for `ntm status --format json` ----------------------------------------


def dashboard_as_dict(dash: Dashboard) -> dict[str, Any]:
    t = dash.total
    r = dash.recognition
    return {
        "scope": {"code": dash.scope.code, "name": dash.scope.name},
        "period": dash.period.code if dash.period else None,
        "criteria_set": dash.main_set.code if dash.main_set else None,
        "communes": t.communes,
        "reported": t.reported,
        "unreported": t.unreported,
        "average_criteria": _round(t.avg),
        "meeting_all_criteria": t.full,
        "criteria": [
            {
                "code": c.code,
                "name": c.name,
                "met": c.met,
                "total": c.total,
                "share": round(c.share, 2),
            }
            for c in dash.criteria
        ],
        "levels": [
            {
                "code": lv.code,
                "set": lv.set_code,
                "name": lv.name,
                "communes": t.levels.get(lv.key, 0),
                "share": round(_share(t.levels.get(lv.key, 0), t.communes), 2),
            }
            for lv in dash.levels
        ],
        "bands": [
            {"label": b.label, "communes": b.count, "share": round(b.share, 2)} for b in dash.bands
        ],
        "border": {
            "flagged": t.border_flagged,
            "reported": t.border_reported,
            "average_criteria": _round(t.border_avg),
        },
        "recognitions": {
            "recognised_ntm": r.recognised,
            "meeting_all_criteria": r.meeting_all,
            "recognised_meeting_all": r.recognised_meeting_all,
            "recognised_short": [
                {"code": c.code, "name": c.name, "criteria_met": c.met, "missing": list(c.missing)}
                for c in r.recognised_short
            ],
            "recognised_without_approved_report": [c.code for c in r.recognised_unreported],
            "meeting_all_not_recognised": [c.code for c in r.meeting_all_not_recognised],
        },
        "districts": [
            {
                "code": a.code,
                "name": a.name,
                "communes": a.communes,
                "reported": a.reported,
                "average_criteria": _round(a.avg),
                "meeting_all_criteria": a.full,
                "levels": {lv.code: a.levels.get(lv.key, 0) for lv in dash.levels},
                "border_flagged": a.border_flagged,
                "border_average_criteria": _round(a.border_avg),
                "criteria": {c.code: a.criteria.get(c.code, 0) for c in dash.criteria},
            }
            for a in dash.areas
        ],
        "unreported_communes": [c.code for c in dash.unreported],
    }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def scorecard_as_dict(card: Scorecard) -> dict[str, Any]:
    return {
        "unit": {"code": card.unit.code, "name": card.unit.name},
        "period": card.period.code if card.period else None,
        "report_status": card.report.status if card.report else None,
        "criteria_set": card.main_set.code if card.main_set else None,
        "criteria_met": card.met,
        "criteria_total": card.n_criteria,
        "band": card.band,
        "criteria": [
            {
                "code": c.code,
                "name": c.name,
                "met": c.met,
                "indicators": [
                    {
                        "code": i.code,
                        "verdict": i.verdict.label,
                        "value": i.value_text,
                        "threshold": i.threshold_text,
                        "reason": i.reason,
                    }
                    for i in c.indicators
                ],
            }
            for c in card.criteria
        ],
        "levels": [
            {"code": lv.code, "set": lv.set_code, "name": lv.name, "reached": lv.reached}
            for lv in card.levels
        ],
        "next_level": None
        if card.next_level is None
        else {
            "code": card.next_level.level.code,
            "name": card.next_level.level.name,
            "criteria": [c.code for c in card.next_level.criteria],
            "conditions": [i.code for i in card.next_level.conditions],
        },
        "history": [
            {
                "period": h.period.code,
                "status": h.status,
                "criteria_met": h.met,
                "levels": list(h.levels),
            }
            for h in card.history
        ],
        "recognitions": [
            {
                "level": r.level,
                "decision": r.decision_number,
                "date": r.decision_date.isoformat(),
                "revoked_on": r.revoked_on.isoformat() if r.revoked_on else None,
            }
            for r in card.recognitions
        ],
    }


def figures_version() -> str:
    """A fingerprint of everything the dashboards and scorecards show: it
    changes whenever an evaluation is recomputed, a report changes status, a
    recognition or an evidence file is added or edited, or a unit flag is
    changed. One indexed query; pages cache their rendering under it, so they
    are never stale and rarely rebuilt."""
    from django.db import connection

    from ntm.units.models import UnitFlagChange

    tables = {
        "evaluation": Evaluation._meta.db_table,
        "report": Report._meta.db_table,
        "recognition": Recognition._meta.db_table,
        "evidence": Evidence._meta.db_table,
        "flags": UnitFlagChange._meta.db_table,
    }
    sql = (
        f'SELECT (SELECT MAX(computed_at) FROM "{tables["evaluation"]}"), '
        f'(SELECT MAX(status_changed_at) FROM "{tables["report"]}"), '
        f'(SELECT MAX(updated_at) FROM "{tables["recognition"]}"), '
        f'(SELECT COUNT(*) FROM "{tables["recognition"]}"), '
        f'(SELECT MAX(id) FROM "{tables["evidence"]}"), '
        f'(SELECT MAX(id) FROM "{tables["flags"]}"), '
        # flags set outside the app (an import with --overwrite-flags)
        f'(SELECT COUNT(*) FROM "{AdminUnit._meta.db_table}" WHERE border)'
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return repr(cursor.fetchone())
