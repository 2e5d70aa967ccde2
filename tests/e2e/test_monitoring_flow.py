"""The whole monitoring flow in a real browser: the commune enters values
(verdicts change without a reload), adds evidence and submits; the district
appraises from its queue; the province approves; the province dashboard
counts the commune."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj <</Type /Catalog>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n"


def log_out(page) -> None:
    page.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_url(re.compile(r"/dang-nhap/"))


def open_from_queue(page, unit_code: str, period: str) -> None:
    page.get_by_role("link", name="Thẩm định, phê duyệt").click()
    row = page.get_by_test_id(f"queue-{unit_code}-{period}")
    row.get_by_role("link", name=re.compile("^Xem")).click()


def test_commune_district_and_province_in_a_browser(
    criteria_db, demo_users, page, login_as, live_server, tmp_path
):
    # -- the commune officer enters values ------------------------------------------
    login_as("tanlien")
    page.get_by_role("link", name="Nhập số liệu").click()
    page.get_by_label("Kỳ báo cáo", exact=True).select_option("2023-Q4")
    expect(page).to_have_url(re.compile(r"ky=2023-Q4"))
    page.get_by_test_id("commune-6244").get_by_role("link", name=re.compile("Nhập số liệu")).click()
    # opening the period writes nothing; the button starts the report
    expect(page.get_by_test_id("entry-start")).to_contain_text("Chưa có báo cáo kỳ này.")
    page.get_by_role("button", name="Bắt đầu nhập số liệu").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Xã Tân Liên: số liệu Quý 4/2023")
    expect(page.get_by_test_id("report-status")).to_have_text("Đang nhập")
    main_count = page.get_by_test_id("criteria-met-xa-ntm-2021-2025")
    expect(main_count).to_have_text("0/19")
    page.evaluate("window.stillTheSamePage = true")

    page.get_by_label("Giá trị 1.1", exact=True).select_option("Đạt")
    expect(page.get_by_test_id("verdict-1.1")).to_contain_text("1.1: Đạt (ngưỡng vùng TDMNPB")
    expect(page.get_by_test_id("criterion-1")).to_have_text("Chưa đạt")
    page.get_by_label("Giá trị 1.2", exact=True).select_option("Đạt")
    expect(page.get_by_test_id("criterion-1")).to_have_text("Đạt")
    expect(main_count).to_have_text("1/19")

    # a percent typed the Vietnamese way, then a bad one, then a good one
    field = page.get_by_label("Giá trị 15.4", exact=True)
    field.fill("45,5")
    field.press("Tab")
    expect(page.get_by_test_id("verdict-15.4")).to_contain_text("15.4: 45,5% < 50%")
    expect(page.get_by_test_id("verdict-15.4")).to_contain_text("Không đạt")
    field.fill("130")
    field.press("Tab")
    expect(page.get_by_test_id("value-error")).to_contain_text("tỷ lệ phải từ 0% đến 100%")
    expect(field).to_have_value("130")  # kept for correcting
    expect(page.get_by_test_id("verdict-15.4")).to_contain_text("45,5% < 50%")  # unchanged
    field.fill("52")
    field.press("Tab")
    expect(page.get_by_test_id("verdict-15.4")).to_contain_text("15.4: 52% ≥ 50%")
    page.get_by_label("Ghi chú 15.4", exact=True).fill("Theo số liệu BHXH huyện")
    page.get_by_label("Ghi chú 15.4", exact=True).press("Tab")
    expect(page.get_by_test_id("row-15.4")).to_contain_text("lần 3")

    # evidence, then the history of the value
    pdf = tmp_path / "quy-hoach-xa-tan-lien.pdf"
    pdf.write_bytes(PDF)
    page.get_by_label("Tệp minh chứng 1.1", exact=True).set_input_files(pdf)
    page.get_by_role("button", name="Tải lên minh chứng 1.1", exact=True).click()
    expect(page.get_by_test_id("evidence-1.1")).to_contain_text("quy-hoach-xa-tan-lien.pdf")
    page.get_by_role("button", name="Lịch sử 15.4", exact=True).click()
    history = page.get_by_test_id("history-15.4")
    expect(history).to_contain_text("«45,5» → «52»")
    expect(history).to_contain_text("Lương Văn Hải")
    assert page.evaluate("window.stillTheSamePage") is True  # nothing reloaded the page

    page.get_by_role("button", name="Gửi huyện thẩm định").click()
    expect(page.get_by_role("alert")).to_contain_text("Gửi huyện thẩm định: xong")
    expect(page.get_by_test_id("report-status")).to_have_text("Chờ huyện thẩm định")
    expect(page.get_by_label("Giá trị 1.1", exact=True)).to_have_count(0)
    expect(page.get_by_test_id("value-15.4")).to_have_text("52")
    log_out(page)

    # -- the district appraises ----------------------------------------------------------
    login_as("caoloc")
    open_from_queue(page, "6244", "2023-Q4")
    expect(page.get_by_test_id("report-status")).to_have_text("Chờ huyện thẩm định")
    expect(page.get_by_test_id("evidence-1.1")).to_contain_text("quy-hoach-xa-tan-lien.pdf")
    expect(page.get_by_test_id("criterion-1")).to_have_text("Đạt")
    page.get_by_label("Ý kiến thẩm định (không bắt buộc)").fill("Hồ sơ đầy đủ")
    page.get_by_role("button", name="Thẩm định: chuyển tỉnh phê duyệt").click()
    expect(page.get_by_test_id("report-status")).to_have_text("Huyện đã thẩm định")
    log_out(page)

    # -- the coordination office approves ------------------------------------------------
    login_as("vpdp")
    open_from_queue(page, "6244", "2023-Q4")
    page.get_by_role("button", name="Phê duyệt").click()
    expect(page.get_by_test_id("report-status")).to_have_text("Tỉnh đã phê duyệt")
    events = page.get_by_test_id("report-events")
    expect(events).to_contain_text("Vi Thị Dung")
    expect(events).to_contain_text("Hồ sơ đầy đủ")
    expect(events).to_contain_text("Hoàng Thị Bình")

    # -- the province dashboard counts the commune for criterion 1 ------------------------
    page.goto(f"{live_server.url}/theo-doi/tong-hop/?ky=2023-Q4")
    expect(page.get_by_test_id("criterion-count-1")).to_have_text(re.compile(r"(^|\D)1/181"))
