"""The units a dashboard or scorecard URL names."""

from __future__ import annotations

from collections.abc import Iterable

from ntm.units.models import AdminUnit, UnitType


def dashboard_province(home: AdminUnit) -> AdminUnit | None:
    """The province ``home`` lies in (no query when it is the province)."""
    if home.type == UnitType.PROVINCE:
        return home
    return AdminUnit.objects.filter(code=home.path.split("/")[0]).first()


def dashboard_unit(code: str, types: Iterable[str]) -> AdminUnit | None:
    """The unit of one of ``types`` with this code, with its parent."""
    return (
        AdminUnit.objects.select_related("parent").filter(code=code, type__in=list(types)).first()
    )
