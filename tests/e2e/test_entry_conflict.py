"""Two people edit the same value in two browsers: the second is told who
saved what, keeps what they typed, and chooses whose value stays."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_second_writer_sees_the_first_writers_value(
    criteria_db, demo_users, page, login_as, live_server, browser, browser_context_args
):
    from ntm.demo.accounts import DEMO_PASSWORD

    entry = f"{live_server.url}/theo-doi/nhap-lieu/6244/2023-Q4/"
    login_as("tanlien")
    page.goto(entry)
    page.get_by_role("button", name="Bắt đầu nhập số liệu").click()
    expect(page.get_by_label("Giá trị 15.4", exact=True)).to_be_visible()
    # the province administrator opens the same form in another browser
    other_context = browser.new_context(**browser_context_args)
    other = other_context.new_page()
    other.goto(f"{live_server.url}/dang-nhap/")
    other.get_by_label("Tên đăng nhập").fill("quantri")
    other.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    other.get_by_role("button", name="Đăng nhập").click()
    other.wait_for_url(f"{live_server.url}/")
    other.goto(entry)

    mine = page.get_by_label("Giá trị 15.4", exact=True)
    mine.fill("60")
    mine.press("Tab")
    expect(page.get_by_test_id("verdict-15.4")).to_contain_text("60% ≥ 50%")

    theirs = other.get_by_label("Giá trị 15.4", exact=True)
    theirs.fill("40")
    theirs.press("Tab")
    conflict = other.get_by_test_id("value-conflict")
    expect(conflict).to_contain_text("người khác đã lưu giá trị «60»")
    expect(conflict).to_contain_text("Lương Văn Hải")
    expect(theirs).to_have_value("40")  # what they typed is still there
    expect(other.get_by_test_id("verdict-15.4")).to_contain_text("Thiếu số liệu")  # unsaved

    # the administrator keeps their own value on purpose
    other.get_by_role("button", name="Ghi đè bằng giá trị của tôi").click()
    expect(other.get_by_test_id("verdict-15.4")).to_contain_text("40% < 50%")

    # now the commune officer's page is the stale one; they take the stored value
    mine.fill("65")
    mine.press("Tab")
    expect(page.get_by_test_id("value-conflict")).to_contain_text("«40»")
    expect(page.get_by_test_id("value-conflict")).to_contain_text("Nguyễn Văn An")
    page.get_by_role("button", name="Dùng giá trị của họ").click()
    expect(mine).to_have_value("40")
    expect(page.get_by_test_id("verdict-15.4")).to_contain_text("40% < 50%")
    # and the row works again from the new version
    mine.fill("55")
    mine.press("Tab")
    expect(page.get_by_test_id("verdict-15.4")).to_contain_text("55% ≥ 50%")
    other_context.close()
