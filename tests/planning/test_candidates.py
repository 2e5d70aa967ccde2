"""Candidate communes: ranked by criteria still missing, then indicators
missing, then how far the values are from their thresholds; filtered by
district and flags; and whether a target is feasible."""

from __future__ import annotations

import datetime as dt

import pytest

from ntm.core.criteria_model import Comparison, ValueType
from ntm.core.numbers_vi import format_number_vi
from ntm.criteria.selectors import criteria_catalog
from ntm.demo.thresholds import demo_thresholds_ensure
from ntm.monitoring.models import Recognition
from ntm.planning.candidates import candidates
from ntm.planning.models import Level
from ntm.planning.services import plan_cascade_save, targeted_add
from ntm.units.models import AdminUnit

pytestmark = pytest.mark.django_db
SET = "xa-ntm-2021-2025"
FACTS = {"has_traditional_craft": False, "more_than_3_schools": False}


def passing_values() -> dict[str, str]:
    """A value meeting every indicator of the set (TDMNPB, 2023)."""
    cset = criteria_catalog().get(SET)
    values = {}
    for m in cset.indicators:
        threshold = cset.threshold(m.code, "TDMNPB", 2023)
        value = threshold.value if threshold is not None else None
        if m.value_type is ValueType.BOOLEAN:
            values[m.code] = "Đạt"
        elif m.value_type is ValueType.ENUM:
            values[m.code] = value[0] if isinstance(value, tuple) else str(value)
        else:
            values[m.code] = format_number_vi(value)
    return values


def below(code: str, by: float) -> tuple[str, str]:
    """A value ``by`` under the threshold of an at-least indicator."""
    cset = criteria_catalog().get(SET)
    assert cset.measure(code).comparison is Comparison.GE
    return code, format_number_vi(cset.threshold(code, "TDMNPB", 2023).value - by)


@pytest.fixture
def communes(plan_2023, fill_report):
    assert demo_thresholds_ensure() > 0  # the demo's cited, unverified thresholds
    good = passing_values()
    units = {
        name: AdminUnit.objects.get(code=code)
        for name, code in {
            "P": "6190",
            "Q": "6193",
            "R": "6196",
            "S": "6199",
            "T": "6202",
            "U": "6205",
            "V": "6208",
            "W": "6211",
        }.items()
    }
    shapes = {
        "P": {},
        "Q": dict([below("2.1", 1)]),
        "R": dict([below("2.1", 40)]),
        "S": dict([below("2.1", 1), below("5.1", 10)]),
        "T": dict([below("2.1", 1), below("5.1", 10), below("17.1", 5)]),
        "V": dict([below("2.1", 1)]),
    }
    for name, changes in shapes.items():
        fill_report(units[name], "2023-Q2", {**good, **changes}, status="approved", facts=FACTS)
    fill_report(units["U"], "2023-Q2", {"1.1": "Đạt", "1.2": "Đạt"}, status="approved")
    fill_report(units["W"], "2023-Q2", good, status="submitted", facts=FACTS)
    Recognition.objects.create(
        unit=units["V"],
        level="ntm",
        decision_number="2/QĐ-UBND",
        decision_date=dt.date(2021, 12, 20),
        criteria_set="xa-ntm-2016-2020",
    )
    AdminUnit.objects.filter(pk=units["Q"].pk).update(border=True)
    return units


def test_communes_ranked_by_distance_then_gaps(plan_2023, communes):
    cao_loc = communes["P"].parent
    result = candidates(plan_2023, Level.NTM, scope=cao_loc)
    order = [c.unit.name for c in result.rows]
    names = {u.name: k for k, u in communes.items()}
    assert [names[n] for n in order[:6]] == ["P", "Q", "R", "S", "T", "U"]
    by = {names[c.unit.name]: c for c in result.rows}
    assert [by[k].distance for k in "PQRSTU"] == [0, 1, 1, 2, 3, 18]
    assert by["Q"].unmet == ["2"] and by["T"].unmet == ["2", "5", "17"]
    assert by["Q"].score < by["R"].score  # 1 point short of 2.1 beats 40 points short
    gap = by["Q"].gaps[0]
    assert (gap.code, gap.gap_text) == ("2.1", "còn thiếu 1 điểm %")
    assert by["R"].gaps[0].gap_text == "còn thiếu 40 điểm %"
    # V is recognised since 2021, W has no approved figures, the others no report at all
    assert [c.unit.name for c in result.recognised] == [communes["V"].name]
    assert communes["W"] in result.without_data
    assert result.feasibility == [(1, 3), (2, 4), (3, 5)]
    # the district has no part of the province's target yet
    assert result.needed is None
    assert result.verdict == ("secondary", "Huyện chưa được giao chỉ tiêu số xã cho mức này.")
    province = candidates(plan_2023, Level.NTM)  # only Cao Lộc communes have figures
    assert province.feasibility == [(1, 3), (2, 4), (3, 5)] and province.needed == 10
    style, text = province.verdict
    assert style == "danger" and "chỉ 5 xã còn thiếu không quá 3 tiêu chí" in text


def test_filters_by_flags_and_district(plan_2023, communes):
    result = candidates(plan_2023, Level.NTM, border=True)
    assert [c.unit.name for c in result.rows] == [communes["Q"].name]
    other = AdminUnit.objects.get(name="Huyện Đình Lập")
    assert candidates(plan_2023, Level.NTM, scope=other).rows == []
    assert candidates(plan_2023, Level.NTM, poor_district=True).rows == []  # Cao Lộc is not poor


def test_a_district_target_read_for_feasibility(plan_2023, communes, demo_users):
    cao_loc = communes["P"].parent
    plan_cascade_save(
        user=demo_users["vpdp"], plan=plan_2023, assignments={cao_loc.code: {"ntm": 3}}
    )
    result = candidates(plan_2023, Level.NTM, scope=cao_loc)
    assert result.needed == 3
    assert result.verdict[0] == "success"


def test_advanced_counts_the_ntm_criteria_still_missing(plan_2023, communes):
    result = candidates(plan_2023, Level.ADVANCED, scope=communes["P"].parent)
    by = {c.unit.code: c for c in result.rows}
    p, q = by[communes["P"].code], by[communes["Q"].code]
    assert p.required_missing == []  # P meets the whole NTM set
    assert [n for _name, n in q.required_missing] == [1]
    assert q.distance == p.distance + 1


def test_targeted_communes_are_marked(plan_2023, communes, demo_users):
    targeted_add(user=demo_users["caoloc"], plan=plan_2023, unit=communes["Q"], level=Level.NTM)
    result = candidates(plan_2023, Level.NTM, scope=communes["P"].parent)
    marked = [c.unit.code for c in result.rows if c.targeted]
    assert marked == [communes["Q"].code]
