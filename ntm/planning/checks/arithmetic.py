"""Sums the plan states: a total is its baseline plus what is added, and
the funding sources add up to the total printed."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _

from ntm.planning.checks.common import target_label
from ntm.planning.checks.registry import CheckContext, check
from ntm.planning.checks.report import Severity
from ntm.planning.figures import num
from ntm.planning.models import Target, TargetKind


@check("tong", rule="tong")
def total_is_baseline_plus_added(ctx: CheckContext) -> None:
    checked = 0
    for t in ctx.targets:
        if t.value is None or t.added is None or t.baseline is None:
            continue
        checked += 1
        if t.baseline + t.added != t.value:
            ctx.add(
                Severity.ERROR,
                t.key,
                _(
                    "%(label)s: tổng %(total)s khác mốc %(baseline)s + tăng thêm %(added)s = "
                    "%(sum)s."
                )
                % {
                    "label": target_label(t),
                    "total": num(t.value),
                    "baseline": num(t.baseline),
                    "added": num(t.added),
                    "sum": num(t.baseline + t.added),
                },
                num(t.value),
                num(t.baseline + t.added),
            )
    if checked and not ctx.found("tong"):
        ctx.passed(
            _("%(count)s chỉ tiêu có tổng = mốc đầu năm + số tăng thêm.") % {"count": checked}
        )


def funding_sources(ctx: CheckContext) -> tuple[Target, Decimal, list[Target]] | None:
    """The funding total with its figure and the sources with a figure;
    None when there is nothing to compare."""
    funding = [t for t in ctx.targets if t.kind == TargetKind.FUNDING]
    total = next((t for t in funding if t.is_total), None)
    sources = [t for t in funding if not t.is_total and t.value is not None]
    if total is None or total.value is None or not sources:
        return None
    return total, total.value, sources


@check("nguon-von/tong", rule="nguon-von")
def funding_adds_up(ctx: CheckContext) -> None:
    found = funding_sources(ctx)
    if found is None:
        return
    total, amount, sources = found
    summed = sum((t.value for t in sources if t.value is not None), Decimal(0))
    parts = " + ".join(num(t.value) for t in sources)
    if abs(summed - amount) > Decimal("0.0005"):
        ctx.add(
            Severity.ERROR,
            total.key,
            _(
                "Tổng các nguồn vốn %(parts)s = %(sum)s %(unit)s, khác tổng in "
                "%(printed_total)s %(unit)s."
            )
            % {
                "parts": parts,
                "sum": num(summed),
                "printed_total": num(amount),
                "unit": total.unit,
            },
            num(amount),
            num(summed),
        )
    else:
        ctx.passed(
            _("Tổng các nguồn vốn %(parts)s = %(total)s %(unit)s, khớp tổng in.")
            % {"parts": parts, "total": num(amount), "unit": total.unit}
        )
