"""Commune roadmaps: milestones towards each criterion, every edit audited."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from ntm.accounts.access import Action, access_require
from ntm.criteria.selectors import criteria_catalog
from ntm.dates import format_date
from ntm.planning.measures import level_set
from ntm.planning.models import (
    Level,
    Milestone,
    MilestoneChange,
    MilestoneStatus,
    Plan,
    TargetedCommune,
)
from ntm.planning.services.access import acting_user
from ntm.planning.services.errors import MilestoneConflict, PlanningError


def level_criteria(plan: Plan, level: str) -> list[tuple[str, str]]:
    """(code, name) of the criteria of the set a level is judged by."""
    found = level_set(criteria_catalog(), level, plan.year)
    if found is None:
        raise PlanningError(
            _("Không có bộ tiêu chí cho mức «%(level)s» năm %(year)s.")
            % {"level": Level(level).label, "year": plan.year}
        )
    return [(c.code, c.name) for c in found[0].criteria]


STATUS_LABELS = dict(MilestoneStatus.choices)


def _shown(name: str, value: Any) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, dt.date):
        return format_date(value)
    if name == "status":
        return str(STATUS_LABELS.get(value, value))
    return str(value)


def _clean(
    targeted: TargetedCommune,
    *,
    criterion: str,
    title: str,
    responsible: str,
    due_date: dt.date | None,
    status: str,
    done_on: dt.date | None,
) -> dict[str, Any]:
    codes = {code for code, _name in level_criteria(targeted.plan, targeted.level)}
    if criterion not in codes:
        raise PlanningError(
            _("Tiêu chí «%(criterion)s» không thuộc bộ tiêu chí của mức này.")
            % {"criterion": criterion}
        )
    if not title.strip():
        raise PlanningError(_("Cần ghi nội dung công việc."))
    if not responsible.strip():
        raise PlanningError(_("Cần ghi người phụ trách."))
    year = targeted.plan.year
    if due_date is None or due_date.year != year:
        raise PlanningError(_("Hạn hoàn thành phải trong năm %(year)s.") % {"year": year})
    if status not in MilestoneStatus.values:
        raise PlanningError(_("Tình trạng «%(status)s» không hợp lệ.") % {"status": status})
    if status == MilestoneStatus.DONE and done_on is None:
        raise PlanningError(_("Cần ghi ngày hoàn thành."))
    if status != MilestoneStatus.DONE:
        done_on = None
    return {
        "criterion": criterion,
        "title": title.strip(),
        "responsible": responsible.strip(),
        "due_date": due_date,
        "status": status,
        "done_on": done_on,
    }


def _summary(m: Milestone) -> str:
    return f"TC {m.criterion} · {m.due_date:%m/%Y} · {m.title}"[:320]


def _require_roadmap(user: Any, targeted: TargetedCommune) -> None:
    access_require(
        user,
        Action.EDIT_ROADMAP,
        targeted.unit,
        _("Bạn không được sửa lộ trình của %(unit)s.") % {"unit": targeted.unit.name},
    )


def _milestone_locked(user: Any, milestone: Milestone, expected_version: int) -> Milestone:
    """The milestone, locked for this transaction, if the person may edit it
    and nobody saved it since they saw ``expected_version``."""
    _require_roadmap(user, milestone.targeted)
    current = Milestone.objects.select_for_update().get(pk=milestone.pk)
    if current.version != expected_version:
        raise MilestoneConflict(
            _("Mốc «%(title)s» vừa được người khác sửa; tải lại trang để xem bản mới.")
            % {"title": current.title}
        )
    return current


@transaction.atomic
def milestone_add(
    *,
    user: Any,
    targeted: TargetedCommune,
    criterion: str,
    title: str,
    responsible: str,
    due_date: dt.date | None,
    status: str = MilestoneStatus.PLANNED,
    done_on: dt.date | None = None,
    note: str = "",
) -> Milestone:
    _require_roadmap(user, targeted)
    fields = _clean(
        targeted,
        criterion=criterion,
        title=title,
        responsible=responsible,
        due_date=due_date,
        status=status,
        done_on=done_on,
    )
    milestone = Milestone.objects.create(
        targeted=targeted, note=note.strip(), created_by=acting_user(user), **fields
    )
    MilestoneChange.objects.create(
        targeted=targeted,
        milestone=milestone,
        action=MilestoneChange.Action.CREATE,
        summary=_summary(milestone),
        changes={k: ["", _shown(k, v)] for k, v in {**fields, "note": milestone.note}.items()},
        changed_by=acting_user(user),
    )
    return milestone


@transaction.atomic
def milestone_update(
    *,
    user: Any,
    milestone: Milestone,
    expected_version: int,
    criterion: str,
    title: str,
    responsible: str,
    due_date: dt.date | None,
    status: str,
    done_on: dt.date | None = None,
    note: str = "",
) -> Milestone:
    """Change a milestone seen at ``expected_version``; if someone saved it in
    between, nothing is written."""
    targeted = milestone.targeted
    current = _milestone_locked(user, milestone, expected_version)
    fields = _clean(
        targeted,
        criterion=criterion,
        title=title,
        responsible=responsible,
        due_date=due_date,
        status=status,
        done_on=done_on,
    )
    fields["note"] = note.strip()
    changes = {
        k: [_shown(k, getattr(current, k)), _shown(k, v)]
        for k, v in fields.items()
        if getattr(current, k) != v
    }
    if not changes:
        return current
    for k, v in fields.items():
        setattr(current, k, v)
    current.version += 1
    current.save()
    MilestoneChange.objects.create(
        targeted=targeted,
        milestone=current,
        action=MilestoneChange.Action.UPDATE,
        summary=_summary(current),
        changes=changes,
        changed_by=acting_user(user),
    )
    return current


@transaction.atomic
def milestone_delete(*, user: Any, milestone: Milestone, expected_version: int) -> None:
    targeted = milestone.targeted
    current = _milestone_locked(user, milestone, expected_version)
    MilestoneChange.objects.create(
        targeted=targeted,
        milestone=current,
        action=MilestoneChange.Action.DELETE,
        summary=_summary(current),
        changes={
            k: [_shown(k, getattr(current, k)), ""]
            for k in ("criterion", "title", "responsible", "due_date", "status", "done_on", "note")
        },
        changed_by=acting_user(user),
    )
    current.delete()


@transaction.atomic
def roadmap_seed(
    *,
    user: Any,
    targeted: TargetedCommune,
    criteria: list[str],
    responsible: str,
    first_month: int = 3,
    last_month: int = 10,
) -> int:
    """One milestone ("complete criterion k") for each listed criterion that
    has none yet, due dates spread month by month over the year; returns how
    many were added. The commune then refines them."""
    names = dict(level_criteria(targeted.plan, targeted.level))
    have = set(targeted.milestones.values_list("criterion", flat=True))
    todo = [c for c in criteria if c not in have]
    year = targeted.plan.year
    for i, code in enumerate(todo):
        month = min(
            last_month, first_month + i * max(1, (last_month - first_month) // max(1, len(todo)))
        )
        due = dt.date(year, month, 1) + dt.timedelta(days=27)
        milestone_add(
            user=user,
            targeted=targeted,
            criterion=code,
            title=_("Hoàn thành tiêu chí %(criterion)s - %(name)s")
            % {"criterion": code, "name": names.get(code, "")},
            responsible=responsible,
            due_date=due,
        )
    return len(todo)
