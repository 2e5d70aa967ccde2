"""Sessions end after NTM_SESSION_IDLE_MINUTES without a request and
NTM_SESSION_MAX_HOURS after the login; the login page says so."""

from __future__ import annotations

import time

import pytest
from django.test import Client

from ntm.accounts.middleware import SEEN, STARTED
from ntm.demo.accounts import DEMO_PASSWORD

pytestmark = pytest.mark.django_db

PAGE = "/don-vi/?q=x"


def logged_in() -> Client:
    client = Client()
    response = client.post("/dang-nhap/", {"username": "tanlien", "password": DEMO_PASSWORD})
    assert response.status_code == 302
    assert client.get(PAGE).status_code == 200
    return client


def shift(client: Client, key: str, seconds_ago: int) -> None:
    session = client.session
    session[key] = int(time.time()) - seconds_ago
    session.save()


def test_defaults(settings):
    assert settings.NTM_SESSION_IDLE_MINUTES == 60
    assert settings.NTM_SESSION_MAX_HOURS == 12
    assert settings.SESSION_COOKIE_AGE == 12 * 3600


def test_activity_within_the_idle_limit_keeps_the_session(demo_users):
    client = logged_in()
    shift(client, SEEN, 59 * 60)
    assert client.get(PAGE).status_code == 200
    assert int(time.time()) - client.session[SEEN] < 5  # the clock started again


def test_an_idle_session_ends_and_the_login_page_says_so(demo_users):
    client = logged_in()
    shift(client, SEEN, 61 * 60)
    response = client.get(PAGE)
    assert response.status_code == 302
    assert response["Location"] == "/dang-nhap/?next=%2Fdon-vi%2F%3Fq%3Dx&phien=het-phien"
    assert "_auth_user_id" not in client.session
    page = client.get(response["Location"]).content.decode()
    assert "Phiên làm việc đã kết thúc do lâu không thao tác" in page
    again = client.get(PAGE)  # logged out for good, no "ended" note any more
    assert again["Location"] == "/dang-nhap/?next=/don-vi/%3Fq%3Dx"


def test_a_session_ends_after_the_longest_time_even_when_active(demo_users):
    client = logged_in()
    shift(client, STARTED, 12 * 3600 + 60)
    assert client.get(PAGE).status_code == 302
    assert "_auth_user_id" not in client.session


def test_an_htmx_request_of_an_ended_session_reloads_the_whole_page(demo_users):
    client = logged_in()
    shift(client, SEEN, 61 * 60)
    response = client.get(PAGE, headers={"HX-Request": "true"})
    assert response["HX-Redirect"].startswith("/dang-nhap/?next=")


def test_the_idle_limit_is_a_setting(demo_users, settings):
    settings.NTM_SESSION_IDLE_MINUTES = 5
    client = logged_in()
    shift(client, SEEN, 6 * 60)
    assert client.get(PAGE).status_code == 302


def test_the_last_seen_time_is_not_written_on_every_request(demo_users):
    client = logged_in()
    first = client.session[SEEN]
    shift(client, SEEN, 10)
    assert client.get(PAGE).status_code == 200
    assert client.session[SEEN] <= first
