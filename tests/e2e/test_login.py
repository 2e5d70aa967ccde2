"""A real browser logs in as each demo role and sees its home page."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from ntm.demo.accounts import DEMO_USERS

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("demo", DEMO_USERS, ids=lambda d: d.username)
def test_each_role_logs_in_and_sees_home(demo, demo_users, page, login_as):
    login_as(demo.username)
    expect(page.get_by_test_id("current-user")).to_contain_text(demo.full_name)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Chương trình MTQG xây dựng nông thôn mới"
    )
    expect(page.get_by_test_id("programme-total")).to_have_text("181")
    expect(page.get_by_role("navigation", name="Điều hướng chính")).to_contain_text(
        "Đơn vị hành chính"
    )
    expect(page.get_by_test_id("home-scope")).to_be_visible()


def test_wrong_password_shows_a_vietnamese_error(demo_users, page, live_server):
    page.goto(f"{live_server.url}/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill("tanlien")
    page.get_by_label("Mật khẩu").fill("sai-mat-khau")
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("alert")).to_contain_text("không đúng")


def test_search_ignores_diacritics_as_you_type(demo_users, page, login_as, live_server):
    login_as("tanlien")
    page.get_by_role("link", name="Đơn vị hành chính").click()
    page.get_by_label("Tìm theo tên hoặc mã").fill("dong dang")
    results = page.get_by_test_id("search-results")
    expect(results).to_contain_text("Thị trấn Đồng Đăng")
    results.get_by_role("link", name="Thị trấn Đồng Đăng").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thị trấn Đồng Đăng")


def test_phone_width_menu_opens(demo_users, page, login_as):
    page.set_viewport_size({"width": 375, "height": 740})
    login_as("caoloc")
    menu_link = page.get_by_role("link", name="Đơn vị hành chính")
    expect(menu_link).to_be_hidden()
    page.get_by_role("button", name="Mở menu").click()
    expect(menu_link).to_be_visible()


def test_province_admin_edits_a_flag_in_the_browser(demo_users, page, login_as, live_server):
    from ntm.units.models import AdminUnit

    commune = AdminUnit.objects.filter(type="xa", border=False).order_by("code").first()
    login_as("quantri")
    page.goto(f"{live_server.url}/don-vi/{commune.code}/")
    page.get_by_label("Xã/huyện biên giới").check()
    page.get_by_label("Căn cứ, lý do").fill("Rà soát theo văn bản số 12/UBND")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_role("alert")).to_contain_text("Đã lưu 1 thay đổi")
    expect(page.get_by_test_id("unit-flags")).to_contain_text("biên giới")
    expect(page.get_by_text("Rà soát theo văn bản số 12/UBND")).to_be_visible()
