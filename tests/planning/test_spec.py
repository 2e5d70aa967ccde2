"""Reading a plan file through its pydantic models: malformed plans are
refused with the path of the field and a Vietnamese reason (never pydantic's
English), every problem of the file at once."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

import pytest
import yaml

from ntm.planning.services import plan_lookups
from ntm.planning.spec import FieldError, Lookups, parse_plan
from ntm.planning.spec.errors import field_errors
from ntm.planning.spec.models import BasisFile, TargetFile, read_part
from tests.planning.conftest import PLAN_FILE

RAW = yaml.safe_load(PLAN_FILE.read_text(encoding="utf-8"))


@pytest.fixture
def lookups(criteria_db, lang_son) -> Lookups:
    return plan_lookups()


def _target(data: dict[str, Any], key: str) -> dict[str, Any]:
    for section in data["sections"]:
        for t in section.get("targets", []):
            if t["key"] == key:
                return t
    raise KeyError(key)


def _problems(data: object, lookups: Lookups) -> list[str]:
    spec, errors = parse_plan(data, lookups)
    assert spec is None
    return [str(e) for e in errors]


def test_the_shipped_plan_reads_without_problems(lookups):
    spec, errors = parse_plan(copy.deepcopy(RAW), lookups)
    assert errors == [] and spec is not None
    assert len(spec.targets) == 63 and spec.legal_basis[0].date == dt.date(2021, 9, 8)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        # unknown keys, at every level
        (lambda d: d.update(tieu_de="x"), ["tieu_de: trường không có trong định dạng"]),
        (
            lambda d: d["legal_basis"][0].update(so=1),
            ["legal_basis[0].so: trường không có trong định dạng"],
        ),
        (
            lambda d: d["sections"][0].update(muc=1),
            ["sections[I].muc: trường không có trong định dạng"],
        ),
        # a key YAML reads as a number is a key of the file all the same
        (lambda d: d.update({2023: "x"}), ["2023: trường không có trong định dạng"]),
        # wrong types
        (lambda d: d.update(title=["a", "b"]), ["title: cần một đoạn chữ"]),
        (
            lambda d: _target(d, "funding_total").update(total="có"),
            [
                "sections[III].targets[funding_total].total: cần true hoặc false",
                # and, read as false, the funding plan has no total row
                "sections[III].targets[funding_total]: kế hoạch vốn cần đúng một dòng tổng "
                "(total: true), đang có 0",
            ],
        ),
        (
            lambda d: _target(d, "road_km").update(value=True),
            ["sections[I.2].targets[road_km].value: cần một số, không phải đúng/sai"],
        ),
        (
            lambda d: _target(d, "road_km").update(items="a, b"),
            ["sections[I.2].targets[road_km].items: cần danh sách các mục (chữ)"],
        ),
        (
            lambda d: _target(d, "road_km").update(measure=["x"]),
            ["sections[I.2].targets[road_km].measure: cần {kind: ..., tham số}"],
        ),
        (lambda d: d.update(legal_basis="46-NQ/TU"), ["legal_basis: cần danh sách văn bản"]),
        (
            lambda d: d["legal_basis"].__setitem__(1, "46-NQ/TU"),
            ["legal_basis[1]: cần kind, number, date, issuer, title"],
        ),
        (
            lambda d: d["sections"][0].update(targets={"key": "x"}),
            ["sections[I].targets: cần danh sách chỉ tiêu"],
        ),
        (
            # a target that is not a mapping is named by its place
            lambda d: d["sections"][1]["targets"].__setitem__(1, "below5"),
            ["sections[I.1].targets[1]: cần một chỉ tiêu (key, kind, label, ...)"],
        ),
        # bad numbers
        (
            lambda d: _target(d, "road_km").update(value="ba"),
            ["sections[I.2].targets[road_km].value: «ba» không phải là số hợp lệ"],
        ),
        (
            lambda d: _target(d, "tc1").update(of=181.5),
            ["sections[I.2].targets[tc1].of: cần một số nguyên"],
        ),
        (
            lambda d: d.update(communes_in_scope={"xa": 181}),
            [
                "communes_in_scope: cần một số",
                "communes_in_scope: cần số xã trong phạm vi kế hoạch (lớn hơn 0)",
            ],
        ),
        (
            lambda d: _target(d, "tc2").update(share="-5"),
            ["sections[I.2].targets[tc2].share: số âm (-5) không hợp lệ trong kế hoạch"],
        ),
        # bad dates
        (
            lambda d: d["legal_basis"][0].update(date="8/9/21"),
            ["legal_basis[0].date: cần ngày dạng 08/9/2021 hoặc 2021-09-08"],
        ),
        (
            lambda d: d["legal_basis"][0].update(date=20210908),
            ["legal_basis[0].date: cần ngày dạng 08/9/2021 hoặc 2021-09-08"],
        ),
        # missing fields
        (lambda d: d.pop("title"), ["title: bắt buộc, chưa có"]),
        (lambda d: d.update(issuer="  "), ["issuer: bắt buộc, đang để trống"]),
        (
            lambda d: d["legal_basis"][2].pop("date"),
            ["legal_basis[2].date: cần ngày dạng 08/9/2021 hoặc 2021-09-08"],
        ),
        (lambda d: d.pop("format"), ["format: cần «ntm-ke-hoach/1»"]),
        (
            # a section without its code is named by its place
            lambda d: d["sections"][0].pop("code"),
            ["sections[0].code: bắt buộc, chưa có"],
        ),
        (
            lambda d: _target(d, "dinh_lap").pop("unit_code"),
            ["sections[II.6].targets[dinh_lap].unit_code: bắt buộc, chưa có"],
        ),
        # a wrong year is refused, and so is the plan's year it cannot be
        (
            lambda d: d.update(year="hai"),
            [
                "year: «hai» không phải là số hợp lệ",
                "year: cần năm của kế hoạch, ví dụ 2023",
            ],
        ),
    ],
)
def test_a_malformed_plan_is_refused_with_path_and_reason(lookups, change, expected):
    data = copy.deepcopy(RAW)
    change(data)
    assert _problems(data, lookups) == expected


def test_every_problem_is_reported_at_once(lookups):
    """A refused value does not hide the other fields of its part, nor the
    rules that read it as missing."""
    data = copy.deepcopy(RAW)
    credit = _target(data, "credit")
    credit.update(value="mười", share=[1], vaule=3)
    del credit["label"]
    problems = _problems(data, lookups)
    path = "sections[III].targets[credit]"
    assert sorted(problems) == sorted(
        [
            f"{path}.label: bắt buộc, chưa có",
            f"{path}.value: «mười» không phải là số hợp lệ",
            f"{path}.share: «[1]» không phải là số hợp lệ",
            f"{path}.vaule: trường không có trong định dạng",
        ]
    )
    # A funding row without any amount is refused for it; one whose amount
    # could not be read is not refused twice.
    del credit["value"]
    assert f"{path}.value: nguồn vốn cần số tiền" in _problems(data, lookups)


def test_pydantic_errors_become_vietnamese_reasons():
    read = read_part(BasisFile, {"kind": "Nghị quyết", "number": 5, "so": 1})
    errors = field_errors("legal_basis[3]", read.errors)
    assert {str(e) for e in errors} == {
        "legal_basis[3].so: trường không có trong định dạng",
        "legal_basis[3].date: cần ngày dạng 08/9/2021 hoặc 2021-09-08",
        "legal_basis[3].issuer: bắt buộc, chưa có",
        "legal_basis[3].title: bắt buộc, chưa có",
    }
    # the fields that could be read are kept
    assert read.model is not None and read.model.number == "5"
    # an error type no validator of the package raises still reads in Vietnamese
    foreign = field_errors(
        "x",
        [
            {"type": "int_parsing", "loc": ("of",), "msg": "Input should be an integer"},
            {"type": "list_type", "loc": ("items", 2), "msg": "Input should be a valid list"},
            {"type": "something_new", "loc": (), "msg": "Value error"},
        ],
    )
    assert foreign == [
        FieldError("x.of", "cần một số"),
        FieldError("x.items[2]", "cần một danh sách"),
        FieldError("x", "giá trị không hợp lệ"),
    ]


def test_a_part_that_is_not_a_mapping_gives_no_model():
    read = read_part(TargetFile, ["key", "tc1"])
    assert read.model is None
    assert [str(e) for e in field_errors("t", read.errors)] == [
        "t: cần một chỉ tiêu (key, kind, label, ...)"
    ]


def test_messages_are_translated(lookups):
    from django.utils import translation

    data = copy.deepcopy(RAW)
    _target(data, "credit").update(value=-3000)
    data["legal_basis"][0]["date"] = "hôm qua"
    with translation.override("en"):
        problems = _problems(data, lookups)
    assert (
        "sections[III].targets[credit].value: a negative number (-3000) is not valid in a plan"
        in (problems)
    )
    assert "legal_basis[0].date: a date such as 08/9/2021 or 2021-09-08 is required" in problems


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda d: _target(d, "road_km").update(value=""),
            "sections[I.2].targets[road_km].value: cần một số",
        ),
        (
            lambda d: _target(d, "tc2").update(share="%"),
            "sections[I.2].targets[tc2].share: cần một số",
        ),
        (
            lambda d: _target(d, "road_km").update(measure={"kind": "reported", "criterion": "1"}),
            "sections[I.2].targets[road_km].measure.criterion: tham số không có ở cách đo "
            "«reported»",
        ),
    ],
)
def test_files_that_once_broke_the_import_are_refused(lookups, change, expected):
    """An empty figure and a criterion given to a measure without one used to
    end the import with an exception instead of a reason."""
    data = copy.deepcopy(RAW)
    change(data)
    assert _problems(data, lookups) == [expected]
