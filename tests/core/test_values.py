import pytest

from ntm.core.criteria_model import CriteriaSet
from ntm.core.errors import ValueParseError
from ntm.core.values import parse_boolean, parse_value


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("90,05", 90.05),
        ("90.05", 90.05),
        ("90,05%", 90.05),
        ("90,05 %", 90.05),
        (" 100 ", 100.0),
        ("0", 0.0),
        ("1,234", 1.234),
        (85, 85.0),
        (85.5, 85.5),
    ],
)
def test_percent_accepted(demo: CriteriaSet, raw: object, expected: float) -> None:
    value = parse_value(raw, demo.measure("1.1"))
    assert value == expected and isinstance(value, float)


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        ("130", "từ 0% đến 100%"),
        ("100,01", "từ 0% đến 100%"),
        ("-1", "không được âm"),
        ("1.234", "không rõ nghĩa"),
        ("5.103,888", "từ 0% đến 100%"),
        ("abc", "không phải là số"),
        ("%", "không phải là số"),
        ("Đạt", "không phải là số"),
        (True, "không phải giá trị đúng/sai"),
        (float("inf"), "hữu hạn"),
    ],
)
def test_percent_rejected(demo: CriteriaSet, raw: object, fragment: str) -> None:
    with pytest.raises(ValueParseError, match=fragment):
        parse_value(raw, demo.measure("1.1"))


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("5.103,888", 5103.888), ("1,234.5", 1234.5), ("1.234.567", 1234567.0), ("0,5", 0.5)],
)
def test_number_accepted(demo: CriteriaSet, raw: str, expected: float) -> None:
    assert parse_value(raw, demo.measure("2.1")) == expected


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [("1.234", "không rõ nghĩa"), ("12%", "không phải tỷ lệ"), ("-5", "không được âm")],
)
def test_number_rejected(demo: CriteriaSet, raw: str, fragment: str) -> None:
    with pytest.raises(ValueParseError, match=fragment):
        parse_value(raw, demo.measure("2.1"))


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("3", 3), ("1.234", 1234), ("1.234.567", 1234567), ("1,234,567", 1234567), (3.0, 3)],
)
def test_count_accepted(demo: CriteriaSet, raw: object, expected: int) -> None:
    value = parse_value(raw, demo.measure("2.2"))
    assert value == expected and isinstance(value, int)


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        ("2,5", "số nguyên"),
        ("1,234", "số nguyên"),  # Vietnamese reading: 1,234 - not a count
        ("2.5", "số nguyên"),
        (2.5, "số nguyên"),
        ("-1", "không được âm"),
        ("3%", "không phải tỷ lệ"),
    ],
)
def test_count_rejected(demo: CriteriaSet, raw: object, fragment: str) -> None:
    with pytest.raises(ValueParseError, match=fragment):
        parse_value(raw, demo.measure("2.2"))


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Đạt", True),
        ("đạt", True),
        ("DAT", True),
        ("Có", True),
        ("co", True),
        ("x", True),
        ("X", True),
        ("Không đạt", False),
        ("khong dat", False),
        ("Chưa đạt", False),
        ("Không", False),
        (True, True),
        (False, False),
    ],
)
def test_boolean_accepted(demo: CriteriaSet, raw: object, expected: bool) -> None:
    assert parse_value(raw, demo.measure("1.2")) is expected
    assert parse_boolean(raw) is expected


@pytest.mark.parametrize("raw", ["yes", "1", "đạt được", 1])
def test_boolean_rejected(demo: CriteriaSet, raw: object) -> None:
    with pytest.raises(ValueParseError, match="Đạt/Không đạt"):
        parse_value(raw, demo.measure("1.2"))


def test_enum(demo: CriteriaSet) -> None:
    assert parse_value("KHÔNG", demo.measure("3.2")) == "Không"
    assert parse_value("khong", demo.measure("3.2")) == "Không"
    assert parse_value(" y ", demo.measure("3.1")) == "y"
    with pytest.raises(ValueParseError, match="không thuộc danh sách: x, y, z"):
        parse_value("w", demo.measure("3.1"))
    with pytest.raises(ValueParseError, match="một trong"):
        parse_value(1, demo.measure("3.1"))


@pytest.mark.parametrize("raw", [None, "", "   ", "-", "\u00a0"])
def test_blank_is_no_value(demo: CriteriaSet, raw: object) -> None:
    assert parse_value(raw, demo.measure("1.1")) is None
    assert parse_boolean(raw) is None
