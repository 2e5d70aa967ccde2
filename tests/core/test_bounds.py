"""Domains, plausible ranges and the storage limits of numbers: the parser
refuses what is outside, the formatter writes any Decimal without raising."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ntm.core.bounds import MAX_MAGNITUDE, Bounds, default_bounds
from ntm.core.criteria_catalog import load_shipped_sets
from ntm.core.criteria_loader import load_criteria_set
from ntm.core.criteria_model import Measure, ValueType
from ntm.core.errors import CriteriaSetError, ValueParseError
from ntm.core.numbers_vi import (
    MAX_DECIMAL_PLACES,
    MAX_DIGITS,
    MAX_INPUT_CHARS,
    check_digits,
    format_number_vi,
    format_percent_vi,
    parse_number_text,
)
from ntm.core.thresholds import check_threshold_value
from ntm.core.values import parse_value, value_implausible

SHIPPED = load_shipped_sets()
MAIN = SHIPPED.get("xa-ntm-2021-2025")
INCOME = MAIN.measure("10")
PERCENT = MAIN.measure("2.1")
GREEN = MAIN.measure("17.4")  # m²/người
COUNT = SHIPPED.get("xa-ntm-kieu-mau-2021-2025").measure("K3")


def test_every_numeric_indicator_of_every_shipped_set_has_bounds() -> None:
    for code in SHIPPED.codes:
        for measure in SHIPPED.get(code).iter_measures():
            numeric = measure.value_type in (ValueType.PERCENT, ValueType.NUMBER, ValueType.COUNT)
            assert (measure.limits is not None) == numeric, (code, measure.code)


def test_defaults_by_type_and_unit() -> None:
    assert PERCENT.limits == Bounds(Decimal(0), Decimal(100))
    assert INCOME.bounds is not None  # given in the file
    assert (INCOME.limits.plausible_min, INCOME.limits.plausible_max) == (10, 200)
    assert GREEN.bounds is None and GREEN.limits.plausible_max == 1000
    assert default_bounds("count", None).minimum == 0
    assert default_bounds("boolean", None) is None and default_bounds("enum", "x") is None


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        ("1" * 29, "quá lớn: phần nguyên có tối đa 12 chữ số"),
        ("1000000000000", "quá lớn"),
        ("1" * 41, "quá dài: một giá trị có tối đa 40 ký tự"),
        ("1,0000001", "tối đa 6 chữ số sau dấu phẩy"),
        ("1e999", "không phải là số hợp lệ"),
        ("NaN", "không phải là số hợp lệ"),
        ("Infinity", "không phải là số hợp lệ"),
        ("-5", "không được âm"),
        (Decimal("1E+30"), "quá lớn"),
        (1e300, "quá lớn"),
        (10**40, "quá lớn"),
        (Decimal("NaN"), "không phải là số hữu hạn"),
    ],
)
def test_outside_the_storage_limits_or_the_domain_is_refused(raw: object, fragment: str) -> None:
    with pytest.raises(ValueParseError) as info:
        parse_value(raw, INCOME)
    assert fragment in str(info.value)


def test_the_refusal_shows_a_long_text_shortened() -> None:
    with pytest.raises(ValueParseError) as info:
        parse_value("9" * 5000, INCOME)
    assert len(str(info.value)) < 200


def test_minus_zero_is_zero() -> None:
    value = parse_value("-0", PERCENT)
    assert value == 0 and str(value) == "0.0"
    assert str(parse_value("-0,000", PERCENT)) == "0.0"
    assert parse_value(-0.0, PERCENT) == 0 and str(parse_value(-0.0, PERCENT)) == "0.0"
    assert parse_value("-0", COUNT) == 0


def test_trailing_zeros_do_not_count_as_decimals() -> None:
    assert parse_value("1,5000000", INCOME) == 1.5


def test_plausible_range_asks_for_confirmation() -> None:
    assert value_implausible(parse_value("45", INCOME), INCOME) is None
    unusual = value_implausible(parse_value("1.000.000", INCOME), INCOME)
    assert unusual is not None
    assert "ngoài khoảng thường gặp (10 - 200 triệu đồng/người/năm)" in str(unusual)
    assert value_implausible(parse_value("5", INCOME), INCOME) is not None
    assert value_implausible(parse_value("100", PERCENT), PERCENT) is None
    assert value_implausible(True, MAIN.measure("1.1")) is None
    assert value_implausible(None, INCOME) is None


def test_thresholds_keep_to_the_same_domain() -> None:
    with pytest.raises(ValueError, match="quá lớn"):
        check_threshold_value(INCOME, 1e27)
    with pytest.raises(ValueError, match="quá lớn"):
        check_threshold_value(INCOME, 10**40)  # no OverflowError from float()
    with pytest.raises(ValueError, match="không âm"):
        check_threshold_value(INCOME, -1)
    with pytest.raises(ValueError, match="tối đa 6 chữ số"):
        check_threshold_value(INCOME, 1e-300)
    assert check_threshold_value(INCOME, 5000) == 5000  # implausible, but a threshold may be
    assert check_threshold_value(PERCENT, -0.0) == 0


def test_a_file_may_set_bounds_and_its_thresholds_must_fit(tmp_path: Path) -> None:
    example = Path("docs/criteria-format.md").read_text(encoding="utf-8")
    text = example.split("```yaml\ncode: xa-vi-du-2021-2025", 1)[1].split("```", 1)[0]
    text = "code: xa-vi-du-2021-2025" + text
    bounded = text.replace(
        "        type: percent\n",
        "        type: percent\n        bounds: {min: 40, plausible_min: 60, plausible_max: 95}\n",
        1,
    )
    path = tmp_path / "xa-vi-du-2021-2025.yaml"
    path.write_text(bounded, encoding="utf-8")
    measure = load_criteria_set(path).measure("15.4")
    assert measure.limits == Bounds(Decimal(40), None, Decimal(60), Decimal(95))
    with pytest.raises(ValueParseError, match=r"nhỏ hơn giá trị nhỏ nhất cho phép \(40\)"):
        parse_value("39", measure)
    # A threshold of 50 is still in the domain; 30 is not.
    path.write_text(bounded.replace("bounds: {min: 40", "bounds: {min: 55"), encoding="utf-8")
    with pytest.raises(CriteriaSetError, match="nhỏ hơn giá trị nhỏ nhất"):
        load_criteria_set(path)
    path.write_text(bounded.replace("plausible_min: 60", "plausible_min: 20"), encoding="utf-8")
    with pytest.raises(CriteriaSetError, match="nằm ngoài miền giá trị"):
        load_criteria_set(path)
    boolean = text.replace(
        "        type: boolean\n", "        type: boolean\n        bounds: {min: 0}\n", 1
    )
    path.write_text(boolean, encoding="utf-8")
    with pytest.raises(CriteriaSetError, match="chỉ chỉ tiêu dạng số có «bounds»"):
        load_criteria_set(path)


# -- properties -------------------------------------------------------------------

MEASURES = [INCOME, PERCENT, GREEN, COUNT]
NUMBER_TEXT = st.text(alphabet="0123456789.,-+% eE", max_size=60)


def _within_limits(value: object, measure: Measure) -> None:
    assert isinstance(value, (int, float)) and not isinstance(value, bool)
    number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    assert measure.limits is not None and measure.limits.in_domain(number)
    assert abs(number) <= MAX_MAGNITUDE
    assert str(value) != "-0.0"


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.one_of(NUMBER_TEXT, st.text(max_size=80)), index=st.integers(0, 3))
def test_any_text_parses_within_bounds_or_is_refused(text: str, index: int) -> None:
    measure = MEASURES[index]
    try:
        value = parse_value(text, measure)
    except ValueParseError as exc:
        assert str(exc)  # a message, never an empty refusal
        return
    if value is not None:
        _within_limits(value, measure)


@settings(max_examples=300, deadline=None)
@given(
    number=st.one_of(
        st.decimals(allow_nan=False, allow_infinity=False),
        st.floats(allow_nan=False, allow_infinity=False),
        st.integers(min_value=-(10**60), max_value=10**60),
    ),
    index=st.integers(0, 3),
)
def test_any_number_parses_within_bounds_or_is_refused(number: object, index: int) -> None:
    measure = MEASURES[index]
    try:
        value = parse_value(number, measure)
    except ValueParseError:
        return
    _within_limits(value, measure)


@settings(max_examples=500, deadline=None)
@given(
    number=st.one_of(
        st.decimals(),  # NaN, infinities and any exponent included
        st.floats(allow_nan=False, allow_infinity=False),
        st.integers(min_value=-(10**80), max_value=10**80),
    ),
    decimals=st.one_of(st.none(), st.integers(0, 6)),
)
def test_formatting_any_number_never_raises(number: object, decimals: int | None) -> None:
    text = format_number_vi(number, decimals)  # type: ignore[arg-type]
    assert text
    percent = format_percent_vi(number, decimals)  # type: ignore[arg-type]
    assert percent.endswith("%") or percent == "giá trị ngoài phạm vi"


@settings(max_examples=300, deadline=None)
@given(
    digits=st.integers(1, MAX_DIGITS - MAX_DECIMAL_PLACES),
    places=st.integers(0, MAX_DECIMAL_PLACES),
    data=st.data(),
)
def test_what_is_written_reads_back(digits: int, places: int, data: st.DataObject) -> None:
    """Any number within the storage limits round-trips through the
    Vietnamese form (integer=True for whole numbers: 1.234 is a thousands dot)."""
    whole = data.draw(st.integers(10 ** (digits - 1) if digits > 1 else 0, 10**digits - 1))
    fraction = data.draw(st.integers(0, 10**places - 1)) if places else 0
    number = Decimal(f"{whole}.{fraction:0{places}d}") if places else Decimal(whole)
    text = format_number_vi(number, places)
    assert len(text) <= MAX_INPUT_CHARS
    try:
        parsed = parse_number_text(text, integer=places == 0)
    except ValueParseError as exc:
        assert "không rõ nghĩa" in str(exc)  # 1.234 with decimals allowed: ambiguous, refused
        return
    assert parsed == number == check_digits(parsed)


@pytest.mark.parametrize(
    ("value", "measure", "expected"),
    [
        (45.5, INCOME, 45.5),
        (-5, INCOME, -5),  # out of the domain, yet within the storage limits: judged
        (10**12, INCOME, None),
        (10**400, INCOME, None),
        (float("nan"), INCOME, None),
        ("abc", INCOME, None),
        (True, INCOME, None),
        ([1, 2], PERCENT, None),
        (None, PERCENT, None),
        (True, MAIN.measure("1.1"), True),
        ("Đạt", MAIN.measure("1.1"), None),
    ],
)
def test_a_stored_value_is_read_back_only_when_it_fits(value, measure, expected) -> None:
    from ntm.core.values import stored_value

    got = stored_value(value, measure)
    assert got == expected and type(got) is type(expected)
