from decimal import Decimal

import pytest

from ntm.core.errors import ValueParseError
from ntm.core.numbers_vi import format_number_vi, format_percent_vi, parse_number_text


@pytest.mark.parametrize(
    ("x", "decimals", "expected"),
    [
        (5103.888, None, "5.103,888"),
        (5103.888, 3, "5.103,888"),
        (5103.888, 1, "5.103,9"),
        (1234567, None, "1.234.567"),
        (999, None, "999"),
        (0, None, "0"),
        (2, 1, "2,0"),
        (0.5, None, "0,5"),
        (-1234.5, None, "-1.234,5"),
        (-0.0000001, None, "0"),
        (90.045, 2, "90,05"),  # half-up on the decimal form, not binary
        (1.1 * 47, None, "51,7"),  # computed noise is trimmed
        (Decimal("406.982"), None, "406,982"),
    ],
)
def test_format_number_vi(x: float, decimals: int | None, expected: str) -> None:
    assert format_number_vi(x, decimals) == expected


def test_format_percent_vi() -> None:
    assert format_percent_vi(90.05) == "90,05%"
    assert format_percent_vi(100) == "100%"
    assert format_percent_vi(50.8, 2) == "50,80%"


def test_format_rejects_nan() -> None:
    with pytest.raises(ValueError):
        format_number_vi(float("nan"))


@pytest.mark.parametrize(
    ("text", "integer", "expected"),
    [
        ("90,05", False, "90.05"),
        ("90.05", False, "90.05"),
        ("5.103,888", False, "5103.888"),
        ("1,234.5", False, "1234.5"),
        ("1,234", False, "1.234"),  # a lone comma is always decimal
        ("1.234", True, "1234"),  # a count cannot be 1.234
        ("1.234.567", False, "1234567"),
        ("1,234,567", False, "1234567"),
        ("0.123", False, "0.123"),  # "0" cannot head a thousands group
        ("1234.567", False, "1234.567"),  # four-digit head: not grouped
        ("007", True, "7"),
        ("-3", False, "-3"),
    ],
)
def test_parse_number_text(text: str, integer: bool, expected: str) -> None:
    assert parse_number_text(text, integer=integer) == Decimal(expected)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("1.234", "không rõ nghĩa"),
        ("100.000", "không rõ nghĩa"),
        ("1..2", "ngăn cách hàng nghìn"),
        ("1.23,4", "ngăn cách hàng nghìn"),
        ("1,234,56", "ngăn cách hàng nghìn"),
        ("12,34,567", "ngăn cách hàng nghìn"),
        ("1.2.3,4", "ngăn cách hàng nghìn"),
        ("abc", "không phải là số"),
        ("1e5", "không phải là số"),
        ("1 234", "không phải là số"),
        (",5", "không phải là số"),
        ("5.", "không phải là số"),
    ],
)
def test_parse_number_text_rejects(text: str, fragment: str) -> None:
    with pytest.raises(ValueParseError, match=fragment):
        parse_number_text(text, integer=False)


def test_ambiguous_message_offers_both_readings() -> None:
    with pytest.raises(ValueParseError) as info:
        parse_number_text("1.234", integer=False)
    assert "1,234" in str(info.value) and "1234" in str(info.value)
