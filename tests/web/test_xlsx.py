"""The shared .xlsx writer: real files, re-opened with openpyxl."""

from __future__ import annotations

import io
from urllib.parse import unquote

import openpyxl
import pytest

from ntm.web.xlsx import (
    DECIMAL_2,
    INTEGER,
    PERCENT_POINTS,
    XLSX_CONTENT_TYPE,
    Column,
    xlsx_bytes,
    xlsx_response,
)

COLUMNS = [
    Column("Huyện"),
    ("Số xã đạt (xã)", INTEGER),
    ("Tỷ lệ (%)", PERCENT_POINTS),
    Column("Bình quân tiêu chí/xã", DECIMAL_2, width=14),
]
ROWS = [
    ["Huyện Cao Lộc", 65, 35.91160220994475, 11.97],
    ["Huyện Đình Lập", 0, 0.0, None],
]


def reopen(data: bytes):
    return openpyxl.load_workbook(io.BytesIO(data)).active


def test_title_headers_numbers_formats_and_note():
    ws = reopen(xlsx_bytes("Kết quả theo huyện, Năm 2022", COLUMNS, ROWS, note="Nguồn: thử"))
    assert ws["A1"].value == "Kết quả theo huyện, Năm 2022" and ws["A1"].font.bold
    assert "A1:D1" in {str(r) for r in ws.merged_cells.ranges}
    assert [c.value for c in ws[2]] == [
        "Huyện",
        "Số xã đạt (xã)",
        "Tỷ lệ (%)",
        "Bình quân tiêu chí/xã",
    ]
    assert all(c.font.bold for c in ws[2])
    assert ws.freeze_panes == "A3"
    assert [c.value for c in ws[3]] == ROWS[0]
    assert ws["B3"].number_format == "#,##0"
    assert ws["C3"].number_format == "0.00" and isinstance(ws["C3"].value, float)
    assert ws["D3"].number_format == "0.00" and ws["D4"].value is None
    assert ws["A3"].number_format == "General"  # text stays text
    assert ws["A5"].value is None and ws["A6"].value == "Nguồn: thử"
    assert ws.max_row == 6
    assert ws.column_dimensions["D"].width == 14
    assert ws.column_dimensions["A"].width >= len("Huyện Đình Lập")


def test_plain_header_strings_and_no_rows():
    ws = reopen(xlsx_bytes("Bảng trống", ["Mã", "Tên"], []))
    assert [c.value for c in ws[2]] == ["Mã", "Tên"] and ws.max_row == 2


def test_sheet_title_is_made_valid():
    ws = reopen(xlsx_bytes("Tiêu chí 1/2: [thử]*?", ["A"], [["x"]]))
    assert ws.title == "Tiêu chí 1-2- -thử---"[:31]


def test_response_is_an_attachment_with_a_vietnamese_filename():
    response = xlsx_response("Tổng hợp Đình Lập 2022", "Tiêu đề", COLUMNS, ROWS)
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    disposition = response["Content-Disposition"]
    assert 'filename="tong-hop-dinh-lap-2022.xlsx"' in disposition
    encoded = disposition.split("filename*=UTF-8''")[1]
    assert unquote(encoded) == "Tổng hợp Đình Lập 2022.xlsx"
    ws = reopen(response.content)
    assert ws["A1"].value == "Tiêu đề" and ws["B3"].value == 65


def test_text_starting_with_equals_stays_text():
    ws = reopen(xlsx_bytes("Tiêu đề", ["Tên", "Ghi chú"], [["=1+1", "http://vi.wikipedia.org"]]))
    assert ws["A3"].value == "=1+1" and ws["A3"].data_type == "s"
    assert ws["B3"].value == "http://vi.wikipedia.org" and ws["B3"].hyperlink is None


def test_empty_text_is_an_empty_cell():
    ws = reopen(xlsx_bytes("Tiêu đề", ["Cũ", "Mới"], [["", "80"]]))
    assert ws["A3"].value is None and ws["B3"].value == "80"


def test_rows_must_fit_the_columns():
    with pytest.raises(ValueError):
        xlsx_bytes("Tiêu đề", ["A", "B"], [["x"]])
    with pytest.raises(ValueError):
        xlsx_bytes("Tiêu đề", ["A"], [["x", "y"]])
