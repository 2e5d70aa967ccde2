"""The plan's scope against the list of administrative units."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from ntm.planning.checks.common import by_measure
from ntm.planning.checks.registry import CheckContext, check
from ntm.planning.checks.report import Severity
from ntm.planning.figures import num
from ntm.units.selectors import unit_programme_communes


@check("pham-vi", rule="pham-vi")
def scope_matches_units(ctx: CheckContext) -> None:
    """The communes in scope, then the border communes the plan names,
    against the unit list (its flags may lag the plan: warnings)."""
    plan = ctx.plan
    counts = unit_programme_communes(plan.unit).aggregate(
        n=Count("pk"), border=Count("pk", filter=Q(border=True))
    )
    if counts["n"] != plan.communes_in_scope:
        ctx.add(
            Severity.WARNING,
            "",
            _(
                "Kế hoạch tính trên %(plan_communes)s xã, danh mục đơn vị hành chính hiện có "
                "%(listed_communes)s xã thuộc "
                "Chương trình trong %(unit)s."
            )
            % {
                "plan_communes": plan.communes_in_scope,
                "listed_communes": counts["n"],
                "unit": plan.unit.name,
            },
            num(plan.communes_in_scope),
            num(counts["n"]),
        )
    else:
        ctx.passed(
            _("Số xã trong phạm vi (%(communes)s) khớp danh mục đơn vị hành chính.")
            % {"communes": counts["n"]}
        )
    for t in by_measure(ctx.targets, "border_communes"):
        if t.value is None or Decimal(counts["border"]) == t.value:
            continue
        if counts["border"] == 0:
            ctx.add(
                Severity.WARNING,
                t.key,
                _(
                    "Chưa xác định %(stated)s xã biên giới: chưa có xã nào được đánh dấu "
                    "«xã biên giới» trong danh mục đơn vị hành chính, nên số xã biên giới và "
                    "bình quân tiêu chí của xã biên giới «chưa đủ số liệu»."
                )
                % {"stated": num(t.value)},
                num(t.value),
                "0",
            )
            continue
        ctx.add(
            Severity.WARNING,
            t.key,
            _(
                "Kế hoạch nêu %(stated)s xã biên giới, danh mục đơn vị hành chính hiện đánh dấu "
                "%(flagged)s xã biên giới trong %(communes)s xã: bình quân tiêu chí của xã biên "
                "giới chưa tính "
                "đúng được; cần cập nhật thuộc tính «biên giới» của các xã."
            )
            % {"stated": num(t.value), "flagged": counts["border"], "communes": counts["n"]},
            num(t.value),
            num(counts["border"]),
        )
