"""The commune entry form through the real pages: who gets it, values saved
as they are typed (verdict, criterion and header updated), conflicts, bad
values, evidence, history, commune facts and submitting."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ntm.monitoring.models import (
    Evidence,
    IndicatorValue,
    Period,
    Report,
    ReportEvent,
    ReportStatus,
    ValueChange,
)
from ntm.monitoring.selectors import dom_key
from ntm.units.models import AdminUnit

pytestmark = pytest.mark.django_db
MAIN = "xa-ntm-2021-2025"
PDF = b"%PDF-1.4\n1 0 obj <</Type /Catalog>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n"


@pytest.fixture
def login(monitoring_world):
    def as_user(username: str) -> Client:
        client = Client()
        client.force_login(monitoring_world[username])
        return client

    return as_user


@pytest.fixture
def entry_url(tan_lien):
    return reverse("monitoring:entry", args=[tan_lien.code, "2023-Q4"])


@pytest.fixture
def start_url(tan_lien):
    return reverse("monitoring:entry_start", args=[tan_lien.code, "2023-Q4"])


@pytest.fixture
def report(login, start_url):
    """Tân Liên's 2023-Q4 report, started by its officer with the button."""
    assert login("tanlien").post(start_url).status_code == 302
    return Report.objects.get(period__code="2023-Q4")


def save(client: Client, report: Report, code: str, raw: str, version: int, **extra):
    data = {"set": MAIN, "code": code, "raw": raw, "note": "", "version": version, **extra}
    return client.post(
        reverse("monitoring:value_save", args=[report.pk]), data, HTTP_HX_REQUEST="true"
    )


def text(response) -> str:
    return response.content.decode()


def stored(report: Report, code: str) -> IndicatorValue | None:
    return IndicatorValue.objects.filter(
        report=report, indicator__criteria_set__code=MAIN, indicator__code=code
    ).first()


# -- who gets the form ---------------------------------------------------------------


def test_opening_a_period_not_started_offers_the_start_button_and_writes_nothing(
    login, entry_url, start_url
):
    response = login("tanlien").get(entry_url)
    assert response.status_code == 200
    page = text(response)
    assert "Chưa có báo cáo kỳ này." in page and "Bắt đầu nhập số liệu" in page
    assert f'action="{start_url}"' in page and 'method="post"' in page
    assert not Report.objects.exists() and not Period.objects.exists()


def test_the_commune_officer_starts_the_report_and_gets_the_form(
    login, entry_url, start_url, tan_lien
):
    response = login("tanlien").post(start_url)
    assert response.status_code == 302 and response.url == entry_url
    report = Report.objects.get()
    assert (report.unit, report.period.code, report.status) == (tan_lien, "2023-Q4", "draft")
    page = text(login("tanlien").get(entry_url))
    # the 19 criteria of the main set, then the level conditions, then the other sets
    assert page.count(f'id="h-{dom_key(MAIN, "tc")}') == 20
    assert "Tiêu chí 19. Quốc phòng và An ninh" in page
    assert "Điều kiện công nhận" in page
    assert 'data-testid="sheet-xa-ntm-nang-cao-2021-2025"' in page
    # thresholds for region TDMNPB and 2023, and one labelled field per indicator
    assert re.search(r'data-testid="threshold-15.4">≥ 50%<', page)
    assert ">Giá trị 15.4</label>" in page
    assert ">Giá trị 15 (xã nông thôn mới nâng cao giai đoạn 2021-2025)<" in page
    assert "Gửi huyện thẩm định" in page
    # starting again (a second tab, a double click) reuses the report
    assert login("tanlien").post(start_url).url == entry_url
    assert Report.objects.count() == 1


def test_the_entry_list_shows_only_the_users_communes_and_creates_nothing(login, tan_lien):
    response = login("tanlien").get(reverse("monitoring:entry_home") + "?ky=2023-Q4")
    assert response.status_code == 200
    communes = response.context["communes"]
    assert [c.unit for c in communes] == [tan_lien]
    assert "Chưa có báo cáo" in text(response)
    assert not Report.objects.exists()
    admin = login("quantri").get(reverse("monitoring:entry_home") + "?ky=2023-Q4")
    assert len(admin.context["communes"]) == 181


def test_the_entry_list_shows_the_status_of_each_period(login, fill_report, tan_lien):
    fill_report(tan_lien, "2023-Q3", {"1.1": "Đạt", "1.2": "Đạt"}, status="submitted")
    fill_report(tan_lien, "2023-Q4", {"15.4": "60"})
    response = login("tanlien").get(reverse("monitoring:entry_home"))
    page = text(response)
    assert response.context["period_code"] == "2023-Q4"  # the newest report by default
    row = re.search(r'data-testid="commune-6244">(.*?)</tr>', page, re.S).group(1)
    assert "Đang nhập" in row and "Quý 3/2023: Chờ huyện thẩm định" in row
    response = login("tanlien").get(reverse("monitoring:entry_home") + "?ky=2023-Q3")
    row = re.search(r'data-testid="commune-6244">(.*?)</tr>', text(response), re.S).group(1)
    assert "Chờ huyện thẩm định" in row and "1/19" in row


@pytest.mark.parametrize("username", ["caoloc", "vpdp", "lanhdao", "soxaydung"])
def test_others_cannot_open_the_entry_list(login, username):
    response = login(username).get(reverse("monitoring:entry_home"))
    assert response.status_code == 403
    assert "không có quyền nhập số liệu" in text(response)


@pytest.mark.parametrize("username", ["caoloc", "vpdp", "lanhdao", "soxaydung"])
def test_others_get_no_form_and_create_nothing(login, entry_url, start_url, username):
    for response in (login(username).get(entry_url), login(username).post(start_url)):
        assert response.status_code == 403
        assert "Bạn không được nhập số liệu của Xã Tân Liên" in text(response)
    assert not Report.objects.exists() and not Period.objects.exists()


def test_the_start_button_answers_only_a_post(login, start_url):
    assert login("tanlien").get(start_url).status_code == 405
    assert not Report.objects.exists()


def test_the_district_is_sent_to_the_read_only_page_of_an_existing_report(login, entry_url, report):
    response = login("caoloc").get(entry_url)
    assert response.status_code == 302
    assert response.url == reverse("monitoring:review", args=[report.pk])
    page = text(login("caoloc").get(response.url))
    assert ">Giá trị 15.4</label>" not in page  # no fields


def test_an_officer_of_another_commune_never_sees_the_draft(login, fill_report, report):
    other = AdminUnit.objects.filter(type="xa", in_programme=True).exclude(code="6244").first()
    fill_report(other, "2023-Q4", {"15.4": "10"})
    from ntm.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(username=f"xa-{other.code}"))
    entry = reverse("monitoring:entry", args=["6244", "2023-Q4"])
    assert client.get(entry).status_code == 403
    assert client.get(reverse("monitoring:review", args=[report.pk])).status_code == 403
    row_url = reverse("monitoring:value_row", args=[report.pk]) + f"?set={MAIN}&code=15.4"
    assert client.get(row_url).status_code == 403
    listed = client.get(reverse("monitoring:entry_home") + "?ky=2023-Q4").context["communes"]
    assert [c.unit for c in listed] == [other]


@pytest.mark.parametrize(
    ("path", "status"),
    [("9999/2023-Q4", 404), ("6244/2023-Q5", 404), ("6244/2019", 404), ("6244/2023-q4", 302)],
)
def test_unknown_communes_and_periods(login, path, status):
    unit_code, period_code = path.split("/")
    response = login("tanlien").get(reverse("monitoring:entry", args=[unit_code, period_code]))
    assert response.status_code == status
    assert not Report.objects.exists()


def test_a_town_has_no_entry_form(login):
    town = AdminUnit.objects.get(name="Thị trấn Đồng Đăng")
    response = login("quantri").get(reverse("monitoring:entry", args=[town.code, "2023"]))
    assert response.status_code == 404


# -- saving as you type ----------------------------------------------------------------


def test_a_typed_value_is_saved_and_its_row_judged(login, report):
    client = login("tanlien")
    response = save(client, report, "15.4", "45,5", 0, note="Theo BHXH huyện")
    page = text(response)
    assert response.status_code == 200
    assert "Đã lưu" in page
    assert f'id="ver-{dom_key(MAIN, "15.4")}" name="version" value="1"' in page
    verdict = re.search(r'data-testid="verdict-15.4">(.*?)</div>\s*</div>', page, re.S).group(1)
    assert "Không đạt" in verdict and "15.4: 45,5% &lt; 50%" in verdict
    value = stored(report, "15.4")
    assert (value.raw_text, value.value, value.note, value.version) == (
        "45,5",
        45.5,
        "Theo BHXH huyện",
        1,
    )
    page = text(save(client, report, "15.4", "52", 1))
    assert 'value="2"' in page and "15.4: 52% ≥ 50%" in page and ">Đạt</span>" in page


def test_a_criterion_met_updates_its_badge_and_the_header(login, report):
    client = login("tanlien")
    first = text(save(client, report, "1.1", "Đạt", 0))
    assert re.search(r'data-testid="criterion-1"[^>]*>Chưa đạt<', first)
    assert 'data-testid="criteria-met-xa-ntm-2021-2025">0/19<' in first
    second = text(save(client, report, "1.2", "Đạt", 0))
    assert f'id="{dom_key(MAIN, "tc1")}" hx-swap-oob="true"' in second
    assert re.search(r'data-testid="criterion-1"[^>]*>Đạt<', second)
    assert 'data-testid="criteria-met-xa-ntm-2021-2025">1/19<' in second
    # the stored evaluation (dashboards) follows
    evaluation = report.evaluations.get(criteria_set__code=MAIN)
    assert evaluation.criteria_met_count == 1
    # and the full page agrees
    page = text(client.get(reverse("monitoring:entry", args=["6244", "2023-Q4"])))
    assert re.search(r'data-testid="criterion-1"[^>]*>Đạt<', page)


def test_a_first_value_brings_the_evidence_upload(login, report):
    page = text(save(login("tanlien"), report, "15.4", "60", 0))
    assert f'id="tools-{dom_key(MAIN, "15.4")}" hx-swap-oob="true"' in page
    assert "Tệp minh chứng 15.4" in page
    # a later save leaves the evidence cell alone
    page = text(save(login("tanlien"), report, "15.4", "61", 1))
    assert f"tools-{dom_key(MAIN, '15.4')}" not in page


@pytest.mark.parametrize(
    ("code", "raw", "message"),
    [
        ("15.4", "130", "tỷ lệ phải từ 0% đến 100%"),
        ("15.4", "1.234", "1.234"),
        ("1.1", "có lẽ", "không phải là Đạt/Không đạt"),
        ("99.9", "1", "không thuộc bộ tiêu chí"),
    ],
)
def test_a_bad_value_shows_the_error_and_saves_nothing(login, report, code, raw, message):
    response = save(login("tanlien"), report, code, raw, 0)
    page = text(response)
    assert response.status_code == 200
    assert 'data-testid="value-error"' in page and message in page
    # only the message is sent: the field (and what was typed) stays as it is
    assert "hx-swap-oob" not in page and 'name="raw"' not in page
    assert not IndicatorValue.objects.exists() and not ValueChange.objects.exists()


def test_two_people_saving_the_same_version_conflict(login, report, monitoring_world):
    first, second = login("tanlien"), login("quantri")
    save(first, report, "2.1", "80", 0)
    # both pages were rendered at version 1
    assert "Đã lưu" in text(save(first, report, "2.1", "85", 1))
    response = save(second, report, "2.1", "90", 1)
    page = text(response)
    assert response.status_code == 200
    assert 'data-testid="value-conflict"' in page
    assert "2.1: người khác đã lưu giá trị «85» (Lương Văn Hải lúc" in page
    # the time shown is Vietnam's, as everywhere on the page
    saved_at = timezone.localtime(stored(report, "2.1").updated_at)
    assert f"lúc {saved_at:%H:%M %d/%m/%Y})" in page
    assert "Giá trị bạn nhập (chưa lưu)" in page and "«90»" in page
    assert "hx-swap-oob" not in page  # the field keeps the typed value
    assert stored(report, "2.1").raw_text == "85"
    # "take their value": the row as stored now, with the new version
    row_url = reverse("monitoring:value_row", args=[report.pk]) + f"?set={MAIN}&code=2.1"
    row = text(second.get(row_url, HTTP_HX_REQUEST="true"))
    assert 'value="85"' in row and re.search(r'name="version" value="2"', row)
    # "keep mine" saves over it with the version the conflict reported
    assert '"version": "2"' in page
    assert "Đã lưu" in text(save(second, report, "2.1", "90", 2))
    assert stored(report, "2.1").raw_text == "90"
    assert stored(report, "2.1").updated_by == monitoring_world["quantri"]


def test_saving_is_refused_to_other_roles(login, report):
    for username in ("caoloc", "vpdp", "lanhdao"):
        response = save(login(username), report, "15.4", "60", 0)
        assert response.status_code == 403
    assert not IndicatorValue.objects.exists()


# -- evidence -----------------------------------------------------------------------------


def upload(client: Client, report: Report, code: str, name: str, content: bytes):
    return client.post(
        reverse("monitoring:evidence_upload", args=[report.pk]),
        {"set": MAIN, "code": code, "file": SimpleUploadedFile(name, content)},
        HTTP_HX_REQUEST="true",
    )


def test_a_real_pdf_is_kept_listed_and_served(login, report):
    client = login("tanlien")
    save(client, report, "15.4", "60", 0)
    response = upload(client, report, "15.4", "bhyt-2023.pdf", PDF)
    page = text(response)
    assert response.status_code == 200
    evidence = Evidence.objects.get()
    assert (evidence.original_name, evidence.size) == ("bhyt-2023.pdf", len(PDF))
    assert "Đã thêm minh chứng «bhyt-2023.pdf»" in page
    link = reverse("monitoring:evidence", args=[evidence.pk])
    assert f'href="{link}"' in page
    download = client.get(link)
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content) == PDF
    # the district sees it; another commune's officer does not
    assert login("caoloc").get(link).status_code == 200
    assert login("soxaydung").get(link).status_code == 403
    # the full page lists it
    page = text(client.get(reverse("monitoring:entry", args=["6244", "2023-Q4"])))
    assert "bhyt-2023.pdf" in page


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("gia-mao.pdf", b"<html>not a pdf</html>", "không đúng định dạng PDF"),
        ("lon.pdf", b"%PDF-1.4" + b"0" * (10 * 1024 * 1024 + 1 - 8), "vượt giới hạn 10,0 MB"),
        ("chay.exe", b"MZ\x90\x00", "không được nhận"),
        ("rong.pdf", b"", "rỗng"),
    ],
)
def test_bad_evidence_is_refused_with_a_message(login, report, name, content, message):
    client = login("tanlien")
    save(client, report, "15.4", "60", 0)
    page = text(upload(client, report, "15.4", name, content))
    assert 'data-testid="evidence-error"' in page and message in page
    assert not Evidence.objects.exists()


def test_evidence_needs_a_value_first(login, report):
    page = text(upload(login("tanlien"), report, "15.4", "a.pdf", PDF))
    assert "Nhập giá trị của chỉ tiêu trước khi thêm minh chứng" in page
    assert not Evidence.objects.exists()


def test_evidence_upload_is_refused_to_the_district(login, report):
    save(login("tanlien"), report, "15.4", "60", 0)
    assert upload(login("caoloc"), report, "15.4", "a.pdf", PDF).status_code == 403
    assert not Evidence.objects.exists()


# -- history and facts ---------------------------------------------------------------------


def test_the_history_of_a_value_is_loaded_on_demand(login, report):
    client = login("tanlien")
    save(client, report, "15.4", "45,5", 0)
    save(client, report, "15.4", "52", 1, note="Số liệu BHXH quý 4")
    url = reverse("monitoring:value_history", args=[report.pk]) + f"?set={MAIN}&code=15.4"
    page = text(client.get(url, HTTP_HX_REQUEST="true"))
    assert "«45,5» → «52»" in page and "«—» → «45,5»" in page
    assert "Lương Văn Hải" in page and "Số liệu BHXH quý 4" in page
    assert page.index("«45,5» → «52»") < page.index("«—» → «45,5»")  # newest first
    assert login("caoloc").get(url).status_code == 200
    assert login("soxaydung").get(url).status_code == 403


def test_commune_facts_decide_applicability_and_are_audited(login, report):
    client = login("tanlien")
    page = text(client.get(reverse("monitoring:entry", args=["6244", "2023-Q4"])))
    assert "Xã có nghề truyền thống" in page
    assert "chưa có thông tin «Xã có nghề truyền thống»" in page  # 13.4 waits for the fact
    response = client.post(
        reverse("monitoring:facts_update", args=[report.pk]),
        {"fact_has_traditional_craft": "khong", "fact_more_than_3_schools": "co"},
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.facts == {"has_traditional_craft": False, "more_than_3_schools": True}
    page = text(client.get(response.url))
    assert "13.4: không áp dụng" in page and "5.3: không áp dụng" in page
    assert "Đã lưu thông tin xã" in page
    event = ReportEvent.objects.get(report=report)
    assert event.from_status == event.to_status == "draft"
    assert "«Xã có nghề truyền thống»: chưa rõ → không" in event.reason
    assert "Sửa thông tin xã" in page
    # the district cannot change them
    refused = login("caoloc").post(
        reverse("monitoring:facts_update", args=[report.pk]),
        {"fact_has_traditional_craft": "co"},
    )
    assert refused.status_code == 403
    report.refresh_from_db()
    assert report.facts["has_traditional_craft"] is False


# -- submitting --------------------------------------------------------------------------


def submit(client: Client, report: Report, expected: str = "draft"):
    return client.post(
        reverse("monitoring:transition", args=[report.pk]),
        {"name": "submit", "expected_status": expected, "reason": ""},
    )


def test_submitting_locks_the_form(login, report, entry_url):
    client = login("tanlien")
    save(client, report, "15.4", "60", 0)
    response = submit(client, report)
    assert response.status_code == 302 and response.url == entry_url
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    page = text(client.get(entry_url))
    assert 'data-testid="report-status">Chờ huyện thẩm định<' in page
    assert "Đã gửi huyện thẩm định. Số liệu đã khoá" in page
    assert 'name="raw"' not in page and "Tải lên" not in page
    assert 'data-testid="value-15.4">60<' in page
    # a page left open before the submit cannot change anything
    late = text(save(client, report, "15.4", "70", 1))
    assert "không sửa được" in late
    assert stored(report, "15.4").raw_text == "60"


def test_an_empty_report_cannot_be_submitted(login, report, entry_url):
    client = login("tanlien")
    response = submit(client, report)
    page = text(client.get(response.url))
    assert "Chưa có số liệu nào để gửi" in page
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT


def test_a_returned_report_shows_why_on_top_and_is_editable(login, fill_report, tan_lien):
    report = fill_report(tan_lien, "2023-Q4", {"15.4": "40"}, status="submitted")
    login("caoloc").post(
        reverse("monitoring:transition", args=[report.pk]),
        {
            "name": "return_by_district",
            "expected_status": "submitted",
            "reason": "Thiếu minh chứng 15.4",
        },
    )
    page = text(login("tanlien").get(reverse("monitoring:entry", args=["6244", "2023-Q4"])))
    assert 'data-testid="report-status">Trả lại để sửa<' in page
    banner = re.search(r'data-testid="return-reason">(.*?)</div>', page, re.S).group(1)
    assert "Vi Thị Dung" in banner and "Thiếu minh chứng 15.4" in banner
    assert ">Giá trị 15.4</label>" in page and "Gửi huyện thẩm định" in page


def test_the_page_is_fast_whatever_the_number_of_values(
    login, report, django_assert_max_num_queries
):
    client = login("tanlien")
    url = reverse("monitoring:entry", args=["6244", "2023-Q4"])

    def enter(codes):
        for code in codes:
            save(client, report, code, "Đạt", 0)
            Evidence.objects.create(value=stored(report, code), original_name="a.pdf", size=1)

    enter(["1.1"])
    with django_assert_max_num_queries(20) as few:
        assert client.get(url).status_code == 200
    enter(["1.2", "3.2", "4.1", "6.1", "6.2", "7", "8.1", "8.2", "8.3", "8.4", "13.1"])
    with django_assert_max_num_queries(20) as many:
        assert client.get(url).status_code == 200
    assert len(many.captured_queries) == len(few.captured_queries)
    # the save itself (locking, history, stored evaluation) is most of these
    with django_assert_max_num_queries(40):
        save(client, report, "15.4", "60", 0)


def test_clearing_a_value_makes_it_missing_again(login, report):
    client = login("tanlien")
    save(client, report, "15.4", "60", 0)
    page = text(save(client, report, "15.4", "", 1))
    assert "Thiếu số liệu" in page and "15.4: chưa có số liệu" in page
    value = stored(report, "15.4")
    assert (value.raw_text, value.value, value.version) == ("", None, 2)


def test_the_facts_service_refuses_unknown_facts_and_locked_reports(
    monitoring_world, fill_report, tan_lien
):
    from ntm.monitoring.services import MonitoringError, report_facts_update

    officer = monitoring_world["tanlien"]
    report = fill_report(tan_lien, "2023-Q4", {"15.4": "60"})
    with pytest.raises(MonitoringError, match="Không có thông tin xã: co_cho"):
        report_facts_update(user=officer, report=report, facts={"co_cho": True})
    report_facts_update(user=officer, report=report, facts={"has_traditional_craft": True})
    # the same answer again records nothing
    report_facts_update(user=officer, report=report, facts={"has_traditional_craft": True})
    assert ReportEvent.objects.filter(report=report).count() == 1
    assert report.evaluations.get(criteria_set__code=MAIN).verdicts["13.4"] == 2  # now missing
    locked = fill_report(tan_lien, "2023-Q3", {"15.4": "60"}, status="submitted")
    with pytest.raises(MonitoringError, match="không sửa được"):
        report_facts_update(user=officer, report=locked, facts={"has_traditional_craft": True})
    locked.refresh_from_db()
    assert locked.facts == {}


def test_evidence_is_typed_by_its_bytes_and_capped_by_the_setting(login, report, settings):
    client = login("tanlien")
    save(client, report, "15.4", "60", 0)
    docx = io.BytesIO()
    with zipfile.ZipFile(docx, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    page = text(upload(client, report, "15.4", "bang-tinh.xlsx", docx.getvalue()))
    assert "không đúng định dạng XLSX" in page
    settings.NTM_EVIDENCE_MAX_MB = 1
    page = text(upload(client, report, "15.4", "lon.pdf", PDF + b"0" * 1024 * 1024))
    assert "vượt giới hạn 1,0 MB" in page
    assert not Evidence.objects.exists()


def test_a_long_name_is_shortened_on_a_character_boundary(login, report):
    client = login("tanlien")
    save(client, report, "15.4", "60", 0)
    name = "Biên bản nghiệm thu công trình đường giao thông nông thôn " * 6 + ".pdf"
    assert len(name.encode()) > 300
    upload(client, report, "15.4", name, PDF)
    evidence = Evidence.objects.get()
    assert len(evidence.original_name.encode()) <= 200
    assert evidence.original_name.endswith(".pdf")
    assert name.startswith(evidence.original_name[:-4])
    assert evidence.content_type == "application/pdf"  # from the bytes, not the browser


def test_an_evidence_file_missing_on_disk_is_a_404_page(login, report):
    client = login("tanlien")
    save(client, report, "15.4", "60", 0)
    upload(client, report, "15.4", "bhyt.pdf", PDF)
    evidence = Evidence.objects.get()
    evidence.file.storage.delete(evidence.file.name)
    response = client.get(reverse("monitoring:evidence", args=[evidence.pk]))
    assert response.status_code == 404
    assert "Tệp minh chứng «bhyt.pdf» không còn trên máy chủ" in text(response)
