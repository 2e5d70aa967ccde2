"""Queues and the review page through the real pages: who sees what, the
workflow buttons each role gets, appraise / return / approve / reopen, and
the event history."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from ntm.accounts.models import Role, RoleAssignment, User
from ntm.monitoring.models import Report, ReportEvent, ReportStatus
from ntm.units.models import AdminUnit

pytestmark = pytest.mark.django_db


@pytest.fixture
def login(monitoring_world):
    def as_user(username: str) -> Client:
        client = Client()
        client.force_login(User.objects.get(username=username))
        return client

    return as_user


def text(response) -> str:
    return response.content.decode()


def move(client: Client, report: Report, name: str, expected: str, reason: str = ""):
    return client.post(
        reverse("monitoring:transition", args=[report.pk]),
        {"name": name, "expected_status": expected, "reason": reason},
    )


def status_of(report: Report) -> str:
    report.refresh_from_db()
    return report.status


def queue(client: Client, query: str = "") -> list[Report]:
    response = client.get(reverse("monitoring:queue") + query)
    assert response.status_code == 200
    return [line.report for line in response.context["page"].object_list]


@pytest.fixture
def dinh_lap_commune():
    return (
        AdminUnit.objects.filter(parent__name="Huyện Đình Lập", type="xa", in_programme=True)
        .order_by("code")
        .first()
    )


# -- queues ---------------------------------------------------------------------------------


def test_each_role_sees_what_waits_for_it(login, fill_report, tan_lien, dinh_lap_commune):
    submitted = fill_report(tan_lien, "2023-Q4", {"15.4": "60"}, status="submitted")
    appraised = fill_report(tan_lien, "2023-Q3", {"15.4": "60"}, status="appraised")
    approved = fill_report(tan_lien, "2023-Q2", {"15.4": "60"}, status="approved")
    fill_report(tan_lien, "2023-Q1", {"15.4": "60"})  # a draft waits for nobody
    elsewhere = fill_report(dinh_lap_commune, "2023-Q4", {"15.4": "60"}, status="submitted")

    assert queue(login("caoloc")) == [submitted]  # not Đình Lập's, not later steps
    assert queue(login("vpdp")) == [appraised]
    assert set(queue(login("quantri"))) == {submitted, appraised, approved, elsewhere}
    page = text(login("quantri").get(reverse("monitoring:queue")))
    assert "Đã phê duyệt (có thể mở khoá)" in page and "Chờ tỉnh phê duyệt" in page
    row = re.search(r'data-testid="queue-6244-2023-Q4">(.*?)</tr>', page, re.S).group(1)
    assert "Xã Tân Liên" in row and "Huyện Cao Lộc" in row and "Quý 4/2023" in row
    # filter by period
    assert set(queue(login("quantri"), "?ky=2023-Q4")) == {submitted, elsewhere}
    assert queue(login("caoloc"), "?ky=2023-Q3") == []


@pytest.mark.parametrize("username", ["tanlien", "lanhdao", "soxaydung"])
def test_roles_without_appraisal_rights_have_no_queue(login, username):
    response = login(username).get(reverse("monitoring:queue"))
    assert response.status_code == 403
    assert "không thẩm định, phê duyệt" in text(response)


def test_the_menu_shows_each_page_once_to_the_right_roles(login):
    def labels(username):
        page = text(login(username).get(reverse("home")))
        nav = re.search(r'id="menu-chinh">(.*?)</ul>', page, re.S).group(1)
        return nav.count("Nhập số liệu"), nav.count("Thẩm định, phê duyệt")

    assert labels("tanlien") == (1, 0)
    assert labels("caoloc") == (0, 1)
    assert labels("vpdp") == (0, 1)
    assert labels("quantri") == (1, 1)
    assert labels("lanhdao") == (0, 0)
    assert labels("soxaydung") == (0, 0)


# -- the review page ----------------------------------------------------------------------


def test_the_review_page_shows_values_verdicts_and_the_right_buttons(login, fill_report, tan_lien):
    report = fill_report(tan_lien, "2023-Q4", {"15.4": "45,5", "1.1": "Đạt"}, status="submitted")
    url = reverse("monitoring:review", args=[report.pk])
    page = text(login("caoloc").get(url))
    assert 'data-testid="value-15.4">45,5<' in page
    assert "15.4: 45,5% &lt; 50%" in page and "Không đạt" in page
    assert 'name="raw"' not in page  # read-only
    assert 'data-testid="action-appraise"' in page
    assert 'data-testid="action-return_by_district"' in page
    assert 'data-testid="action-approve"' not in page
    # the province office cannot act on it yet; the commune sees it read-only
    assert 'data-testid="action-' not in text(login("vpdp").get(url))
    assert 'data-testid="action-' not in text(login("tanlien").get(url))


def test_the_whole_workflow_through_the_pages(login, fill_report, tan_lien):
    report = fill_report(tan_lien, "2023-Q4", {"15.4": "60"})
    tanlien, caoloc, vpdp, quantri = (login(u) for u in ("tanlien", "caoloc", "vpdp", "quantri"))
    review = reverse("monitoring:review", args=[report.pk])

    response = move(tanlien, report, "submit", "draft", "Đã đủ số liệu quý 4")
    assert response.url == reverse("monitoring:entry", args=["6244", "2023-Q4"])
    assert status_of(report) == ReportStatus.SUBMITTED

    response = move(caoloc, report, "appraise", "submitted", "Hồ sơ đầy đủ")
    assert response.status_code == 302 and response.url == review
    assert status_of(report) == ReportStatus.APPRAISED
    assert "Thẩm định: chuyển tỉnh phê duyệt: xong" in text(caoloc.get(review))

    move(vpdp, report, "approve", "appraised")
    assert status_of(report) == ReportStatus.APPROVED
    page = text(vpdp.get(review))
    assert 'data-testid="report-status">Tỉnh đã phê duyệt<' in page

    # reopening needs a reason
    move(quantri, report, "reopen", "approved", "   ")
    assert status_of(report) == ReportStatus.APPROVED
    assert "Cần ghi lý do" in text(quantri.get(review))
    response = move(quantri, report, "reopen", "approved", "Sai số liệu 15.4")
    assert status_of(report) == ReportStatus.DRAFT

    events = list(
        ReportEvent.objects.filter(report=report).values_list(
            "from_status", "to_status", "actor__username", "reason"
        )
    )
    assert events == [
        ("draft", "submitted", "tanlien", "Đã đủ số liệu quý 4"),
        ("submitted", "appraised", "caoloc", "Hồ sơ đầy đủ"),
        ("appraised", "approved", "vpdp", ""),
        ("approved", "draft", "quantri", "Sai số liệu 15.4"),
    ]
    history = re.search(
        r'data-testid="report-events">(.*?)</table>', text(tanlien.get(review)), re.S
    )
    rows = re.findall(r"<tr>(.*?)</tr>", history.group(1), re.S)[1:]
    assert len(rows) == 4
    assert "Vi Thị Dung" in rows[1] and "Chờ huyện thẩm định" in rows[1]
    assert "Huyện đã thẩm định" in rows[1] and "Hồ sơ đầy đủ" in rows[1]
    assert "Nguyễn Văn An" in rows[3] and "Sai số liệu 15.4" in rows[3]


def test_returns_need_a_reason_and_reach_the_commune(login, fill_report, tan_lien):
    report = fill_report(tan_lien, "2023-Q4", {"15.4": "60"}, status="submitted")
    caoloc = login("caoloc")
    response = move(caoloc, report, "return_by_district", "submitted")
    assert "Cần ghi lý do" in text(caoloc.get(response.url))
    assert status_of(report) == ReportStatus.SUBMITTED
    move(caoloc, report, "return_by_district", "submitted", "Thiếu minh chứng 15.4")
    assert status_of(report) == ReportStatus.RETURNED
    assert queue(caoloc) == []
    # the province returns an appraised report too
    move(login("tanlien"), report, "submit", "returned")
    move(caoloc, report, "appraise", "submitted")
    move(login("vpdp"), report, "return_by_province", "appraised", "Đối chiếu lại 15.4")
    assert status_of(report) == ReportStatus.RETURNED
    page = text(login("tanlien").get(reverse("monitoring:entry", args=["6244", "2023-Q4"])))
    assert "Đối chiếu lại 15.4" in re.search(
        r'data-testid="return-reason">(.*?)</div>', page, re.S
    ).group(1)


@pytest.mark.parametrize(
    ("status", "name", "username"),
    [
        ("submitted", "appraise", "tanlien"),
        ("submitted", "appraise", "vpdp"),
        ("appraised", "approve", "caoloc"),
        ("appraised", "approve", "tanlien"),
        ("approved", "reopen", "vpdp"),
        ("approved", "reopen", "caoloc"),
        ("draft", "submit", "caoloc"),
    ],
)
def test_a_step_by_the_wrong_role_is_refused_and_changes_nothing(
    login, fill_report, tan_lien, status, name, username
):
    report = fill_report(tan_lien, "2023-Q4", {"15.4": "60"}, status=status)
    events = ReportEvent.objects.count()
    response = move(login(username), report, name, status, "x")
    assert response.status_code == 403
    assert status_of(report) == status and ReportEvent.objects.count() == events


def test_a_stale_page_does_not_move_the_report_twice(login, fill_report, tan_lien):
    report = fill_report(tan_lien, "2023-Q4", {"15.4": "60"}, status="submitted")
    move(login("caoloc"), report, "appraise", "submitted")
    # the administrator's page still shows "submitted"
    quantri = login("quantri")
    response = move(quantri, report, "return_by_district", "submitted", "Sai")
    assert "bởi người khác" in text(quantri.get(response.url))
    assert status_of(report) == ReportStatus.APPRAISED


# -- privacy of drafts ------------------------------------------------------------------


def test_drafts_are_private_to_their_scope(login, fill_report, tan_lien, dinh_lap_commune):
    draft = fill_report(tan_lien, "2023-Q4", {"15.4": "60"})
    url = reverse("monitoring:review", args=[draft.pk])
    assert login("tanlien").get(url).status_code == 200
    assert login("caoloc").get(url).status_code == 200
    assert login("vpdp").get(url).status_code == 200
    # another district, another commune, a criterion-limited department
    dinh_lap = User.objects.create_user("dinhlap")
    RoleAssignment.objects.create(
        user=dinh_lap, role=Role.DISTRICT_OFFICER, unit=dinh_lap_commune.parent
    )
    fill_report(dinh_lap_commune, "2023-Q4", {"15.4": "1"})
    for username in ("dinhlap", f"xa-{dinh_lap_commune.code}", "soxaydung"):
        response = login(username).get(url)
        assert response.status_code == 403, username
        assert "chưa được phê duyệt" in text(response)
    # the district of Đình Lập does not see Tân Liên's submitted report in its queue
    move(login("tanlien"), draft, "submit", "draft")
    assert queue(login("dinhlap")) == []
    assert queue(login("caoloc")) == [draft]


def test_approved_reports_are_open_to_every_role(login, fill_report, tan_lien):
    report = fill_report(tan_lien, "2023-Q4", {"15.4": "60"}, status="approved")
    url = reverse("monitoring:review", args=[report.pk])
    for username in ("lanhdao", "soxaydung"):
        response = login(username).get(url)
        assert response.status_code == 200
        assert 'data-testid="value-15.4">60<' in text(response)
        assert 'data-testid="action-' not in text(response)
