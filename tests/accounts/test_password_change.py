"""A user changes their own password; a user the administrator marked
"must change password" is sent to that page first."""

from __future__ import annotations

import pytest
from django.test import Client

from ntm.accounts.models import User
from ntm.demo.accounts import DEMO_PASSWORD

pytestmark = pytest.mark.django_db

CHANGE = "/doi-mat-khau/"
NEW = "Lua-chin-vang-2026"


def logged_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_anonymous_is_sent_to_the_login(demo_users):
    response = Client().get(CHANGE)
    assert response.status_code == 302
    assert response["Location"].startswith("/dang-nhap/?next=/doi-mat-khau/")


def test_the_menu_links_to_the_page(demo_users):
    page = logged_in(demo_users["tanlien"]).get("/").content.decode()
    assert f'href="{CHANGE}"' in page and "Đổi mật khẩu" in page


def test_a_user_changes_their_password_and_stays_logged_in(demo_users):
    client = logged_in(demo_users["tanlien"])
    form = {"old_password": DEMO_PASSWORD, "new_password1": NEW, "new_password2": NEW}
    response = client.post(CHANGE, form, follow=True)
    assert response.redirect_chain == [("/", 302)]
    assert "Đã đổi mật khẩu." in response.content.decode()
    assert client.get("/").status_code == 200  # the session follows the new password
    user = User.objects.get(username="tanlien")
    assert user.check_password(NEW) and not user.check_password(DEMO_PASSWORD)
    fresh = Client()
    assert fresh.post("/dang-nhap/", {"username": "tanlien", "password": NEW}).status_code == 302


@pytest.mark.parametrize(
    ("form", "error"),
    [
        (
            {"old_password": "sai", "new_password1": NEW, "new_password2": NEW},
            "Mật khẩu cũ không chính xác",
        ),
        (
            {"old_password": DEMO_PASSWORD, "new_password1": NEW, "new_password2": NEW + "x"},
            "Hai trường mật khẩu không giống nhau",
        ),
        (
            {
                "old_password": DEMO_PASSWORD,
                "new_password1": "12345678",
                "new_password2": "12345678",
            },
            "quá phổ biến",
        ),
    ],
    ids=["wrong-current", "mismatch", "too-common"],
)
def test_a_refused_change_says_why_and_keeps_the_password(demo_users, form, error):
    client = logged_in(demo_users["tanlien"])
    response = client.post(CHANGE, form)
    assert response.status_code == 200
    assert error in response.content.decode()
    assert User.objects.get(username="tanlien").check_password(DEMO_PASSWORD)


def test_must_change_password_sends_the_user_there_first(demo_users):
    User.objects.filter(username="caoloc").update(must_change_password=True)
    client = logged_in(User.objects.get(username="caoloc"))
    response = client.get("/don-vi/")
    assert response.status_code == 302 and response["Location"] == CHANGE
    htmx = client.get("/don-vi/", headers={"HX-Request": "true"})
    assert htmx["HX-Redirect"] == CHANGE
    page = client.get(CHANGE).content.decode()
    assert "Quản trị hệ thống đã đặt lại mật khẩu" in page
    form = {"old_password": DEMO_PASSWORD, "new_password1": NEW, "new_password2": NEW}
    assert client.post(CHANGE, form).status_code == 302
    assert not User.objects.get(username="caoloc").must_change_password
    assert client.get("/don-vi/").status_code == 200
    assert client.post("/dang-xuat/").status_code == 302


def test_the_administrator_sets_a_password_and_forces_a_change(demo_users):
    admin = User.objects.create_superuser("sieuquantri", password="x")
    client = logged_in(admin)
    target = demo_users["lanhdao"]
    page = client.get(f"/quan-tri/accounts/user/{target.pk}/change/").content.decode()
    assert "must_change_password" in page and "../password/" in page
    url = f"/quan-tri/accounts/user/{target.pk}/password/"
    temporary = "Tam-thoi-2026-xyz"
    response = client.post(url, {"password1": temporary, "password2": temporary})
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.check_password(temporary)
