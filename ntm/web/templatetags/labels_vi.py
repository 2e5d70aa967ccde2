"""Internal codes shown as people read them: ``{% load labels_vi %}`` then
``{{ i.code|code_vi }}`` (a condition's "Hài lòng" for ``hai_long``, an
indicator's "2.1" unchanged) and ``{{ s.code|set_vi }}`` (a criteria set's
name for ``xa-ntm-2021-2025``)."""

from __future__ import annotations

from django import template

from ntm.criteria.selectors import set_label, shown_code

register = template.Library()


@register.filter
def code_vi(code: object) -> str:
    return shown_code(str(code)) if code is not None else ""


@register.filter
def set_vi(code: object) -> str:
    return set_label(str(code)) if code is not None else ""
