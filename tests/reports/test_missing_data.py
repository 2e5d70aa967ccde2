"""A target whose measure cannot be computed reads "Chưa đủ số liệu" with
its reason, never "Không đạt" or "Đã đạt": the border flag unset for every
commune, in the plan progress, the plan check, the home page, the province
dashboard and the Word progress report (re-opened)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from ntm.planning.checks import plan_check
from ntm.planning.progress import Status, plan_progress
from ntm.planning.services import plan_import
from ntm.reports.builders import BuildRequest, build_parts
from ntm.reports.render import render_docx
from ntm.units.models import AdminUnit
from tests.reports.helpers import open_docx, rows

pytestmark = pytest.mark.django_db

PLAN_FILE = Path(__file__).resolve().parents[2] / "ntm" / "data" / "plans" / "lang-son-2023.yaml"
NO_FLAG = "chưa có xã nào được đánh dấu là xã biên giới"


@pytest.fixture
def no_border_flags(dash_world):
    """The crafted world, its border flags cleared, with the 2023 plan."""
    AdminUnit.objects.filter(border=True).update(border=False)
    return plan_import(path=PLAN_FILE).plan


def test_plan_progress_reads_not_enough_data_with_the_reason(no_border_flags):
    progress = plan_progress(no_border_flags, "2023")
    for key in ("border_communes", "border_avg"):
        row = progress.row(key)
        assert row.status is Status.NO_DATA and row.status.label == "Chưa đủ số liệu"
        assert row.actual_text == f"chưa đủ số liệu: {NO_FLAG}"
    tasks = {r.target.key: r.data_task for r in progress.data_tasks}
    assert tasks["border_communes"].startswith("Chưa xác định 20 xã biên giới")
    assert tasks["border_avg"].endswith(NO_FLAG)
    # a computable target is not listed: criterion 1 has approved data
    assert "tc1" not in tasks and progress.row("tc1").status is not Status.NO_DATA


def test_plan_check_lists_the_gap_as_a_task(no_border_flags):
    messages = [f.message for f in plan_check(no_border_flags).for_target("border_communes")]
    assert any(m.startswith("Chưa xác định 20 xã biên giới") for m in messages), messages


def test_home_page_and_dashboard_say_not_enough_data(no_border_flags, dash_world):
    client = Client()
    client.force_login(dash_world.users["lanhdao"])
    home = client.get(reverse("home")).content.decode()
    assert 'data-testid="data-task-border_communes"' in home
    assert "Chưa xác định 20 xã biên giới" in home
    page = client.get(reverse("monitoring:dashboard"), {"ky": "2023"}).content.decode()
    border = page[page.index('data-testid="border"') :]
    border = border[: border.index("</p>")]
    assert "Chưa đủ số liệu" in border and NO_FLAG in border
    assert "Không đạt" not in border and "Đã đạt" not in border


def test_word_progress_report_says_not_enough_data(no_border_flags):
    province = AdminUnit.objects.get(type="tinh")
    parts = build_parts(
        BuildRequest(kind="tien-do", unit=province, period_code="2023", day=dt.date(2026, 11, 29))
    )
    doc = open_docx(render_docx(parts))
    lines = [r for t in doc.tables for r in rows(t)]
    line = next(r for r in lines if r[1:2] == ["Số xã biên giới"])
    assert line[3] == f"chưa đủ số liệu: {NO_FLAG}"
    assert line[4] == "Chưa đủ số liệu"
    average = next(r for r in lines if r[1:2] == ["Bình quân số tiêu chí đạt của xã biên giới"])
    assert average[4] == "Chưa đủ số liệu"
