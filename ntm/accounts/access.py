"""The one place that decides what a user may see and change.

A role is held on a unit (its scope) and reaches every unit below it. Views,
services, imports and the API all ask ``access_allows`` or ``access_units``;
none of them checks roles by hand."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from django.db.models import Q, QuerySet

from ntm.accounts.models import Role, RoleAssignment, User
from ntm.errors import NtmError
from ntm.units.models import AdminUnit


class AccessRefused(NtmError):
    """The person's roles do not allow this action on this unit."""

    code = "access_refused"


class Action(StrEnum):
    VIEW = "view"  # approved figures, dashboards, reference data
    VIEW_DRAFTS = "view_drafts"  # values not yet approved
    ENTER_VALUES = "enter_values"
    SUBMIT = "submit"
    APPRAISE = "appraise"  # district appraisal (thẩm định)
    APPROVE = "approve"  # province approval (phê duyệt)
    REOPEN = "reopen"  # unlock an approved period
    REVISE_THRESHOLDS = "revise_thresholds"
    EDIT_UNIT_FLAGS = "edit_unit_flags"
    MANAGE_PLANS = "manage_plans"
    EDIT_ROADMAP = "edit_roadmap"
    IMPORT_DATA = "import_data"
    BUILD_REPORTS = "build_reports"


_PROVINCE_VIEW = {Action.VIEW, Action.VIEW_DRAFTS, Action.BUILD_REPORTS}

ROLE_ACTIONS: dict[str, frozenset[Action]] = {
    Role.PROVINCE_ADMIN: frozenset(Action),
    Role.COORDINATION_OFFICE: frozenset(
        _PROVINCE_VIEW
        | {
            Action.APPROVE,
            Action.REVISE_THRESHOLDS,
            Action.MANAGE_PLANS,
            Action.EDIT_ROADMAP,
            Action.IMPORT_DATA,
        }
    ),
    # Departments follow their criteria across the province; they check, they
    # do not enter a commune's figures in its place.
    Role.DEPARTMENT: frozenset(_PROVINCE_VIEW),
    Role.DISTRICT_OFFICER: frozenset(
        _PROVINCE_VIEW
        | {Action.APPRAISE, Action.MANAGE_PLANS, Action.EDIT_ROADMAP, Action.IMPORT_DATA}
    ),
    Role.COMMUNE_OFFICER: frozenset(
        _PROVINCE_VIEW
        | {Action.ENTER_VALUES, Action.SUBMIT, Action.EDIT_ROADMAP, Action.IMPORT_DATA}
    ),
    Role.LEADER: frozenset(_PROVINCE_VIEW),
}

# Roles that limit a user to the criteria listed on the assignment; they need a
# criterion they hold for anything beyond reading approved figures and reports.
_CRITERIA_LIMITED = {Role.DEPARTMENT}
_OPEN_TO_LIMITED = {Action.VIEW, Action.BUILD_REPORTS}


def access_assignments(user: User) -> list[RoleAssignment]:
    """The user's role assignments, read once per user object."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cached: list[RoleAssignment] | None = getattr(user, "_ntm_assignments", None)
    if cached is None:
        cached = list(RoleAssignment.objects.filter(user=user).select_related("unit"))
        user._ntm_assignments = cached  # type: ignore[attr-defined]
    return cached


def _grants(assignment: RoleAssignment, action: Action, criterion: int | None) -> bool:
    if action not in ROLE_ACTIONS.get(assignment.role, frozenset()):
        return False
    if assignment.role in _CRITERIA_LIMITED and action not in _OPEN_TO_LIMITED:
        return criterion is not None and criterion in assignment.criteria
    return True


def access_allows(
    user: User, action: Action, unit: AdminUnit, *, criterion: int | None = None
) -> bool:
    """May ``user`` do ``action`` on ``unit`` (and, for criterion-limited
    roles, on ``criterion``)? Approved figures (VIEW) are open to every user
    who holds a role, whatever its scope."""
    assignments = access_assignments(user)
    if action is Action.VIEW:
        return bool(assignments)
    return any(_grants(a, action, criterion) and a.unit.contains(unit) for a in assignments)


def access_require(user: User, action: Action, unit: AdminUnit, message: str) -> None:
    """Refuse with ``message`` unless ``user`` may do ``action`` on ``unit``:
    the services' own check, so that a forged request changes nothing."""
    if not access_allows(user, action, unit):
        raise AccessRefused(message)


def access_units(
    user: User, action: Action, *, criterion: int | None = None
) -> QuerySet[AdminUnit]:
    """All units on which ``user`` may do ``action``."""
    assignments = access_assignments(user)
    if action is Action.VIEW and assignments:
        return AdminUnit.objects.all()
    scope = Q(pk__in=[])
    for a in assignments:
        if _grants(a, action, criterion):
            scope |= Q(pk=a.unit.pk) | Q(path__startswith=a.unit.path + "/")
    return AdminUnit.objects.filter(scope)


def access_criteria(user: User) -> set[int] | None:
    """Criteria a criterion-limited user follows; None means all criteria."""
    limited = [a for a in access_assignments(user) if a.role in _CRITERIA_LIMITED]
    if not limited or len(limited) < len(access_assignments(user)):
        return None
    return {int(c) for a in limited for c in a.criteria}


def access_roles(user: User) -> set[str]:
    return {a.role for a in access_assignments(user)}


def access_home_unit(user: User) -> AdminUnit | None:
    """The widest unit the user works on, used for their home page."""
    units: Iterable[AdminUnit] = (a.unit for a in access_assignments(user))
    return min(units, key=lambda u: u.path.count("/"), default=None)


def access_has_any(user: User, action: Action) -> bool:
    """Does the user hold ``action`` anywhere (for menus; no query once the
    assignments are read)?"""
    return any(
        _grants(a, action, a.criteria[0] if a.role in _CRITERIA_LIMITED and a.criteria else None)
        for a in access_assignments(user)
    )
