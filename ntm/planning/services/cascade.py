"""The province's cascade: each district's part of the province's targets,
and the communes aiming at a level this year."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypedDict

from django.db import transaction
from django.db.models import Count, Q
from django.utils.translation import gettext as _

from ntm.accounts.access import Action, access_require
from ntm.monitoring.models import Recognition
from ntm.planning.measures import MEASURES, REPORTED
from ntm.planning.models import (
    UPGRADE_RECOGNISED_YEARS,
    Comparison,
    Level,
    Plan,
    Target,
    TargetedCommune,
    TargetKind,
)
from ntm.planning.services.access import acting_user
from ntm.planning.services.errors import PlanningError
from ntm.units.models import DISTRICT_TYPES, AdminUnit, UnitType

if TYPE_CHECKING:  # django-stubs-ext is a development tool, absent in production
    from django.db.models import QuerySet
    from django_stubs_ext import WithAnnotations


class _Communes(TypedDict):
    n: int  # the district's communes in the programme


def cascade_sources(plan: Plan) -> list[Target]:
    """Province targets a province splits between its districts: counts of
    communes added during the year (NTM, advanced, model; each criterion)."""
    out = []
    for target in plan.targets.filter(kind__in=[TargetKind.OVERALL, TargetKind.CRITERION]):
        defn = MEASURES.get(target.measure)
        if defn is None or defn.compute is None:
            continue
        if (defn.flow and target.added) or (defn.is_flow and target.value):
            out.append(target)
    return out


def cascade_amount(target: Target) -> Decimal | None:
    """What the districts' parts of ``target`` must add up to."""
    return target.added if target.added is not None else target.value


def district_plan_code(plan: Plan, district: AdminUnit) -> str:
    return f"{plan.code}-H{district.code}"


@transaction.atomic
def plan_cascade_save(
    *, user: Any, plan: Plan, assignments: dict[str, dict[str, int | None]]
) -> list[Plan]:
    """Set each district's part of the province's cascadable targets
    (``assignments[district code][target key]``; None removes the part)."""
    access_require(
        user,
        Action.MANAGE_PLANS,
        plan.unit,
        _("Chỉ Văn phòng Điều phối tỉnh được giao chỉ tiêu cho các huyện."),
    )
    if not plan.is_province_plan:
        raise PlanningError(_("Chỉ giao chỉ tiêu từ kế hoạch của tỉnh."))
    sources = {t.key: t for t in cascade_sources(plan)}
    districts = _assigned_districts(plan, list(assignments))
    saved = []
    for code, parts in assignments.items():
        district = districts[code]
        _check_parts(district, parts, sources)
        child = _district_save(plan, district, parts, sources)
        if child is not None:
            saved.append(child)
    return saved


def _assigned_districts(
    plan: Plan, codes: list[str]
) -> dict[str, WithAnnotations[AdminUnit, _Communes]]:
    """The province's districts named in ``codes``, each with ``n``, its
    communes in the programme; refused when a code is not one of them."""
    districts = {
        d.code: d
        for d in AdminUnit.objects.filter(
            parent=plan.unit, type__in=DISTRICT_TYPES, code__in=codes
        ).annotate(
            n=Count(
                "children", filter=Q(children__type=UnitType.COMMUNE, children__in_programme=True)
            )
        )
    }
    unknown = sorted(set(codes) - set(districts))
    if unknown:
        raise PlanningError(
            _("Không có huyện mã %(codes)s trong %(province)s.")
            % {"codes": ", ".join(unknown), "province": plan.unit.name}
        )
    return districts


def _check_parts(
    district: WithAnnotations[AdminUnit, _Communes],
    parts: dict[str, int | None],
    sources: dict[str, Target],
) -> None:
    """Refuse a part of a target that is not cascaded, or more communes than
    the district has."""
    for key, value in parts.items():
        if key not in sources:
            raise PlanningError(_("Chỉ tiêu «%(key)s» không giao cho huyện được.") % {"key": key})
        if value is not None and (value < 0 or value > district.n):
            raise PlanningError(
                _(
                    "%(district)s: %(value)s xã cho «%(label)s» không hợp lệ (huyện có "
                    "%(communes)s xã)."
                )
                % {
                    "district": district.name,
                    "value": value,
                    "label": sources[key].label,
                    "communes": district.n,
                }
            )


def _district_save(
    plan: Plan,
    district: WithAnnotations[AdminUnit, _Communes],
    parts: dict[str, int | None],
    sources: dict[str, Target],
) -> Plan | None:
    """The district's plan with its parts set; None when it has none left."""
    if (
        all(v is None for v in parts.values())
        and not Plan.objects.filter(parent=plan, unit=district).exists()
    ):
        return None  # nothing assigned to this district, nothing to keep
    child, _created = Plan.objects.get_or_create(
        parent=plan,
        unit=district,
        defaults={
            "code": district_plan_code(plan, district),
            "title": _("Chỉ tiêu giao %(district)s năm %(year)s")
            % {"district": district.name, "year": plan.year},
            "issuer": plan.issuer,
            "year": plan.year,
            "criteria_set": plan.criteria_set,
            "communes_in_scope": district.n,
            "baseline_period": plan.baseline_period,
        },
    )
    current = {t.key: t for t in child.targets.all()}
    for key, value in parts.items():
        _part_save(child, district, sources[key], current.get(key), value)
    if not child.targets.exists():
        child.delete()  # its last part was taken back
        return None
    return child


def _part_save(
    child: Plan,
    district: WithAnnotations[AdminUnit, _Communes],
    source: Target,
    row: Target | None,
    value: int | None,
) -> None:
    """Create, update or (value None) remove the district's part of ``source``."""
    if value is None:
        if row is not None:
            if row.reported.exists():
                raise PlanningError(
                    _("%(district)s đã báo cáo số liệu cho «%(label)s», không bỏ được.")
                    % {"district": district.name, "label": source.label}
                )
            row.delete()
        return
    fields = _part_fields(district, source, value)
    if row is None:
        Target.objects.create(plan=child, key=source.key, position=source.position, **fields)
    else:
        for name, v in fields.items():
            setattr(row, name, v)
        row.save()


def _part_fields(
    district: WithAnnotations[AdminUnit, _Communes], source: Target, value: int
) -> dict[str, Any]:
    """The district's part: at least ``value`` communes, measured like the source."""
    defn = MEASURES[source.measure]
    return {
        "kind": source.kind,
        "label": source.label,
        "criterion": source.criterion,
        "comparison": Comparison.AT_LEAST,
        "value": Decimal(value),
        "unit": source.unit,
        "of_total": district.n,
        "measure": source.measure if defn.is_flow else (defn.flow or REPORTED),
        "measure_params": dict(source.measure_params),
        "responsible": _("UBND %(district)s") % {"district": district.name},
        "note": _("Phần giao từ chỉ tiêu «%(key)s» của tỉnh (số xã tăng thêm trong năm).")
        % {"key": source.key},
    }


def _check_commune(plan: Plan, unit: AdminUnit) -> None:
    if not (unit.type == UnitType.COMMUNE and unit.in_programme):
        raise PlanningError(
            _("%(unit)s không phải xã thuộc Chương trình xây dựng nông thôn mới.")
            % {"unit": unit.name}
        )
    if not plan.unit.contains(unit):
        raise PlanningError(
            _("%(unit)s không thuộc %(area)s.") % {"unit": unit.name, "area": plan.unit.name}
        )


def _in_force(plan: Plan, unit: AdminUnit, level: str) -> QuerySet[Recognition]:
    """Decisions for ``level`` taken before the plan's year, in force at its start."""
    start = dt.date(plan.year, 1, 1)
    return Recognition.objects.filter(
        Q(revoked_on__isnull=True) | Q(revoked_on__gt=start),
        unit=unit,
        level=level,
        decision_date__lt=start,
    )


def _check_upgradable(plan: Plan, unit: AdminUnit) -> None:
    """Only a commune recognised NTM in 2016-2021, still in force, is upgraded."""
    first, last = UPGRADE_RECOGNISED_YEARS
    if (
        not _in_force(plan, unit, Level.NTM)
        .filter(decision_date__year__range=(first, last))
        .exists()
    ):
        raise PlanningError(
            _(
                "%(unit)s không có quyết định công nhận đạt chuẩn nông thôn mới giai đoạn "
                "%(first)s-%(last)s còn hiệu lực: chỉ các xã này được chọn để hoàn thiện đủ tiêu "
                "chí bộ 2021-2025."
            )
            % {"unit": unit.name, "first": first, "last": last}
        )


@transaction.atomic
def targeted_add(
    *, user: Any, plan: Plan, unit: AdminUnit, level: str, note: str = ""
) -> TargetedCommune:
    """Mark a commune as aiming at ``level`` this year (it gets a roadmap)."""
    access_require(
        user,
        Action.MANAGE_PLANS,
        unit,
        _("Bạn không được chọn xã phấn đấu đạt chuẩn của %(unit)s.") % {"unit": unit.name},
    )
    if not plan.is_province_plan:
        raise PlanningError(_("Xã phấn đấu được chọn trên kế hoạch của tỉnh."))
    _check_commune(plan, unit)
    if level not in Level.values:
        raise PlanningError(_("Mức «%(level)s» không hợp lệ.") % {"level": level})
    if TargetedCommune.objects.filter(plan=plan, unit=unit, level=level).exists():
        raise PlanningError(
            _("%(unit)s đã có trong danh sách phấn đấu «%(level)s».")
            % {"unit": unit.name, "level": Level(level).label}
        )
    if level == Level.UPGRADE:
        _check_upgradable(plan, unit)
    elif _in_force(plan, unit, level).exists():
        raise PlanningError(
            _("%(unit)s đã được công nhận «%(level)s» trước năm %(year)s.")
            % {"unit": unit.name, "level": Level(level).label, "year": plan.year}
        )
    return TargetedCommune.objects.create(
        plan=plan, unit=unit, level=level, note=note.strip(), assigned_by=acting_user(user)
    )


@transaction.atomic
def targeted_remove(*, user: Any, targeted: TargetedCommune) -> None:
    access_require(
        user,
        Action.MANAGE_PLANS,
        targeted.unit,
        _("Bạn không được bỏ xã phấn đấu của %(unit)s.") % {"unit": targeted.unit.name},
    )
    n = targeted.milestones.count()
    if n:
        raise PlanningError(
            _(
                "%(unit)s đã có lộ trình (%(milestones)s mốc): xoá các mốc trước khi bỏ xã khỏi "
                "danh sách."
            )
            % {"unit": targeted.unit.name, "milestones": n}
        )
    targeted.delete()
