"""The planning step of `ntm demo`: the 2023 plan and a few roadmaps of
Huyện Cao Lộc, written once, with a couple of overdue milestones."""

from __future__ import annotations

import datetime as dt

import pytest

from ntm.demo.planning import demo_planning_load
from ntm.planning.models import Milestone, MilestoneChange, Plan, TargetedCommune
from ntm.planning.selectors import overdue_milestones

pytestmark = pytest.mark.django_db


def test_the_demo_loads_the_plan_and_roadmaps_once(criteria_db, lang_son, fill_report):
    first = demo_planning_load()
    assert first.action == "đã nạp" and first.roadmaps == 3
    plan = Plan.objects.get(code="KH-NTM-LS-2023")
    names = set(TargetedCommune.objects.values_list("unit__name", flat=True))
    assert "Xã Tân Liên" in names and len(names) == 3
    assert set(TargetedCommune.objects.values_list("unit__parent__name", flat=True)) == {
        "Huyện Cao Lộc"
    }
    late = overdue_milestones(plan, scope=None, today=dt.date(2024, 1, 1))
    assert len(late) == 2
    assert "Xã Tân Liên" in {m.targeted.unit.name for m in late}
    # every milestone has its creation in the history
    assert MilestoneChange.objects.count() == Milestone.objects.count() == first.milestones
    again = demo_planning_load()
    assert (again.action, again.roadmaps, again.milestones) == ("không đổi", 0, 0)
    assert Milestone.objects.count() == first.milestones


def test_demo_roadmaps_follow_the_communes_evaluations(criteria_db, lang_son, fill_report):
    demo_planning_load()  # before any figures: the fallback criteria
    tan_lien = TargetedCommune.objects.get(unit__name="Xã Tân Liên")
    assert set(tan_lien.milestones.values_list("criterion", flat=True)) == {"5", "6", "11", "13"}
    values = {"1.1": "Đạt", "1.2": "Đạt", "7": "Đạt", "19.1": "Đạt", "19.2": "Đạt"}
    fill_report(tan_lien.unit, "2023-Q1", values, status="approved")
    result = demo_planning_load()  # untouched demo roadmaps are rewritten once
    assert result.roadmaps == 1
    assert set(tan_lien.milestones.values_list("criterion", flat=True)) == {"2", "3", "4", "5"}
    assert demo_planning_load().roadmaps == 0
