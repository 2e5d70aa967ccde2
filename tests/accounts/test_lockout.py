"""Login throttling (django-axes): NTM_LOGIN_FAILURE_LIMIT wrong passwords for
one username from one address lock that pair out, even for the right password,
until the cool-off passes or an administrator resets it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.core.management import call_command
from django.test import Client, override_settings
from django.utils import timezone

from ntm.demo.accounts import DEMO_PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = "/dang-nhap/"
LOCKED = "Tài khoản tạm khoá do nhập sai mật khẩu nhiều lần; thử lại sau 15 phút"


def attempt(client: Client, password: str, username: str = "tanlien", **extra: str):
    return client.post(LOGIN, {"username": username, "password": password}, **extra)


def fail_times(client: Client, times: int, **extra: str) -> None:
    for _ in range(times):
        response = attempt(client, "sai-mat-khau", **extra)
        assert response.status_code in {200, 429}


def test_the_right_password_is_refused_while_locked(demo_users, settings):
    assert settings.NTM_LOGIN_FAILURE_LIMIT == 5
    client = Client()
    fail_times(client, 4)
    assert attempt(client, "sai-mat-khau").status_code == 429  # the fifth locks
    refused = attempt(client, DEMO_PASSWORD)
    assert refused.status_code == 429
    assert LOCKED in refused.content.decode()
    assert "_auth_user_id" not in client.session
    assert client.get("/").status_code == 302  # still anonymous
    stored = AccessAttempt.objects.get()
    assert stored.username == "tanlien" and stored.failures_since_start == 6
    assert "sai-mat-khau" not in stored.post_data and DEMO_PASSWORD not in stored.post_data


def test_fewer_failures_than_the_limit_do_not_lock_and_a_success_resets(demo_users):
    client = Client()
    fail_times(client, 4)
    assert attempt(client, DEMO_PASSWORD).status_code == 302
    client.logout()
    fail_times(client, 4)  # the count started again after the success
    assert attempt(client, DEMO_PASSWORD).status_code == 302


def test_the_lock_is_per_username_and_address(demo_users):
    fail_times(Client(), 5)
    assert attempt(Client(), DEMO_PASSWORD, username="caoloc").status_code == 302
    other_address = Client(REMOTE_ADDR="10.0.0.9")
    assert attempt(other_address, DEMO_PASSWORD).status_code == 302
    assert attempt(Client(), DEMO_PASSWORD).status_code == 429


def test_the_administrators_reset_unlocks(demo_users):
    fail_times(Client(), 5)
    assert attempt(Client(), DEMO_PASSWORD).status_code == 429
    call_command("axes_reset_username", "tanlien", verbosity=0)
    assert attempt(Client(), DEMO_PASSWORD).status_code == 302
    fail_times(Client(), 5)
    call_command("axes_reset", verbosity=0)
    assert AccessAttempt.objects.count() == 0
    assert attempt(Client(), DEMO_PASSWORD).status_code == 302


def test_the_lock_ends_after_the_cool_off(demo_users):
    fail_times(Client(), 5)
    assert attempt(Client(), DEMO_PASSWORD).status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    assert attempt(Client(), DEMO_PASSWORD).status_code == 302


@override_settings(NTM_LOGIN_FAILURE_LIMIT=2, AXES_FAILURE_LIMIT=2)
def test_the_limit_is_a_setting(demo_users):
    fail_times(Client(), 2)
    assert attempt(Client(), DEMO_PASSWORD).status_code == 429


def test_the_lockout_page_is_in_english_too(demo_users):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.cookies["django_language"] = "en"
    fail_times(client, 5)
    page = attempt(client, DEMO_PASSWORD).content.decode()
    assert "too many wrong passwords" in page
    assert "15 minutes" in page


@override_settings(NTM_CLIENT_IP_HEADER="X-Forwarded-For")
def test_behind_a_proxy_the_client_address_comes_from_the_header(demo_users):
    """Every request arrives from the proxy (one REMOTE_ADDR); the lock follows
    the address the proxy appended, not earlier entries a client could forge."""
    proxy = {"REMOTE_ADDR": "127.0.0.1"}
    attacker = Client(**proxy, HTTP_X_FORWARDED_FOR="203.0.113.7")
    fail_times(attacker, 5)
    assert AccessAttempt.objects.get().ip_address == "203.0.113.7"
    colleague = Client(**proxy, HTTP_X_FORWARDED_FOR="198.51.100.20")
    assert attempt(colleague, DEMO_PASSWORD).status_code == 302
    forged = Client(**proxy, HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.7")
    assert attempt(forged, DEMO_PASSWORD).status_code == 429
    garbage = Client(**proxy, HTTP_X_FORWARDED_FOR="not-an-address")
    fail_times(garbage, 1)
    assert AccessAttempt.objects.filter(ip_address="127.0.0.1").exists()
