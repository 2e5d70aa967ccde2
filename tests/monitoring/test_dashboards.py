"""Province and district dashboards: every figure against counts derived from
the crafted world's design table (tests/monitoring/test_dashboards_world.py),
through the selectors and through the rendered pages."""

from __future__ import annotations

import io
import re

import openpyxl
import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ntm.core.numbers_vi import format_number_vi, format_percent
from ntm.monitoring.dashboards import dashboard_as_dict, dashboard_build
from ntm.monitoring.models import Recognition
from ntm.monitoring.services import period_get_or_create, report_get_or_create
from ntm.units.models import AdminUnit
from ntm.web.xlsx import XLSX_CONTENT_TYPE
from tests.monitoring import test_dashboards_world as world
from tests.monitoring.test_dashboards_world import (
    A1,
    A2,
    A3,
    A5,
    ADVANCED,
    B4,
    CRITERIA,
    DISTRICT_A,
    DISTRICT_B,
    LEVEL_ADVANCED,
    LEVEL_MODEL,
    LEVEL_NTM,
    MAIN,
    MODEL,
    Plan,
    build_report,
    officer_for,
)

pytestmark = pytest.mark.django_db
SERVICES = (period_get_or_create, report_get_or_create)
dash_world = world.dash_world  # the module-scoped crafted world


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def text_of(html: str, name: str) -> str:
    match = re.search(rf'data-testid="{re.escape(name)}"[^>]*>(.*?)<', html, re.S)
    assert match, name
    return match.group(1).strip()


def province():
    return AdminUnit.objects.get(type="tinh")


def test_province_figures_2022_match_the_design(dash_world):
    exp = dash_world.expected("2022")
    dash = dashboard_build(province(), "2022")
    assert dash.main_set.code == MAIN
    assert (dash.total.communes, exp.communes) == (181, 181)
    assert dash.total.reported == len(exp.reported) == 7
    assert dash.total.met_sum == exp.met_sum
    assert dash.total.avg == pytest.approx(exp.avg)
    assert dash.total.full == len(exp.full)
    assert {c.code: c.met for c in dash.criteria} == {c: exp.criterion(c) for c in CRITERIA}
    assert all(c.total == 181 for c in dash.criteria)
    levels = {f.code: f.count for f in dash.level_figures}
    assert levels == {
        f"{MAIN}:{LEVEL_NTM}": exp.level(LEVEL_NTM),
        f"{ADVANCED}:{LEVEL_ADVANCED}": exp.level(LEVEL_ADVANCED),
        f"{MODEL}:{LEVEL_MODEL}": exp.level(LEVEL_MODEL),
    }
    assert [f.label for f in dash.level_figures] == [
        "Xã đạt chuẩn nông thôn mới",
        "Xã đạt chuẩn nông thôn mới nâng cao",
        "Xã đạt chuẩn nông thôn mới kiểu mẫu",
    ]
    bands = [(b.label, b.count) for b in dash.bands]
    assert bands == [
        ("Dưới 5 tiêu chí", exp.band(0, 4)),
        ("Từ 5 đến 9 tiêu chí", exp.band(5, 9)),
        ("Từ 10 đến 14 tiêu chí", exp.band(10, 14)),
        ("Từ 15 đến 18 tiêu chí", exp.band(15, 18)),
        ("Đạt 19 tiêu chí", exp.band(19, 19)),
        ("Chưa có số liệu đã phê duyệt", 181 - len(exp.reported)),
    ]
    assert sum(b.share for b in dash.bands) == pytest.approx(100)
    border = exp.border_reported
    assert dash.total.border_flagged == 2
    assert dash.total.border_reported == len(border)
    assert dash.total.border_avg == pytest.approx(sum(p.met for p in border) / len(border))
    assert {c.code for c in dash.unreported} == set(
        AdminUnit.objects.filter(type="xa", in_programme=True)
        .exclude(code__in=[p.unit for p in exp.reported])
        .values_list("code", flat=True)
    )


def test_province_page_shows_counts_shares_and_average(dash_world):
    exp = dash_world.expected("2022")
    html = (
        client_for(dash_world.users["lanhdao"])
        .get(reverse("monitoring:dashboard"), {"ky": "2022"})
        .content.decode()
    )
    for code in CRITERIA:
        n = exp.criterion(code)
        assert text_of(html, f"criterion-count-{code}") == f"{n}/181"
        assert text_of(html, f"criterion-share-{code}") == format_percent(100 * n / 181)
    assert text_of(html, "avg-criteria") == format_number_vi(exp.avg, 2) == "14,29"
    assert text_of(html, "criterion-count-2") == "3/181"
    assert text_of(html, "criterion-share-2") == "1,66%"
    assert text_of(html, "reported") == "7/181"
    assert text_of(html, "meeting-all") == f"{len(exp.full)}/181"
    assert text_of(html, "border-avg") == "18,00"
    assert "Năm 2022: 7/181 xã (3,87%)" in html
    # every table can be downloaded, and the charts read local ECharts
    for table in ("tong-quan", "tieu-chi", "muc-dat", "nhom", "huyen", "huyen-tieu-chi"):
        assert f'href="?ky=2022&amp;xlsx={table}"' in html
    assert "/static/vendor/echarts/echarts.min.js" in html and "web/charts.js" in html
    assert 'id="chart-criteria" type="application/json"' in html


def test_by_district_table(dash_world):
    dash = dashboard_build(province(), "2022")
    rows = {a.code: a for a in dash.areas}
    assert len(rows) == 11 and sum(a.communes for a in dash.areas) == 181
    for district in (DISTRICT_A, DISTRICT_B):
        exp = dash_world.expected("2022", district)
        row = rows[district]
        assert row.communes == exp.communes
        assert row.reported == len(exp.reported)
        assert row.avg == pytest.approx(exp.avg)
        assert row.full == len(exp.full)
        assert row.levels.get(f"{MAIN}:{LEVEL_NTM}", 0) == exp.level(LEVEL_NTM)
        assert row.criteria == {c: exp.criterion(c) for c in CRITERIA if exp.criterion(c)}
    others = [a for a in dash.areas if a.code not in (DISTRICT_A, DISTRICT_B)]
    assert all(a.reported == 0 and a.avg is None for a in others)
    assert rows[DISTRICT_A].border_avg == pytest.approx(18)
    assert rows[DISTRICT_B].border_flagged == 0 and rows[DISTRICT_B].border_avg is None


def test_trend_and_default_period(dash_world):
    dash = dashboard_build(province())
    assert dash.period.code == "2023"  # the latest period with approved reports
    assert [p.code for p in dash.periods] == ["2022", "2023"]
    for row in dash.trend:
        exp = dash_world.expected(row.period.code)
        assert row.reported == len(exp.reported)
        assert row.carried == len(exp.carried(row.period.code))
        assert row.avg == pytest.approx(exp.avg)
        assert row.full == len(exp.full)
        assert row.levels == {
            key: n
            for key, n in {
                f"{MAIN}:{LEVEL_NTM}": exp.level(LEVEL_NTM),
                f"{ADVANCED}:{LEVEL_ADVANCED}": exp.level(LEVEL_ADVANCED),
                f"{MODEL}:{LEVEL_MODEL}": exp.level(LEVEL_MODEL),
            }.items()
            if n
        }


@pytest.mark.parametrize("period", ["2022", "2023"])
def test_recognitions_versus_evaluation(dash_world, period):
    exp = dash_world.expected(period)
    gap = dashboard_build(province(), period).recognition
    assert gap.recognised == len(exp.recognised)
    assert gap.meeting_all == len(exp.full)
    assert gap.recognised_meeting_all == len(exp.recognised & set(exp.full))
    assert {c.code: list(c.missing) for c in gap.recognised_short} == exp.recognised_short
    assert {c.code for c in gap.recognised_unreported} == exp.recognised_unreported
    assert {c.code for c in gap.meeting_all_not_recognised} == set(exp.full) - exp.recognised


def test_recognition_gap_in_2022_by_name(dash_world):
    """Spelled out: B2 was revoked in 2022, B4 recognised only in 2023."""
    gap = dashboard_build(province(), "2022").recognition
    assert gap.recognised == 3  # A1, A3, A5
    assert [(c.code, c.missing) for c in gap.recognised_short] == [(A3, ("2", "17"))]
    assert [c.code for c in gap.recognised_unreported] == [A5]
    assert {c.code for c in gap.meeting_all_not_recognised} == {A2, B4}
    gap_2023 = dashboard_build(province(), "2023").recognition
    assert gap_2023.recognised == 4 and gap_2023.recognised_short == []
    # B4 did not report in 2023: its approved 2022 figures (19/19) carry forward.
    assert {c.code for c in gap_2023.recognised_unreported} == {A5}
    assert gap_2023.recognised_meeting_all == 3  # A1, A3 (2023) and B4 (2022)


def test_district_dashboard_figures_communes_and_queue(dash_world):
    district = AdminUnit.objects.get(code=DISTRICT_A)
    exp = dash_world.expected("2022", DISTRICT_A)
    dash = dashboard_build(district, "2022", communes=True)
    assert dash.total.communes == exp.communes
    assert {c.code: c.met for c in dash.criteria} == {c: exp.criterion(c) for c in CRITERIA}
    assert dash.total.avg == pytest.approx(exp.avg)
    rows = {r.status.code: r for r in dash.communes}
    assert len(rows) == exp.communes
    for plan in exp.reported:
        row = rows[plan.unit]
        assert row.status.met == plan.met
        assert {c for c, met in row.criteria.items() if not met} == set(plan.fails)
    assert rows[A1].levels == [
        "Xã đạt chuẩn nông thôn mới",
        "Xã đạt chuẩn nông thôn mới nâng cao",
        "Xã đạt chuẩn nông thôn mới kiểu mẫu",
    ]
    assert rows[A5].status.met is None and rows[A5].criteria == {}
    assert [r.unit.code for r in dash.queue] == [A5]
    html = (
        client_for(dash_world.users["caoloc"])
        .get(reverse("monitoring:district_dashboard", args=[DISTRICT_A]), {"ky": "2022"})
        .content.decode()
    )
    assert text_of(html, "avg-criteria") == format_number_vi(exp.avg, 2)
    assert text_of(html, "commune-met-" + A3) == "17"
    review = reverse("monitoring:review", args=[dash_world.reports[(A5, "2022")].pk])
    assert f'href="{review}"' in html
    assert f'href="{reverse("monitoring:scorecard", args=[A3])}?ky=2022&amp;"' in html


def test_province_links_districts_and_communes(dash_world):
    html = (
        client_for(dash_world.users["lanhdao"])
        .get(reverse("monitoring:dashboard"), {"ky": "2022"})
        .content.decode()
    )
    url = reverse("monitoring:district_dashboard", args=[DISTRICT_B])
    assert f'href="{url}?ky=2022&amp;"' in html
    assert text_of(html, f"district-avg-{DISTRICT_B}") == "14,00"
    assert text_of(html, f"district-reported-{DISTRICT_A}") == "4"
    assert f'href="{reverse("monitoring:scorecard", args=[A3])}?ky=2022&amp;"' in html


def test_no_border_commune_flagged_is_said_plainly(dash_world):
    AdminUnit.objects.update(border=False)
    dash = dashboard_build(province(), "2022")
    assert dash.total.border_flagged == 0 and dash.total.border_avg is None
    html = (
        client_for(dash_world.users["lanhdao"])
        .get(reverse("monitoring:dashboard"), {"ky": "2022"})
        .content.decode()
    )
    border = html[html.index('data-testid="border"') :]
    assert "chưa có xã nào được đánh dấu là xã biên giới" in border[: border.index("</p>")]


def test_a_period_without_approved_reports_carries_the_last_approved_forward(dash_world):
    """No approved report in 2024-Q1: every commune keeps its latest approved
    status (same criteria set), an appraised report does not count, and the
    communes never approved are counted without data, not as failing."""
    plan = Plan(A2, "2024-Q1", "appraised")
    users = dash_world.users
    build_report(plan, officer_for(dash_world.units[A2]), users["quantri"], *SERVICES)
    exp = dash_world.expected("2023")  # the latest approved of each commune
    dash = dashboard_build(province(), "2024-Q1", communes=True)
    assert dash.period.code == "2024-Q1"
    assert dash.total.reported == len(exp.reported) == 7
    assert dash.total.carried == 7 and dash.coverage.without_data == 181 - 7
    assert dash.total.avg == pytest.approx(exp.avg)
    assert [c.met for c in dash.criteria] == [exp.criterion(c) for c in CRITERIA]
    assert len(dash.unreported) == 181 - 7
    a2 = next(r.status for r in dash.communes if r.status.code == A2)
    assert a2.status_label == "Huyện đã thẩm định"
    assert a2.carried_from is not None and a2.carried_from.code == "2022"
    assert a2.met == 19  # its approved 2022 figures, not the appraised 2024-Q1 ones
    # the period select offers it beside those with data
    assert [p.code for p in dash.periods] == ["2022", "2023", "2024-Q1"]
    html = (
        client_for(dash_world.users["lanhdao"])
        .get(reverse("monitoring:dashboard"), {"ky": "2024-q1"})
        .content.decode()
    )
    assert text_of(html, "criterion-count-1") == f"{exp.criterion('1')}/181"


def test_json_form_of_the_figures(dash_world):
    data = dashboard_as_dict(dashboard_build(province(), "2022"))
    assert data["average_criteria"] == 14.29 and data["reported"] == 7
    assert data["levels"][0] == {
        "code": LEVEL_NTM,
        "set": MAIN,
        "name": "Xã đạt chuẩn nông thôn mới",
        "communes": 2,
        "share": 1.1,
    }
    assert data["recognitions"]["recognised_short"] == [
        {"code": A3, "name": "Xã Thanh Lòa", "criteria_met": 17, "missing": ["2", "17"]}
    ]
    assert B4 in data["recognitions"]["meeting_all_not_recognised"]
    assert A1 not in data["unreported_communes"]
    assert data["coverage"] == {
        "communes": 181,
        "with_data": 7,
        "carried_forward": 0,
        "without_data": 174,
    }


def test_json_coverage_counts_carried_forward_communes(dash_world):
    """2023: three communes reported, four more carry their approved 2022
    figures forward; each criterion says the same coverage and its own counts."""
    exp = dash_world.expected("2023")
    data = dashboard_as_dict(dashboard_build(province(), "2023"))
    assert data["coverage"] == {
        "communes": 181,
        "with_data": 7,
        "carried_forward": len(exp.carried("2023")),
        "without_data": 174,
    }
    assert len(exp.carried("2023")) == 4
    for row in data["criteria"]:
        assert row["met"] == exp.criterion(row["code"])
        assert row["not_met"] == 7 - exp.criterion(row["code"])
        assert row["coverage"] == data["coverage"]


def _queries(client, url) -> int:
    """Queries of a page built from scratch (its cached body dropped first)."""
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_province_page_needs_at_most_15_queries_whatever_the_communes(
    dash_world, django_assert_max_num_queries
):
    client = client_for(dash_world.users["lanhdao"])
    url = reverse("monitoring:dashboard") + "?ky=2022"
    cache.clear()
    with django_assert_max_num_queries(15):
        client.get(url)
    small = _queries(client, url)
    # six more approved communes in a third district, two of them recognised
    admin = dash_world.users["quantri"]
    extra = list(AdminUnit.objects.filter(type="xa", in_programme=True, parent__code="188")[:6])
    for i, unit in enumerate(extra):
        plan = Plan(unit.code, "2022", "approved", frozenset({str(i + 1)}))
        build_report(plan, officer_for(unit), admin, *SERVICES)
    for unit in extra[:2]:
        Recognition.objects.create(
            unit=unit,
            level="ntm",
            decision_number="1",
            decision_date="2020-01-01",
            criteria_set="QĐ 1980/QĐ-TTg",
        )
    AdminUnit.objects.filter(pk__in=[u.pk for u in extra[:3]]).update(border=True)
    large = _queries(client, url)
    assert large == small <= 15
    # a district officer's province is looked up once more: still within budget
    officer = client_for(dash_world.users["caoloc"])
    officer.get(url)
    assert _queries(officer, url) <= 15
    dash = dashboard_build(province(), "2022")
    assert dash.total.reported == 13 and len(dash.recognition.recognised_short) == 3


def _workbook(response):
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    assert response["Content-Disposition"].startswith("attachment;")
    return openpyxl.load_workbook(io.BytesIO(response.content)).active


def test_criteria_table_downloads_as_a_real_xlsx(dash_world):
    exp = dash_world.expected("2022")
    client = client_for(dash_world.users["lanhdao"])
    response = client.get(reverse("monitoring:dashboard"), {"ky": "2022", "xlsx": "tieu-chi"})
    assert 'filename="ntm-tieu-chi-tinh-lang-son-2022.xlsx"' in response["Content-Disposition"]
    ws = _workbook(response)
    assert ws["A1"].value == "Số xã đạt từng tiêu chí, Tỉnh Lạng Sơn, Năm 2022"
    headers = [c.value for c in ws[2]]
    assert headers == [
        "Tiêu chí",
        "Tên tiêu chí",
        "Số xã đạt (xã)",
        "Tổng số xã (xã)",
        "Tỷ lệ (%)",
        "Số xã có số liệu (xã)",
        "Số xã chưa có số liệu (xã)",
    ]
    assert ws.freeze_panes == "A3"
    rows = list(ws.iter_rows(min_row=3, max_row=21, values_only=True))
    assert [r[0] for r in rows] == CRITERIA
    for code, _name, met, total, share, with_data, without_data in rows:
        assert (met, total) == (exp.criterion(code), 181)
        assert (with_data, without_data) == (len(exp.reported), 181 - len(exp.reported))
        assert isinstance(share, float) and share == pytest.approx(100 * met / 181)
    assert ws["E4"].number_format == "0.00" and ws["C4"].number_format == "#,##0"
    assert ws["B4"].value == "Giao thông"
    note = ws.cell(row=23, column=1).value
    assert note.startswith("Nguồn:") and "Kỳ: Năm 2022" in note and "Tỉnh Lạng Sơn" in note


def test_every_table_of_both_dashboards_downloads(dash_world):
    client = client_for(dash_world.users["caoloc"])
    exp = dash_world.expected("2022")
    province_tables = {
        "tong-quan": "Chỉ số",
        "tieu-chi": "Tiêu chí",
        "muc-dat": "Mức",
        "nhom": "Nhóm",
        "huyen": "Huyện",
        "huyen-tieu-chi": "Huyện",
        "xu-huong": "Kỳ",
        "cong-nhan": "Mã xã",
        "chua-phe-duyet": "Mã xã",
    }
    sheets = {}
    for name, first_header in province_tables.items():
        response = client.get(reverse("monitoring:dashboard"), {"ky": "2022", "xlsx": name})
        sheets[name] = ws = _workbook(response)
        assert ws["A2"].value == first_header, name
    summary = {r[0]: r[1] for r in sheets["tong-quan"].iter_rows(min_row=3, values_only=True)}
    assert summary["Bình quân tiêu chí/xã"] == pytest.approx(exp.avg)
    assert summary["Số xã có số liệu đã phê duyệt"] == 7
    district = [r for r in sheets["huyen"].iter_rows(min_row=3, values_only=True) if r[0]]
    cao_loc = next(r for r in district if r[0] == "Huyện Cao Lộc")
    assert cao_loc[1:5] == (20, 4, pytest.approx(14.5), 2)
    assert district[-2][0] == "Tỉnh Lạng Sơn" and district[-2][2] == 7  # total row
    recognised = list(sheets["cong-nhan"].iter_rows(min_row=3, max_row=3, values_only=True))
    assert recognised == [(A3, "Xã Thanh Lòa", "Huyện Cao Lộc", 17, "2, 17")]
    trend = list(sheets["xu-huong"].iter_rows(min_row=3, max_row=4, values_only=True))
    assert [r[0] for r in trend] == ["Năm 2022", "Năm 2023"]
    unreported = sheets["chua-phe-duyet"]
    assert unreported.max_row == 2 + 174 + 2  # data, a blank row, the note
    assert (
        unreported.cell(row=176, column=1).value
        and unreported.cell(row=177, column=1).value is None
    )
    district_url = reverse("monitoring:district_dashboard", args=[DISTRICT_A])
    for name in ("xa", "tham-dinh", "tieu-chi", "xu-huong"):
        ws = _workbook(client.get(district_url, {"ky": "2022", "xlsx": name}))
        assert ws["A1"].value
    ws = _workbook(client.get(district_url, {"ky": "2022", "xlsx": "xa"}))
    by_code = {r[0]: r for r in ws.iter_rows(min_row=3, values_only=True) if r[0]}
    assert by_code[A3][3] == 17 and by_code[A3][6] == "có"
    assert by_code[A3][7:9] == ("đạt", "chưa")  # criteria 1 and 2
    queue = _workbook(client.get(district_url, {"ky": "2022", "xlsx": "tham-dinh"}))
    assert queue["A3"].value == A5 and queue["C3"].value == "Năm 2022"


def test_unknown_table_name(dash_world):
    client = client_for(dash_world.users["lanhdao"])
    response = client.get(reverse("monitoring:dashboard"), {"xlsx": "khong-co"})
    assert response.status_code == 404


def test_a_cached_page_is_rebuilt_when_the_figures_change(dash_world):
    """Pages keep their body in the cache under the figures' fingerprint:
    the second view costs a handful of queries, and approving a report (or
    any change to the figures) shows at once."""
    cache.clear()
    client = client_for(dash_world.users["lanhdao"])
    url = reverse("monitoring:dashboard") + "?ky=2022"
    built = _queries(client, url)
    with CaptureQueriesContext(connection) as cached:
        first = client.get(url).content.decode()
    assert len(cached) < built and len(cached) <= 6
    before = first.split('data-testid="reported"')[1][:40]
    admin = dash_world.users["quantri"]
    unit = AdminUnit.objects.filter(type="xa", in_programme=True, parent__code="188").first()
    build_report(
        Plan(unit.code, "2022", "approved", frozenset({"1"})), officer_for(unit), admin, *SERVICES
    )
    after = client.get(url).content.decode().split('data-testid="reported"')[1][:40]
    assert after != before
