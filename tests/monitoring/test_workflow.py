"""Submit → appraise → approve, returns and reopening: transitions, rights, events."""

from __future__ import annotations

import pytest

from ntm.accounts.access import AccessRefused
from ntm.monitoring.models import ReportEvent, ReportStatus
from ntm.monitoring.services import (
    MonitoringError,
    report_transition,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(fill_report, tan_lien):
    return fill_report(tan_lien, "2023-Q1", {"15.4": "50", "1.1": "Đạt"})


def move(users, username, report, name, **kw):
    return report_transition(user=users[username], report=report, name=name, **kw)


def test_the_whole_path_with_events(monitoring_world, draft):
    u = monitoring_world
    report = move(u, "tanlien", draft, "submit")
    assert report.status == ReportStatus.SUBMITTED
    report = move(u, "caoloc", report, "appraise", reason="Đã kiểm tra hồ sơ")
    assert report.status == ReportStatus.APPRAISED
    report = move(u, "vpdp", report, "approve")
    assert report.status == ReportStatus.APPROVED
    report = move(u, "quantri", report, "reopen", reason="Sai số liệu 15.4")
    assert report.status == ReportStatus.DRAFT
    events = list(
        ReportEvent.objects.filter(report=draft).values_list(
            "from_status", "to_status", "actor__username", "reason"
        )
    )
    assert events == [
        ("draft", "submitted", "tanlien", ""),
        ("submitted", "appraised", "caoloc", "Đã kiểm tra hồ sơ"),
        ("appraised", "approved", "vpdp", ""),
        ("approved", "draft", "quantri", "Sai số liệu 15.4"),
    ]


def test_returns_need_a_reason_and_reopen_editing(monitoring_world, draft):
    u = monitoring_world
    report = move(u, "tanlien", draft, "submit")
    with pytest.raises(MonitoringError, match="Cần ghi lý do"):
        move(u, "caoloc", report, "return_by_district")
    report = move(u, "caoloc", report, "return_by_district", reason="Thiếu minh chứng 15.4")
    assert report.status == ReportStatus.RETURNED and report.editable
    report = move(u, "tanlien", report, "submit")
    report = move(u, "caoloc", report, "appraise")
    report = move(u, "vpdp", report, "return_by_province", reason="Đối chiếu lại")
    assert report.status == ReportStatus.RETURNED


@pytest.mark.parametrize(
    ("name", "wrong_users"),
    [
        ("submit", ["caoloc", "vpdp", "lanhdao", "soxaydung"]),
        ("appraise", ["tanlien", "lanhdao", "soxaydung"]),
        ("approve", ["tanlien", "caoloc", "lanhdao", "soxaydung"]),
        ("reopen", ["tanlien", "caoloc", "vpdp", "lanhdao"]),
    ],
)
def test_each_step_is_refused_to_the_wrong_roles(
    monitoring_world, fill_report, tan_lien, name, wrong_users
):
    before = {
        "submit": "draft",
        "appraise": "submitted",
        "approve": "appraised",
        "reopen": "approved",
    }[name]
    report = fill_report(tan_lien, "2022", {"15.4": "50"}, status=before)
    for username in wrong_users:
        with pytest.raises(AccessRefused):
            move(monitoring_world, username, report, name, reason="x")
    report.refresh_from_db()
    assert report.status == before


def test_a_district_officer_of_another_district_cannot_appraise(monitoring_world, fill_report):
    from ntm.accounts.models import Role, RoleAssignment, User
    from ntm.units.models import AdminUnit

    dinh_lap = AdminUnit.objects.get(name="Huyện Đình Lập")
    outsider = User.objects.create_user("dinhlap")
    RoleAssignment.objects.create(user=outsider, role=Role.DISTRICT_OFFICER, unit=dinh_lap)
    report = fill_report(
        AdminUnit.objects.get(name="Xã Tân Liên"), "2022", {"15.4": "50"}, status="submitted"
    )
    with pytest.raises(AccessRefused):
        report_transition(user=outsider, report=report, name="appraise")


def test_steps_out_of_order_are_refused(monitoring_world, draft):
    u = monitoring_world
    with pytest.raises(MonitoringError, match="Đang nhập"):
        move(u, "vpdp", draft, "approve")
    with pytest.raises(MonitoringError):
        move(u, "quantri", draft, "reopen", reason="x")


def test_a_stale_page_does_not_move_the_report_twice(monitoring_world, draft):
    u = monitoring_world
    report = move(u, "tanlien", draft, "submit")
    move(u, "caoloc", report, "appraise", expected_status="submitted")
    with pytest.raises(MonitoringError, match="bởi người khác"):
        move(u, "quantri", report, "return_by_district", reason="x", expected_status="submitted")


def test_an_empty_report_cannot_be_submitted(monitoring_world, tan_lien):
    from ntm.monitoring.services import period_get_or_create, report_get_or_create

    report = report_get_or_create(unit=tan_lien, period=period_get_or_create("2023-Q3"))
    with pytest.raises(MonitoringError, match="Chưa có số liệu"):
        move(monitoring_world, "tanlien", report, "submit")
