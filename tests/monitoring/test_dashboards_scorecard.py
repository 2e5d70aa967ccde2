"""The commune scorecard: verdicts and reasons, what is missing for the next
level, history, evidence, recognitions; drafts only for those who may see
them; every table as .xlsx."""

from __future__ import annotations

import io
import re

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from ntm.monitoring.dashboards import scorecard_build
from ntm.monitoring.evaluations import report_explain
from ntm.monitoring.models import IndicatorValue
from ntm.monitoring.services import evidence_add
from tests.monitoring import test_dashboards_world as world
from tests.monitoring.test_dashboards_world import A1, A2, A3, A5, B3, B4, MAIN, officer_for

pytestmark = pytest.mark.django_db
dash_world = world.dash_world  # the module-scoped crafted world


def page(dash_world, username: str, code: str, **params) -> str:
    client = Client()
    client.force_login(dash_world.users[username])
    response = client.get(reverse("monitoring:scorecard", args=[code]), params)
    assert response.status_code == 200
    return response.content.decode()


def text_of(html: str, name: str) -> str:
    match = re.search(rf'data-testid="{re.escape(name)}"[^>]*>(.*?)</', html, re.S)
    assert match, name
    return re.sub(r"<[^>]+>", "", match.group(1)).strip()


def test_an_approved_scorecard_with_reasons_and_the_gap(dash_world):
    html = page(dash_world, "soxaydung", A3, ky="2022")
    assert text_of(html, "scorecard-met") == "17/19"
    assert "Số liệu Năm 2022 đã được tỉnh phê duyệt." in html
    explained = report_explain(dash_world.reports[(A3, "2022")])[MAIN]
    for criterion in explained.criteria:
        verdict = text_of(html, f"criterion-verdict-{criterion.code}")
        assert verdict == ("đạt" if criterion.met else "chưa đạt"), criterion.code
        for indicator in criterion.indicators:
            assert escape(indicator.reason) in html  # every indicator's Vietnamese reason
    assert "2.1: 10% &lt; 50%" in html
    assert text_of(html, "next-missing") == "2, 17"
    gap = re.search(r'data-testid="gap-2\.1">(.*?)</tr>', html, re.S).group(1)
    assert "10%" in gap and "≥ 50%" in gap and "không đạt" in gap
    assert 'data-testid="gap-17.1"' in html and 'data-testid="gap-1.1"' not in html
    # history over both years, recognitions
    assert "17/19" in re.search(r'data-testid="history-2022">(.*?)</tr>', html, re.S).group(1)
    assert 'data-testid="history-2023"' in html
    assert "6193/QĐ-UBND (10/10/2019)" in html


def test_scorecard_figures_from_the_selector(dash_world):
    card = scorecard_build(dash_world.units[A3], "2022", drafts=False)
    assert card.approved and card.met == 17 and card.band == "Từ 15 đến 18 tiêu chí"
    assert [c.code for c in card.criteria if not c.met] == ["2", "17"]
    assert card.next_level.level.code == "ntm"
    assert [c.code for c in card.next_level.criteria] == ["2", "17"]
    gap = {
        i.code: (i.value_text, i.threshold_text)
        for c in card.next_level.criteria
        for i in c.unmet_indicators
    }
    assert gap == {"2.1": ("10%", "≥ 50%"), "17.1": ("10%", "≥ 50%")}
    assert [(h.period.code, h.met, h.levels) for h in card.history] == [
        ("2022", 17, ()),
        ("2023", 19, ("Xã đạt chuẩn nông thôn mới",)),
    ]
    assert [r.decision_number for r in card.recognitions] == ["6193/QĐ-UBND"]


def test_next_level_is_the_first_not_reached(dash_world):
    top = scorecard_build(dash_world.units[A1], "2022", drafts=False)
    assert [lv.reached for lv in top.levels] == [True, True, True] and top.next_level is None
    survey = scorecard_build(dash_world.units[A2], "2022", drafts=False).next_level
    assert survey.level.code == "ntm" and survey.criteria == ()
    assert [(i.code, i.value_text, i.threshold_text) for i in survey.conditions] == [
        ("hai_long", "40%", "≥ 50%")
    ]
    advanced = scorecard_build(dash_world.units[B4], "2022", drafts=False).next_level
    assert advanced.level.code == "ntm-nang-cao" and len(advanced.criteria) == 19
    assert {i.verdict.label for c in advanced.criteria for i in c.unmet_indicators} == {
        "thiếu số liệu"
    }


def test_drafts_only_for_those_who_may_see_them(dash_world):
    # Cao Lộc's district officer sees the submitted report of A5, labelled
    html = page(dash_world, "caoloc", A5, ky="2022")
    assert "chưa được phê duyệt" in text_of(html, "report-status")
    assert "Chờ huyện thẩm định" in html and 'data-testid="scorecard-met"' in html
    # a department officer (approved figures only) and another commune do not
    for username in ("soxaydung", "tanlien"):
        html = page(dash_world, username, A5, ky="2022")
        assert "chưa được tỉnh phê duyệt" in text_of(html, "report-status")
        assert 'data-testid="scorecard-met"' not in html and 'data-testid="indicator-' not in html
    # with no period asked, a reader of approved figures has none for A5
    assert "Xã chưa có báo cáo kỳ nào được tỉnh phê duyệt." in page(dash_world, "soxaydung", A5)
    # a draft outside the officer's district stays hidden, the leader sees it
    assert 'data-testid="scorecard-met"' not in page(dash_world, "caoloc", B3, ky="2022")
    html = page(dash_world, "lanhdao", B3, ky="2022")
    assert "chưa được phê duyệt</strong> (trạng thái: «Đang nhập»)" in html
    card = scorecard_build(dash_world.units[A5], None, drafts=False)
    assert card.period is None and card.history == []


def test_evidence_files_are_listed_with_links(dash_world):
    report = dash_world.reports[(B3, "2022")]
    value = IndicatorValue.objects.get(report=report, indicator__code="15.4")
    upload = SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    evidence = evidence_add(user=officer_for(dash_world.units[B3]), value=value, upload=upload)
    html = page(dash_world, "lanhdao", B3, ky="2022")
    assert "bien-ban.pdf" in html
    link = re.search(r'<a href="([^"]+)">bien-ban\.pdf</a>', html).group(1)
    assert link in (reverse("monitoring:evidence", args=[evidence.pk]), evidence.file.url)


def test_every_scorecard_table_downloads(dash_world):
    client = Client()
    client.force_login(dash_world.users["lanhdao"])
    url = reverse("monitoring:scorecard", args=[A3])
    sheets = {}
    for name in ("chi-tieu", "lich-su", "cong-nhan", "can-dat"):
        response = client.get(url, {"ky": "2022", "xlsx": name})
        assert response.status_code == 200, name
        sheets[name] = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheets["chi-tieu"].iter_rows(min_row=3, values_only=True))
    first = next(r for r in rows if r[2] == "2.1")
    assert first[:3] == ("2", "không", "2.1") and first[4:7] == ("10%", "≥ 50%", "không đạt")
    assert first[7].startswith("2.1: 10% < 50%")
    history = list(sheets["lich-su"].iter_rows(min_row=3, max_row=4, values_only=True))
    assert [(r[0], r[2], r[3]) for r in history] == [("Năm 2022", 17, 19), ("Năm 2023", 19, 19)]
    assert sheets["cong-nhan"]["B3"].value == "6193/QĐ-UBND"
    gap = list(sheets["can-dat"].iter_rows(min_row=3, max_row=4, values_only=True))
    assert [r[1] for r in gap] == ["2.1", "17.1"]


def test_only_communes_have_a_scorecard(dash_world):
    client = Client()
    client.force_login(dash_world.users["lanhdao"])
    assert client.get(reverse("monitoring:scorecard", args=["183"])).status_code == 404
    assert client.get(reverse("monitoring:scorecard", args=["nope"])).status_code == 404
    bad = client.get(reverse("monitoring:scorecard", args=[A3]), {"ky": "2019"})
    assert bad.status_code == 404 and "Chưa có kỳ báo cáo «2019»" in bad.content.decode()
