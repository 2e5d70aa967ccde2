"""Every figure of the province summary (``ntm status --summary --format
json``) for a period where only part of the communes reported, recomputed
here from the database rows with plain SQL, independently of the selectors:
each commune's latest approved evaluation at or before the period in the
same criteria set (carried forward), coverage counts included."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from tests.monitoring import test_dashboards_world as world
from tests.monitoring.test_dashboards_world import MAIN

pytestmark = pytest.mark.django_db
dash_world = world.dash_world

PERIODS = ["2022", "2023"]  # 2023: 3 communes reported, 4 keep their 2022 figures


def _rows(sql: str, params: list[object]) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _official(period: str) -> dict[str, dict]:
    """Commune code → its official evaluation at ``period`` (plain SQL)."""
    (end,) = _rows("SELECT p.end FROM monitoring_period p WHERE p.code = %s", [period])[0]
    found = _rows(
        "SELECT u.code, d.code, u.border, p.code, p.end, e.id, e.criteria_met_count, "
        "e.band, s.code FROM monitoring_evaluation e "
        "JOIN monitoring_report r ON r.id = e.report_id "
        "JOIN monitoring_period p ON p.id = r.period_id "
        "JOIN criteria_criteriaset s ON s.id = e.criteria_set_id "
        "JOIN units_adminunit u ON u.id = r.unit_id "
        "LEFT JOIN units_adminunit d ON d.id = u.parent_id "
        "WHERE r.status = 'approved' AND u.type = 'xa' AND u.in_programme "
        "AND p.end <= %s",
        [end],
    )
    latest: dict[tuple[str, str], tuple] = {}
    for row in found:
        key = (row[0], row[8])
        if key not in latest or latest[key][4] < row[4]:
            latest[key] = row
    by_unit: dict[str, dict] = defaultdict(dict)
    for (unit, set_code), row in latest.items():
        by_unit[unit][set_code] = {
            "district": row[1],
            "border": bool(row[2]),
            "period": row[3],
            "id": row[5],
            "met": row[6],
            "band": row[7],
        }
    return by_unit


def _criteria_met(ids: list[int]) -> Counter:
    if not ids:
        return Counter()
    marks = ", ".join(["%s"] * len(ids))
    return Counter(
        code
        for (code,) in _rows(
            "SELECT code FROM monitoring_evaluationcriterion "
            f"WHERE met AND evaluation_id IN ({marks})",
            ids,
        )
    )


def _levels(ids: list[int]) -> Counter:
    marks = ", ".join(["%s"] * len(ids))
    return Counter(
        code
        for (code,) in _rows(
            f"SELECT code FROM monitoring_evaluationlevel WHERE evaluation_id IN ({marks})", ids
        )
    )


def _summary(period: str) -> dict:
    out = StringIO()
    call_command("status", "--summary", "--period", period, "--format", "json", stdout=out)
    return json.loads(out.getvalue())


@pytest.mark.parametrize("period", PERIODS)
def test_every_summary_figure_equals_a_recount_from_the_rows(dash_world, period):
    data = _summary(period)
    (communes,) = _rows(
        "SELECT COUNT(*) FROM units_adminunit WHERE type = 'xa' AND in_programme", []
    )[0]
    official = _official(period)
    main = {u: s[MAIN] for u, s in official.items() if MAIN in s}
    carried = sum(j["period"] != period for j in main.values())
    coverage = {
        "communes": communes,
        "with_data": len(main),
        "carried_forward": carried,
        "without_data": communes - len(main),
    }
    assert data["coverage"] == coverage
    assert (data["communes"], data["reported"], data["unreported"]) == (
        communes,
        len(main),
        communes - len(main),
    )
    met = [j["met"] for j in main.values()]
    assert data["average_criteria"] == round(sum(met) / len(met), 2)
    assert data["meeting_all_criteria"] == sum(n == 19 for n in met)
    criteria = _criteria_met([j["id"] for j in main.values()])
    for row in data["criteria"]:
        assert row["met"] == criteria[row["code"]], row["code"]
        assert row["not_met"] == len(main) - criteria[row["code"]]
        assert row["coverage"] == coverage
    levels = _levels([j["id"] for s in official.values() for j in s.values()])
    assert {lv["code"]: lv["communes"] for lv in data["levels"]} == {
        code: levels[code] for code in ("ntm", "ntm-nang-cao", "ntm-kieu-mau")
    }
    bands = Counter(j["band"] for j in main.values())
    assert [b["communes"] for b in data["bands"]] == [
        *(bands[i] for i in range(len(data["bands"]) - 1)),
        communes - len(main),
    ]
    by_district = Counter(j["district"] for j in main.values())
    carried_by_district = Counter(j["district"] for j in main.values() if j["period"] != period)
    for d in data["districts"]:
        assert d["reported"] == by_district[d["code"]]
        assert d["carried_forward"] == carried_by_district[d["code"]]
    border = [j["met"] for j in main.values() if j["border"]]
    assert data["border"]["reported"] == len(border)
    assert data["border"]["average_criteria"] == (
        round(sum(border) / len(border), 2) if border else None
    )
    trend = {t["period"]: t for t in data["trend"]}
    assert trend[period]["with_data"] == len(main)
    assert trend[period]["carried_forward"] == carried


def test_the_partial_period_is_what_the_design_says(dash_world):
    """The recount agrees with the design table: 2023 has 3 reports and 4
    communes carried forward from 2022."""
    data = _summary("2023")
    exp = dash_world.expected("2023")
    assert data["coverage"]["carried_forward"] == len(exp.carried("2023")) == 4
    assert data["coverage"]["with_data"] == len(exp.reported) == 7


def test_summary_text_says_how_many_communes_are_carried_forward(dash_world):
    out = StringIO()
    call_command("status", "--summary", "--period", "2023", stdout=out)
    text = out.getvalue()
    assert "Xã có số liệu đã phê duyệt: 7/181" in text
    assert (
        "3 xã có báo cáo kỳ này được phê duyệt, 4 xã giữ kết quả phê duyệt gần nhất của kỳ "
        "trước, 174 xã chưa có số liệu đã phê duyệt (không tính là không đạt)"
    ) in text
