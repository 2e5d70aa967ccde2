"""The page side of the one number formatter (ntm.core.numbers_vi):
``{% load numbers_vi %}`` then ``{{ n|count_vi }}`` (5.103),
``{{ x|percent_vi }}`` (90,05%), ``{{ x|average_vi }}`` (13,29),
``{{ x|money_vi }}`` (5.103,888 in tỷ đồng). Django's "vi" locale does not
group thousands, and ``floatformat`` knows nothing of the quantity's rules."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from django import template

from ntm.core.numbers_vi import (
    UNKNOWN,
    format_average,
    format_count,
    format_money,
    format_percent,
)

register = template.Library()


def _figure(value: object, formatter: Callable[[float | int | Decimal], str]) -> str:
    """A number through its formatter; text (already formatted) as it is;
    "—" for nothing."""
    if value is None or value == "":
        return UNKNOWN
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return formatter(value)
    return str(value)


@register.filter
def count_vi(value: object) -> str:
    return _figure(value, format_count)


@register.filter
def percent_vi(value: object) -> str:
    return _figure(value, format_percent)


@register.filter
def average_vi(value: object) -> str:
    return _figure(value, format_average)


@register.filter
def money_vi(value: object) -> str:
    return _figure(value, format_money)
