"""A save that fails is shown as not saved, and what was typed stays in the
field: a server error (the request answered 500) and no connection at all."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
SAVE = re.compile(r"/theo-doi/bao-cao/\d+/gia-tri/$")


@pytest.fixture
def entry_page(criteria_db, demo_users, tan_lien, page, login_as, live_server):
    login_as("tanlien")
    page.goto(f"{live_server.url}/theo-doi/nhap-lieu/{tan_lien.code}/2023/")
    page.get_by_role("button", name="Bắt đầu nhập số liệu").click()
    expect(page.get_by_label("Giá trị 15.4", exact=True)).to_be_visible()
    return page


def test_a_save_answered_500_says_not_saved_and_keeps_the_value(entry_page):
    from ntm.monitoring.models import IndicatorValue

    page = entry_page
    page.route(SAVE, lambda route: route.fulfill(status=500, body="<h1>Server Error</h1>"))
    field = page.get_by_label("Giá trị 15.4", exact=True)
    field.fill("62")
    field.press("Tab")
    error = page.get_by_test_id("htmx-error")
    expect(error).to_have_text("Chưa lưu — lỗi máy chủ, vui lòng thử lại.")
    expect(field).to_have_value("62")
    assert not IndicatorValue.objects.filter(indicator__code="15.4").exists()
    # the server is back: the same value saves, and the message goes away
    page.unroute(SAVE)
    field.fill("63")
    field.press("Tab")
    expect(page.get_by_test_id("verdict-15.4")).to_contain_text("63% ≥ 50%")
    expect(error).to_have_count(0)


def test_a_save_without_connection_says_so_and_keeps_the_value(entry_page):
    page = entry_page
    page.route(SAVE, lambda route: route.abort("internetdisconnected"))
    field = page.get_by_label("Giá trị 15.4", exact=True)
    field.fill("70")
    field.press("Tab")
    expect(page.get_by_test_id("htmx-error")).to_contain_text(
        "Chưa lưu — không kết nối được máy chủ"
    )
    expect(field).to_have_value("70")


def test_a_refusal_shows_the_servers_text(entry_page, demo_users):
    """The officer's role is withdrawn while the form is open: the 403 the
    server answers is shown with its text."""
    page = entry_page
    demo_users["tanlien"].roles.all().delete()
    field = page.get_by_label("Giá trị 15.4", exact=True)
    field.fill("71")
    field.press("Tab")
    expect(page.get_by_test_id("htmx-error")).to_have_text(
        "Bạn không được nhập số liệu của Xã Tân Liên."
    )
    expect(field).to_have_value("71")
