"""Server-rendered pages through Django's test client: what each role sees."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from ntm.units.models import AdminUnit, UnitFlagChange

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_anonymous_user_is_sent_to_login(lang_son):
    response = Client().get(reverse("home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_login_page_lists_demo_accounts_in_demo_mode(demo_users, settings):
    settings.NTM_DEMO = True
    html = Client().get(reverse("login")).content.decode()
    assert "quantri" in html and "tanlien" in html and "langson2023" in html
    settings.NTM_DEMO = False
    html = Client().get(reverse("login")).content.decode()
    assert "langson2023" not in html


def test_home_shows_province_districts_and_commune_counts(
    demo_users, django_assert_max_num_queries
):
    client = client_for(demo_users["lanhdao"])
    with django_assert_max_num_queries(10):
        response = client.get(reverse("home"))
    html = response.content.decode()
    assert "Tỉnh Lạng Sơn" in html
    assert html.count('data-testid="programme-') == 12  # 11 districts + total
    assert 'data-testid="programme-total">181<' in html
    assert "Huyện Đình Lập" in html


def test_menu_depends_on_role(demo_users):
    html = client_for(demo_users["tanlien"]).get(reverse("home")).content.decode()
    assert "Đơn vị hành chính" in html
    assert "Cán bộ cấp xã" in html


def test_unit_pages_walk_province_district_commune(demo_users):
    client = client_for(demo_users["caoloc"])
    province = client.get(reverse("units:detail", args=[AdminUnit.objects.get(type="tinh").code]))
    assert "Huyện Cao Lộc" in province.content.decode()
    cao_loc = AdminUnit.objects.get(name="Huyện Cao Lộc")
    district = client.get(reverse("units:detail", args=[cao_loc.code])).content.decode()
    assert "Xã Tân Liên" in district and "Thị trấn Đồng Đăng" in district
    tan_lien = cao_loc.children.get(name="Xã Tân Liên")
    commune = client.get(reverse("units:detail", args=[tan_lien.code])).content.decode()
    assert "Huyện Cao Lộc" in commune  # breadcrumb
    assert client.get(reverse("units:detail", args=["khong-co"])).status_code == 404


def test_search_page_and_htmx_fragment(demo_users):
    client = client_for(demo_users["tanlien"])
    page = client.get(reverse("units:browse"), {"q": "dong dang"}).content.decode()
    assert "Thị trấn Đồng Đăng" in page and "<html" in page
    fragment = client.get(
        reverse("units:browse"), {"q": "dong dang"}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "Thị trấn Đồng Đăng" in fragment and "<html" not in fragment


def test_only_province_admin_edits_flags_and_it_is_audited(demo_users):
    commune = AdminUnit.objects.filter(type="xa", border=False).first()
    url = reverse("units:edit_flags", args=[commune.code])
    data = {"border": "on", "reason": "QĐ thử nghiệm số 1/QĐ-UBND"}
    for username in ("vpdp", "caoloc", "tanlien", "lanhdao", "soxaydung"):
        assert client_for(demo_users[username]).post(url, data).status_code == 403
    commune.refresh_from_db()
    assert commune.border is False

    admin = client_for(demo_users["quantri"])
    assert admin.post(url, {"border": "on", "reason": ""}).status_code == 302
    commune.refresh_from_db()
    assert commune.border is False, "a change without a reason is refused"

    admin.post(url, data)
    commune.refresh_from_db()
    assert commune.border is True
    change = UnitFlagChange.objects.get(unit=commune)
    assert (change.field, change.old_value, change.new_value) == ("border", "0", "1")
    assert change.changed_by == demo_users["quantri"]
    assert change.reason == "QĐ thử nghiệm số 1/QĐ-UBND"
    page = admin.get(reverse("units:detail", args=[commune.code])).content.decode()
    assert "QĐ thử nghiệm số 1/QĐ-UBND" in page


def test_english_translation_is_available(demo_users):
    client = client_for(demo_users["lanhdao"])
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get(reverse("home")).content.decode()
    assert "Administrative units" in html
    assert "Đơn vị hành chính" not in html
