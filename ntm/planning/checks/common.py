"""Helpers several checks share: how a target is named in a message, which
targets count communes, and the printed-share comparison."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from ntm.core.errors import ValueParseError
from ntm.core.numbers_vi import format_number_vi, parse_number_text
from ntm.planning.checks.registry import CheckContext
from ntm.planning.checks.report import Severity
from ntm.planning.measures import MEASURES
from ntm.planning.models import Target, TargetKind


def target_label(t: Target) -> str:
    if t.kind == TargetKind.CRITERION:
        return _("Tiêu chí %(criterion)s (%(label)s)") % {
            "criterion": t.criterion,
            "label": t.label,
        }
    return t.label


def exact_text(x: Decimal) -> str:
    """A computed share with enough digits to see the rounding: 90,0552…"""
    shown = format_number_vi(x, 4)
    return shown if x == x.quantize(Decimal("0.0001")) else shown + "…"


def by_measure(targets: Iterable[Target], code: str, **params: str) -> list[Target]:
    return [
        t
        for t in targets
        if t.measure == code and all(t.measure_params.get(k) == v for k, v in params.items())
    ]


def commune_count_targets(targets: Iterable[Target]) -> list[Target]:
    out = []
    for t in targets:
        defn = MEASURES.get(t.measure)
        if t.kind == TargetKind.CRITERION or (defn is not None and defn.counts_communes):
            out.append(t)
    return out


def share_rule(ctx: CheckContext, t: Target, part: Decimal, whole: Decimal, what: str) -> None:
    """Compare a printed share with part/whole rounded to the printed
    number of decimals. Off by one unit in the last printed place is a
    rounding warning; more is an error."""
    try:
        printed = parse_number_text(t.share_printed, integer=False)
    except ValueParseError:
        ctx.add(
            Severity.ERROR,
            t.key,
            _("tỷ lệ in «%(share)s» không đọc được") % {"share": t.share_printed},
            t.share_printed,
            "",
        )
        return
    decimals = len(t.share_printed.partition(",")[2])
    unit = Decimal(1).scaleb(-decimals)
    exact = part * 100 / whole
    rounded = exact.quantize(unit, rounding=ROUND_HALF_UP)
    if printed == rounded:
        return
    truncated = exact.quantize(unit, rounding=ROUND_DOWN)
    diff = abs(printed - rounded)
    places = (
        _("%(decimals)s chữ số thập phân") % {"decimals": decimals} if decimals else _("số nguyên")
    )
    base = _(
        "%(label)s: tỷ lệ in %(printed)s%% nhưng %(what)s = %(exact)s%%, làm tròn đến "
        "%(places)s là "
        "%(rounded)s%%"
    ) % {
        "label": target_label(t),
        "printed": t.share_printed,
        "what": what,
        "exact": exact_text(exact),
        "places": places,
        "rounded": format_number_vi(rounded, decimals),
    }
    stated, expected = f"{t.share_printed}%", f"{format_number_vi(rounded, decimals)}%"
    if diff <= unit:
        why = (
            _("văn bản cắt bớt chữ số thay vì làm tròn")
            if printed == truncated
            else _("sai số làm tròn")
        )
        gap = _(" (lệch %(gap)s điểm %%; %(why)s).") % {
            "gap": format_number_vi(diff, decimals),
            "why": why,
        }
        ctx.add(Severity.WARNING, t.key, base + gap, stated, expected)
    else:
        gap = _(" (lệch %(gap)s điểm %%).") % {"gap": format_number_vi(diff, decimals)}
        ctx.add(Severity.ERROR, t.key, base + gap, stated, expected)
