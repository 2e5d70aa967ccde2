"""A province plan's cascade: its district parts against the province's
figures and against each district's communes, and the communes chosen to
aim at a level against the targets that need them."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.db.models import Count
from django.utils.translation import gettext as _

from ntm.planning.checks.common import target_label
from ntm.planning.checks.registry import CheckContext, check
from ntm.planning.checks.report import Severity
from ntm.planning.figures import num
from ntm.planning.models import Level, TargetedCommune
from ntm.planning.services import cascade_amount, cascade_sources
from ntm.units.models import DISTRICT_TYPES, AdminUnit
from ntm.units.selectors import unit_programme_communes


@check("kha-thi/phan-giao-huyen", rule="kha-thi", province_only=True)
def district_parts_within_districts(ctx: CheckContext) -> None:
    for child in ctx.district_plans:
        for t in child.targets.all():
            if t.value is not None and t.value > child.communes_in_scope:
                ctx.add(
                    Severity.ERROR,
                    t.key,
                    _(
                        "%(district)s: %(value)s xã cho «%(label)s» vượt quá %(communes)s xã "
                        "của huyện."
                    )
                    % {
                        "district": child.unit.name,
                        "value": num(t.value),
                        "label": t.label,
                        "communes": child.communes_in_scope,
                    },
                    num(t.value),
                    f"≤ {child.communes_in_scope}",
                )


@check("phan-bo-huyen", rule="phan-bo-huyen", province_only=True)
def district_parts_add_up(ctx: CheckContext) -> None:
    """Fewer than the province's figure is a warning while some districts
    have no part yet, an error once all have; more is a warning."""
    if not ctx.district_plans:
        return
    plan = ctx.plan
    n_districts = (
        AdminUnit.objects.filter(parent=plan.unit, type__in=DISTRICT_TYPES)
        .filter(pk__in=unit_programme_communes(plan.unit).values("parent_id"))
        .count()
    )
    parts: dict[str, list[Decimal]] = defaultdict(list)
    for child in ctx.district_plans:
        for t in child.targets.all():
            if t.value is not None:
                parts[t.key].append(t.value)
    for source in cascade_sources(plan):
        got = parts.get(source.key)
        amount = cascade_amount(source)
        if not got or amount is None:
            continue
        summed = sum(got, Decimal(0))
        if summed == amount:
            continue
        names = {
            "label": target_label(source),
            "assigned": len(got),
            "districts": n_districts,
            "sum": num(summed),
            "amount": num(amount),
        }
        if summed < amount:
            partial = len(got) < n_districts
            ctx.add(
                Severity.WARNING if partial else Severity.ERROR,
                source.key,
                (
                    _(
                        "%(label)s: mới giao %(assigned)s/%(districts)s huyện, cộng lại %(sum)s "
                        "xã, chưa đủ %(amount)s "
                        "xã của tỉnh."
                    )
                    if partial
                    else _(
                        "%(label)s: phần giao %(assigned)s huyện cộng lại %(sum)s xã, ít hơn "
                        "%(amount)s xã của tỉnh."
                    )
                )
                % names,
                num(amount),
                num(summed),
            )
        else:
            ctx.add(
                Severity.WARNING,
                source.key,
                _(
                    "%(label)s: phần giao các huyện cộng lại %(sum)s xã, nhiều hơn %(amount)s xã "
                    "của tỉnh."
                )
                % names,
                num(amount),
                num(summed),
            )


@check("phan-bo-huyen/ket-luan", rule="phan-bo-huyen", province_only=True)
def district_parts_said_plainly(ctx: CheckContext) -> None:
    if ctx.district_plans and not ctx.found("kha-thi/phan-giao-huyen", "phan-bo-huyen"):
        ctx.passed(
            _("Phần giao của %(districts)s huyện cộng lại khớp các chỉ tiêu của tỉnh.")
            % {"districts": len(ctx.district_plans)}
        )


@check("xa-phan-dau", rule="xa-phan-dau", province_only=True)
def enough_targeted_communes(ctx: CheckContext) -> None:
    chosen = dict(
        TargetedCommune.objects.filter(plan=ctx.plan)
        .values("level")
        .annotate(n=Count("pk"))
        .values_list("level", "n")
    )
    for level, n in chosen.items():
        need = None
        label = ""
        for t in ctx.targets:
            if t.measure_params.get("level") != level:
                continue
            if t.measure == "recognised" and t.added is not None:
                need, label = t.added, t.label
            elif t.measure == "recognised_in_year" and t.value is not None:
                need, label = t.value, t.label
        if need is None or n >= need:
            continue
        ctx.add(
            Severity.WARNING,
            "",
            _(
                "Mới chọn %(chosen)s xã phấn đấu «%(level)s», chỉ tiêu «%(label)s» cần thêm "
                "%(needed)s xã."
            )
            % {"chosen": n, "level": Level(level).label, "label": label, "needed": num(need)},
            num(need),
            str(n),
        )
