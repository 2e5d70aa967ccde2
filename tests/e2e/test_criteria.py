"""The criteria browser and a threshold revision with its citation, in a browser."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_browse_a_set_and_see_unverified_badges(criteria_db, demo_users, page, login_as):
    login_as("lanhdao")
    page.get_by_role("link", name="Bộ tiêu chí").click()
    page.get_by_role(
        "link", name="Bộ tiêu chí quốc gia về xã nông thôn mới giai đoạn 2021-2025"
    ).click()
    expect(page.get_by_label("Vùng", exact=True)).to_have_value("TDMNPB")
    row = page.get_by_test_id("indicator-15.4")
    expect(page.get_by_test_id("threshold-15.4")).to_have_text("≥ 50%")
    expect(row).not_to_contain_text("chưa xác minh")
    expect(page.get_by_test_id("indicator-1.1")).to_contain_text("chưa xác minh")
    expect(page.get_by_test_id("threshold-2.1")).to_have_text("chưa có ngưỡng")
    # a reader sees no revision button
    expect(page.get_by_role("link", name="Điều chỉnh 2.1")).to_have_count(0)
    page.get_by_label("Năm", exact=True).select_option("2025")
    expect(page).to_have_url(re.compile(r"nam=2025"))
    expect(page.get_by_label("Năm", exact=True)).to_have_value("2025")


def test_office_fills_a_missing_threshold_with_a_citation(
    criteria_db, demo_users, page, login_as, live_server
):
    login_as("vpdp")
    page.goto(f"{live_server.url}/tieu-chi/xa-ntm-2021-2025/?vung=TDMNPB&nam=2023")
    page.get_by_role("link", name="Điều chỉnh 2.1").click()
    page.get_by_label("Ngưỡng mới").fill("100")
    page.get_by_role("button", name="Lưu ngưỡng").click()
    # the citation is required: nothing saved, the form says why
    expect(
        page.get_by_text("This field is required.").or_(page.get_by_text("Trường này là bắt buộc."))
    ).to_have_count(2)
    page.get_by_label("Ngưỡng mới").fill("100")
    page.get_by_label("TDMNPB · Trung du và miền núi phía Bắc").check()
    page.get_by_label("Số văn bản căn cứ").fill("456/QĐ-UBND")
    page.get_by_label("Ngày văn bản").fill("2023-04-15")
    page.get_by_role("button", name="Lưu ngưỡng").click()
    expect(page.get_by_role("alert")).to_contain_text("Đã lưu ngưỡng mới của chỉ tiêu 2.1")
    expect(page.get_by_test_id("threshold-2.1")).to_have_text("≥ 100%")
    row = page.get_by_test_id("indicator-2.1")
    expect(row).to_contain_text("456/QĐ-UBND ngày 15/04/2023")
    row.get_by_text("1 lần điều chỉnh").click()
    expect(row).to_contain_text("Hoàng Thị Bình")
