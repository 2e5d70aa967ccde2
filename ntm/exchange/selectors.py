"""Reads for the Excel exchange: what a template holds (communes of a scope,
their reports, current values with versions, thresholds), the current values
an import is compared with, the dataset of a period for exports, and the
import history. Each read is a fixed number of queries, whatever the size."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ntm.accounts.access import Action, access_allows, access_assignments, access_home_unit
from ntm.accounts.models import User
from ntm.core.criteria_catalog import CriteriaCatalog
from ntm.core.criteria_model import CriteriaSet as CoreSet
from ntm.core.criteria_model import Criterion, JudgedUnit, Measure
from ntm.core.periods import PeriodError, PeriodSpec, parse_period
from ntm.core.reasons import format_value
from ntm.core.text import fold
from ntm.criteria.selectors import criteria_catalog
from ntm.dates import format_moment
from ntm.errors import NtmError
from ntm.exchange.models import ImportBatch
from ntm.monitoring.evaluations import stored_value_reader
from ntm.monitoring.models import (
    EDITABLE_STATUSES,
    Evaluation,
    EvaluationCriterion,
    EvaluationLevel,
    IndicatorValue,
    Period,
    Report,
    ReportStatus,
)
from ntm.stored_text import Message
from ntm.units.models import AdminUnit, UnitType
from ntm.units.selectors import unit_programme_communes


class ExchangeError(NtmError):
    """A refused request; the message (Vietnamese) says why."""

    code = "exchange"


_SIGNS = {">=": "≥", "<=": "≤", "=": "=", "in": "∈"}
_STATUS_LABELS = dict(ReportStatus.choices)


def period_label(spec: PeriodSpec) -> str:
    return str(Period(code=spec.code, kind=spec.kind, year=spec.year, number=spec.number))


def period_spec(code: str) -> PeriodSpec:
    try:
        return parse_period(code)
    except PeriodError as exc:
        raise ExchangeError(str(exc)) from exc


def main_set_for(catalog: CriteriaCatalog, unit: AdminUnit, year: int) -> CoreSet:
    """The set a commune's template holds: the first (main) one it is judged
    against, as monitoring's ``report_measure`` uses without a set code."""
    sets = catalog.sets_for(unit.judged_as, year)
    if not sets:
        raise ExchangeError(
            _("Chưa có bộ tiêu chí cấp xã áp dụng cho năm %(year)s.") % {"year": year}
        )
    return sets[0]


def scope_communes(scope: AdminUnit) -> list[AdminUnit]:
    """Programme communes of a scope, by district then name (as officials
    list them), with their parent loaded."""
    if scope.is_commune:
        communes = [scope] if scope.type == UnitType.COMMUNE and scope.in_programme else []
        if communes and scope.parent_id:
            scope.parent = AdminUnit.objects.get(pk=scope.parent_id)
    else:
        communes = list(unit_programme_communes(scope).select_related("parent"))
    if not communes:
        raise ExchangeError(
            _("%(unit)s không có xã nào thuộc Chương trình xây dựng NTM.") % {"unit": scope.name}
        )
    return sorted(communes, key=_commune_sort_key)


def _commune_sort_key(unit: AdminUnit) -> tuple[str, str]:
    return (fold(unit.parent.name) if unit.parent else "", fold(unit.name))


# -- template --------------------------------------------------------------------


@dataclass(frozen=True)
class ThresholdNote:
    class_code: str
    shown: str  # "≥ 80%" or "chưa có ngưỡng"
    citation: str  # "QĐ 318/QĐ-TTg" (or the revision's document), "" when none


@dataclass(frozen=True)
class TemplateColumn:
    measure: Measure
    criterion: Criterion | None  # None: a level condition
    thresholds: tuple[ThresholdNote, ...]


@dataclass
class TemplateRow:
    unit: AdminUnit
    district: str
    status: str  # report status, "" when the commune has no report yet
    status_label: str
    editable: bool
    values: dict[str, tuple[str, int]]  # indicator code → (raw text, version)


@dataclass
class TemplateData:
    scope: AdminUnit
    period: PeriodSpec
    period_label: str
    cset: CoreSet
    columns: list[TemplateColumn]
    rows: list[TemplateRow]


def _threshold_note(cset: CoreSet, measure: Measure, class_code: str, year: int) -> ThresholdNote:
    resolved = cset.threshold(measure.code, class_code, year)
    if resolved is None or resolved.value is None:
        # i18n: data (written into the Vietnamese Excel template and exports)
        return ThresholdNote(class_code, "chưa có ngưỡng", resolved.citation if resolved else "")
    shown = f"{_SIGNS[str(measure.comparison)]} {format_value(measure, resolved.value)}"
    return ThresholdNote(class_code, shown, resolved.citation)


def template_columns(cset: CoreSet, class_codes: Iterable[str], year: int) -> list[TemplateColumn]:
    """Every indicator of the set in order, then the level conditions."""
    classes = sorted(set(class_codes))

    def notes(measure: Measure) -> tuple[ThresholdNote, ...]:
        return tuple(_threshold_note(cset, measure, c, year) for c in classes)

    columns = [
        TemplateColumn(m, criterion, notes(m))
        for criterion in cset.criteria
        for m in criterion.indicators
    ]
    columns += [TemplateColumn(m, None, notes(m)) for m in cset.conditions]
    return columns


def template_data(scope: AdminUnit, period_code: str) -> TemplateData:
    """Everything a template for ``scope`` and ``period_code`` shows, in
    three queries (communes, reports, values)."""
    spec = period_spec(period_code)
    communes = scope_communes(scope)
    catalog = criteria_catalog()
    cset = main_set_for(catalog, communes[0], spec.year)
    class_codes = {u.class_in(cset) for u in communes} - {None}
    reports = {
        unit_id: status
        for unit_id, status in Report.objects.filter(
            period__code=spec.code, unit__in=communes
        ).values_list("unit_id", "status")
    }
    values: dict[int, dict[str, tuple[str, int]]] = defaultdict(dict)
    for unit_id, code, raw, version in IndicatorValue.objects.filter(
        report__period__code=spec.code,
        report__unit__in=communes,
        indicator__criteria_set__code=cset.code,
    ).values_list("report__unit_id", "indicator__code", "raw_text", "version"):
        values[unit_id][code] = (raw, version)
    rows = [
        TemplateRow(
            unit=u,
            district=u.parent.name if u.parent else "",
            status=reports.get(u.pk, ""),
            # i18n: data (the Excel template is Vietnamese, as the importer reads it)
            status_label=str(_STATUS_LABELS[reports[u.pk]]) if u.pk in reports else "Chưa nhập",
            editable=reports.get(u.pk, ReportStatus.DRAFT) in EDITABLE_STATUSES,
            values=values.get(u.pk, {}),
        )
        for u in communes
    ]
    return TemplateData(
        scope=scope,
        period=spec,
        period_label=period_label(spec),
        cset=cset,
        columns=template_columns(cset, class_codes, spec.year),  # type: ignore[arg-type]
        rows=rows,
    )


# -- what an import compares with ----------------------------------------------------


@dataclass
class CurrentReport:
    report_id: int
    status: str
    facts: dict[str, Any]
    # code → (raw text, parsed value, version, value id)
    values: dict[str, tuple[str, Any, int, int]]
    verdicts: dict[str, int]  # stored verdicts of the set, code → Verdict
    criteria_met: int | None = None


def value_author(value_id: int) -> Message:
    """ "Name at HH:MM dd/mm/yyyy" of the last save of a value (for the few
    values a message is about; not read for every value)."""
    row = (
        IndicatorValue.objects.filter(pk=value_id)
        .values_list("updated_by__full_name", "updated_by__username", "updated_at")
        .first()
    )
    system = Message(gettext_noop("hệ thống"))
    if row is None:
        return system
    return Message(
        gettext_noop("%(name)s lúc %(time)s"),
        {"name": row[0] or row[1] or system, "time": format_moment(row[2])},
    )


def current_values(
    units: Sequence[AdminUnit], period_code: str, set_code: str
) -> dict[int, CurrentReport]:
    """Reports of ``units`` for the period (unit id →), with their values and
    stored verdicts of one set; three queries."""
    reports = {
        unit_id: CurrentReport(pk, status, facts or {}, {}, {})
        for pk, unit_id, status, facts in Report.objects.filter(
            period__code=period_code, unit__in=units
        ).values_list("pk", "unit_id", "status", "facts")
    }
    by_report = {r.report_id: r for r in reports.values()}
    rows = IndicatorValue.objects.filter(
        report_id__in=by_report, indicator__criteria_set__code=set_code
    ).values_list("report_id", "indicator__code", "raw_text", "value", "version", "pk")
    for report_id, code, raw, value, version, pk in rows:
        by_report[report_id].values[code] = (raw, value, version, pk)
    for report_id, verdicts, count in Evaluation.objects.filter(
        report_id__in=by_report, criteria_set__code=set_code
    ).values_list("report_id", "verdicts", "criteria_met_count"):
        by_report[report_id].verdicts = verdicts or {}
        by_report[report_id].criteria_met = count
    return reports


@dataclass(frozen=True)
class CommuneIndex:
    """Programme communes, for matching rows by code or by folded name."""

    by_code: dict[str, AdminUnit]
    by_name: dict[str, list[AdminUnit]]  # folded name without "xa " → communes

    @property
    def names(self) -> list[str]:
        return list(self.by_name)


def commune_key(name: str) -> str:
    """``Xã Tân Liên``, ``xa tan lien`` and ``Tân Liên`` give the same key."""
    folded = fold(name)
    for prefix in ("xa ", "phuong ", "thi tran "):
        if folded.startswith(prefix):
            return folded[len(prefix) :]
    return folded


def commune_index() -> CommuneIndex:
    """Every commune-level unit (programme or not, so that a ward gets a
    precise message instead of "not found"); one query."""
    by_code: dict[str, AdminUnit] = {}
    by_name: dict[str, list[AdminUnit]] = defaultdict(list)
    for unit in AdminUnit.objects.filter(
        type__in=(UnitType.COMMUNE, UnitType.WARD, UnitType.TOWNSHIP)
    ).select_related("parent"):
        by_code[unit.code] = unit
        by_name[commune_key(unit.name)].append(unit)
    return CommuneIndex(by_code, dict(by_name))


# -- scopes and periods offered on the pages ------------------------------------------------


def import_scopes(user: User) -> list[AdminUnit]:
    """Units a user may download a template for: the units of their import
    roles, and one level below (the districts of a province, the communes of
    a district)."""
    roots = [
        a.unit for a in access_assignments(user) if access_allows(user, Action.IMPORT_DATA, a.unit)
    ]
    if not roots:
        return []
    below = Q(pk__in=[])
    for root in roots:
        if root.is_commune:
            continue
        below |= Q(parent=root) & (
            Q(type__in=(UnitType.DISTRICT, UnitType.CITY))
            | Q(type=UnitType.COMMUNE, in_programme=True)
        )
    children = list(AdminUnit.objects.filter(below).select_related("parent"))
    seen: dict[int, AdminUnit] = {}
    for unit in [
        *roots,
        *sorted(children, key=lambda u: (u.type != UnitType.DISTRICT, fold(u.name))),
    ]:
        seen.setdefault(unit.pk, unit)
    return list(seen.values())


def period_choices(today_year: int, extra: Iterable[str] = ()) -> list[tuple[str, str]]:
    """Years of the commune sets around today, newest first, each followed by
    its quarters; plus any other period asked for."""
    years = sorted(
        {
            y
            for cset in criteria_catalog()
            if cset.unit_type == JudgedUnit.COMMUNE
            for y in cset.years
            if y <= today_year
        },
        reverse=True,
    )[:6]
    codes = [c for y in years for c in (str(y), *(f"{y}-Q{q}" for q in (4, 3, 2, 1)))]
    for code in extra:
        try:
            spec = parse_period(code)
        except PeriodError:
            continue
        if spec.code not in codes:
            codes.insert(0, spec.code)
    return [(c, period_label(parse_period(c))) for c in codes]


# -- import history -----------------------------------------------------------------------


def measure_names(set_code: str) -> dict[str, str]:
    """Indicator names of a set by code; none for a set removed since (codes
    alone still read)."""
    try:
        cset = criteria_catalog().get(set_code)
    except Exception:
        return {}
    return {m.code: m.name for m in cset.iter_measures()}


def export_scopes(user: User) -> list[AdminUnit]:
    """Provinces and districts (figures of approved reports are open to every
    user with a role; drafts only within the user's scope), and the user's
    own commune."""
    home = access_home_unit(user)
    units = list(
        AdminUnit.objects.filter(
            type__in=(UnitType.PROVINCE, UnitType.DISTRICT, UnitType.CITY)
        ).order_by("path")
    )
    if home is not None and home.is_commune:
        units.append(home)
    return units


def batch_list(user: User, *, limit: int = 50) -> QuerySet[ImportBatch]:
    """Imports a user may see: their own, and those of communes in their
    scope for people who see drafts there (one query, no preview JSON)."""
    qs = ImportBatch.objects.select_related("uploaded_by", "scope", "period").defer("preview")
    scopes = [
        a.unit for a in access_assignments(user) if access_allows(user, Action.VIEW_DRAFTS, a.unit)
    ]
    visible = Q(uploaded_by=user)
    for unit in scopes:
        visible |= Q(scope__path=unit.path) | Q(scope__path__startswith=unit.path + "/")
    return qs.filter(visible).order_by("-uploaded_at", "-pk")[:limit]


def batch_get(pk: int) -> ImportBatch | None:
    return (
        ImportBatch.objects.select_related("uploaded_by", "scope", "period", "job")
        .filter(pk=pk)
        .first()
    )


def batch_visible(user: User, batch: ImportBatch) -> bool:
    if batch.uploaded_by_id == user.pk:
        return True
    return batch.scope is not None and access_allows(user, Action.VIEW_DRAFTS, batch.scope)


# -- dataset of a period (exports) ---------------------------------------------------------


@dataclass(frozen=True)
class DatasetColumn:
    set_code: str
    set_short: str  # "" for the main set, e.g. "Nâng cao" for the others
    measure: Measure
    criterion_code: str  # "" for a level condition


@dataclass
class DatasetRow:
    unit: AdminUnit
    district: str
    report_id: int | None
    status: str
    status_label: str
    values: dict[tuple[str, str], tuple[str, Any, int]]  # (set, code) → raw, value, version
    verdicts: dict[str, dict[str, int]]  # set → code → verdict
    criteria_met: dict[str, int]  # set → criteria met
    criteria: dict[str, dict[str, bool]]  # set → criterion → met
    levels: dict[str, list[str]]  # set → codes of the levels reached


@dataclass
class Dataset:
    scope: AdminUnit
    period: PeriodSpec
    period_label: str
    main_set: CoreSet
    sets: list[CoreSet]
    columns: list[DatasetColumn]
    rows: list[DatasetRow]
    approved_only: bool
    level_names: dict[str, str] = field(default_factory=dict)


# i18n: data (column headings of the exported datasets)
_SHORT_NAMES = {"nang-cao": "Nâng cao", "kieu-mau": "Kiểu mẫu"}


def _short(cset: CoreSet, main: CoreSet) -> str:
    if cset.code == main.code:
        return ""
    return next((v for k, v in _SHORT_NAMES.items() if k in cset.code), cset.code)


def _dataset_values(
    report_ids: list[int],
) -> dict[int, dict[tuple[str, str], tuple[str, Any, int]]]:
    """report → (set, indicator code) → (raw text, value, version). One query."""
    values: dict[int, dict[tuple[str, str], tuple[str, Any, int]]] = defaultdict(dict)
    usable = stored_value_reader(criteria_catalog())
    for report_id, set_code, code, raw, value, version in IndicatorValue.objects.filter(
        report_id__in=report_ids
    ).values_list(
        "report_id",
        "indicator__criteria_set__code",
        "indicator__code",
        "raw_text",
        "value",
        "version",
    ):
        values[report_id][(set_code, code)] = (raw, usable(set_code, code, value), version)
    return values


@dataclass
class _StoredEvaluations:
    """The stored evaluations of some reports, by report then set code."""

    verdicts: dict[int, dict[str, dict[str, int]]]
    met: dict[int, dict[str, int]]
    criteria: dict[int, dict[str, dict[str, bool]]]
    levels: dict[int, dict[str, list[str]]]


def _dataset_evaluations(report_ids: list[int]) -> _StoredEvaluations:
    """Verdicts, criteria met, each criterion and the levels reached. Three queries."""
    ev = _StoredEvaluations(
        defaultdict(dict),
        defaultdict(dict),
        defaultdict(lambda: defaultdict(dict)),
        defaultdict(lambda: defaultdict(list)),
    )
    evaluation_of: dict[int, tuple[int, str]] = {}
    for ev_id, report_id, set_code, count, v in Evaluation.objects.filter(
        report_id__in=report_ids
    ).values_list("pk", "report_id", "criteria_set__code", "criteria_met_count", "verdicts"):
        ev.verdicts[report_id][set_code] = v or {}
        ev.met[report_id][set_code] = count
        evaluation_of[ev_id] = (report_id, set_code)
    for ev_id, code, ok in EvaluationCriterion.objects.filter(
        evaluation_id__in=evaluation_of
    ).values_list("evaluation_id", "code", "met"):
        report_id, set_code = evaluation_of[ev_id]
        ev.criteria[report_id][set_code][code] = ok
    for ev_id, code in EvaluationLevel.objects.filter(evaluation_id__in=evaluation_of).values_list(
        "evaluation_id", "code"
    ):
        report_id, set_code = evaluation_of[ev_id]
        ev.levels[report_id][set_code].append(code)
    return ev


def _dataset_columns(sets: Sequence[CoreSet], used: set[tuple[str, str]]) -> list[DatasetColumn]:
    """Every indicator of the main set, then those of other sets holding values."""
    main = sets[0]
    columns = [
        DatasetColumn(main.code, "", m, c.code) for c in main.criteria for m in c.indicators
    ] + [DatasetColumn(main.code, "", m, "") for m in main.conditions]
    for other in sets[1:]:
        for c in other.criteria:
            columns += [
                DatasetColumn(other.code, _short(other, main), m, c.code)
                for m in c.indicators
                if (other.code, m.code) in used
            ]
        columns += [
            DatasetColumn(other.code, _short(other, main), m, "")
            for m in other.conditions
            if (other.code, m.code) in used
        ]
    return columns


def dataset(scope: AdminUnit, period_code: str, *, approved_only: bool = False) -> Dataset:
    """Every commune of the scope with its report, values of every set,
    stored evaluations and levels for one period. Six queries. With
    ``approved_only`` (for people who may not see drafts) only approved
    reports carry figures."""
    spec = period_spec(period_code)
    communes = scope_communes(scope)
    catalog = criteria_catalog()
    sets = catalog.sets_for(communes[0].judged_as, spec.year)
    if not sets:
        raise ExchangeError(
            _("Chưa có bộ tiêu chí cấp xã áp dụng cho năm %(year)s.") % {"year": spec.year}
        )
    main = sets[0]
    report_qs = Report.objects.filter(period__code=spec.code, unit__in=communes)
    if approved_only:
        report_qs = report_qs.filter(status=ReportStatus.APPROVED)
    reports = {
        unit_id: (pk, status)
        for pk, unit_id, status in report_qs.values_list("pk", "unit_id", "status")
    }
    report_ids = [pk for pk, _status in reports.values()]
    values = _dataset_values(report_ids)
    ev = _dataset_evaluations(report_ids)
    level_names = {lv.code: lv.name for s in sets for lv in s.levels}
    used = {key for per_report in values.values() for key in per_report}
    columns = _dataset_columns(sets, used)
    rows = []
    for unit in communes:
        report_pk: int | None = None
        status = ""
        if unit.pk in reports:
            report_pk, status = reports[unit.pk]
        rows.append(
            DatasetRow(
                unit=unit,
                district=unit.parent.name if unit.parent else "",
                report_id=report_pk,
                status=status,
                # i18n: data (the exported datasets are Vietnamese in every language)
                status_label=str(_STATUS_LABELS[status]) if status else "Chưa nhập",
                values=values.get(report_pk, {}) if report_pk else {},
                verdicts=ev.verdicts.get(report_pk, {}) if report_pk else {},
                criteria_met=ev.met.get(report_pk, {}) if report_pk else {},
                criteria={k: dict(v) for k, v in ev.criteria.get(report_pk, {}).items()}
                if report_pk
                else {},
                levels={k: sorted(v) for k, v in ev.levels.get(report_pk, {}).items()}
                if report_pk
                else {},
            )
        )
    return Dataset(
        scope=scope,
        period=spec,
        period_label=period_label(spec),
        main_set=main,
        sets=sets,
        columns=columns,
        rows=rows,
        approved_only=approved_only,
        level_names=level_names,
    )
