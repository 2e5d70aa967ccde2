"""The planning part of ``ntm demo``: the province's 2023 plan (imported from
the shipped file, again and again without change) and a few illustrative
roadmaps of communes of Huyện Cao Lộc aiming at NTM in 2023, with a couple
of milestones left overdue.

Roadmaps are written once: a commune that already has milestones keeps
them, so a person's edits survive a restart of the demo. Their milestones
follow the commune's unmet criteria when evaluations exist, otherwise the
criteria the province's plan expects the fewest communes to meet."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from ntm.planning.models import (
    Level,
    Milestone,
    MilestoneChange,
    MilestoneStatus,
    Plan,
    TargetedCommune,
)
from ntm.planning.selectors import roadmap_build
from ntm.planning.services import level_criteria, plan_import
from ntm.units.models import AdminUnit

PLAN_FILE = Path(__file__).resolve().parents[1] / "data" / "plans" / "lang-son-2023.yaml"

# (commune code, who is responsible, index of the criterion whose last step stays undone)
ROADMAPS = (
    ("6244", "Lương Văn Hải, công chức UBND xã Tân Liên", 0),
    ("6223", "Chủ tịch UBND xã Hòa Cư", 1),
    ("6214", "Chủ tịch UBND xã Phú Xá", None),
)
FALLBACK_CRITERIA = ("6", "5", "11", "13")
CRITERIA_PER_COMMUNE = 4
NOTE = "Lộ trình minh họa (tạo tự động)."


@dataclass(frozen=True)
class DemoResult:
    plan: Plan
    action: str
    roadmaps: int
    milestones: int

    @property
    def message(self) -> str:
        return (
            f"Kế hoạch {self.plan.code}: {self.action}; lộ trình minh họa mới: {self.roadmaps} xã, "
            f"{self.milestones} mốc."
        )


def _month_end(year: int, month: int) -> dt.date:
    first_next = dt.date(year + (month == 12), month % 12 + 1, 1)
    return first_next - dt.timedelta(days=1)


@transaction.atomic
def demo_planning_load() -> DemoResult:
    result = plan_import(path=PLAN_FILE, replace=True)
    plan = result.plan
    assert plan is not None
    roadmaps = milestones = 0
    units = {u.code: u for u in AdminUnit.objects.filter(code__in=[c for c, _r, _i in ROADMAPS])}
    for code, responsible, late in ROADMAPS:
        unit = units.get(code)
        if unit is None:
            continue
        targeted, _created = TargetedCommune.objects.get_or_create(
            plan=plan, unit=unit, level=Level.NTM, defaults={"note": NOTE}
        )
        if targeted.milestones.exists() and not _stale(targeted):
            continue
        roadmaps += 1
        milestones += _write_roadmap(targeted, responsible, late)
    return DemoResult(plan, _ACTIONS.get(result.action, result.action), roadmaps, milestones)


_ACTIONS = {"created": "đã nạp", "replaced": "đã cập nhật", "unchanged": "không đổi"}


def _unmet(targeted: TargetedCommune) -> list[str] | None:
    view = roadmap_build(targeted, today=dt.date(targeted.plan.year, 1, 1))
    if view.basis is None:
        return None
    return [c.code for c in view.unmet][:CRITERIA_PER_COMMUNE]


def _stale(targeted: TargetedCommune) -> bool:
    """A roadmap written by the demo before any evaluation existed, untouched
    since, whose criteria are not the ones the commune now misses: it is
    written again (people's roadmaps are never rewritten)."""
    touched = targeted.milestone_changes.exclude(
        action=MilestoneChange.Action.CREATE, changed_by__isnull=True
    ).exists()
    if touched or targeted.milestones.exclude(note=NOTE).exists():
        return False
    unmet = _unmet(targeted)
    if not unmet:  # no evaluation yet, or every criterion met: nothing better to write
        return False
    if set(targeted.milestones.values_list("criterion", flat=True)) == set(unmet):
        return False
    targeted.milestone_changes.all().delete()
    targeted.milestones.all().delete()
    return True


def _write_roadmap(targeted: TargetedCommune, responsible: str, late: int | None) -> int:
    year = targeted.plan.year
    names = dict(level_criteria(targeted.plan, targeted.level))
    unmet = _unmet(targeted)
    if unmet is None:
        unmet = list(FALLBACK_CRITERIA)
    rows = []
    for i, code in enumerate(unmet):
        start, finish = 3 + i, 6 + i
        steps = (
            (f"Rà soát, lập dự toán các nội dung còn thiếu của tiêu chí {code}", start, True),
            (f"Hoàn thành tiêu chí {code} - {names.get(code, '')}", finish, i != late),
        )
        for title, month, done in steps:
            due = _month_end(year, month)
            rows.append(
                Milestone(
                    targeted=targeted,
                    criterion=code,
                    title=title,
                    responsible=responsible,
                    due_date=due,
                    status=MilestoneStatus.DONE if done else MilestoneStatus.IN_PROGRESS,
                    done_on=due - dt.timedelta(days=3) if done else None,
                    note=NOTE,
                )
            )
    created = Milestone.objects.bulk_create(rows)
    MilestoneChange.objects.bulk_create(
        MilestoneChange(
            targeted=targeted,
            milestone=m,
            action=MilestoneChange.Action.CREATE,
            summary=f"TC {m.criterion} · {m.due_date:%m/%Y} · {m.title}"[:320],
            changes={"title": ["", m.title], "due_date": ["", f"{m.due_date:%d/%m/%Y}"]},
        )
        for m in created
    )
    return len(created)
