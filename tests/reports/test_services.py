"""Asking for documents: rights, the background task and its job, failures
recorded in Vietnamese, the "Báo cáo" page, downloads, the command line."""

from __future__ import annotations

import json
import re

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from ntm.accounts.models import User
from ntm.jobs.models import Job
from ntm.reports.builders import ReportError
from ntm.reports.models import GeneratedDocument
from ntm.reports.services import document_request
from ntm.units.models import AdminUnit
from tests.monitoring.test_dashboards_world import A3, DISTRICT_A
from tests.reports.helpers import all_text, open_docx

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def unit(code: str) -> AdminUnit:
    return AdminUnit.objects.get(code=code)


def province() -> AdminUnit:
    return AdminUnit.objects.get(type="tinh")


def test_request_is_made_in_the_background_with_progress(
    dash_world, django_capture_on_commit_callbacks
):
    vpdp = dash_world.users["vpdp"]
    with django_capture_on_commit_callbacks(execute=True):
        document = document_request(
            user=vpdp, kind="huyen", unit=unit(DISTRICT_A), period_code="2022", pdf=False
        )
    document.refresh_from_db()
    assert document.status == GeneratedDocument.Status.DONE
    assert document.requested_by == vpdp
    assert document.finished_at is not None
    assert document.title == "Báo cáo kết quả xây dựng nông thôn mới Huyện Cao Lộc, năm 2022"
    assert not document.pdf
    with document.docx.open("rb") as stored:
        text = all_text(open_docx(stored.read()))
    assert "trên địa bàn huyện Cao Lộc năm 2022" in text
    job = Job.objects.get(pk=document.job_id)
    assert job.status == Job.Status.DONE
    assert (job.done, job.total) == (3, 3)
    assert job.result["document"] == document.pk
    assert job.created_by == vpdp


def test_a_document_that_cannot_be_made_is_recorded_with_the_reason(
    dash_world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        document = document_request(
            user=dash_world.users["vpdp"], kind="huyen", unit=unit("180"), period_code="2023"
        )
    document.refresh_from_db()
    assert document.status == GeneratedDocument.Status.FAILED
    assert "chưa có số liệu đã được phê duyệt" in document.message
    assert not document.docx
    job = Job.objects.get(pk=document.job_id)
    assert job.status == Job.Status.FAILED
    assert job.message == document.message


@pytest.mark.parametrize(
    ("username", "kind", "code", "params", "message"),
    [
        ("tanlien", "huyen", DISTRICT_A, {}, "không có quyền lập văn bản cho Huyện Cao Lộc"),
        ("caoloc", "tien-do", None, {}, "không có quyền lập văn bản cho Tỉnh Lạng Sơn"),
        ("soxaydung", "tien-do", None, {}, "chỉ lập báo cáo về các tiêu chí mình phụ trách"),
        ("soxaydung", "huyen", DISTRICT_A, {}, "chỉ lập báo cáo về các tiêu chí mình phụ trách"),
        (
            "soxaydung",
            "so-nganh",
            None,
            {"criteria": [1, 2], "organisation": "Sở Xây dựng"},
            "các tiêu chí mình phụ trách",
        ),
        ("vpdp", "huyen", A3, {}, "không phải đơn vị cấp huyện"),
        ("vpdp", "xa", DISTRICT_A, {}, "không phải xã thuộc Chương trình"),
        ("vpdp", "tien-do", DISTRICT_A, {}, "được lập cho cấp tỉnh"),
        ("vpdp", "bao-cao-la", None, {}, "Không có loại văn bản «bao-cao-la»"),
    ],
)
def test_requests_outside_rights_or_scope_are_refused(
    dash_world, username, kind, code, params, message
):
    with pytest.raises(ReportError, match=re.escape(message)):
        document_request(
            user=dash_world.users[username],
            kind=kind,
            unit=unit(code) if code else province(),
            period_code="2022",
            params=params,
        )
    assert not GeneratedDocument.objects.exists()
    assert not Job.objects.filter(kind="report").exists()


def test_refused_period_is_explained(dash_world):
    with pytest.raises(ReportError, match="không hợp lệ"):
        document_request(
            user=dash_world.users["vpdp"], kind="tien-do", unit=province(), period_code="22"
        )


def test_department_and_commune_requests(dash_world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        own = document_request(
            user=dash_world.users["soxaydung"],
            kind="so-nganh",
            unit=province(),
            period_code="2023",
            params={"criteria": [1, 9], "organisation": "Sở Xây dựng"},
            pdf=False,
        )
        commune = document_request(
            user=dash_world.users["tanlien"],
            kind="xa",
            unit=unit("6244"),
            period_code="2022",
            pdf=False,
        )
    own.refresh_from_db()
    commune.refresh_from_db()
    assert own.status == commune.status == GeneratedDocument.Status.DONE
    # the commune officer may see the commune's drafts: the document may use them
    assert commune.params["drafts"] is True


# -- the page -------------------------------------------------------------------------------


def options(html: str, name: str) -> list[str]:
    select = re.search(rf'<select name="{name}".*?</select>', html, re.S)
    assert select, name
    return re.findall(r'<option value="([^"]*)"', select.group(0))


@pytest.mark.parametrize(
    ("username", "kinds"),
    [
        ("vpdp", ["tien-do", "so-nganh", "huyen", "xa"]),
        ("soxaydung", ["so-nganh"]),
        ("caoloc", ["huyen", "xa"]),
        ("tanlien", ["xa"]),
    ],
)
def test_page_offers_what_each_person_may_ask_for(dash_world, username, kinds):
    response = client_for(dash_world.users[username]).get(reverse("reports:home"))
    assert response.status_code == 200
    html = response.content.decode()
    assert options(html, "loai") == kinds
    assert 'href="/bao-cao/"' in html  # the menu entry


def test_department_user_is_offered_its_own_department_only(dash_world):
    html = (
        client_for(dash_world.users["soxaydung"])
        .get(reverse("reports:home"), {"loai": "so-nganh"})
        .content.decode()
    )
    assert "Sở Xây dựng (tiêu chí 1, 9)" in html
    assert len(options(html, "so_nganh")) == 1


def test_page_refuses_a_person_without_roles(dash_world):
    nobody = User.objects.create_user("khach", password="x")
    assert client_for(nobody).get(reverse("reports:home")).status_code == 403


def test_request_download_and_rights_through_the_page(
    dash_world, django_capture_on_commit_callbacks
):
    office = client_for(dash_world.users["vpdp"])
    page = office.get(reverse("reports:home"), {"loai": "huyen"}).content.decode()
    assert DISTRICT_A in options(page, "huyen")
    assert options(page, "ky")[:2] == ["2023", "2022"]
    with django_capture_on_commit_callbacks(execute=True):
        response = office.post(
            reverse("reports:home"),
            {"loai": "huyen", "huyen": DISTRICT_A, "ky": "2022", "so_van_ban": "", "nguoi_ky": ""},
        )
    assert response.status_code == 302
    document = GeneratedDocument.objects.get()
    assert document.status == GeneratedDocument.Status.DONE
    home = office.get(reverse("reports:home")).content.decode()
    assert "Đã nhận yêu cầu" in home
    assert reverse("reports:download", args=[document.pk, "docx"]) in home
    download = office.get(reverse("reports:download", args=[document.pk, "docx"]))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    assert "bao-cao-huyen-cao-loc-2022" in download["Content-Disposition"]
    downloaded = all_text(open_docx(b"".join(download.streaming_content)))
    assert "trên địa bàn huyện Cao Lộc năm 2022" in downloaded
    # no PDF was asked for
    assert office.get(reverse("reports:download", args=[document.pk, "pdf"])).status_code == 404
    # the district sees its documents; a commune officer does not
    district = client_for(dash_world.users["caoloc"])
    assert district.get(reverse("reports:download", args=[document.pk, "docx"])).status_code == 200
    commune = client_for(dash_world.users["tanlien"])
    assert commune.get(reverse("reports:download", args=[document.pk, "docx"])).status_code == 403
    assert commune.get(reverse("reports:row", args=[document.pk])).status_code == 403
    assert f"document-{document.pk}" not in commune.get(reverse("reports:home")).content.decode()
    row = district.get(reverse("reports:row", args=[document.pk])).content.decode()
    assert "Đã tạo" in row and "hx-get" not in row  # finished: no more polling


def test_missing_choices_are_explained_and_nothing_is_queued(dash_world):
    response = client_for(dash_world.users["vpdp"]).post(
        reverse("reports:home"), {"loai": "xa", "ky": "2022"}
    )
    assert response.status_code == 400
    assert "Hãy chọn xã." in response.content.decode()
    assert not GeneratedDocument.objects.exists()


# -- the command line ---------------------------------------------------------------------------


def test_command_writes_the_word_file(dash_world, tmp_path, capsys):
    out = tmp_path / "xa.docx"
    call_command(
        "report",
        "build",
        "xa",
        "--period",
        "2022",
        "--unit",
        A3,
        "--out",
        str(out),
        "--date",
        "2026-11-29",
    )
    assert "Đã ghi" in capsys.readouterr().out
    text = all_text(open_docx(out.read_bytes()))
    assert "ngày 29 tháng 11 năm 2026" in text
    assert "Số tiêu chí đạt: 17/19 tiêu chí" in text


def test_command_json(dash_world, tmp_path, capsys):
    out = tmp_path / "xa.docx"
    call_command(
        "report",
        "build",
        "xa",
        "--period",
        "2022",
        "--unit",
        A3,
        "--out",
        str(out),
        "--format",
        "json",
    )
    data = json.loads(capsys.readouterr().out)
    assert data["docx"] == str(out) and data["bytes"] == out.stat().st_size


def test_command_department_from_an_account(dash_world, tmp_path):
    out = tmp_path / "sxd.docx"
    call_command(
        "report",
        "build",
        "so-nganh",
        "--period",
        "2023",
        "--department",
        "soxaydung",
        "--out",
        str(out),
    )
    text = all_text(open_docx(out.read_bytes()))
    # the demo account names no organisation: the criteria set's agency for 1 and 9
    assert "do Sở Xây dựng phụ trách, năm 2023" in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["huyen", "--unit", "180", "--period", "2023"], "chưa có số liệu đã được phê duyệt"),
        (
            ["huyen", "--unit", "999999", "--period", "2023"],
            "Không có đơn vị hành chính mã «999999»",
        ),
        (["tien-do", "--period", "2023-13"], "không hợp lệ"),
        (["so-nganh", "--period", "2023", "--department", "vpdp"], "không phải tài khoản sở"),
    ],
)
def test_command_errors_are_explained(dash_world, tmp_path, args, message):
    out = tmp_path / "x.docx"
    with pytest.raises(CommandError, match=re.escape(message)):
        call_command("report", "build", *args, "--out", str(out))
    assert not out.exists()


def test_a_commune_report_built_with_drafts_follows_the_drafts_rule_of_the_screens(
    dash_world, django_capture_on_commit_callbacks
):
    """The commune officer's report uses the commune's drafts: those who may
    not see the drafts on the scorecard (a department, another district) may
    neither list it, follow it nor download it; once built from approved
    figures only, it is open to every reporting role."""
    with django_capture_on_commit_callbacks(execute=True):
        document = document_request(
            user=dash_world.users["tanlien"], kind="xa", unit=unit("6244"), period_code="2022"
        )
    document.refresh_from_db()
    assert document.params["drafts"] is True and document.status == "done"
    urls = [
        reverse("reports:download", args=[document.pk, "docx"]),
        reverse("reports:row", args=[document.pk]),
    ]
    for username in ("vpdp", "caoloc", "tanlien"):
        client = client_for(dash_world.users[username])
        assert [client.get(url).status_code for url in urls] == [200, 200], username
        assert f"document-{document.pk}" in client.get(reverse("reports:home")).content.decode()
        assert client.get(reverse("jobs:status", args=[document.job_id])).status_code == 200
    department = client_for(dash_world.users["soxaydung"])
    assert [department.get(url).status_code for url in urls] == [403, 403]
    assert f"document-{document.pk}" not in department.get(reverse("reports:home")).content.decode()
    assert department.get(reverse("jobs:status", args=[document.job_id])).status_code == 404

    GeneratedDocument.objects.filter(pk=document.pk).update(
        params={**document.params, "drafts": False}
    )
    assert [department.get(url).status_code for url in urls] == [200, 200]
    assert f"document-{document.pk}" in department.get(reverse("reports:home")).content.decode()
