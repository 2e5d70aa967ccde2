"""The plan as issued with its consistency checks, and plan versus actual
(province and district, .xlsx)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from ntm.accounts.access import Action, access_allows, access_home_unit
from ntm.core.text import fold
from ntm.dates import format_date, local_today
from ntm.planning.checks import plan_check
from ntm.planning.progress import ProgressError, plan_progress, progress_table
from ntm.planning.selectors import (
    dashboard_subject,
    overdue_counts,
    plan_basis,
    plan_district_parts,
    plan_districts,
    plan_document,
    plan_list,
)
from ntm.planning.views.common import plan_or_404, scope_of
from ntm.web.http import AuthenticatedRequest
from ntm.web.xlsx import xlsx_response


@login_required
@require_safe
def home(request: AuthenticatedRequest) -> HttpResponse:
    plans = list(plan_list())
    home_unit = access_home_unit(request.user)
    return render(request, "planning/home.html", {"plans": plans, "home_unit": home_unit})


@login_required
@require_safe
def detail(request: AuthenticatedRequest, code: str) -> HttpResponse:
    plan = plan_or_404(request, code)
    document = plan_document(plan)
    report = plan_check(plan)
    return render(
        request,
        "planning/detail.html",
        {
            "plan": plan,
            "document": document,
            "basis": plan_basis(plan),
            "check": report,
            "children": plan_district_parts(plan),
            "can_manage": access_allows(request.user, Action.MANAGE_PLANS, plan.unit),
        },
    )


def _chart(progress: Any) -> dict[str, Any]:
    rows = [r for r in progress.rows if r.target.kind == "criterion"]
    return {
        "labels": [f"TC {r.target.criterion}" for r in rows],
        "names": [r.target.label for r in rows],
        "series": [
            {"name": _("Mốc đầu năm"), "values": [_f(r.baseline) for r in rows]},
            {"name": _("Thực hiện"), "values": [_f(r.actual.value) for r in rows]},
            {"name": _("Kế hoạch"), "values": [_f(r.target.value) for r in rows]},
        ],
    }


def _f(x: Any) -> float | None:
    return None if x is None else float(x)


@login_required
@require_safe
def dashboard(request: AuthenticatedRequest, code: str) -> HttpResponse:
    plan = plan_or_404(request, code)
    if plan.parent is not None:  # a district's part: the province's dashboard for the district
        return redirect(
            reverse("planning:dashboard", args=[plan.parent.code]) + f"?huyen={plan.unit.code}"
        )
    scope = scope_of(request, plan)
    shown = dashboard_subject(plan, scope)
    subject = shown.plan
    try:
        progress = plan_progress(
            subject, request.GET.get("ky") or None, scope=scope, targets=shown.targets
        )
    except ProgressError as exc:
        messages.error(request, str(exc))
        return redirect(reverse("planning:dashboard", args=[plan.code]))
    if request.GET.get("xlsx"):
        columns, rows = progress_table(progress)
        slug = "-".join(fold(scope.name).split())
        return xlsx_response(
            f"ke-hoach-{plan.code}-{slug}-{progress.period.code}.xlsx",
            _("Kế hoạch và thực hiện: %(plan)s, %(scope)s, %(period)s")
            % {"plan": subject.title, "scope": scope.name, "period": progress.period},
            columns,
            rows,
            note=_(
                "Nguồn: Hệ thống quản lý Chương trình MTQG xây dựng nông thôn mới; số liệu "
                "theo dõi "
                "đã được tỉnh phê duyệt và số liệu do cơ quan phụ trách báo cáo. Phạm vi: "
                "%(scope)s. Kỳ: %(period)s. Xuất ngày %(date)s."
            )
            % {"scope": scope.name, "period": progress.period, "date": format_date(local_today())},
        )
    today = local_today()
    overdue = overdue_counts(plan, today=today)
    return render(
        request,
        "planning/dashboard.html",
        {
            "plan": plan,
            "subject": subject,
            "scope": scope,
            "progress": progress,
            "contribution": shown.contribution,
            "districts": plan_districts(plan),
            "chart": _chart(progress),
            "overdue": sum(overdue.values()) if scope == plan.unit else overdue.get(scope.pk, 0),
            "can_report": access_allows(request.user, Action.MANAGE_PLANS, subject.unit),
            "query": f"ky={progress.period.code}&huyen={'' if scope == plan.unit else scope.code}",
        },
    )
