"""The precision rules of user-facing numbers (ntm.core.numbers_vi): one
formatter per kind of quantity, Vietnamese separators, never an exception."""

from __future__ import annotations

import math
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ntm.core.numbers_vi import (
    format_average,
    format_count,
    format_money,
    format_percent,
    format_seconds,
    parse_number_text,
)


@pytest.mark.parametrize(
    ("formatter", "x", "expected"),
    [
        (format_count, 5103, "5.103"),
        (format_count, 181, "181"),
        (format_count, 242866, "242.866"),
        (format_count, 0, "0"),
        (format_count, None, "—"),
        (format_percent, 90.05, "90,05%"),
        (format_percent, 90.045, "90,05%"),  # half-up on the decimal form
        (format_percent, 50.8, "50,8%"),
        (format_percent, 100, "100%"),
        (format_percent, 100 * 95 / 181, "52,49%"),
        (format_average, 13.29, "13,29"),
        (format_average, 12.547, "12,55"),
        (format_average, 14, "14,00"),
        (format_money, Decimal("5103.888"), "5.103,888"),
        (format_money, 406.9824, "406,982"),
        (format_money, 1200, "1.200"),
        (format_money, Decimal("12.50"), "12,5"),
        (format_seconds, 3.987, "3,99"),
        (format_seconds, 0.5, "0,50"),
    ],
)
def test_each_quantity_has_its_precision(formatter, x, expected) -> None:  # type: ignore[no-untyped-def]
    assert formatter(x) == expected


FORMATTERS = (format_count, format_percent, format_average, format_money, format_seconds)


@pytest.mark.parametrize("formatter", FORMATTERS)
@pytest.mark.parametrize("x", [math.nan, math.inf, -math.inf, 10**400, Decimal("1e40")])
def test_formatting_never_raises(formatter, x) -> None:  # type: ignore[no-untyped-def]
    assert formatter(x) == "giá trị ngoài phạm vi"


@given(st.integers(min_value=-(10**12) + 1, max_value=10**12 - 1))
def test_counts_read_back(n: int) -> None:
    text = format_count(n)
    assert "," not in text
    assert parse_number_text(text, integer=True) == n


@given(st.decimals(min_value=-(10**9), max_value=10**9, places=3, allow_nan=False))
def test_money_reads_back_with_at_most_three_decimals(x: Decimal) -> None:
    text = format_money(x)
    _whole, _, fraction = text.partition(",")
    assert len(fraction) <= 3 and not fraction.endswith("0")
    # Without a decimal comma the text is a whole number: read as one, since a
    # lone "1.000" is ambiguous to the entry parser on purpose.
    assert parse_number_text(text, integer="," not in text) == x


@given(st.floats(min_value=0, max_value=100, allow_nan=False))
def test_percents_have_at_most_two_decimals(x: float) -> None:
    text = format_percent(x)
    assert text.endswith("%")
    _whole, _, fraction = text[:-1].partition(",")
    assert len(fraction) <= 2
    assert abs(float(parse_number_text(text[:-1], integer=False)) - x) <= 0.005 + 1e-9


@given(st.floats(min_value=0, max_value=19, allow_nan=False))
def test_averages_always_have_two_decimals(x: float) -> None:
    whole, _, fraction = format_average(x).partition(",")
    assert len(fraction) == 2 and whole.isdigit()
