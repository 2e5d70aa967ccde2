"""The 500 answer: the full page for a browser, a short fragment for htmx
(shown next to the field by htmx-errors.js), saying nothing was saved."""

from __future__ import annotations

import pytest
from django.test import RequestFactory
from django.urls import get_resolver
from django.utils import translation

from ntm.web.server_error import server_error


def test_an_htmx_request_gets_a_short_fragment():
    response = server_error(RequestFactory().post("/", HTTP_HX_REQUEST="true"))
    body = response.content.decode()
    assert response.status_code == 500
    assert "Chưa lưu — lỗi máy chủ, vui lòng thử lại." in body
    assert "<html" not in body and len(body) < 300


def test_a_page_request_gets_the_full_error_page():
    response = server_error(RequestFactory().get("/"))
    body = response.content.decode()
    assert response.status_code == 500 and "<html" in body and "Lỗi hệ thống" in body


@pytest.mark.parametrize("language", ["en"])
def test_the_fragment_is_translated(language):
    with translation.override(language):
        body = server_error(RequestFactory().post("/", HTTP_HX_REQUEST="true")).content.decode()
    assert "Not saved — server error, please try again." in body


def test_the_url_configuration_uses_it():
    assert get_resolver().resolve_error_handler(500) is server_error


@pytest.mark.django_db
def test_the_base_template_gives_the_script_its_translated_messages(client, django_user_model):
    client.force_login(django_user_model.objects.create(username="nguoi-dung"))
    page = client.get("/").content.decode()
    assert 'data-htmx-error-server="Chưa lưu — lỗi máy chủ, vui lòng thử lại."' in page
    assert "data-htmx-error-offline=" in page and "/static/web/htmx-errors.js" in page
