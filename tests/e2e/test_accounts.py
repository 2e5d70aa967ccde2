"""Accounts in a real browser: changing one's password from the menu on a
phone, the lockout after repeated wrong passwords, the note after an idle
session ended; every page under the Content-Security-Policy."""

from __future__ import annotations

import time

import pytest
from playwright.sync_api import expect

from ntm.demo.accounts import DEMO_PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

NEW = "Lua-chin-vang-2026"


def submit_login(page, live_server, username: str, password: str) -> None:
    page.goto(f"{live_server.url}/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()


def test_a_user_changes_the_password_from_the_menu_on_a_phone(
    demo_users, page, login_as, live_server
):
    page.set_viewport_size({"width": 375, "height": 740})
    login_as("tanlien")
    page.get_by_role("button", name="Mở menu").click()
    change = page.get_by_role("link", name="Đổi mật khẩu")
    expect(change).to_be_visible()  # the menu has finished opening
    change.click()
    page.wait_for_url(f"{live_server.url}/doi-mat-khau/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Đổi mật khẩu")
    page.get_by_label("Mật khẩu cũ").fill(DEMO_PASSWORD)
    page.get_by_label("Mật khẩu mới", exact=True).fill(NEW)
    page.get_by_label("Xác nhận mật khẩu mới").fill(NEW)
    page.get_by_role("button", name="Đổi mật khẩu").click()
    expect(page.get_by_role("alert")).to_contain_text("Đã đổi mật khẩu.")
    page.get_by_role("button", name="Mở menu").click()
    page.get_by_role("button", name="Đăng xuất").click()
    submit_login(page, live_server, "tanlien", NEW)
    page.wait_for_url(f"{live_server.url}/")
    expect(page.get_by_test_id("current-user")).to_contain_text("Lương Văn Hải")


def test_wrong_passwords_lock_the_account_even_for_the_right_one(demo_users, page, live_server):
    for _ in range(5):
        submit_login(page, live_server, "caoloc", "sai-mat-khau")
    submit_login(page, live_server, "caoloc", DEMO_PASSWORD)
    expect(page.get_by_test_id("login-locked")).to_have_text(
        "Tài khoản tạm khoá do nhập sai mật khẩu nhiều lần; thử lại sau 15 phút "
        "hoặc liên hệ quản trị."
    )
    expect(page.get_by_test_id("current-user")).to_have_count(0)


def test_an_idle_session_ends_on_the_login_page_with_a_note(
    demo_users, page, login_as, live_server
):
    from django.contrib.sessions.models import Session

    from ntm.accounts.middleware import SEEN

    login_as("caoloc")
    for stored in Session.objects.all():
        data = stored.get_decoded()
        data[SEEN] = int(time.time()) - 61 * 60
        stored.session_data = Session.objects.encode(data)
        stored.save()
    page.get_by_role("link", name="Đơn vị hành chính").click()
    expect(page.get_by_test_id("session-ended")).to_contain_text(
        "Phiên làm việc đã kết thúc do lâu không thao tác"
    )
    page.get_by_label("Tên đăng nhập").fill("caoloc")
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Đơn vị hành chính")


def test_the_administrator_resets_a_password_and_the_user_must_change_it(
    demo_users, page, live_server
):
    """Also the Django admin's pages under the Content-Security-Policy."""
    from ntm.accounts.models import User

    User.objects.create_superuser("sieuquantri", password=DEMO_PASSWORD)
    target = User.objects.get(username="lanhdao")
    submit_login(page, live_server, "sieuquantri", DEMO_PASSWORD)
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/quan-tri/accounts/user/{target.pk}/password/")
    page.locator("#id_password1").fill("Tam-thoi-2026-xyz")
    page.locator("#id_password2").fill("Tam-thoi-2026-xyz")
    page.locator("input[type=submit]").first.click()
    page.locator("#id_must_change_password").check()
    page.locator("input[name=_save]").click()
    expect(page.locator(".messagelist")).to_be_visible()
    page.goto(f"{live_server.url}/quan-tri/axes/accessattempt/")
    expect(page.locator("#content")).to_be_visible()

    page.context.clear_cookies()
    submit_login(page, live_server, "lanhdao", "Tam-thoi-2026-xyz")
    page.wait_for_url(f"{live_server.url}/doi-mat-khau/")
    expect(page.get_by_role("alert")).to_contain_text("Quản trị hệ thống đã đặt lại mật khẩu")
    page.get_by_label("Mật khẩu cũ").fill("Tam-thoi-2026-xyz")
    page.get_by_label("Mật khẩu mới", exact=True).fill(NEW)
    page.get_by_label("Xác nhận mật khẩu mới").fill(NEW)
    page.get_by_role("button", name="Đổi mật khẩu").click()
    page.wait_for_url(f"{live_server.url}/")
    expect(page.get_by_test_id("current-user")).to_contain_text("Đoàn Thị Hoa")
