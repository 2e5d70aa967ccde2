"""Plan figures as people read them: Vietnamese numbers (``5.103,888``,
``90,05%``, ``163/181``), a target's promise in one short phrase, and the
plan's text with its placeholders filled from the stored targets."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any, Protocol

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from ntm.core.numbers_vi import format_number_vi
from ntm.planning.models import COMPARISON_SIGNS, Comparison
from ntm.planning.spec import PLACEHOLDER


class TargetLike(Protocol):
    """A stored target or one read from a plan file (read only)."""

    @property
    def key(self) -> str: ...
    @property
    def comparison(self) -> str: ...
    @property
    def value(self) -> Decimal | None: ...
    @property
    def value_max(self) -> Decimal | None: ...
    @property
    def of_total(self) -> int | None: ...
    @property
    def added(self) -> Decimal | None: ...
    @property
    def baseline(self) -> Decimal | None: ...
    @property
    def share_printed(self) -> str: ...
    @property
    def unit(self) -> str: ...


def num(x: Decimal | float | int | None, decimals: int | None = None) -> str:
    """A figure in Vietnamese form; "—" when unknown."""
    if x is None:
        return "—"
    if isinstance(x, Decimal):
        x = x.normalize()
        if x == x.to_integral_value():
            x = x.quantize(Decimal(1))
    return format_number_vi(x, decimals)


def short(x: Decimal | float | int | None) -> str:
    """A figure as read on a dashboard: as entered up to three decimals
    (406,982 tỷ đồng), a computed average to two (13,29)."""
    if isinstance(x, Decimal) and x.normalize().as_tuple().exponent < -3:  # type: ignore[operator]
        return num(x, 2)
    return num(x)


def share_text(printed: str) -> str:
    return f"{printed}%" if printed else ""


def field_text(target: TargetLike, name: str, pad: bool = False) -> str:
    """One field of a target as the document prints it."""
    if name == "share":
        return share_text(target.share_printed)
    value: Any = {
        "value": target.value,
        "max": target.value_max,
        "added": target.added,
        "baseline": target.baseline,
        "of": target.of_total,
    }[name]
    text = num(value)
    if pad and value is not None and text.isdigit():
        text = text.zfill(2)
    return text


def goal_text(target: TargetLike) -> str:
    """The promise in one phrase: "≥ 163/181 xã", "13 - 14 tiêu chí/xã",
    "> 350 km", "≈ 1.000 lao động"."""
    unit = f" {target.unit}" if target.unit else ""
    if target.value is None:
        return "—"
    if target.comparison == Comparison.BETWEEN:
        return f"{num(target.value)} - {num(target.value_max)}{unit}"
    sign = COMPARISON_SIGNS[Comparison(target.comparison)]
    of = f"/{num(target.of_total)}" if target.of_total else ""
    return f"{sign} {num(target.value)}{of}{unit}".strip()


def fill_text(text: str, targets: Mapping[str, TargetLike]) -> SafeString:
    """The text, HTML-escaped, split into paragraphs at blank lines, each
    placeholder replaced by the stored figure (marked, so that a reader and
    the tests can find it)."""

    def replace(match: Any) -> str:
        key, name, pad = match.group(1), match.group(2), match.group(3)
        target = targets.get(key)
        if target is None:
            return escape(match.group(0))
        return (
            f'<strong class="plan-figure" data-target="{escape(key)}" data-field="{name}">'
            f"{escape(field_text(target, name, bool(pad)))}</strong>"
        )

    paragraphs = [p.strip() for p in text.split("\n\n") if p.strip()]
    html = []
    for paragraph in paragraphs:
        pieces: list[str] = []
        last = 0
        for match in PLACEHOLDER.finditer(paragraph):
            pieces.append(escape(paragraph[last : match.start()]))
            pieces.append(replace(match))
            last = match.end()
        pieces.append(escape(paragraph[last:]))
        html.append("<p>" + "".join(pieces).replace("\n", " ") + "</p>")
    return mark_safe("\n".join(html))


def fill_plain(text: str, targets: Mapping[str, TargetLike]) -> str:
    """The same text as plain text (command line, exports)."""

    def replace(match: Any) -> str:
        target = targets.get(match.group(1))
        if target is None:
            return str(match.group(0))
        return field_text(target, match.group(2), bool(match.group(3)))

    return PLACEHOLDER.sub(replace, text)
