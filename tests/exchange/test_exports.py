"""Exports of a period's dataset (.xlsx, CSV, JSON) and of every list the
exchange pages show, re-opened and read back."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import openpyxl
import pytest
from django.core.management import call_command
from django.utils import translation

from ntm.core.criteria_model import ValueType
from ntm.criteria.selectors import criteria_catalog
from ntm.exchange import template_writer
from ntm.exchange.exports import unit_label
from ntm.exchange.services import import_check, import_upload
from tests.exchange.conftest import fill, make_template, save_xlsx

pytestmark = pytest.mark.django_db


@pytest.fixture
def figures(world, cao_loc, tan_lien, enter):
    """Tân Liên approved; a neighbour still a draft."""
    neighbour = (
        cao_loc.children.filter(type="xa", in_programme=True)
        .exclude(pk=tan_lien.pk)
        .order_by("code")
        .first()
    )
    enter(
        tan_lien,
        "2023",
        {"2.1": "85,5%", "3.1": "82", "1.1": "Đạt", "10": "45,2", "9.1": "Có"},
        status="approved",
    )
    enter(neighbour, "2023", {"2.1": "60"})
    return tan_lien, neighbour


def _header_col(ws, prefix: str, row: int = 3) -> int:
    for cell in ws[row]:
        if str(cell.value or "").startswith(prefix):
            return cell.column
    raise KeyError(prefix)


def _row(ws, code: str) -> int:
    return next(c.row for c in ws["A"] if c.value == code)


def test_dataset_xlsx_keeps_numbers_with_formats_and_units_in_headers(
    world, client, lang_son, figures
):
    tan_lien, neighbour = figures
    client.force_login(world["vpdp"])
    response = client.get(
        "/du-lieu/xuat/", {"don_vi": lang_son.code, "ky": "2023", "dinh_dang": "xlsx"}
    )
    assert response.status_code == 200
    wb = openpyxl.load_workbook(io.BytesIO(response.content))
    assert wb.sheetnames == ["Số liệu", "Đánh giá", "Chỉ tiêu"]
    ws = wb["Số liệu"]
    assert ws["A1"].value == "SỐ LIỆU CHỈ TIÊU NÔNG THÔN MỚI · Tỉnh Lạng Sơn · Năm 2023"
    assert ws.max_row == 3 + 181
    col_21 = _header_col(ws, "2.1 ")
    assert ws.cell(3, col_21).value.endswith("(%)")
    col_10 = _header_col(ws, "10 ")
    assert ws.cell(3, col_10).value.endswith("(triệu đồng/người/năm)")
    row = _row(ws, tan_lien.code)
    cell = ws.cell(row, col_21)
    assert (cell.value, cell.number_format) == (85.5, "0.00")
    assert (ws.cell(row, col_10).value, ws.cell(row, col_10).number_format) == (45.2, "#,##0.00")
    assert ws.cell(row, _header_col(ws, "1.1 ")).value == "Đạt"
    assert ws.cell(row, _header_col(ws, "9.1 ")).value == "Có"
    assert ws.cell(row, 4).value == "Tỉnh đã phê duyệt"
    assert isinstance(ws.cell(row, 5).value, int)  # criteria met
    assert ws.cell(_row(ws, neighbour.code), col_21).value == 60
    ev = wb["Đánh giá"]
    assert (
        ev.cell(_row(ev, tan_lien.code), _header_col(ev, "3. ")).value == "Không đạt"
    )  # 3.2 missing
    ind = wb["Chỉ tiêu"]
    row_31 = next(c.row for c in ind["B"] if c.value == "3.1")
    assert ind.cell(row_31, 6).value == "≥ 80%"


def test_dataset_csv_and_json(world, client, lang_son, figures):
    tan_lien, _ = figures
    client.force_login(world["vpdp"])
    response = client.get(
        "/du-lieu/xuat/", {"don_vi": lang_son.code, "ky": "2023", "dinh_dang": "csv"}
    )
    body = b"".join(response.streaming_content)
    assert body.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    header, line = rows[0], next(r for r in rows if r[0] == tan_lien.code)
    assert header[:4] == ["Mã xã", "Tên xã", "Huyện", "Trạng thái báo cáo"]
    assert line[header.index(next(h for h in header if h.startswith("2.1 ")))] == "85,5"
    assert line[header.index(next(h for h in header if h.startswith("10 ")))] == "45,2"
    assert len(rows) == 182

    data = json.loads(
        client.get(
            "/du-lieu/xuat/", {"don_vi": lang_son.code, "ky": "2023", "dinh_dang": "json"}
        ).content
    )
    assert data["schema"] == "ntm.dataset/1"
    assert data["period"] == {
        "code": "2023",
        "kind": "nam",
        "year": 2023,
        "start": "2023-01-01",
        "end": "2023-12-31",
        "label": "Năm 2023",
    }
    main = next(s for s in data["sets"] if s["main"])
    ind_31 = next(i for i in main["indicators"] if i["code"] == "3.1")
    assert ind_31["thresholds"]["TDMNPB"]["shown"] == "≥ 80%" and ind_31["value_type"] == "percent"
    unit = next(u for u in data["units"] if u["code"] == tan_lien.code)
    assert unit["district"]["name"] == "Huyện Cao Lộc" and unit["region"] == "TDMNPB"
    values = {(v["set"], v["code"]): v for v in unit["report"]["values"]}
    assert values[("xa-ntm-2021-2025", "2.1")] == {
        "set": "xa-ntm-2021-2025",
        "code": "2.1",
        "raw": "85,5%",
        "value": 85.5,
        "version": 1,
    }
    evaluation = next(e for e in unit["report"]["evaluations"] if e["set"] == "xa-ntm-2021-2025")
    assert evaluation["verdicts"]["3.1"] == "met" and evaluation["criteria"]["1"] is False


def test_people_without_draft_rights_get_approved_reports_only(world, client, lang_son, figures):
    tan_lien, neighbour = figures
    client.force_login(world["soxaydung"])  # a department: drafts only of its criteria
    data = json.loads(
        client.get(
            "/du-lieu/xuat/", {"don_vi": lang_son.code, "ky": "2023", "dinh_dang": "json"}
        ).content
    )
    assert data["approved_only"] is True
    by_code = {u["code"]: u for u in data["units"]}
    assert by_code[tan_lien.code]["report"]["status"] == "approved"
    assert by_code[neighbour.code]["report"] is None


def test_cli_export_and_the_xlsx_export_reimports_as_a_table(
    world, tmp_path: Path, lang_son, cao_loc, figures, capsys
):
    _, neighbour = figures
    out = tmp_path / "du-lieu.xlsx"
    call_command(
        "data",
        "export",
        "--period",
        "2023",
        "--format",
        "xlsx",
        "--out",
        str(out),
        "--unit",
        cao_loc.code,
    )
    assert "Huyện Cao Lộc, Năm 2023" in capsys.readouterr().out
    for fmt in ("csv", "json"):
        call_command(
            "data",
            "export",
            "--period",
            "2023",
            "--format",
            fmt,
            "--out",
            str(tmp_path / f"d.{fmt}"),
        )
    assert (
        json.loads((tmp_path / "d.json").read_text(encoding="utf-8"))["scope"]["code"]
        == lang_son.code
    )
    wb = openpyxl.load_workbook(out)
    ws = wb["Số liệu"]
    ws.cell(_row(ws, neighbour.code), _header_col(ws, "2.1 ")).value = 65  # a draft
    preview = import_check(
        user=world["quantri"], data=save_xlsx(wb), filename="du-lieu.xlsx", period_code="2023"
    )
    assert not preview.errors and not preview.warnings  # approved Tân Liên is unchanged: fine
    assert [(c.code, c.old_raw, c.new_raw) for c in preview.changes] == [("2.1", "60", "65")]


def test_preview_and_history_lists_as_xlsx(world, client, tan_lien):
    officer = world["tanlien"]
    data = fill(
        make_template(tan_lien), {(tan_lien.code, "2.1"): "80", (tan_lien.code, "3.1"): "abc"}
    )
    batch = import_upload(user=officer, data=data, filename="a.xlsx")
    client.force_login(officer)
    changes = openpyxl.load_workbook(
        io.BytesIO(client.get(f"/du-lieu/nhap/{batch.pk}/xlsx/").content)
    ).active
    assert [c.value for c in changes[2]][:5] == ["Mã xã", "Tên xã", "Huyện", "Ô", "Mã chỉ tiêu"]
    assert [c.value for c in changes[3]][3:8] == ["G7", "2.1", changes.cell(3, 6).value, None, "80"]
    issues = openpyxl.load_workbook(
        io.BytesIO(client.get(f"/du-lieu/nhap/{batch.pk}/xlsx/?bang=loi").content)
    ).active
    assert issues.cell(3, 1).value == "Lỗi" and issues.cell(3, 2).value == "Số liệu"
    assert "«abc» không phải là số hợp lệ" in issues.cell(3, 4).value
    history = openpyxl.load_workbook(io.BytesIO(client.get("/du-lieu/lich-su.xlsx").content)).active
    assert history.cell(3, 4).value == "a.xlsx" and history.cell(3, 10).value == "Chờ xác nhận"


def test_one_unit_label_for_exports_and_templates_translated(world):
    cset = criteria_catalog().get("xa-ntm-2021-2025")
    by_type = {m.value_type: m for m in cset.iter_measures()}
    boolean, percent = by_type[ValueType.BOOLEAN], by_type[ValueType.PERCENT]
    assert (unit_label(boolean), unit_label(percent)) == ("Đạt/Không đạt", "%")
    with translation.override("en"):
        assert unit_label(boolean) == "Met/Not met"
    assert template_writer.unit_label is unit_label  # the template writes the same label
