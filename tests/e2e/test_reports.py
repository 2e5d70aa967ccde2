"""A district officer asks for the district's report in a real browser,
waits for it, and downloads the Word and PDF files, which open as documents."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from ntm.reports.models import GeneratedDocument
from ntm.units.models import AdminUnit
from tests.monitoring.test_dashboards_world import A1, A3, Plan, build_report, officer_for
from tests.reports.helpers import all_text, open_docx, pdf_text

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def approved_2022(users) -> None:
    from ntm.monitoring.services import period_get_or_create, report_get_or_create

    for code, fails in ((A1, frozenset()), (A3, frozenset({"2", "17"}))):
        build_report(
            Plan(code, "2022", "approved", fails),
            officer_for(AdminUnit.objects.get(code=code)),
            users["quantri"],
            period_get_or_create,
            report_get_or_create,
        )


def test_district_officer_requests_and_downloads_a_report(
    criteria_db, demo_users, page, login_as, tmp_path
):
    approved_2022(demo_users)
    login_as("caoloc")
    page.get_by_role("link", name="Báo cáo").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Báo cáo, văn bản")
    kind = page.get_by_label("Loại văn bản")
    kind.select_option("xa")
    expect(page.get_by_label("Xã", exact=True)).to_be_visible()  # the form follows the kind
    kind.select_option("huyen")
    expect(page.get_by_label("Huyện, thành phố")).to_have_value("183")
    page.get_by_label("Kỳ báo cáo").select_option("2022")
    page.get_by_label("Người ký").fill("Nông Văn Sơn")
    expect(page.get_by_label("Tạo cả bản PDF")).to_be_checked()
    page.get_by_role("button", name="Tạo văn bản").click()

    expect(page.get_by_role("alert")).to_contain_text("Đã nhận yêu cầu")
    document = GeneratedDocument.objects.get()
    row = page.get_by_test_id(f"document-{document.pk}")
    expect(row).to_have_attribute("data-status", "done", timeout=120_000)
    expect(row).to_contain_text("Báo cáo kết quả xây dựng nông thôn mới Huyện Cao Lộc, năm 2022")
    expect(row).to_contain_text("Vi Thị Dung")

    with page.expect_download() as word:
        row.get_by_role("link", name=re.compile("^Word")).click()
    assert word.value.suggested_filename.startswith("bao-cao-huyen-cao-loc-2022")
    path = tmp_path / "bao-cao.docx"
    word.value.save_as(path)
    text = all_text(open_docx(path.read_bytes()))
    assert "HUYỆN CAO LỘC" in text
    assert "Nông Văn Sơn" in text
    assert "Cao Lộc, ngày" in text

    with page.expect_download() as pdf:
        row.get_by_role("link", name=re.compile("^PDF")).click()
    assert pdf.value.suggested_filename.endswith(".pdf")
    path = tmp_path / "bao-cao.pdf"
    pdf.value.save_as(path)
    pdf_words = " ".join(pdf_text(path.read_bytes()).split())
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in pdf_words
    assert "trên địa bàn huyện Cao Lộc năm 2022" in pdf_words
