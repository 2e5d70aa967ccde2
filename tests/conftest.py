"""Shared fixtures: real units from the shipped CSV, demo accounts, and a
browser (Playwright driving Debian's Chromium) against the live server."""

from __future__ import annotations

import os
from collections.abc import Callable

import pytest

# Playwright's sync API runs an event loop in the test thread.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "vi-VN", "timezone_id": "Asia/Ho_Chi_Minh"}


@pytest.fixture
def page(page):
    """Playwright's page, failing the test when the browser refused something
    under the Content-Security-Policy (an inline script or handler, a <style>
    element, a resource from elsewhere): the page would have lost behaviour
    without any other sign."""
    refused: list[str] = []

    def listen(message) -> None:
        if "Content Security Policy" in message.text:
            refused.append(f"{page.url}: {message.text}")

    page.on("console", listen)
    yield page
    assert refused == [], "refused by the Content-Security-Policy"


@pytest.fixture(autouse=True)
def _vietnamese_by_default():
    """Every test starts in Vietnamese, the source language: a request in
    English leaves English active in its thread, which would leak into the
    next test that worker runs."""
    from django.utils import translation

    translation.activate("vi")
    yield
    translation.activate("vi")


@pytest.fixture
def lang_son(db):
    """All real units of Lạng Sơn (2023), loaded from the shipped CSV."""
    from ntm.units.management.commands.units import DEFAULT_CSV
    from ntm.units.models import AdminUnit
    from ntm.units.services import units_import

    units_import(path=DEFAULT_CSV)
    return AdminUnit.objects.get(type="tinh")


@pytest.fixture
def tan_lien(lang_son):
    """Xã Tân Liên (Huyện Cao Lộc), the demo commune officer's commune."""
    from ntm.units.models import AdminUnit

    return AdminUnit.objects.get(name="Xã Tân Liên")


@pytest.fixture
def cao_loc(lang_son):
    """Huyện Cao Lộc, the demo district officer's district."""
    from ntm.units.models import AdminUnit

    return AdminUnit.objects.get(name="Huyện Cao Lộc")


@pytest.fixture
def demo_users(lang_son):
    """Demo accounts of every role, keyed by username."""
    from ntm.accounts.models import User
    from ntm.demo.accounts import demo_users_ensure

    demo_users_ensure()
    return {u.username: u for u in User.objects.all()}


@pytest.fixture
def login_as(page, live_server) -> Callable[[str], None]:
    """Log in through the real login form as a demo user."""
    from ntm.demo.accounts import DEMO_PASSWORD

    def login(username: str) -> None:
        page.goto(f"{live_server.url}/dang-nhap/")
        page.get_by_label("Tên đăng nhập").fill(username)
        page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
        page.get_by_role("button", name="Đăng nhập").click()
        page.wait_for_url(f"{live_server.url}/")

    return login


@pytest.fixture
def criteria_db(db):
    """The shipped criteria sets loaded into the database."""
    from ntm.criteria.services import criteria_load

    return criteria_load()
