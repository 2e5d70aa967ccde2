"""Files from real life: saved by LibreOffice or Excel, with blank rows and
columns, merged headers, a renamed sheet, text in numeric cells, numbers as
text, dates, formulas, files that are no workbook and oversized files. Each
imports correctly or is refused with a clear message, changing nothing."""

from __future__ import annotations

import datetime as dt
import io
import os
import zipfile
from pathlib import Path

import openpyxl
import pytest
from django.utils import translation
from PIL import Image

from ntm.exchange.services import import_check, import_commit, import_upload
from ntm.exchange.validation import ImportRefused, Preview
from ntm.monitoring.models import IndicatorValue
from ntm.units.models import AdminUnit
from tests.exchange.conftest import (
    column_of,
    db_counts,
    fill,
    libreoffice_convert,
    make_template,
    open_xlsx,
    row_of,
    save_xlsx,
)

pytestmark = pytest.mark.django_db

MAIN = "xa-ntm-2021-2025"


def value_of(unit: AdminUnit, code: str, period: str = "2023"):
    row = IndicatorValue.objects.filter(
        report__unit=unit,
        report__period__code=period,
        indicator__criteria_set__code=MAIN,
        indicator__code=code,
    ).first()
    return (row.raw_text, row.value) if row else None


def commit(user, data: bytes, name: str = "tep.xlsx", period: str | None = None):
    batch = import_upload(user=user, data=data, filename=name, period_code=period)
    assert batch.n_errors == 0 and batch.n_conflicts == 0, batch.preview["errors"]
    return import_commit(user=user, batch=batch, background=False)


def refused(user, data: bytes, name: str, match: str, period: str | None = None) -> str:
    before = db_counts()
    with pytest.raises(ImportRefused, match=match) as info:
        import_upload(user=user, data=data, filename=name, period_code=period)
    assert db_counts() == before
    return str(info.value)


# -- other clients ------------------------------------------------------


def test_template_saved_by_libreoffice_imports(world, tan_lien, tmp_path: Path):
    filled = fill(
        make_template(tan_lien),
        {
            (tan_lien.code, "2.1"): "85,5%",
            (tan_lien.code, "3.1"): 80,
            (tan_lien.code, "1.1"): "Đạt",
        },
    )
    source = tmp_path / "tan-lien.xlsx"
    source.write_bytes(filled)
    (tmp_path / "lo").mkdir()
    converted = libreoffice_convert(source, tmp_path / "lo").read_bytes()
    assert converted != filled
    commit(world["tanlien"], converted)
    assert value_of(tan_lien, "2.1") == ("85,5%", 85.5)
    assert value_of(tan_lien, "3.1") == ("80", 80.0)
    assert value_of(tan_lien, "1.1") == ("Đạt", True)


def test_template_saved_as_opendocument_keeps_percentages(world, tan_lien, tmp_path: Path):
    def percent_typed(ws):  # "85,5%" typed in a spreadsheet: 0.855 shown as a percentage
        cell = ws.cell(7, column_of(ws, "2.1"))
        cell.value, cell.number_format = 0.855, "0.0%"

    source = tmp_path / "tan-lien.xlsx"
    source.write_bytes(
        fill(make_template(tan_lien), {(tan_lien.code, "3.1"): 88}, edit=percent_typed)
    )
    ods = libreoffice_convert(source, tmp_path, to="ods").read_bytes()
    commit(world["tanlien"], ods, "tan-lien.ods")
    assert value_of(tan_lien, "2.1") == ("85,5%", 85.5)
    assert value_of(tan_lien, "3.1") == ("88", 88.0)


def test_csv_converted_by_libreoffice_imports_as_a_plain_table(world, lang_son, tmp_path: Path):
    hong_phong = AdminUnit.objects.get(name="Xã Hồng Phong", parent__name="Huyện Cao Lộc")
    tan_lien = AdminUnit.objects.get(name="Xã Tân Liên")
    csv_text = (
        "Mã xã,Tên xã,Huyện,2.1 Tỷ lệ đường xã (%),15.4,1.1,10 Thu nhập (triệu đồng)\n"
        f'{tan_lien.code},Xã Tân Liên,Huyện Cao Lộc,"85,5%",52.5,Đạt,"45,5"\n'
        ',hong phong,cao loc,100,"50,5",Không đạt,46.25\n'
    )
    source = tmp_path / "so-lieu.csv"
    source.write_text(csv_text, encoding="utf-8")
    # 44: comma, 34: double quote, 76: UTF-8, 1: first line
    converted = libreoffice_convert(source, tmp_path, infilter="CSV:44,34,76,1").read_bytes()
    admin = world["quantri"]
    refused(admin, converted, "so-lieu.xlsx", "hãy chọn kỳ báo cáo")
    batch = commit(admin, converted, "so-lieu.xlsx", period="2023")
    assert batch.kind == "table" and batch.n_changes == 8
    assert batch.scope.name == "Huyện Cao Lộc"  # the smallest unit holding both communes
    assert value_of(tan_lien, "2.1") == ("85,5%", 85.5)
    assert value_of(tan_lien, "15.4") == ("52,5", 52.5)
    assert value_of(tan_lien, "10") == ("45,5", 45.5)
    assert value_of(hong_phong, "2.1") == ("100", 100.0)
    assert value_of(hong_phong, "15.4") == ("50,5", 50.5)
    assert value_of(hong_phong, "1.1") == ("Không đạt", False)
    assert value_of(hong_phong, "10") == ("46,25", 46.25)


# -- layout changes ------------------------------------------------------


def test_extra_blank_rows_and_columns(world, cao_loc, enter):
    communes = list(cao_loc.children.filter(type="xa", in_programme=True).order_by("code")[:2])
    data = make_template(cao_loc)
    wb = open_xlsx(data)
    ws = wb["Số liệu"]
    rows = {c.code: row_of(ws, c.code) for c in communes}
    col_21, col_22 = column_of(ws, "2.1"), column_of(ws, "2.2")
    ws.cell(rows[communes[0].code], col_21).value = "70"
    ws.cell(rows[communes[1].code], col_22).value = "60%"
    ws.insert_rows(8, 3)  # blank rows among the communes
    ws.insert_cols(col_22, 2)  # blank columns among the indicators
    ws.cell(ws.max_row + 5, 1).value = None  # and blank space after the data
    batch = commit(officer_all(cao_loc), save_xlsx(wb))
    assert batch.n_changes == 2
    assert value_of(communes[0], "2.1") == ("70", 70.0)
    assert value_of(communes[1], "2.2") == ("60%", 60.0)


def officer_all(district: AdminUnit):
    from tests.exchange.conftest import officer_for

    return officer_for(district)


def test_merged_header_cells_in_a_plain_table(world, tan_lien):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Bao cao"
    ws["A1"] = "BÁO CÁO KẾT QUẢ XÂY DỰNG NTM NĂM 2023"
    ws.merge_cells("A1:E1")
    ws["C2"] = "Tiêu chí 2. Giao thông"
    ws.merge_cells("C2:D2")
    ws["A3"], ws["B3"], ws["C3"], ws["D3"], ws["E3"] = "Mã xã", "Tên xã", "2.1", "2.2", "1.1"
    ws.merge_cells("A3:A4")  # two-row headers
    ws.merge_cells("B3:B4")
    ws["C4"], ws["D4"], ws["E4"] = "(%)", "(%)", "(Đạt/Không đạt)"
    ws.append([tan_lien.code, "Xã Tân Liên", 90, "95,5", "x"])
    commit(world["tanlien"], save_xlsx(wb), period="2023-Q3")
    assert value_of(tan_lien, "2.1", "2023-Q3") == ("90", 90.0)
    assert value_of(tan_lien, "2.2", "2023-Q3") == ("95,5", 95.5)
    assert value_of(tan_lien, "1.1", "2023-Q3") == ("x", True)


def test_renamed_and_moved_data_sheet_is_found_by_its_content(world, tan_lien):
    def edit(ws):
        ws.title = "Xa Tan Lien"
        ws.parent.move_sheet(ws, offset=1)

    data = fill(make_template(tan_lien), {(tan_lien.code, "2.1"): 75}, edit=edit)
    assert open_xlsx(data).sheetnames[:2] == ["Hướng dẫn", "Xa Tan Lien"]
    preview = import_check(user=world["tanlien"], data=data, filename="doi-ten.xlsx")
    assert preview.data_sheet == "Xa Tan Lien" and len(preview.changes) == 1
    assert any("đã đổi tên" in w.message for w in preview.warnings)


# -- cell contents ------------------------------------------------------


def test_text_in_a_numeric_cell_is_an_error_with_its_cell(world, tan_lien, client):
    data = fill(
        make_template(tan_lien),
        {(tan_lien.code, "2.1"): "khoảng 80", (tan_lien.code, "3.1"): 90},
    )
    ws = open_xlsx(data)["Số liệu"]
    ref = ws.cell(7, column_of(ws, "2.1")).coordinate
    before = db_counts()
    batch = import_upload(user=world["tanlien"], data=data, filename="loi.xlsx")
    text = (
        f"Trang 'Số liệu', ô {ref}: (Xã Tân Liên, chỉ tiêu 2.1) «khoảng 80» không phải là số hợp lệ"
    )
    assert [i.text for i in Preview.from_json(batch.preview).errors] == [text]
    with pytest.raises(ImportRefused, match="1 lỗi"):
        import_commit(user=world["tanlien"], batch=batch)
    after = db_counts()
    assert after["values"] == before["values"] and after["changes"] == before["changes"]
    client.force_login(world["tanlien"])
    page = client.get(f"/du-lieu/nhap/{batch.pk}/").content.decode()
    assert f"Trang &#x27;Số liệu&#x27;, ô {ref}" in page and "không ghi được gì" in page


def test_numbers_stored_as_text_in_both_forms_and_ambiguous_ones(world, tan_lien):
    data = fill(
        make_template(tan_lien),
        {
            (tan_lien.code, "2.1"): "90,05",
            (tan_lien.code, "2.2"): "90.05",
            (tan_lien.code, "10"): "153,888",  # 5.103,888: implausible income, refused
            (tan_lien.code, "17.4"): "1.234",  # 1,234 or 1234? refused
            (tan_lien.code, "3.1"): " 85 % ",
        },
    )
    preview = import_check(user=world["tanlien"], data=data, filename="so.xlsx")
    got = {c.code: c.new_raw for c in preview.changes}
    assert got == {"2.1": "90,05", "2.2": "90.05", "10": "153,888", "3.1": "85 %"}
    (error,) = preview.errors
    assert "chỉ tiêu 17.4" in error.message and "không rõ nghĩa" in error.message


def test_a_date_where_a_number_belongs_is_explained(world, tan_lien):
    data = fill(make_template(tan_lien), {(tan_lien.code, "2.1"): dt.datetime(2023, 4, 15)})
    preview = import_check(user=world["tanlien"], data=data, filename="ngay.xlsx")
    (error,) = preview.errors
    assert "ô chứa ngày 15/04/2023" in error.message and "Excel có thể đã tự đổi" in error.message


def test_prepared_date_in_dd_mm_yyyy(world, tan_lien):
    def edit(ws):
        ws["C2"] = "31/02/2023"

    data = fill(make_template(tan_lien), {(tan_lien.code, "2.1"): 80}, edit=edit)
    preview = import_check(user=world["tanlien"], data=data, filename="ngay.xlsx")
    assert [e.text for e in preview.errors] == [
        "Trang 'Số liệu', ô C2: «31/02/2023» không phải ngày có thật"
    ]

    def edit_ok(ws):
        ws["C2"] = dt.datetime(2023, 4, 15)  # a real date cell

    data = fill(make_template(tan_lien), {(tan_lien.code, "2.1"): 80}, edit=edit_ok)
    assert import_check(user=world["tanlien"], data=data, filename="n.xlsx").prepared_on == dt.date(
        2023, 4, 15
    )


def test_formulas_are_read_as_their_values(world, tan_lien, tmp_path: Path):
    data = fill(make_template(tan_lien), {(tan_lien.code, "2.1"): "=80+5.5"})
    # openpyxl writes the formula without its result: refused, with the remedy
    preview = import_check(user=world["tanlien"], data=data, filename="cong-thuc.xlsx")
    (error,) = preview.errors
    assert "công thức nhưng tệp không lưu kết quả" in error.message
    # once LibreOffice has calculated and saved it, the value imports
    source = tmp_path / "cong-thuc.xlsx"
    source.write_bytes(data)
    (tmp_path / "lo").mkdir()
    converted = libreoffice_convert(source, tmp_path / "lo").read_bytes()
    commit(world["tanlien"], converted)
    assert value_of(tan_lien, "2.1") == ("85,5", 85.5)


def test_numeric_header_that_could_be_two_indicators(world, tan_lien):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Mã xã", 17.1, 2.1])  # 17.1 or 17.10?
    ws.append([tan_lien.code, 50, 60])
    preview = import_check(
        user=world["tanlien"], data=save_xlsx(wb), filename="t.xlsx", period_code="2023"
    )
    assert any("17.1 và 17.10" in e.message for e in preview.errors)
    assert [c.code for c in preview.changes] == ["2.1"]


# -- communes ------------------------------------------------------


def test_communes_by_name_ignoring_diacritics_with_suggestions(world, lang_son):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Tên xã", "Huyện", "2.1"])
    ws.append(["xa tan lien", "", 80])  # folded name
    ws.append(["Hồng Phong", "", 70])  # two communes share the name
    ws.append(["Hồng Phong", "Cao Lộc", 71])  # the district tells them apart
    ws.append(["Tân Lienn", "", 60])  # a typo
    ws.append(["Phường Chi Lăng", "", 60])  # a ward is not in the programme
    preview = import_check(
        user=world["quantri"], data=save_xlsx(wb), filename="t.xlsx", period_code="2023"
    )
    by_row = {e.row: e for e in preview.errors}
    assert {u.name for u in preview.units} == {"Xã Tân Liên", "Xã Hồng Phong"}
    assert "trùng 2 xã" in by_row[3].message and "Huyện Bình Gia" in by_row[3].message
    assert "Ghi mã xã" in by_row[3].message
    assert "có phải: Xã Tân Liên (Huyện Cao Lộc, mã 6244)" in by_row[5].message  # best first
    assert "không thuộc Chương trình" in by_row[6].message
    assert by_row[3].where == "Trang 'Sheet', ô A3"


def test_code_and_name_that_disagree_are_refused(world, tan_lien):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Mã xã", "Tên xã", "2.1"])
    ws.append([tan_lien.code, "Xã Hồng Phong", 80])
    ws.append([9999999, "Xã Tân Liên", 80])
    preview = import_check(
        user=world["quantri"], data=save_xlsx(wb), filename="t.xlsx", period_code="2023"
    )
    messages = [e.message for e in preview.errors]
    assert (
        messages[0]
        == f"mã {tan_lien.code} là Xã Tân Liên nhưng tên ghi «Xã Hồng Phong»; sửa lại mã hoặc tên"
    )
    assert messages[1].startswith(
        "không có xã nào mã «9999999»; tên «Xã Tân Liên» ứng với Xã Tân Liên"
    )
    assert not preview.changes


# -- files that are refused whole ----------------------------------------------------------


def test_files_that_are_not_workbooks_are_refused(world, client):
    user = world["tanlien"]
    refused(user, b"Ma xa,2.1\n6244,80\n", "so-lieu.csv", "không phải là bảng tính Excel.*Tệp CSV")
    refused(user, b"%PDF-1.7 ...", "bao-cao.xlsx", "Đây là tệp PDF")
    refused(user, os.urandom(4096), "ngau-nhien.xlsx", "không phải là bảng tính Excel")
    refused(user, b"", "rong.xlsx", "rỗng")
    docx = io.BytesIO()
    with zipfile.ZipFile(docx, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    refused(user, docx.getvalue(), "van-ban.xlsx", "văn bản Word")
    good = save_xlsx(openpyxl.Workbook())
    refused(user, good[: len(good) // 2], "hong.xlsx", "bị hỏng|Không đọc được")
    # a readable workbook without any commune table
    refused(user, good, "trong.xlsx", "Không tìm thấy trang số liệu", period="2023")
    # the web form says the same, and stores nothing
    client.force_login(user)
    before = db_counts()
    response = client.post("/du-lieu/nhap/", {"tep": _upload(b"%PDF-1.4", "a.pdf")})
    assert response.status_code == 400
    assert "không phải là bảng tính Excel" in response.content.decode()
    assert db_counts() == before


def test_a_20_mb_workbook_is_refused_above_the_limit(world, tan_lien, client):
    wb = open_xlsx(make_template(tan_lien))
    noise = Image.frombytes("RGB", (2700, 2700), os.urandom(2700 * 2700 * 3))
    picture = io.BytesIO()
    noise.save(picture, format="PNG", compress_level=0)
    wb["Hướng dẫn"].add_image(openpyxl.drawing.image.Image(io.BytesIO(picture.getvalue())), "B2")
    data = save_xlsx(wb)
    assert len(data) > 20 * 1024 * 1024
    message = refused(world["tanlien"], data, "anh.xlsx", "vượt giới hạn 10,0 MB")
    assert "Hãy xoá ảnh" in message
    client.force_login(world["tanlien"])
    before = db_counts()
    response = client.post("/du-lieu/nhap/", {"tep": _upload(data, "anh.xlsx")})
    assert response.status_code == 400 and "vượt giới hạn" in response.content.decode()
    assert db_counts() == before


def test_a_sheet_with_data_far_away_is_refused(world, tan_lien):
    def edit(ws):
        ws.cell(25_000, 1).value = "x"

    data = fill(make_template(tan_lien), {}, edit=edit)
    refused(world["tanlien"], data, "xa.xlsx", "vượt giới hạn 20.000 dòng")


def test_an_old_template_version_is_refused(world, tan_lien):
    wb = open_xlsx(make_template(tan_lien))
    wb["_ntm"]["B2"] = "0"
    refused(world["tanlien"], save_xlsx(wb), "cu.xlsx", "phiên bản «0» không còn dùng được")


def _upload(data: bytes, name: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data)


# -- stored previews read in the reader's language ---------------------------------------


def test_a_stored_preview_is_shown_in_the_language_of_its_reader(world, tan_lien, client):
    data = fill(make_template(tan_lien), {(tan_lien.code, "2.1"): dt.datetime(2023, 4, 15)})
    batch = import_upload(user=world["tanlien"], data=data, filename="ngay.xlsx")
    (stored,) = batch.preview["errors"]
    assert stored["msgid"] == "(%(commune)s, chỉ tiêu %(indicator)s) %(problem)s"
    assert stored["message"].startswith("(Xã Tân Liên, chỉ tiêu 2.1) ô chứa ngày 15/04/2023")
    (error,) = Preview.from_json(batch.preview).errors
    with translation.override("en"):
        assert error.text.startswith("Sheet 'Số liệu', cell ")
        assert "(Xã Tân Liên, indicator 2.1) the cell holds the date 15/04/2023" in error.message
    assert error.message == stored["message"]


def test_previews_stored_before_messages_were_translatable_still_read(world, tan_lien):
    data = fill(make_template(tan_lien), {(tan_lien.code, "2.1"): "khoảng 80"})
    batch = import_upload(user=world["tanlien"], data=data, filename="cu.xlsx")
    old = dict(batch.preview)
    old["errors"] = [
        {"sheet": "Số liệu", "row": 7, "col": 5, "message": "(Xã Tân Liên, chỉ tiêu 2.1) lỗi cũ"}
    ]
    (error,) = Preview.from_json(old).errors
    with translation.override("en"):
        assert error.message == "(Xã Tân Liên, chỉ tiêu 2.1) lỗi cũ"
        assert error.where == "Sheet 'Số liệu', cell E7"
