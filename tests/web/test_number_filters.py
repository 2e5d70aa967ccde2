"""The page side of the one number formatter: ``{% load numbers_vi %}``
filters follow the quantity's rules whatever the active language, and
leave text (already formatted) as it is."""

from __future__ import annotations

from decimal import Decimal

from django.template import Context, Template
from django.utils import translation


def render(text: str, **context: object) -> str:
    return Template("{% load numbers_vi labels_vi %}" + text).render(Context(context))


def test_filters_write_each_quantity_the_vietnamese_way() -> None:
    out = render(
        "{{ n|count_vi }} {{ p|percent_vi }} {{ a|average_vi }} {{ m|money_vi }} "
        "{{ none|count_vi }}",
        n=5103,
        p=100 * 95 / 181,
        a=12.547,
        m=Decimal("5103.888"),
        none=None,
    )
    assert out == "5.103 52,49% 12,55 5.103,888 —"
    with translation.override("en"):
        assert render("{{ n|count_vi }}", n=11403) == "11.403"
    assert render("{{ t|percent_vi }}", t="Chưa đủ số liệu") == "Chưa đủ số liệu"


def test_codes_read_as_labels() -> None:
    out = render(
        "{{ a|code_vi }} · {{ b|code_vi }} · {{ s|set_vi }}",
        a="hai_long",
        b="2.1",
        s="xa-ntm-2021-2025",
    )
    assert out == "Hài lòng · 2.1 · xã nông thôn mới giai đoạn 2021-2025"
