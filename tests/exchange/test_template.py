"""The downloaded template, re-opened with openpyxl as Excel would show it."""

from __future__ import annotations

import pytest

from ntm.exchange.selectors import ExchangeError, template_data
from tests.exchange.conftest import column_of, make_template, open_xlsx, row_of

pytestmark = pytest.mark.django_db


def test_district_template_rows_columns_headers_and_prefilled_raw_text(
    world, cao_loc, tan_lien, enter
):
    enter(tan_lien, "2023", {"2.1": "85,5%", "1.1": "Đạt", "10": "145,5"})
    wb = open_xlsx(make_template(cao_loc, "2023", by="caoloc"))
    assert wb.sheetnames == ["Số liệu", "Hướng dẫn", "_ntm"]
    ws = wb["Số liệu"]
    communes = cao_loc.children.filter(type="xa", in_programme=True)
    codes = [ws.cell(r, 1).value for r in range(7, ws.max_row + 1) if ws.cell(r, 1).value]
    assert sorted(codes) == sorted(c.code for c in communes)
    # header: code (row 4), Vietnamese name (row 5), unit and threshold (row 6)
    col = column_of(ws, "3.1")
    assert ws.cell(5, col).value.startswith("Tỷ lệ diện tích đất sản xuất nông nghiệp")
    assert ws.cell(6, col).value == "% · ngưỡng TDMNPB: ≥ 80%"
    # conditions after indicators, headed by their label, not their code
    assert ws.cell(4, column_of(ws, "hai_long")).value == "Hài lòng"
    assert column_of(ws, "hai_long") > column_of(ws, "19.2")
    # the threshold of the region in a note on the code
    note = ws.cell(4, col).comment.text
    assert "Ngưỡng vùng TDMNPB năm 2023: ≥ 80%" in note and "(QĐ 1680/QĐ-BNN-VPĐP)" in note
    # current values pre-filled exactly as typed
    row = row_of(ws, tan_lien.code)
    assert ws.cell(row, column_of(ws, "2.1")).value == "85,5%"
    assert ws.cell(row, column_of(ws, "1.1")).value == "Đạt"
    assert ws.cell(row, column_of(ws, "10")).value == "145,5"
    assert ws.cell(row, 2).value == "Xã Tân Liên" and ws.cell(row, 3).value == "Huyện Cao Lộc"
    # criterion headers are merged over their indicators
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert any(r.startswith(f"{ws.cell(3, column_of(ws, '2.1')).coordinate}:") for r in merged)


def test_validation_freeze_and_protection(world, tan_lien):
    wb = open_xlsx(make_template(tan_lien, "2023"))
    ws = wb["Số liệu"]
    assert ws.freeze_panes == "E7"
    assert ws.protection.sheet is True
    value_cell = ws.cell(7, column_of(ws, "2.1"))
    assert value_cell.protection.locked is False
    assert ws.cell(7, 1).protection.locked is True  # the commune code cannot be typed over
    assert ws.cell(4, column_of(ws, "2.1")).protection.locked is True
    rules = {}
    for dv in ws.data_validations.dataValidation:
        for cell_range in dv.sqref.ranges:
            rules[cell_range.min_col] = dv
    boolean = rules[column_of(ws, "1.1")]
    assert boolean.type == "list" and boolean.formula1 == '"Đạt,Không đạt"'
    assert boolean.errorStyle in (None, "stop")
    percent = rules[column_of(ws, "2.1")]
    # "between" is the default operator, which files leave out
    assert percent.operator in (None, "between")
    assert (percent.type, percent.formula1, percent.formula2) == ("decimal", "0", "100")
    enum = rules[column_of(ws, "9.1")]
    assert enum.type == "list" and enum.formula1 == '"Có,Không"'
    assert rules[column_of(ws, "10")].type == "decimal"


def test_hidden_metadata_records_versions_of_every_prefilled_value(world, tan_lien, enter):
    enter(tan_lien, "2023", {"2.1": "80"})
    enter(tan_lien, "2023", {"2.1": "85"})  # version 2
    wb = open_xlsx(make_template(tan_lien, "2023", by="tanlien"))
    meta = wb["_ntm"]
    assert meta.sheet_state == "veryHidden"
    keys = {meta.cell(r, 1).value: meta.cell(r, 2).value for r in range(2, 9)}
    assert keys["phien_ban"] == "1"
    assert keys["bo_tieu_chi"] == "xa-ntm-2021-2025"
    assert keys["ky"] == "2023"
    assert keys["pham_vi"] == tan_lien.code
    assert keys["tao_boi"] == "tanlien"
    codes = [c.value for c in meta[9]][1:]
    assert codes[:3] == ["1.1", "1.2", "2.1"]
    assert meta.cell(10, 1).value == tan_lien.code
    assert meta.cell(10, 2 + codes.index("2.1")).value == "2|85"
    assert meta.cell(10, 2 + codes.index("1.1")).value == "0|"


def test_locked_reports_are_grey_and_closed(world, tan_lien, enter):
    enter(tan_lien, "2023", {"2.1": "80"}, status="submitted")
    ws = open_xlsx(make_template(tan_lien, "2023"))["Số liệu"]
    cell = ws.cell(7, column_of(ws, "2.1"))
    assert cell.protection.locked is True
    assert ws.cell(7, 4).value == "Chờ huyện thẩm định"


def test_guide_sheet_is_in_vietnamese(world, tan_lien):
    guide = open_xlsx(make_template(tan_lien, "2023"))["Hướng dẫn"]
    text = "\n".join(str(c.value) for c in guide["A"] if c.value)
    assert "HƯỚNG DẪN NHẬP SỐ LIỆU" in text
    assert "Phạm vi: Xã Tân Liên (1 xã)" in text
    assert "xung đột" in text


def test_a_scope_without_programme_communes_is_refused(world, lang_son):
    from ntm.units.models import AdminUnit

    ward = AdminUnit.objects.filter(type="phuong").first()
    with pytest.raises(ExchangeError, match="không có xã nào thuộc Chương trình"):
        template_data(ward, "2023")
    with pytest.raises(ExchangeError, match="Kỳ «2023-13» không hợp lệ"):
        template_data(lang_son, "2023-13")


def test_web_download_checks_the_scope(world, client, cao_loc, tan_lien):
    client.force_login(world["tanlien"])
    response = client.get("/du-lieu/bieu-mau/", {"don_vi": tan_lien.code, "ky": "2023"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "Bi%E1%BB%83u%20m%E1%BA%ABu%20NTM" in response["Content-Disposition"]
    assert open_xlsx(response.content)["Số liệu"].cell(7, 2).value == "Xã Tân Liên"
    refused = client.get("/du-lieu/bieu-mau/", {"don_vi": cao_loc.code, "ky": "2023"})
    assert refused.status_code == 403
    assert "Bạn không được tải biểu mẫu" in refused.content.decode()
