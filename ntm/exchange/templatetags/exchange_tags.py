"""Counts shown the Vietnamese way (11.403): Django's "vi" locale does not
group thousands, so the shared formatter of ntm.core does it."""

from __future__ import annotations

from django import template

from ntm.core.numbers_vi import format_number_vi

register = template.Library()


@register.filter
def number_vi(value: object) -> str:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return format_number_vi(value)
    return "" if value is None else str(value)
