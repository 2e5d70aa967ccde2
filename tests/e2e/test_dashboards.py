"""A leader reads the dashboards in a real browser: a criterion count and the
average, another period, a district, a commune's scorecard, and an .xlsx
download opened with openpyxl."""

from __future__ import annotations

import re

import openpyxl
import pytest
from playwright.sync_api import expect

from ntm.core.numbers_vi import format_number_vi
from tests.monitoring.test_dashboards_world import A3, CRITERIA, build_dash_world

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(criteria_db, demo_users):
    return build_dash_world(demo_users)


def test_leader_reads_dashboards_and_downloads_a_table(
    world, page, login_as, live_server, tmp_path
):
    login_as("lanhdao")
    menu = page.get_by_role("navigation", name="Điều hướng chính")
    menu.get_by_role("link", name="Tổng hợp").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Tổng hợp kết quả xây dựng nông thôn mới · Tỉnh Lạng Sơn"
    )
    # the latest period with approved reports opens first
    period = page.get_by_label("Kỳ báo cáo")
    expect(period).to_have_value("2023")
    latest = world.expected("2023")
    expect(page.get_by_test_id("criterion-count-1")).to_have_text(f"{latest.criterion('1')}/181")
    expect(page.get_by_test_id("avg-criteria")).to_have_text(format_number_vi(latest.avg, 2))

    period.select_option("2022")
    expect(page).to_have_url(re.compile(r"ky=2022"))
    before = world.expected("2022")
    expect(page.get_by_test_id("criterion-count-2")).to_have_text("3/181")
    expect(page.get_by_test_id("criterion-share-2")).to_have_text("1,66%")
    expect(page.get_by_test_id("avg-criteria")).to_have_text("14,29")
    assert format_number_vi(before.avg, 2) == "14,29"
    # the charts are drawn from the local ECharts, each beside its table
    expect(page.locator('[data-chart="chart-criteria"]')).to_have_attribute("data-chart-ready", "1")
    expect(page.locator('[data-chart="chart-criteria"] svg')).to_have_count(1)

    with page.expect_download() as download_info:
        page.get_by_test_id("xlsx-tieu-chi").click()
    download = download_info.value
    assert download.suggested_filename == "ntm-tieu-chi-tinh-lang-son-2022.xlsx"
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    sheet = openpyxl.load_workbook(saved).active
    assert [c.value for c in sheet[2]][2:] == [
        "Số xã đạt (xã)",
        "Tổng số xã (xã)",
        "Tỷ lệ (%)",
        "Số xã có số liệu (xã)",
        "Số xã chưa có số liệu (xã)",
    ]
    counts = {r[0]: r[2] for r in sheet.iter_rows(min_row=3, max_row=21, values_only=True)}
    assert counts == {c: before.criterion(c) for c in CRITERIA}

    page.get_by_role("link", name="Huyện Cao Lộc").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Huyện Cao Lộc")
    expect(page.get_by_test_id("avg-criteria")).to_have_text("14,50")
    expect(page.get_by_test_id(f"commune-met-{A3}")).to_have_text("17")
    queue = page.get_by_role("heading", name=re.compile("Báo cáo chờ huyện thẩm định"))
    expect(queue).to_have_text("Báo cáo chờ huyện thẩm định (1)")

    page.get_by_test_id(f"commune-{A3}").get_by_role("link", name="Xã Thanh Lòa").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Xã Thanh Lòa")
    expect(page.get_by_test_id("scorecard-met")).to_have_text("17/19")
    expect(page.get_by_test_id("next-missing")).to_have_text("2, 17")
    expect(page.get_by_test_id("indicator-2.1")).to_contain_text("2.1: 10% < 50%")


def test_dashboard_fits_a_phone(world, page, login_as, live_server):
    page.set_viewport_size({"width": 390, "height": 844})
    login_as("caoloc")
    page.goto(f"{live_server.url}/theo-doi/tong-hop/?ky=2022")
    expect(page.get_by_test_id("avg-criteria")).to_have_text("14,29")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390  # wide tables scroll inside their own box, not the page
