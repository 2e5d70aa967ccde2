"""Printed shares read at the document's own precision: a share of communes
in scope, a funding source's share of the total."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _

from ntm.core.numbers_vi import format_number_vi, parse_number_text
from ntm.planning.checks.arithmetic import funding_sources
from ntm.planning.checks.common import share_rule
from ntm.planning.checks.registry import CheckContext, check
from ntm.planning.checks.report import Severity
from ntm.planning.figures import num
from ntm.planning.models import TargetKind


@check("ty-le", rule="ty-le")
def printed_shares(ctx: CheckContext) -> None:
    checked = 0
    for t in ctx.targets:
        if not t.share_printed or t.kind == TargetKind.FUNDING or t.value is None:
            continue
        if not t.of_total:
            continue
        checked += 1
        share_rule(ctx, t, t.value, Decimal(t.of_total), f"{num(t.value)}/{num(t.of_total)}")
    if checked:
        off = ctx.found("ty-le")
        ctx.passed(
            _("%(matching)s/%(count)s tỷ lệ in khớp tổng / số xã ở độ chính xác của văn bản.")
            % {"matching": checked - off, "count": checked}
        )


@check("nguon-von/ty-le", rule="nguon-von")
def funding_shares(ctx: CheckContext) -> None:
    found = funding_sources(ctx)
    if found is None:
        return
    total, amount, sources = found
    shares = [t for t in sources if t.share_printed]
    for t in shares:
        value = t.value if t.value is not None else Decimal(0)  # sources all have one
        share_rule(ctx, t, value, amount, f"{num(t.value)}/{num(amount)}")
    if shares and len(shares) == len(sources):
        printed = sum(
            (parse_number_text(t.share_printed, integer=False) for t in shares), Decimal(0)
        )
        decimals = max(len(t.share_printed.partition(",")[2]) for t in shares)
        tolerance = Decimal(len(shares)) * Decimal(1).scaleb(-decimals) / 2
        if abs(printed - 100) > tolerance:
            ctx.add(
                Severity.WARNING,
                total.key,
                _("Các tỷ lệ in của nguồn vốn cộng lại %(sum)s%%, không phải 100%%.")
                % {"sum": format_number_vi(printed, decimals)},
                f"{format_number_vi(printed, decimals)}%",
                "100%",
            )
    if shares and not ctx.found("nguon-von/ty-le"):
        ctx.passed(
            _("Tỷ lệ in của %(count)s nguồn vốn khớp số tiền / tổng và cộng lại 100%%.")
            % {"count": len(shares)}
        )
