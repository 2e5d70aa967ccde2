"""An unusual value in the entry form: the row warns and saves nothing until
the person confirms; the history says it was confirmed. A value outside the
domain is refused with the bound."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_an_unusual_income_is_saved_only_once_confirmed(
    criteria_db, demo_users, tan_lien, page, login_as, live_server
):
    from ntm.monitoring.models import IndicatorValue, ValueChange
    from ntm.monitoring.services import period_get_or_create, report_get_or_create

    report_get_or_create(unit=tan_lien, period=period_get_or_create("2023"))
    login_as("tanlien")
    page.goto(f"{live_server.url}/theo-doi/nhap-lieu/{tan_lien.code}/2023/")

    income = page.get_by_label("Giá trị 10", exact=True)
    income.fill("1" * 29)
    income.press("Tab")
    expect(page.get_by_test_id("value-error")).to_contain_text("phần nguyên có tối đa 12 chữ số")

    income.fill("1.000.000")
    income.press("Tab")
    warning = page.get_by_test_id("value-implausible")
    expect(warning).to_contain_text("ngoài khoảng thường gặp (10 - 200 triệu đồng/người/năm)")
    assert not IndicatorValue.objects.filter(indicator__code="10").exists()

    page.get_by_role("button", name="Xác nhận giá trị bất thường").click()
    expect(page.get_by_test_id("value-saved")).to_be_visible()
    expect(income).to_have_value("1.000.000")
    value = IndicatorValue.objects.get(indicator__code="10", report__unit=tan_lien)
    assert value.value == 1_000_000
    assert ValueChange.objects.get(value=value).implausible_confirmed

    # a usual value afterwards is saved at once
    income.fill("45,5")
    income.press("Tab")
    expect(page.get_by_test_id("value-saved")).to_contain_text("lần 2")
