"""Figures reported by the responsible bodies, with their evidence files."""

from __future__ import annotations

import mimetypes

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from ntm.accounts.access import Action, access_allows
from ntm.planning.forms import ReportedActualForm
from ntm.planning.selectors import (
    reported_actual_get,
    target_get,
    target_reports,
)
from ntm.planning.services import (
    actual_report,
)
from ntm.planning.views.common import NOT_ALLOWED_TO_VIEW, plan_or_404
from ntm.web.access import require
from ntm.web.actions import attempt
from ntm.web.http import AuthenticatedRequest, evidence_file_open


@login_required
def report_actual(request: AuthenticatedRequest, code: str, key: str) -> HttpResponse:
    plan = plan_or_404(request, code)
    target = target_get(plan, key)
    if target is None:
        raise Http404(_("Không có chỉ tiêu «%(key)s».") % {"key": key})
    can_report = access_allows(request.user, Action.MANAGE_PLANS, plan.unit) and target.is_reported
    form = ReportedActualForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if not can_report:
            raise PermissionDenied(_("Bạn không được nhập số liệu thực hiện của chỉ tiêu này."))
        data = form.cleaned_data if form.is_valid() else None
        if data is not None and attempt(
            request,
            lambda: actual_report(
                user=request.user,
                target=target,
                value=data["value"],
                as_of=data["as_of"],
                note=data["note"],
                upload=data["evidence"],
            ),
            _("Đã ghi số liệu thực hiện «%(label)s»: %(value)s.")
            % {"label": target.label, "value": data["value"]},
            form,
        ):
            return redirect("planning:report_actual", code=plan.code, key=target.key)
    reports = target_reports(target)
    return render(
        request,
        "planning/report_actual.html",
        {
            "plan": plan,
            "target": target,
            "form": form,
            "reports": reports,
            "can_report": can_report,
        },
    )


@login_required
@require_safe
def evidence(request: AuthenticatedRequest, pk: int) -> FileResponse:
    row = reported_actual_get(pk)
    if row is None or not row.evidence:
        raise Http404(_("Không có minh chứng này."))
    require(request, Action.VIEW, row.target.plan.unit, NOT_ALLOWED_TO_VIEW)
    content_type = mimetypes.guess_type(row.evidence_name)[0] or "application/octet-stream"
    return FileResponse(
        evidence_file_open(row.evidence, row.evidence_name),
        as_attachment=True,
        filename=row.evidence_name,
        content_type=content_type,
    )
