"""Reads of the reports app: indicator verdicts for the department report,
the departments and units a person may report on, and the documents list."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from ntm.accounts.access import Action, access_allows, access_criteria, access_units
from ntm.accounts.models import Role, RoleAssignment, User
from ntm.core.criteria_model import CriteriaSet as CoreSet
from ntm.criteria.selectors import criteria_catalog
from ntm.monitoring.dashboards import main_set_for
from ntm.monitoring.dashboards.official import approved_observations, in_set, official_status
from ntm.monitoring.models import Evaluation, Period, ReportStatus
from ntm.reports.models import GeneratedDocument, ReportKind
from ntm.units.models import DISTRICT_TYPES, AdminUnit, UnitType


def indicator_verdicts(
    scope: AdminUnit, period: Period, set_code: str
) -> dict[str, dict[str, int]]:
    """Commune code → indicator code → verdict code, on the official basis:
    each commune's latest approved evaluation at or before the period
    (carried forward when older); communes without one are absent."""
    status = official_status(
        approved_observations(scope, [set_code], until=period), period, [set_code]
    )
    ids = {j.evaluation_id: j.unit_code for j in in_set(status, set_code)}
    rows = Evaluation.objects.filter(pk__in=list(ids)).values_list("pk", "verdicts")
    return {ids[pk]: verdicts for pk, verdicts in rows}


def periods_with_figures(unit: AdminUnit, year: int, *, drafts: bool = False) -> list[Period]:
    """Periods of a year holding figures of the unit or of units below it
    (approved only, unless ``drafts``)."""
    reports = Q(reports__unit=unit) | Q(reports__unit__path__startswith=unit.path + "/")
    qs = Period.objects.filter(reports, year=year)
    if not drafts:
        qs = qs.filter(reports__status=ReportStatus.APPROVED)
    return list(qs.distinct())


# -- departments ----------------------------------------------------------------------------


@dataclass(frozen=True)
class DepartmentChoice:
    """A department as a document issuer: its name and the criteria it follows."""

    key: str  # "<assignment id>"
    organisation: str
    criteria: tuple[int, ...]
    unit: AdminUnit

    @property
    def label(self) -> str:
        codes = ", ".join(str(c) for c in self.criteria)
        return _("%(organisation)s (tiêu chí %(codes)s)") % {
            "organisation": self.organisation,
            "codes": codes,
        }


def department_name(assignment: RoleAssignment, cset: CoreSet | None) -> str:
    """The organisation on the assignment; else the provincial agency the
    criteria set names for all of its criteria; else a description."""
    if assignment.organisation.strip():
        return assignment.organisation.strip()
    if cset is not None:
        agencies = {
            c.agency.province
            for c in cset.criteria
            if c.agency is not None and int(c.code) in set(assignment.criteria)
        }
        if len(agencies) == 1:
            return agencies.pop()
    codes = ", ".join(str(c) for c in assignment.criteria)
    return _("Sở, ngành phụ trách tiêu chí %(codes)s") % {"codes": codes}


def main_set_now() -> CoreSet | None:
    """The commune set of the latest period with reports (the criteria a
    department follows are numbered in it), else of this year."""
    from django.utils import timezone

    latest = Period.objects.filter(reports__isnull=False).order_by("-end").first()
    year = latest.year if latest else timezone.localdate().year
    return main_set_for(criteria_catalog(), year)


def department_choices(user: User) -> list[DepartmentChoice]:
    """Departments the person may write the report of: a department user its
    own assignments; a user who follows every criterion on a province (the
    coordination office, leaders) every department of the province."""
    limited = access_criteria(user)
    qs = RoleAssignment.objects.filter(role=Role.DEPARTMENT).select_related("unit", "user")
    if limited is not None:
        qs = qs.filter(user=user)
    cset = main_set_now()
    choices = []
    for a in qs.order_by("organisation", "pk"):
        if not a.criteria:
            continue
        if limited is None and not access_allows(user, Action.BUILD_REPORTS, a.unit):
            continue
        choices.append(
            DepartmentChoice(
                key=str(a.pk),
                organisation=department_name(a, cset),
                criteria=tuple(sorted(int(c) for c in a.criteria)),
                unit=a.unit,
            )
        )
    return choices


# -- units and periods ----------------------------------------------------------------------


def report_provinces(user: User) -> QuerySet[AdminUnit]:
    return access_units(user, Action.BUILD_REPORTS).filter(type=UnitType.PROVINCE).order_by("name")


def report_districts(user: User) -> QuerySet[AdminUnit]:
    return access_units(user, Action.BUILD_REPORTS).filter(type__in=DISTRICT_TYPES).order_by("name")


def report_communes(user: User) -> QuerySet[AdminUnit]:
    return (
        access_units(user, Action.BUILD_REPORTS)
        .filter(type=UnitType.COMMUNE, in_programme=True)
        .select_related("parent")
        .order_by("parent__name", "name")
    )


def report_periods() -> list[Period]:
    """Periods that hold reports, newest first."""
    from ntm.monitoring.dashboards import period_sort_key

    return sorted(Period.objects.filter(reports__isnull=False).distinct(), key=period_sort_key)[
        ::-1
    ]


@dataclass
class ReportOptions:
    """What the person may ask for: kinds of document, and the choices of each."""

    kinds: list[tuple[str, str]]
    periods: list[Period]
    districts: list[AdminUnit]
    communes: list[AdminUnit]
    departments: list[DepartmentChoice]
    plans: list[tuple[str, str]]


def report_options(user: User) -> ReportOptions:
    """The kinds of document the person may ask for, in menu order, with
    their choices (read once per page). A department (criterion-limited)
    writes its own report only: the others are issued by the office, a
    district or a commune."""
    from ntm.reports.builders.plan_document import plan_choices

    limited = access_criteria(user) is not None
    office = not limited and report_provinces(user).exists()
    departments = department_choices(user)
    districts = [] if limited else list(report_districts(user))
    communes = [] if limited else list(report_communes(user))
    plans = plan_choices(user) if office else []
    kinds = [
        kind
        for kind, offered in (
            (ReportKind.PROGRESS, office),
            (ReportKind.DEPARTMENT, bool(departments)),
            (ReportKind.DISTRICT, bool(districts)),
            (ReportKind.COMMUNE, bool(communes)),
            (ReportKind.PLAN, bool(plans)),
        )
        if offered
    ]
    return ReportOptions(
        kinds=[(k.value, str(k.label)) for k in kinds],
        periods=report_periods(),
        districts=districts,
        communes=communes,
        departments=departments,
        plans=plans,
    )


# -- documents ------------------------------------------------------------------------------


# A document follows the rule of the screens: figures not yet approved are
# seen only by those who may see the drafts of the unit (a department sees
# approved figures of other criteria only, as on the scorecard). A commune
# report records in ``params["drafts"]`` whether it was built with drafts.


def documents_for(user: User, *, limit: int = 50) -> list[GeneratedDocument]:
    """Documents on units the person may report on and whose every figure
    they may see, newest first."""
    units = access_units(user, Action.BUILD_REPORTS)
    approved_only = Q(params__drafts=False) | ~Q(params__has_key="drafts")
    drafts_seen = Q(unit__in=access_units(user, Action.VIEW_DRAFTS))
    return list(
        GeneratedDocument.objects.filter(unit__in=units)
        .filter(approved_only | drafts_seen)
        .select_related("unit", "requested_by", "job")
        .order_by("-requested_at", "-pk")[:limit]
    )


def document_visible(user: User, document: GeneratedDocument) -> bool:
    if not access_allows(user, Action.BUILD_REPORTS, document.unit):
        return False
    built_with_drafts = bool(document.params.get("drafts"))
    return not built_with_drafts or access_allows(user, Action.VIEW_DRAFTS, document.unit)


def document_get(pk: int) -> GeneratedDocument | None:
    """A document with what its row and download show (unit, requester, job)."""
    return (
        GeneratedDocument.objects.select_related("unit", "requested_by", "job")
        .filter(pk=pk)
        .first()
    )
