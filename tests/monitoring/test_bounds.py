"""Bounds on every write path: the entry form (refusal outside the domain,
confirmation outside the plausible range, kept in the history), the Excel
import (refused, with how to confirm), the set-based writer and the
threshold revision (same domain; a stored extreme cannot break a page)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from ntm.criteria.models import ThresholdRevision
from ntm.criteria.services import CriteriaError, threshold_revise
from ntm.exchange.services import import_check
from ntm.exchange.writes import ValueWrite, values_write
from ntm.monitoring.models import IndicatorValue, Report, ValueChange
from ntm.monitoring.services import (
    ImplausibleValue,
    period_get_or_create,
    report_get_or_create,
    value_save,
)
from tests.exchange.conftest import fill, make_template

pytestmark = pytest.mark.django_db
MAIN = "xa-ntm-2021-2025"


@pytest.fixture
def report(monitoring_world, tan_lien) -> Report:
    return report_get_or_create(unit=tan_lien, period=period_get_or_create("2023"))


@pytest.fixture
def officer(monitoring_world) -> Client:
    client = Client()
    client.force_login(monitoring_world["tanlien"])
    return client


def save(client: Client, report: Report, code: str, raw: str, version: int = 0, **extra):
    data = {"set": MAIN, "code": code, "raw": raw, "note": "", "version": version, **extra}
    return client.post(
        reverse("monitoring:value_save", args=[report.pk]), data, HTTP_HX_REQUEST="true"
    )


def stored(report: Report, code: str) -> IndicatorValue | None:
    return IndicatorValue.objects.filter(report=report, indicator__code=code).first()


@pytest.mark.parametrize(
    ("code", "raw", "message"),
    [
        ("10", "1" * 29, "quá lớn: phần nguyên có tối đa 12 chữ số"),
        ("2.1", "1" * 29, "quá lớn"),
        ("10", "9" * 150, "quá dài: một giá trị có tối đa 40 ký tự"),
        ("10", "1e999", "không phải là số hợp lệ"),
        ("10", "NaN", "không phải là số hợp lệ"),
        ("10", "Infinity", "không phải là số hợp lệ"),
        ("10", "45,1234567", "tối đa 6 chữ số sau dấu phẩy"),
        ("10", "-45", "không được âm"),
        ("2.1", "100,5", "từ 0% đến 100%"),
    ],
)
def test_the_form_refuses_what_is_outside_the_domain(officer, report, code, raw, message):
    response = save(officer, report, code, raw)
    assert response.status_code < 500
    page = response.content.decode()
    assert message in page and 'data-testid="value-error"' in page
    assert stored(report, code) is None


def test_an_unusual_value_needs_the_confirmation_which_the_history_keeps(officer, report):
    response = save(officer, report, "10", "1.000.000")
    page = response.content.decode()
    assert 'data-testid="value-implausible"' in page
    assert "ngoài khoảng thường gặp (10 - 200 triệu đồng/người/năm)" in page
    assert "Xác nhận giá trị bất thường" in page and '"confirm": "1"' in page
    assert stored(report, "10") is None  # nothing saved before the confirmation

    response = save(officer, report, "10", "1.000.000", confirm="1")
    assert 'data-testid="value-saved"' in response.content.decode()
    value = stored(report, "10")
    assert value is not None and value.value == 1_000_000
    change = ValueChange.objects.get(value=value)
    assert change.implausible_confirmed

    # A note added later does not ask again; the history shows the confirmation.
    response = save(officer, report, "10", "1.000.000", version=1, note="Theo thống kê")
    assert 'data-testid="value-saved"' in response.content.decode()
    assert not ValueChange.objects.get(value=value, version=2).implausible_confirmed
    history = officer.get(
        reverse("monitoring:value_history", args=[report.pk]), {"set": MAIN, "code": "10"}
    ).content.decode()
    assert history.count('data-testid="implausible-confirmed"') == 1


def test_a_usual_value_needs_no_confirmation(officer, report):
    response = save(officer, report, "10", "45,5")
    assert 'data-testid="value-saved"' in response.content.decode()
    assert not ValueChange.objects.get(value=stored(report, "10")).implausible_confirmed


def test_minus_zero_is_stored_as_zero(officer, report):
    save(officer, report, "2.1", "-0")
    value = stored(report, "2.1")
    assert value is not None and value.value == 0
    assert IndicatorValue.objects.filter(pk=value.pk, value=0.0).exists()
    value.refresh_from_db()
    assert str(value.value) == "0.0"


def test_the_service_refuses_an_unconfirmed_unusual_value(monitoring_world, report):
    with pytest.raises(ImplausibleValue, match="Giá trị chưa được lưu"):
        value_save(
            user=monitoring_world["tanlien"],
            report=report,
            indicator_code="10",
            raw="5",
            expected_version=0,
        )
    assert stored(report, "10") is None


def test_the_import_refuses_unusual_and_huge_values_and_says_how_to_confirm(
    monitoring_world, tan_lien
):
    data = fill(
        make_template(tan_lien),
        {
            (tan_lien.code, "10"): "1.000.000",  # implausible
            (tan_lien.code, "2.1"): "1" * 29,  # text beyond the storage limits
            (tan_lien.code, "2.2"): 1e300,  # a number cell
            (tan_lien.code, "2.3"): "-0",
        },
    )
    preview = import_check(user=monitoring_world["tanlien"], data=data, filename="x.xlsx")
    errors = {e.message.split(")")[0].split()[-1]: e.message for e in preview.errors}
    assert set(errors) == {"10", "2.1", "2.2"}
    assert "ngoài khoảng thường gặp" in errors["10"]
    assert "trang nhập liệu của xã và bấm «Xác nhận giá trị bất thường»" in errors["10"]
    assert "quá lớn" in errors["2.1"] and "quá lớn" in errors["2.2"]
    assert [(c.code, c.new_raw) for c in preview.changes] == [("2.3", "-0")]
    assert not preview.committable


def test_the_set_based_writer_refuses_unusual_values_too(monitoring_world, tan_lien):
    period = period_get_or_create("2023")
    with pytest.raises(ImplausibleValue, match="ngoài khoảng thường gặp"):
        values_write(
            user=monitoring_world["tanlien"],
            period=period,
            set_code=MAIN,
            writes=[ValueWrite(tan_lien.pk, "10", "5000", 0)],
        )
    assert not IndicatorValue.objects.exists()


@pytest.mark.parametrize(
    ("code", "raw", "message"),
    [
        ("10", "1" * 29, "quá lớn"),
        ("10", "1e999", "không phải là số hợp lệ"),
        ("2.1", "-0,5", "không được âm"),
        ("2.1", "1" * 50, "quá dài"),
    ],
)
def test_a_threshold_revision_keeps_to_the_domain(monitoring_world, code, raw, message):
    with pytest.raises(CriteriaError, match=message):
        threshold_revise(
            user=monitoring_world["vpdp"],
            set_code=MAIN,
            indicator_code=code,
            raw_value=raw,
            classes=None,
            years=None,
            document_number="1/QĐ-UBND",
            document_date=dt.date(2023, 1, 1),
        )
    assert not ThresholdRevision.objects.exists()


def test_the_revision_form_shows_the_refusal(monitoring_world):
    client = Client()
    client.force_login(monitoring_world["vpdp"])
    url = reverse("criteria:revise", args=[MAIN, "10"])
    response = client.post(
        url,
        {"value": "1" * 29, "document_number": "1/QĐ-UBND", "document_date": "2023-01-01"},
    )
    assert response.status_code == 200
    assert "quá lớn: phần nguyên có tối đa 12 chữ số" in response.content.decode()
    assert not ThresholdRevision.objects.exists()
    response = client.post(
        url, {"value": "60", "document_number": "1/QĐ-UBND", "document_date": "2023-01-01"}
    )
    assert response.status_code == 302 and ThresholdRevision.objects.count() == 1


def test_a_stored_extreme_revision_does_not_break_the_pages(monitoring_world, fill_report):
    """Written past threshold_revise (an older release, a hand edit): the
    catalogue leaves it out, the pages stay up and the valid revision holds."""
    from ntm.criteria.models import Indicator
    from ntm.criteria.selectors import criteria_catalog

    threshold_revise(
        user=monitoring_world["vpdp"],
        set_code=MAIN,
        indicator_code="10",
        raw_value="60",
        classes=None,
        years=None,
        document_number="1/QĐ-UBND",
        document_date=dt.date(2023, 1, 1),
    )
    indicator = Indicator.objects.get(criteria_set__code=MAIN, code="10")
    ThresholdRevision.objects.create(
        criteria_set=indicator.criteria_set,
        indicator=indicator,
        value=10**30,
        document_number="2/QĐ-UBND",
        document_date=dt.date(2023, 2, 1),
    )
    assert criteria_catalog().get(MAIN).threshold("10", "TDMNPB", 2023).value == 60
    client = Client()
    client.force_login(monitoring_world["lanhdao"])
    tan_lien = monitoring_world["tanlien"].roles.first().unit
    fill_report(tan_lien, "2023", {"10": "45"}, status="approved")
    for url in (
        reverse("criteria:detail", args=[MAIN]),
        reverse("monitoring:scorecard", args=[tan_lien.code]) + "?ky=2023",
        reverse("monitoring:dashboard") + "?ky=2023",
    ):
        assert client.get(url).status_code == 200, url
