"""Dashboards without figures: no approved report yet, unknown periods,
years without a commune set, who may open the pages. (Kept apart from
test_dashboards.py, whose crafted world lives for a whole module.)"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from ntm.monitoring.dashboards import DashboardError, dashboard_build
from ntm.monitoring.models import Period
from ntm.units.models import AdminUnit

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def province():
    return AdminUnit.objects.get(type="tinh")


def test_no_approved_report_anywhere(monitoring_world):
    dash = dashboard_build(province())
    assert dash.period is None and dash.total.communes == 181 and dash.criteria == []
    html = client_for(monitoring_world["lanhdao"]).get(reverse("monitoring:dashboard"))
    assert html.status_code == 200
    assert "Chưa có báo cáo nào của các xã được tỉnh phê duyệt" in html.content.decode()


@pytest.mark.parametrize(
    ("ky", "message"),
    [("20x2", "Kỳ «20x2» không hợp lệ"), ("2019", "Chưa có kỳ báo cáo «2019»")],
)
def test_unknown_period_is_a_clear_error(monitoring_world, ky, message):
    with pytest.raises(DashboardError, match=message):
        dashboard_build(province(), ky)
    response = client_for(monitoring_world["lanhdao"]).get(
        reverse("monitoring:dashboard"), {"ky": ky}
    )
    assert response.status_code == 404
    assert message in response.content.decode()


def test_a_period_of_a_year_without_commune_set(monitoring_world):
    Period.objects.create(code="2020", kind="nam", year=2020, start="2020-01-01", end="2020-12-31")
    with pytest.raises(DashboardError, match="Không có bộ tiêu chí xã nào áp dụng cho năm 2020"):
        dashboard_build(province(), "2020")


def test_access_needs_a_role(monitoring_world, lang_son):
    from ntm.accounts.models import User

    nobody = User.objects.create_user("khach", password="x")
    response = client_for(nobody).get(reverse("monitoring:dashboard"))
    assert response.status_code == 403
    anonymous = Client().get(reverse("monitoring:dashboard"))
    assert anonymous.status_code == 302
    unknown = client_for(monitoring_world["lanhdao"]).get(
        reverse("monitoring:district_dashboard", args=["6244"])
    )
    assert unknown.status_code == 404  # a commune is not a district


def test_every_role_has_the_menu_entry(monitoring_world):
    for username in ("quantri", "vpdp", "soxaydung", "caoloc", "tanlien", "lanhdao"):
        html = client_for(monitoring_world[username]).get(reverse("home")).content.decode()
        assert f'href="{reverse("monitoring:dashboard")}"' in html, username
        assert "Tổng hợp" in html
