"""Commune roadmaps (milestones edited in place with htmx) and overdue
milestones."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from ntm.accounts.access import AccessRefused, Action, access_allows
from ntm.dates import local_today
from ntm.errors import NtmError
from ntm.planning.forms import MilestoneForm
from ntm.planning.models import Milestone, MilestoneStatus, TargetedCommune
from ntm.planning.selectors import (
    is_overdue,
    milestone_get,
    overdue_milestones,
    plan_districts,
    roadmap_build,
    targeted_get,
)
from ntm.planning.services import (
    MilestoneConflict,
    PlanningError,
    level_criteria,
    milestone_add,
    milestone_delete,
    milestone_update,
)
from ntm.planning.views.common import NOT_ALLOWED_TO_VIEW, plan_or_404, scope_of
from ntm.web.access import require
from ntm.web.actions import attempt
from ntm.web.http import AuthenticatedRequest

MILESTONE_FIELDS = ("criterion", "title", "responsible", "due_date", "status", "done_on", "note")


def _milestone_fields(data: dict[str, Any]) -> dict[str, Any]:
    """What the milestone form gives the services, added or updated alike."""
    return {name: data[name] for name in MILESTONE_FIELDS}


def _targeted_or_404(request: AuthenticatedRequest, pk: int) -> TargetedCommune:
    item = targeted_get(pk)
    if item is None:
        raise Http404(_("Không có xã phấn đấu này."))
    require(request, Action.VIEW, item.unit, NOT_ALLOWED_TO_VIEW)
    return item


def _milestone_or_404(request: AuthenticatedRequest, pk: int) -> Milestone:
    milestone = milestone_get(pk)
    if milestone is None:
        raise Http404(_("Không có mốc lộ trình này."))
    require(request, Action.VIEW, milestone.targeted.unit, NOT_ALLOWED_TO_VIEW)
    return milestone


@login_required
def roadmap(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    item = _targeted_or_404(request, pk)
    view = roadmap_build(item, today=local_today())
    can_edit = access_allows(request.user, Action.EDIT_ROADMAP, item.unit)
    unmet_first = [c.code for c in view.unmet] + [c.code for c in view.criteria if c.met is True]
    choices = dict(view.criteria_choices)
    form = MilestoneForm(
        request.POST or None,
        criteria=[(code, choices[code]) for code in unmet_first],
        initial={"status": MilestoneStatus.PLANNED},
    )
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied(
                _("Bạn không được sửa lộ trình của %(unit)s.") % {"unit": item.unit.name}
            )
        if form.is_valid():
            data = form.cleaned_data
            if attempt(
                request,
                lambda: milestone_add(
                    user=request.user,
                    targeted=item,
                    **_milestone_fields(data),
                ),
                _("Đã thêm mốc lộ trình."),
                form,
            ):
                return redirect("planning:roadmap", pk=item.pk)
    return render(
        request,
        "planning/roadmap.html",
        {"roadmap": view, "item": item, "form": form, "can_edit": can_edit, "today": view.today},
    )


def _milestone_context(
    request: AuthenticatedRequest, milestone: Milestone, **extra: Any
) -> dict[str, Any]:
    return {
        "m": milestone,
        "can_edit": access_allows(request.user, Action.EDIT_ROADMAP, milestone.targeted.unit),
        "overdue": is_overdue(milestone, local_today()),
        "today": local_today(),
        **extra,
    }


def _edit_form(milestone: Milestone, data: Any = None) -> MilestoneForm:
    criteria = [
        (c, f"{c}. {n}")
        for c, n in level_criteria(milestone.targeted.plan, milestone.targeted.level)
    ]
    return MilestoneForm(
        data,
        criteria=criteria,
        initial={
            "criterion": milestone.criterion,
            "title": milestone.title,
            "responsible": milestone.responsible,
            "due_date": milestone.due_date,
            "status": milestone.status,
            "done_on": milestone.done_on,
            "note": milestone.note,
            "version": milestone.version,
        },
        prefix=f"m{milestone.pk}",
    )


@login_required
@require_safe
def milestone_row(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """One milestone row; ``?sua=1`` gives its edit form (htmx swaps it in)."""
    milestone = _milestone_or_404(request, pk)
    if request.GET.get("sua"):
        if not access_allows(request.user, Action.EDIT_ROADMAP, milestone.targeted.unit):
            raise PermissionDenied(_("Bạn không được sửa lộ trình này."))
        return render(
            request,
            "planning/_milestone_form.html",
            _milestone_context(request, milestone, form=_edit_form(milestone)),
        )
    return render(request, "planning/_milestone_row.html", _milestone_context(request, milestone))


@login_required
@require_POST
def milestone_save(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    milestone = _milestone_or_404(request, pk)
    form = _edit_form(milestone, request.POST)
    status = 400
    if form.is_valid():
        data = form.cleaned_data
        try:
            milestone = milestone_update(
                user=request.user,
                milestone=milestone,
                expected_version=data["version"] or 0,
                **_milestone_fields(data),
            )
        except AccessRefused as exc:
            raise PermissionDenied(str(exc)) from exc
        except MilestoneConflict as exc:
            form.add_error(None, str(exc))
            status = 409
        except PlanningError as exc:
            form.add_error(None, str(exc))
        else:
            if not request.htmx:
                messages.success(request, _("Đã lưu mốc lộ trình."))
                return redirect("planning:roadmap", pk=milestone.targeted_id)
            return render(
                request,
                "planning/_milestone_row.html",
                _milestone_context(request, milestone, saved=True),
            )
    if not request.htmx:
        messages.error(
            request, " ".join(str(e) for e in form.non_field_errors()) or _("Chưa lưu được.")
        )
        return redirect("planning:roadmap", pk=milestone.targeted_id)
    return render(
        request,
        "planning/_milestone_form.html",
        _milestone_context(request, milestone, form=form),
        status=status,
    )


@login_required
@require_POST
def milestone_delete_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    milestone = _milestone_or_404(request, pk)
    targeted_id = milestone.targeted_id
    try:
        version = int(request.POST.get("version", "0"))
        milestone_delete(user=request.user, milestone=milestone, expected_version=version)
    except (NtmError, ValueError) as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Đã xoá mốc lộ trình."))
    return redirect("planning:roadmap", pk=targeted_id)


@login_required
@require_safe
def overdue(request: AuthenticatedRequest, code: str) -> HttpResponse:
    plan = plan_or_404(request, code)
    scope = scope_of(request, plan)
    today = local_today()
    rows = overdue_milestones(plan, scope=scope, today=today)
    return render(
        request,
        "planning/overdue.html",
        {
            "plan": plan,
            "scope": scope,
            "rows": [(m, (today - m.due_date).days) for m in rows],
            "districts": plan_districts(plan),
            "today": today,
        },
    )
