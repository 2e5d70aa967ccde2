"""Upgrade targets: a district names the communes recognised in 2016-2021 it
will complete to every criterion of the 2021-2025 set this year; the plan
measure counts the named communes that reach it during the year (a change,
not a stock), and reads "chưa đủ số liệu" while a district has named none."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from ntm.demo.thresholds import demo_thresholds_ensure
from ntm.monitoring.models import Recognition
from ntm.monitoring.services import period_get_or_create
from ntm.planning.models import Level, TargetedCommune
from ntm.planning.progress import Status, plan_progress
from ntm.planning.services import PlanningError, targeted_add
from ntm.units.models import AdminUnit
from tests.planning.test_candidates import FACTS, below, passing_values

pytestmark = pytest.mark.django_db
KEY = "district_full"  # the plan's "mỗi huyện ... hoàn thiện 19/19 tiêu chí"


def _recognise(unit: AdminUnit, year: int) -> None:
    Recognition.objects.create(
        unit=unit,
        level="ntm",
        decision_number=f"{unit.code}/QĐ-UBND",
        decision_date=dt.date(year, 6, 1),
        criteria_set="xa-ntm-2016-2020",
    )


@pytest.fixture
def cao_loc_world(plan_2023, fill_report, demo_users):
    """Three recognised communes of Huyện Cao Lộc: ``stock`` already meets
    every criterion at the end of 2022, ``upgraded`` and ``unnamed`` reach it
    in 2023; one commune recognised in 2022, outside the earlier phase."""
    assert demo_thresholds_ensure() > 0
    good = passing_values()
    lacking = {**good, **dict([below("2.1", 1)])}
    stock, upgraded, unnamed, late = (
        AdminUnit.objects.get(code=code) for code in ("6190", "6193", "6196", "6199")
    )
    for unit, end_2022 in ((stock, good), (upgraded, lacking), (unnamed, lacking)):
        fill_report(unit, "2022", end_2022, status="approved", facts=FACTS)
        fill_report(unit, "2023-Q2", good, status="approved", facts=FACTS)
    for unit, year in ((stock, 2017), (upgraded, 2019), (unnamed, 2021), (late, 2022)):
        _recognise(unit, year)
    return {
        "plan": plan_2023,
        "cao_loc": stock.parent,
        "stock": stock,
        "upgraded": upgraded,
        "unnamed": unnamed,
        "late": late,
        "officer": demo_users["caoloc"],
    }


def _row(w, period: str, scope: AdminUnit | None = None):
    return plan_progress(w["plan"], period, scope=scope or w["cao_loc"]).row(KEY)


def test_nothing_named_reads_no_data_with_the_reason(cao_loc_world):
    w = cao_loc_world
    row = _row(w, "2023-Q2")
    assert row.actual.value is None and row.status is Status.NO_DATA
    assert row.missing_text == "chưa đủ số liệu: huyện chưa chọn xã: Huyện Cao Lộc"


def test_only_a_named_commune_reaching_every_criterion_in_the_year_counts(cao_loc_world):
    w = cao_loc_world
    for unit in (w["stock"], w["upgraded"]):
        targeted_add(user=w["officer"], plan=w["plan"], unit=unit, level=Level.UPGRADE)
    row = _row(w, "2023-Q2")
    # the stock (already full at the end of 2022) and the unnamed commune do not count
    assert row.actual.value == 1
    assert row.actual.detail == "1/2 xã được chọn đã hoàn thiện"
    assert row.status is Status.ACHIEVED
    # before the named commune moved (2023-Q1 carries the end of 2022 forward)
    period_get_or_create("2023-Q1")
    assert _row(w, "2023-Q1").actual.value == 0


def test_a_stock_alone_does_not_meet_the_target(cao_loc_world):
    w = cao_loc_world
    targeted_add(user=w["officer"], plan=w["plan"], unit=w["stock"], level=Level.UPGRADE)
    row = _row(w, "2023-Q2")
    assert row.actual.value == 0 and row.status is not Status.ACHIEVED


def test_the_province_waits_for_every_district(cao_loc_world):
    w = cao_loc_world
    targeted_add(user=w["officer"], plan=w["plan"], unit=w["upgraded"], level=Level.UPGRADE)
    row = _row(w, "2023-Q2", scope=w["plan"].unit)
    assert row.actual.value is None
    assert "huyện chưa chọn xã: " in row.missing_text
    assert "Huyện Cao Lộc" not in row.missing_text and "Huyện Đình Lập" in row.missing_text


def test_only_communes_recognised_in_2016_2021_can_be_named(cao_loc_world):
    w = cao_loc_world
    with pytest.raises(PlanningError, match="giai đoạn 2016-2021"):
        targeted_add(user=w["officer"], plan=w["plan"], unit=w["late"], level=Level.UPGRADE)
    # a recognised commune cannot aim at NTM again, but can be upgraded
    with pytest.raises(PlanningError, match="đã được công nhận"):
        targeted_add(user=w["officer"], plan=w["plan"], unit=w["stock"], level=Level.NTM)
    targeted_add(user=w["officer"], plan=w["plan"], unit=w["stock"], level=Level.UPGRADE)


def test_the_district_officer_names_a_commune_on_the_page(client, cao_loc_world):
    w = cao_loc_world
    client.force_login(w["officer"])
    url = reverse("planning:targeted", args=[w["plan"].code])
    page = client.get(url)
    assert page.status_code == 200
    assert "Hoàn thiện đủ tiêu chí bộ 2021-2025 (xã đạt chuẩn 2016-2021)" in page.text
    refused = client.post(url, {"unit": w["late"].code, "level": "hoan_thien", "note": ""})
    assert "giai đoạn 2016-2021" in refused.text
    assert not TargetedCommune.objects.filter(level=Level.UPGRADE).exists()
    done = client.post(
        url, {"unit": w["upgraded"].code, "level": "hoan_thien", "note": "Xã chọn năm 2023"}
    )
    assert done.status_code == 302
    named = TargetedCommune.objects.get(level=Level.UPGRADE)
    assert named.unit == w["upgraded"] and named.assigned_by == w["officer"]
    listed = client.get(url)
    assert f'data-testid="targeted-{w["upgraded"].code}-hoan_thien"' in listed.text
    # with its roadmap, over the criteria of the 2021-2025 set
    roadmap = client.get(reverse("planning:roadmap", args=[named.pk]))
    assert roadmap.status_code == 200
    assert _row(w, "2023-Q2").actual.value == 1
