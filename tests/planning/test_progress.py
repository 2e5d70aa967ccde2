"""Plan versus actual: figures computed from approved monitoring data only,
equal to an independent count over the stored rows; the status rule by the
elapsed share of the year; reported figures; the trend; the .xlsx export."""

from __future__ import annotations

import datetime as dt
import io
from collections import Counter
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from ntm.monitoring.models import Evaluation, EvaluationCriterion, Period, Recognition
from ntm.planning.models import ReportedActual
from ntm.planning.progress import Status, judge, plan_progress
from ntm.units.models import AdminUnit

pytestmark = pytest.mark.django_db

YES = "Đạt"
C1 = {"1.1": YES, "1.2": YES}
C7 = {"7": YES}
C8 = {"8.1": YES, "8.2": YES, "8.3": YES, "8.4": YES}
C19 = {"19.1": YES, "19.2": YES}


@pytest.fixture
def world(plan_2023, fill_report):
    """Four communes of Huyện Cao Lộc with crafted, partly approved figures,
    and recognition decisions around the plan year."""
    a, b, c, d = (AdminUnit.objects.get(code=code) for code in ("6190", "6193", "6196", "6199"))
    fill_report(a, "2022", {**C1, **C7}, status="approved")
    fill_report(b, "2022", {"1.1": YES, "1.2": "Không đạt", **C19}, status="approved")
    fill_report(a, "2023-Q1", {**C1, **C7, **C8, **C19}, status="approved")
    fill_report(b, "2023-Q1", {**C1, **C19, "8.3": YES}, status="approved")
    fill_report(c, "2023-Q1", C1, status="approved")
    fill_report(a, "2023-Q2", {**C1, **C7, **C8, **C19, "15.2": YES}, status="approved")
    fill_report(b, "2023-Q2", {**C1, **C7, **C8, **C19}, status="submitted")
    fill_report(d, "2023-Q2", {**C1, **C7}, status="appraised")
    decided = [
        (a, "ntm", dt.date(2021, 12, 1), None),
        (c, "ntm", dt.date(2023, 3, 15), None),
        (d, "ntm", dt.date(2020, 6, 1), dt.date(2023, 2, 1)),
    ]
    for unit, level, date, revoked in decided:
        Recognition.objects.create(
            unit=unit,
            level=level,
            decision_number="1/QĐ-UBND",
            decision_date=date,
            criteria_set="xa-ntm-2021-2025",
            revoked_on=revoked,
        )
    return {"plan": plan_2023, "a": a, "b": b, "c": c, "d": d}


def _independent(period: str) -> dict[str, object]:
    """The same figures counted row by row from the stored evaluations, on
    the official basis: each commune's latest approved evaluation (same
    set) of a period ending at or before this one."""
    end = Period.objects.get(code=period).end
    latest: dict[int, Evaluation] = {}
    for ev in Evaluation.objects.filter(
        report__status="approved",
        report__period__end__lte=end,
        criteria_set__code="xa-ntm-2021-2025",
    ).select_related("report__period"):
        held = latest.get(ev.report.unit_id)
        if held is None or held.report.period.end < ev.report.period.end:
            latest[ev.report.unit_id] = ev
    evaluations = list(latest.values())
    met = Counter()
    for ev in evaluations:
        for criterion in EvaluationCriterion.objects.filter(evaluation=ev, met=True):
            met[criterion.code] += 1
    counts = [ev.criteria_met_count for ev in evaluations]
    return {
        "reported": len(evaluations),
        "carried": sum(ev.report.period.code != period for ev in evaluations),
        "criteria": met,
        "avg": Decimal(repr(round(sum(counts) / len(counts), 4))) if counts else None,
        "below5": sum(1 for n in counts if n < 5),
        "radio": sum(1 for ev in evaluations if ev.verdicts.get("8.3") == 1),
        "health": sum(1 for ev in evaluations if ev.verdicts.get("15.2") == 1),
    }


def test_actuals_equal_an_independent_count_per_period(world):
    plan = world["plan"]
    expected_q1 = {"1": 3, "7": 1, "8": 1, "19": 2}
    # Q2: A reported; B (its Q2 report only submitted) and C keep their approved Q1 figures
    expected_q2 = {"1": 3, "7": 1, "8": 1, "19": 2}
    for period, known in (("2023-Q1", expected_q1), ("2023-Q2", expected_q2)):
        progress = plan_progress(plan, period)
        truth = _independent(period)
        assert progress.reported == truth["reported"] and progress.communes == 181
        for code in (str(n) for n in range(1, 20)):
            row = progress.row(f"tc{code}")
            assert row.actual.value == truth["criteria"].get(code, 0), code
            assert row.actual.reported == truth["reported"]
            assert row.actual.carried == truth["carried"]
        for code, n in known.items():  # and what was entered, a priori
            assert progress.row(f"tc{code}").actual.value == n
        assert progress.row("avg_criteria").actual.value == truth["avg"]
        assert progress.row("below5").actual.value == truth["below5"]
        assert progress.row("radio_total").actual.value == truth["radio"]
        assert progress.row("health_national").actual.value == truth["health"]
    q1 = plan_progress(plan, "2023-Q1")
    # A 4 criteria, B 2, C 1 (approved only: D's appraised report does not count)
    assert q1.row("avg_criteria").actual.value == Decimal("2.3333")
    assert q1.row("radio_total").actual.value == 2
    # criterion 8 met in Q1 by A, who did not meet it at the end of 2022
    assert q1.row("ict_completed").actual.value == 1


def test_recognitions_in_force_and_in_the_year(world):
    plan = world["plan"]
    q1 = plan_progress(plan, "2023-Q1")
    assert q1.row("ntm").actual.value == 2  # A, C (D revoked on 01/02/2023)
    assert q1.row("model").actual.value == 0
    trend = {p.period.code: p.value for p in q1.row("ntm").trend}
    assert trend["2022"] == 2  # A, and D not yet revoked
    assert q1.row("ntm").baseline == Decimal(85)  # the plan's own baseline


def test_statuses_and_trend(world):
    plan = world["plan"]
    q2 = plan_progress(plan, "2023-Q2")
    tc1 = q2.row("tc1")
    # a figure moves only when an approved value moved: B and C did not
    # report in Q2, their approved Q1 figures stand
    assert [(p.period.code, p.value) for p in tc1.trend] == [
        ("2022", 1),
        ("2023-Q1", 3),
        ("2023-Q2", 3),
    ]
    assert tc1.direction == "flat"
    # expected at mid-year: 65 + (163 - 65) × 1/2 = 114; 3 is far behind
    assert tc1.status is Status.AT_RISK
    assert tc1.judgement.expected == Decimal(114)
    assert tc1.judgement.gap == Decimal(160)
    # below 5 criteria: at most 0 wanted, measured baseline 2 (A and B in 2022)
    below = q2.row("below5")
    assert below.baseline == 2 and below.baseline_source == "số liệu Năm 2022"
    # expected at mid-year: 2 + (0 - 2) × 1/2 = 1; A, B and C all hold fewer
    # than 5 criteria on their latest approved figures
    assert below.actual.value == 3 and below.status is Status.AT_RISK
    assert plan_progress(plan, "2023").row("tc1").status is Status.NO_DATA


def test_no_approved_figures_reads_no_data(plan_2023):
    progress = plan_progress(plan_2023)
    assert progress.period.code == "2023" and not progress.has_data
    assert progress.reported == 0
    assert {r.status for r in progress.rows} == {Status.NO_DATA}
    assert progress.row("tc1").actual_text == "chưa đủ số liệu"
    assert progress.row("road_km").actual_text == (
        "chưa đủ số liệu: cơ quan phụ trách chưa báo cáo số liệu thực hiện"
    )


def test_reported_figures_count_up_to_the_period_end(plan_2023, demo_users):
    road = plan_2023.targets.get(key="road_km")
    for day, value in ((dt.date(2022, 12, 31), 300), (dt.date(2023, 3, 31), 90)):
        ReportedActual.objects.create(target=road, value=value, as_of=day)
    ReportedActual.objects.create(target=road, value=200, as_of=dt.date(2023, 6, 30))
    q1 = plan_progress(plan_2023, "2023-Q1")
    row = q1.row("road_km")
    assert row.actual.value == 90
    # the end of 2022 report is the baseline, not a 2023 figure
    assert row.baseline == 300 and row.baseline_source == "báo cáo năm trước"
    assert plan_progress(plan_2023, "2023-Q2").row("road_km").actual.value == 200
    # funding: the total is the sum of what the sources reported
    for key, value in (("credit", "1.500"), ("community", "75,5")):
        ReportedActual.objects.create(
            target=plan_2023.targets.get(key=key),
            value=Decimal(value.replace(".", "").replace(",", ".")),
            as_of=dt.date(2023, 6, 30),
        )
    total = plan_progress(plan_2023, "2023-Q2").row("funding_total")
    assert total.actual.value == Decimal("1575.5")
    assert total.actual.detail == "cộng 2/5 nguồn đã báo cáo"


@pytest.mark.parametrize(
    ("comparison", "value", "top", "actual", "baseline", "share", "status", "expected"),
    [
        ("at_least", 163, None, 163, 65, "0.25", Status.ACHIEVED, None),
        ("at_least", 163, None, 90, 65, "0.25", Status.ON_TRACK, "89.5"),
        ("at_least", 163, None, 89, 65, "0.25", Status.AT_RISK, "89.5"),
        ("at_least", 163, None, 162, 65, "1", Status.MISSED, "163"),
        ("at_least", 10, None, 3, None, "0.25", Status.ON_TRACK, "2.5"),
        ("more_than", 350, None, 350, 0, "1", Status.MISSED, "350"),
        ("more_than", 350, None, 351, 0, "1", Status.ACHIEVED, None),
        ("at_most", 0, None, 2, 4, "0.5", Status.ON_TRACK, "2"),
        ("at_most", 0, None, 3, 4, "0.5", Status.AT_RISK, "2"),
        ("between", 13, 14, "14.5", 12, "0.5", Status.ACHIEVED, None),
        ("between", 13, 14, "12.4", 12, "0.5", Status.AT_RISK, "12.5"),
        ("exactly", 20, None, 20, 0, "1", Status.ACHIEVED, None),
        ("about", 1000, None, 260, 0, "0.25", Status.ON_TRACK, "250"),
        ("at_least", 10, None, None, 0, "0.25", Status.NO_DATA, None),
    ],
)
def test_status_rule(comparison, value, top, actual, baseline, share, status, expected):
    def d(x):
        return None if x is None else Decimal(str(x))

    j = judge(
        comparison=comparison,
        value=d(value),
        value_max=d(top),
        actual=d(actual),
        baseline=d(baseline),
        share=Decimal(share),
    )
    assert j.status is status
    assert j.expected == d(expected)


def test_a_year_is_not_declared_missed_on_incomplete_figures():
    common = {"comparison": "at_least", "value": Decimal(163), "value_max": None}
    common |= {"actual": Decimal(91), "baseline": Decimal(65), "share": Decimal(1)}
    assert judge(**common).status is Status.MISSED
    assert judge(**common, complete=False).status is Status.AT_RISK


def test_a_district_scope_counts_its_own_communes(world):
    plan = world["plan"]
    cao_loc = AdminUnit.objects.get(name="Huyện Cao Lộc")
    other = AdminUnit.objects.get(name="Huyện Đình Lập")
    mine = plan_progress(plan, "2023-Q1", scope=cao_loc)
    assert (mine.reported, mine.communes) == (3, 20)
    assert mine.row("tc1").actual.value == 3
    theirs = plan_progress(plan, "2023-Q1", scope=other)
    assert theirs.reported == 0 and theirs.row("tc1").actual.value is None


def test_the_dashboard_costs_a_fixed_number_of_queries(world, fill_report):
    plan = world["plan"]
    with CaptureQueriesContext(connection) as before:
        plan_progress(plan, "2023-Q1")
    more = AdminUnit.objects.filter(type="xa", in_programme=True).exclude(
        code__in=["6190", "6193", "6196", "6199"]
    )[:5]
    for unit in more:
        fill_report(unit, "2023-Q1", {**C1, **C8}, status="approved")
    with CaptureQueriesContext(connection) as after:
        plan_progress(plan, "2023-Q1")
    assert len(after) == len(before) <= 15


def test_the_xlsx_export_reopens_with_numbers(client, world, demo_users):
    client.force_login(demo_users["lanhdao"])
    url = reverse("planning:dashboard", args=[world["plan"].code])
    response = client.get(url, {"ky": "2023-Q1", "huyen": "", "xlsx": "1"})
    assert response.status_code == 200
    assert "ke-hoach-KH-NTM-LS-2023-tinh-lang-son-2023-Q1.xlsx" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    headers = [c.value for c in sheet[2]]
    assert headers[:7] == [
        "Loại",
        "Chỉ tiêu",
        "Kế hoạch",
        "Giá trị kế hoạch",
        "Đơn vị tính",
        "Mốc đầu năm",
        "Thực hiện Quý 1/2023",
    ]  # no internal key column: people read the label
    rows = {row[1]: row for row in sheet.iter_rows(min_row=3, values_only=True) if row[1]}
    tc1 = rows["Số xã đạt tiêu chí số 1 về Quy hoạch"]
    assert tc1[2] == "≥ 163/181 xã" and tc1[3] == 163 and tc1[5] == 65 and tc1[6] == 3
    assert tc1[7] == 160 and tc1[8] == "Có nguy cơ không đạt"
    direct = "Vốn đầu tư trực tiếp cho Chương trình (ngân sách Trung ương, ngân sách địa phương)"
    assert rows["Vốn tín dụng"][3] == 3000 and rows[direct][3] == pytest.approx(406.982)
    trend_columns = {name: i for i, name in enumerate(headers)}
    assert tc1[trend_columns["Năm 2022"]] == 1 and tc1[trend_columns["Quý 1/2023"]] == 3
