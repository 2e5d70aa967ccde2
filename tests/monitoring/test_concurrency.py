"""Saves and workflow steps sent at the same moment (two communes, two
people on one value, a double click): no server error, no lost write.
On SQLite this needs the write lock taken at the start of each transaction
with a busy timeout (config/base.py); the suite runs these on PostgreSQL too."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ntm.accounts.models import Role, RoleAssignment, User
from ntm.monitoring.models import IndicatorValue, Report, ReportEvent, ReportStatus, ValueChange
from ntm.monitoring.services import period_get_or_create, report_get_or_create
from ntm.units.models import AdminUnit
from tests.concurrency import assert_no_server_error, client_for, post_at_once

pytestmark = pytest.mark.django_db(transaction=True)
MAIN = "xa-ntm-2021-2025"
PERIOD = "2023"


def open_report(unit: AdminUnit) -> Report:
    return report_get_or_create(unit=unit, period=period_get_or_create(PERIOD))


def officer_of(unit: AdminUnit) -> User:
    user, created = User.objects.get_or_create(username=f"xa-{unit.code}")
    if created:
        RoleAssignment.objects.create(user=user, role=Role.COMMUNE_OFFICER, unit=unit)
    return user


def save_request(user: User, report: Report, code: str, raw: str, version: int = 0):
    url = reverse("monitoring:value_save", args=[report.pk])
    data = {"set": MAIN, "code": code, "raw": raw, "note": "", "version": version}
    return client_for(user), url, data


def stored(report: Report, code: str) -> IndicatorValue | None:
    return IndicatorValue.objects.filter(
        report=report, indicator__criteria_set__code=MAIN, indicator__code=code
    ).first()


def test_communes_saving_at_the_same_moment_all_keep_their_values(monitoring_world, cao_loc):
    communes = list(cao_loc.children.filter(type="xa", in_programme=True).order_by("code")[:6])
    reports = [open_report(unit) for unit in communes]
    requests = [
        save_request(officer_of(unit), report, "2.1", f"{70 + i}")
        for i, (unit, report) in enumerate(zip(communes, reports, strict=True))
    ]
    outcomes = post_at_once(requests)
    assert_no_server_error(outcomes)
    assert all("Đã lưu" in o.body for o in outcomes)
    for i, report in enumerate(reports):
        value = stored(report, "2.1")
        assert value is not None and (value.raw_text, value.version) == (f"{70 + i}", 1)


def test_two_people_saving_one_value_at_once_one_is_told_of_the_conflict(
    monitoring_world, tan_lien
):
    report = open_report(tan_lien)
    outcomes = post_at_once(
        [
            save_request(monitoring_world["tanlien"], report, "2.1", "80"),
            save_request(monitoring_world["quantri"], report, "2.1", "90"),
        ]
    )
    assert_no_server_error(outcomes)
    saved = [o for o in outcomes if "Đã lưu" in o.body]
    refused = [o for o in outcomes if 'data-testid="value-conflict"' in o.body]
    assert (len(saved), len(refused)) == (1, 1)
    winner = "80" if saved[0] is outcomes[0] else "90"
    value = stored(report, "2.1")
    assert value is not None and (value.raw_text, value.version) == (winner, 1)
    assert ValueChange.objects.filter(value=value).count() == 1
    assert f"«{winner}»" in refused[0].body  # the loser is shown the winner's value


def test_the_same_save_sent_twice_at_once_is_written_once(monitoring_world, tan_lien):
    report = open_report(tan_lien)
    officer = monitoring_world["tanlien"]
    outcomes = post_at_once([save_request(officer, report, "2.1", "80")] * 2)
    assert_no_server_error(outcomes)
    value = stored(report, "2.1")
    assert value is not None and (value.raw_text, value.version) == ("80", 1)
    assert ValueChange.objects.filter(value=value).count() == 1


@pytest.mark.parametrize(
    ("step", "start", "username", "to"),
    [
        ("submit", "draft", "tanlien", ReportStatus.SUBMITTED),
        ("appraise", "submitted", "caoloc", ReportStatus.APPRAISED),
        ("approve", "appraised", "vpdp", ReportStatus.APPROVED),
    ],
)
def test_a_double_clicked_workflow_step_moves_the_report_once(
    monitoring_world, fill_report, tan_lien, step, start, username, to
):
    report = fill_report(tan_lien, PERIOD, {"2.1": "80"}, status=start)
    events_before = ReportEvent.objects.filter(report=report).count()
    url = reverse("monitoring:transition", args=[report.pk])
    data = {"name": step, "expected_status": start, "reason": ""}
    user = monitoring_world[username]
    outcomes = post_at_once([(client_for(user), url, data), (client_for(user), url, data)])
    assert_no_server_error(outcomes)
    assert [o.status for o in outcomes] == [302, 302]
    report.refresh_from_db()
    assert report.status == to
    events = ReportEvent.objects.filter(report=report)
    assert events.count() == events_before + 1
    assert events.order_by("-pk").values_list("from_status", "to_status").first() == (start, to)
