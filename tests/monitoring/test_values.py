"""Entering values: parsing, permissions, locking, optimistic concurrency, history."""

from __future__ import annotations

import pytest
from django.utils import translation

from ntm.accounts.access import AccessRefused
from ntm.monitoring.models import Evaluation, IndicatorValue, ValueChange
from ntm.monitoring.services import (
    MonitoringError,
    ValueConflict,
    period_get_or_create,
    report_get_or_create,
    value_save,
)
from ntm.units.models import AdminUnit

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(monitoring_world, tan_lien):
    return report_get_or_create(unit=tan_lien, period=period_get_or_create("2023-Q1"))


def save(user, report, code, raw, version, **kw):
    return value_save(
        user=user, report=report, indicator_code=code, raw=raw, expected_version=version, **kw
    )


def test_a_value_is_parsed_versioned_audited_and_judged(monitoring_world, report):
    officer = monitoring_world["tanlien"]
    value = save(officer, report, "15.4", "45,5%", 0, note="Theo BHXH huyện")
    assert (value.raw_text, value.value, value.version) == ("45,5%", 45.5, 1)
    value = save(officer, report, "15.4", "52", 1, reason="Số liệu quý mới")
    assert value.version == 2 and value.value == 52.0
    history = list(
        ValueChange.objects.filter(value=value).values_list(
            "version", "old_raw", "new_raw", "reason", "changed_by__username"
        )
    )
    assert history == [
        (2, "45,5%", "52", "Số liệu quý mới", "tanlien"),
        (1, "", "45,5%", "", "tanlien"),
    ]
    evaluation = Evaluation.objects.get(report=report, criteria_set__code="xa-ntm-2021-2025")
    assert evaluation.verdicts["15.4"] == 1  # met: 52% ≥ 50%


def test_saving_the_same_value_again_changes_nothing(monitoring_world, report):
    officer = monitoring_world["tanlien"]
    save(officer, report, "1.1", "Đạt", 0)
    value = save(officer, report, "1.1", "Đạt", 1)
    assert value.version == 1 and ValueChange.objects.count() == 1


def test_second_writer_is_refused_with_the_first_writers_value(monitoring_world, report):
    officer = monitoring_world["tanlien"]
    save(officer, report, "2.1", "80", 0)
    # two people opened the form at version 1; the first saves
    save(officer, report, "2.1", "85", 1)
    with pytest.raises(ValueConflict) as info:
        save(officer, report, "2.1", "90", 1)
    assert "«85»" in str(info.value) and "Lương Văn Hải" in str(info.value)
    assert info.value.current.raw_text == "85"
    assert IndicatorValue.objects.get(report=report, indicator__code="2.1").raw_text == "85"
    # a new value that someone else created in the meantime is also a conflict
    save(officer, report, "2.2", "70", 0)
    with pytest.raises(ValueConflict):
        save(officer, report, "2.2", "75", 0)


@pytest.mark.parametrize(
    ("code", "raw", "message"),
    [
        ("15.4", "130", "tỷ lệ phải từ 0% đến 100%"),
        ("15.4", "1.234", "1.234"),
        ("1.1", "có lẽ", "không phải là Đạt/Không đạt"),
        ("99.9", "1", "không thuộc bộ tiêu chí"),
    ],
)
def test_bad_values_are_refused_and_nothing_is_saved(monitoring_world, report, code, raw, message):
    with pytest.raises(MonitoringError, match=message):
        save(monitoring_world["tanlien"], report, code, raw, 0)
    assert not IndicatorValue.objects.exists() and not ValueChange.objects.exists()


@pytest.mark.parametrize("username", ["caoloc", "vpdp", "soxaydung", "lanhdao"])
def test_only_the_communes_own_officer_enters_values(monitoring_world, report, username):
    with pytest.raises(AccessRefused):
        save(monitoring_world[username], report, "15.4", "50", 0)
    assert not IndicatorValue.objects.exists()


def test_an_officer_of_another_commune_cannot_enter_values(monitoring_world, fill_report, report):
    other = (
        AdminUnit.objects.filter(type="xa", in_programme=True).exclude(pk=report.unit.pk).first()
    )
    fill_report(other, "2023-Q1", {"15.4": "50"})  # creates that commune's officer
    from ntm.accounts.models import User

    with pytest.raises(AccessRefused):
        save(User.objects.get(username=f"xa-{other.code}"), report, "15.4", "50", 0)


def test_submitted_and_approved_reports_are_locked(monitoring_world, fill_report, tan_lien):
    report = fill_report(tan_lien, "2022", {"15.4": "50"}, status="submitted")
    with pytest.raises(MonitoringError, match="Chờ huyện thẩm định"):
        save(monitoring_world["tanlien"], report, "15.4", "60", 1)
    report = fill_report(tan_lien, "2023-Q2", {"15.4": "50"}, status="approved")
    with pytest.raises(MonitoringError, match="Tỉnh đã phê duyệt"):
        save(monitoring_world["tanlien"], report, "15.4", "60", 1)


def test_wards_and_towns_have_no_commune_report(monitoring_world):
    town = AdminUnit.objects.get(name="Thị trấn Đồng Đăng")
    with pytest.raises(MonitoringError, match="không thuộc Chương trình"):
        report_get_or_create(unit=town, period=period_get_or_create("2022"))


@pytest.mark.parametrize("code", ["2023-Q5", "23", "2023-13", "năm 2023"])
def test_bad_period_codes(code):
    with pytest.raises(MonitoringError, match=r"Kỳ .* không hợp lệ"):
        period_get_or_create(code)


def test_an_english_user_typing_abc_reads_an_english_refusal(monitoring_world, report):
    with translation.override("en"), pytest.raises(MonitoringError) as info:
        save(monitoring_world["tanlien"], report, "2.1", "abc", 0)
    assert str(info.value) == "2.1: «abc» is not a valid number"
