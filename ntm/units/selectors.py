"""Reads of administrative units that are more than a lookup."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, TypedDict

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from ntm.core.text import fold
from ntm.errors import NtmError
from ntm.units.models import (
    COMMUNE_TYPES,
    DISTRICT_TYPES,
    AdminUnit,
    UnitChange,
    UnitFlagChange,
    UnitType,
)

if TYPE_CHECKING:  # django-stubs-ext is a development tool, absent in production
    from django_stubs_ext import WithAnnotations


class DistrictCounts(TypedDict):
    n_units: int  # commune-level units
    n_programme: int  # xã in the programme
    n_border: int  # border xã


class UnitLookupError(NtmError):
    code = "unit_lookup"


def unit_by_code(code: str) -> AdminUnit | None:
    return AdminUnit.objects.select_related("parent").filter(code=code).first()


def unit_resolve(text: str) -> AdminUnit:
    """The unit a person means by a code (``183``) or a name, diacritics,
    case and the type word optional (``cao loc`` finds ``Huyện Cao Lộc``
    unless another unit is called Cao Lộc too: then the choices are named)."""
    cleaned = text.strip()
    unit = unit_by_code(cleaned) if cleaned else None
    if unit is not None:
        return unit
    folded = fold(cleaned)
    if folded:
        qs = AdminUnit.objects.select_related("parent").order_by("path")
        matches = list(qs.filter(name_folded=folded)[:6]) or list(
            qs.filter(name_folded__endswith=" " + folded)[:6]
        )
        if len(matches) == 1:
            return matches[0]
        if matches:
            raise UnitLookupError(
                _("«%(text)s» có thể là: %(units)s. Hãy dùng mã đơn vị.")
                % {"text": cleaned, "units": ", ".join(f"{u.name} ({u.code})" for u in matches)}
            )
    raise UnitLookupError(_("Không có đơn vị hành chính mã «%(unit)s».") % {"unit": cleaned})


def unit_ancestors(unit: AdminUnit) -> list[AdminUnit]:
    """From the root down to the unit's parent, in one query."""
    codes = unit.path.split("/")[:-1]
    found = {u.code: u for u in AdminUnit.objects.filter(code__in=codes)}
    return [found[c] for c in codes if c in found]


def unit_lineage(unit: AdminUnit) -> list[UnitChange]:
    """Changes the unit took part in, as source or target, oldest first."""
    return list(
        UnitChange.objects.filter(Q(sources=unit) | Q(targets=unit))
        .distinct()
        .prefetch_related("sources", "targets")
        .order_by("effective_date", "pk")
    )


def unit_flag_changes(unit: AdminUnit, *, limit: int = 20) -> list[UnitFlagChange]:
    """The latest edits of a unit's flags, newest first, with who made them."""
    return list(unit.flag_changes.select_related("changed_by")[:limit])


def unit_provinces() -> QuerySet[AdminUnit]:
    return AdminUnit.objects.filter(type=UnitType.PROVINCE)


def unit_subtree(unit: AdminUnit) -> QuerySet[AdminUnit]:
    """The unit and everything below it."""
    return AdminUnit.objects.filter(Q(pk=unit.pk) | Q(path__startswith=unit.path + "/"))


def unit_programme_communes(scope: AdminUnit | None = None) -> QuerySet[AdminUnit]:
    """Rural communes (xã) in the NTM programme, optionally within a scope."""
    qs = AdminUnit.objects.filter(type=UnitType.COMMUNE, in_programme=True)
    if scope is not None:
        qs = qs.filter(path__startswith=scope.path + "/")
    return qs


def unit_districts_with_counts(
    province: AdminUnit,
) -> QuerySet[WithAnnotations[AdminUnit, DistrictCounts]]:
    """Districts of a province with their commune counts, in one query."""
    return (
        AdminUnit.objects.filter(parent=province, type__in=DISTRICT_TYPES)
        .annotate(
            n_units=Count("children", filter=Q(children__type__in=COMMUNE_TYPES)),
            n_programme=Count(
                "children",
                filter=Q(children__type=UnitType.COMMUNE, children__in_programme=True),
            ),
            n_border=Count(
                "children",
                filter=Q(children__type=UnitType.COMMUNE, children__border=True),
            ),
        )
        .order_by("name")
    )


def unit_children_of(unit: AdminUnit) -> QuerySet[AdminUnit]:
    return unit.children.order_by("type", "name")


def unit_search(query: str, *, limit: int = 30) -> list[AdminUnit]:
    """Find units by name ignoring diacritics, case and extra spaces:
    ``dong dang`` finds ``Thị trấn Đồng Đăng``. Exact code matches first."""
    folded = fold(query)
    if not folded:
        return []
    qs = AdminUnit.objects.select_related("parent")
    by_code = list(qs.filter(code=query.strip()))
    words = folded.split(" ")
    name_filter = Q()
    for word in words:
        name_filter &= Q(name_folded__contains=word)
    by_name = qs.filter(name_filter).exclude(code=query.strip()).order_by("path")[:limit]
    return (by_code + list(by_name))[:limit]


@dataclass(frozen=True)
class UnitStats:
    by_type: dict[str, int]
    districts: list[tuple[str, int, int]]  # name, commune-level units, xã in programme
    programme_communes: int


def unit_stats(province: AdminUnit | None = None) -> UnitStats:
    qs = AdminUnit.objects.all() if province is None else unit_subtree(province)
    by_type = dict(
        qs.values("type").annotate(n=Count("pk")).order_by("type").values_list("type", "n")
    )
    provinces = [province] if province else list(unit_provinces())
    districts: list[tuple[str, int, int]] = []
    for prov in provinces:
        districts += [(d.name, d.n_units, d.n_programme) for d in unit_districts_with_counts(prov)]
    return UnitStats(
        by_type=by_type,
        districts=districts,
        programme_communes=qs.filter(type=UnitType.COMMUNE, in_programme=True).count(),
    )
