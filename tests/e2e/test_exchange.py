"""The Excel exchange in a real browser: download the template, fill it (as
Excel would, with openpyxl), upload it, read the preview, commit."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _fill(template: bytes, unit_code: str, cells: dict[str, object]) -> bytes:
    wb = openpyxl.load_workbook(io.BytesIO(template))
    ws = wb["Số liệu"]
    row = next(c.row for c in ws["A"] if c.value == unit_code)
    columns = {c.value: c.column for c in ws[4]}
    for code, value in cells.items():
        ws.cell(row, columns[code]).value = value
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_download_fill_upload_preview_commit(
    criteria_db, demo_users, page, login_as, tmp_path: Path
):
    from ntm.monitoring.models import Evaluation, IndicatorValue
    from ntm.units.models import AdminUnit

    tan_lien = AdminUnit.objects.get(name="Xã Tân Liên")
    login_as("tanlien")
    page.get_by_role("link", name="Excel").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Excel: biểu mẫu, nhập và xuất số liệu"
    )
    page.get_by_label("Phạm vi").first.select_option(label="Xã Tân Liên")
    page.locator("#bm-ky").select_option(label="Năm 2023")
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Tải biểu mẫu (.xlsx)").click()
    download = download_info.value
    assert download.suggested_filename == "Biểu mẫu NTM - Xã Tân Liên - 2023.xlsx"
    template = Path(download.path()).read_bytes()

    filled = tmp_path / "tan-lien-2023.xlsx"
    filled.write_bytes(_fill(template, tan_lien.code, {"3.1": 85.5, "1.1": "Đạt", "15.4": "45%"}))
    page.get_by_label("Tệp Excel", exact=True).set_input_files(str(filled))
    page.get_by_role("button", name="Tải lên và xem trước").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Xem trước tệp «tan-lien-2023.xlsx»")
    expect(page.get_by_test_id("count-changes")).to_have_text("3 thay đổi")
    expect(page.get_by_test_id("count-errors")).to_have_text("0 lỗi")
    expect(page.get_by_test_id("batch-period")).to_have_text("Năm 2023")
    change = page.get_by_test_id(f"change-{tan_lien.code}-3.1")
    expect(change).to_contain_text("85,5")
    expect(change).to_contain_text("đạt")
    expect(page.get_by_test_id(f"change-{tan_lien.code}-15.4")).to_contain_text("không đạt")
    assert not IndicatorValue.objects.exists()  # nothing written before confirming

    page.get_by_role("button", name="Ghi 3 thay đổi vào hệ thống").click()
    expect(page.get_by_role("alert").first).to_contain_text(
        "Đã ghi 3 giá trị của 1 xã, kỳ Năm 2023."
    )
    expect(page.get_by_test_id("batch-status")).to_have_attribute("data-status", "committed")
    expect(page.get_by_role("button", name="Ghi 3 thay đổi vào hệ thống")).to_have_count(0)
    values = dict(IndicatorValue.objects.values_list("indicator__code", "raw_text"))
    assert values == {"3.1": "85,5", "1.1": "Đạt", "15.4": "45%"}
    verdicts = Evaluation.objects.get(
        report__unit=tan_lien, criteria_set__code="xa-ntm-2021-2025"
    ).verdicts
    assert (verdicts["3.1"], verdicts["15.4"]) == (1, 0)

    page.get_by_role("link", name="Excel", exact=True).first.click()
    expect(page.get_by_test_id("batches")).to_contain_text("tan-lien-2023.xlsx")
    expect(page.get_by_test_id("batches")).to_contain_text("Đã ghi vào hệ thống")


def test_errors_are_shown_by_cell_and_block_the_commit(
    criteria_db, demo_users, page, login_as, tmp_path: Path
):
    from ntm.exchange.selectors import template_data
    from ntm.exchange.template_writer import template_workbook
    from ntm.units.models import AdminUnit

    tan_lien = AdminUnit.objects.get(name="Xã Tân Liên")
    template = template_workbook(template_data(tan_lien, "2023"))
    bad = tmp_path / "loi.xlsx"
    bad.write_bytes(_fill(template, tan_lien.code, {"2.1": "tám mươi", "3.1": 90}))
    login_as("tanlien")
    page.goto(page.url.rstrip("/") + "/du-lieu/")
    page.get_by_label("Tệp Excel", exact=True).set_input_files(str(bad))
    page.get_by_role("button", name="Tải lên và xem trước").click()
    expect(page.get_by_test_id("count-errors")).to_have_text("1 lỗi")
    error = page.get_by_test_id("error")
    expect(error).to_contain_text("Trang 'Số liệu', ô G7")
    expect(error).to_contain_text("«tám mươi» không phải là số hợp lệ")
    expect(page.get_by_test_id("not-committable")).to_be_visible()
    expect(page.get_by_role("button", name="Ghi 1 thay đổi vào hệ thống")).to_have_count(0)

    text_file = tmp_path / "ghi-chu.txt"
    text_file.write_text("không phải bảng tính", encoding="utf-8")
    page.goto(page.url.split("/du-lieu/")[0] + "/du-lieu/")
    page.get_by_label("Tệp Excel", exact=True).set_input_files(str(text_file))
    page.get_by_role("button", name="Tải lên và xem trước").click()
    expect(page.get_by_test_id("upload-error")).to_contain_text("không phải là bảng tính Excel")
    expect(page.get_by_test_id("upload-error")).to_contain_text("Không có gì được ghi.")
