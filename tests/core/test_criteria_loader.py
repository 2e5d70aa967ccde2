"""Each kind of malformed file fails with the file name, the line and what is
wrong. Each case breaks the valid DEMO set in one place."""

from pathlib import Path

import pytest

from ntm.core.criteria_catalog import load_shipped_sets
from ntm.core.criteria_loader import load_criteria_set
from ntm.core.errors import CriteriaSetError

from .conftest import DEMO, PLUS, write


def broken(old: str, new: str) -> str:
    assert DEMO.count(old) == 1, old
    return DEMO.replace(old, new)


CASES = [
    # (what is replaced, replacement, marker of the reported line, message fragment)
    (
        "  classes:\n    - {code: A",
        "  clases:\n    - {code: A",
        "clases:",
        "khóa không hợp lệ «clases»",
    ),
    (
        "        name: Tỷ lệ một\n",
        "        name: Tỷ lệ một\n        colour: red\n",
        "colour:",
        "khóa không hợp lệ «colour»",
    ),
    (
        "period: {from: 2022, to: 2024}",
        "period: {from: 2022, to: '2024'}",
        "period:",
        "cần một số nguyên",
    ),
    ('      - code: "1.1"', "      - code: 1.1", "code: 1.1", "mã phải là chuỗi"),
    ("        type: count", "        type: integer", "type: integer", "«integer» không hợp lệ"),
    (
        "        type: enum\n        options: [x, y, z]\n        comparison: in",
        '        type: enum\n        options: [x, y, z]\n        comparison: ">="',
        'comparison: ">="',
        "không dùng được cho kiểu enum",
    ),
    (
        '      - {code: "1.2", name: Có một, type: boolean,',
        '      - {code: "1.2", name: Có một, type: boolean, comparison: "<=",',
        '"1.2"',
        "không dùng được cho kiểu boolean",
    ),
    (
        '        comparison: "="\n        applies_if: craft',
        "        comparison: in\n        applies_if: craft",
        "comparison: in",
        "không dùng được cho kiểu count",
    ),
    ('      - code: "4.2"', '      - code: "1.1"', 'code: "1.1"', "bị trùng"),
    ("    - {code: B, name: Vùng B}", "    - {code: A, name: Vùng B}", "Vùng B}", "bị trùng"),
    (
        "          - {regions: [B], value: 70,",
        "          - {regions: [C], value: 70,",
        "regions: [C]",
        "không có vùng «C»",
    ),
    (
        "          - {years: 2022, value: 10}",
        "          - {years: 2019, value: 10}",
        "years: 2019",
        "ngoài giai đoạn 2022-2024",
    ),
    (
        "          - {regions: [A], value: 80}",
        "          - {regions: [A], value: 180}",
        "value: 180",
        "vượt quá 100%",
    ),
    ("    thresholds: [{value: 3}]", "    thresholds: [{value: 2.5}]", "value: 2.5", "số nguyên"),
    (
        "        thresholds: [{value: [x, y]}]",
        "        thresholds: [{value: [x, w]}]",
        "[x, w]",
        "không thuộc danh sách",
    ),
    (
        "          - {regions: [A], value: 80}",
        "          - {regions: [A], value: 80, source: {doc: law, tag: R, verified: false}}",
        "value: 80",
        "nhớ lại (tag R)",
    ),
    (
        '          - {value: null, source: {doc: law, tag: "?", verified: false}, note: "R: 5"}',
        '          - {value: 5, source: {doc: law, tag: "?", verified: false}}',
        "value: 5,",
        "tag «?» thì value phải là null",
    ),
    (
        "          - {regions: [B], value: 70, source: {doc: guide, tag: P, verified: false}}",
        "          - {regions: [B], value: 70, source: {doc: guide, tag: P, verified: true}}",
        "regions: [B]",
        "verified phải là false",
    ),
    (
        "          - {regions: [B], value: 70, source: {doc: guide,",
        "          - {regions: [B], value: 70, source: {doc: nowhere,",
        "doc: nowhere",
        "văn bản «nowhere» không có",
    ),
    (
        "          - {years: [2023], regions: [A], value: 8.5}",
        "          - {years: [2023], regions: [A], value: 8.5}\n"
        "          - {years: [2023], regions: [A], value: 9}",
        "        thresholds:\n          - {value: null",
        "hai ngưỡng cùng áp dụng",
    ),
    (
        "        applies_if: craft",
        "        applies_if: river",
        "applies_if: river",
        "«river» không có trong «facts»",
    ),
    (
        "      - {condition: debt}",
        "      - {condition: loan}",
        "condition: loan",
        "điều kiện «loan» không có",
    ),
    (
        "    requires: [{min_criteria: 3}]",
        "    requires: [{min_criteria: 7}]",
        "min_criteria: 7",
        "ngoài khoảng 1..4",
    ),
    (
        "    requires: [{min_criteria: {count: 1, of: [1, 2]}}]",
        "    requires: [{min_criteria: {count: 1, of: [1, 9]}}]",
        "of: [1, 9]",
        "tiêu chí «9» không có",
    ),
    (
        "    - {from: 2, label: Từ 2 đến 3}",
        "    - {from: 0, label: Từ 2 đến 3}",
        "Từ 2 đến 3",
        "phải tăng dần",
    ),
    ("        thresholds: [{value: 50}]", "", 'code: "4.2"', "thiếu «thresholds»"),
    ("name: Bộ thử nghiệm\n", "", "code: demo", "thiếu khóa «name»"),
    (
        "  - code: 2\n    name: Hai",
        "  - code: 1\n    name: Hai",
        "  - code: 1\n    name: Hai",
        "bị trùng",
    ),
    ("        comparison: in\n", "        comparison: >=\n", "comparison: >=", "YAML không hợp lệ"),
]


@pytest.mark.parametrize(("old", "new", "marker", "fragment"), CASES)
def test_malformed_file_names_file_and_line(
    tmp_path: Path, old: str, new: str, marker: str, fragment: str
) -> None:
    text = broken(old, new)
    path = write(tmp_path, text)
    with pytest.raises(CriteriaSetError) as info:
        load_criteria_set(path)
    error = info.value
    assert error.file == str(path)
    assert fragment in error.message, error.message
    # The reported line is that of the marker: searched from the change on,
    # or from the top when the error is reported on an enclosing node.
    start = DEMO.index(old)
    pos = text.find(marker, start)
    expected = text.count("\n", 0, pos if pos >= 0 else text.index(marker)) + 1
    assert error.line is not None
    assert abs(error.line - expected) <= 1, (error.line, expected, error.message)
    assert str(path) in str(error) and f"dòng {error.line}" in str(error)


def test_valid_demo_loads(tmp_path: Path) -> None:
    cset = load_criteria_set(write(tmp_path, DEMO))
    assert [c.code for c in cset.criteria] == ["1", "2", "3", "4"]
    assert cset.measure("2.1").unit == "triệu đồng"
    assert cset.measure("3.1").options == ("x", "y", "z")
    assert cset.classification.codes == ("A", "B")
    assert [b.lower for b in cset.count_bands] == [0, 2, 4]


def test_unreadable_file(tmp_path: Path) -> None:
    with pytest.raises(CriteriaSetError, match="không đọc được"):
        load_criteria_set(tmp_path / "missing.yaml")


def test_catalogue_requires_file_named_after_code(tmp_path: Path) -> None:
    write(tmp_path, DEMO, "other-name.yaml")
    with pytest.raises(CriteriaSetError, match=r"tên tệp phải là «demo\.yaml»"):
        load_shipped_sets(tmp_path)


def test_catalogue_rejects_unknown_reference(tmp_path: Path) -> None:
    write(tmp_path, PLUS, "plus.yaml")
    with pytest.raises(CriteriaSetError, match="tham chiếu bộ tiêu chí «demo» không có"):
        load_shipped_sets(tmp_path)


def test_catalogue_rejects_derived_from_unknown_indicator(tmp_path: Path) -> None:
    write(tmp_path, DEMO)
    write(tmp_path, PLUS.replace('indicator: "2.1"', 'indicator: "9.9"'), "plus.yaml")
    with pytest.raises(CriteriaSetError, match=r"không có chỉ tiêu «9\.9»"):
        load_shipped_sets(tmp_path)
