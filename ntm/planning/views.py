"""Plan pages (mounted under /ke-hoach/): the plan as issued with its
consistency checks, plan versus actual (province and district, .xlsx),
the cascade to districts and targeted communes, candidate communes,
commune roadmaps and overdue milestones. Views parse, check access, call
one service or selector and render; services check access again."""

from __future__ import annotations

import mimetypes
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from ntm.accounts.access import AccessRefused, Action, access_allows, access_home_unit, access_units
from ntm.core.text import fold
from ntm.dates import format_date, local_today
from ntm.errors import NtmError
from ntm.planning.candidates import candidates
from ntm.planning.checks import plan_check
from ntm.planning.forms import MilestoneForm, ReportedActualForm, TargetedForm
from ntm.planning.models import Level, Milestone, MilestoneStatus, Plan, TargetedCommune
from ntm.planning.progress import ProgressError, plan_progress, progress_table
from ntm.planning.selectors import (
    cascade_table,
    commune_choices,
    dashboard_subject,
    is_overdue,
    milestone_get,
    overdue_counts,
    overdue_milestones,
    plan_basis,
    plan_district,
    plan_district_parts,
    plan_districts,
    plan_document,
    plan_get,
    plan_list,
    plan_province,
    reported_actual_get,
    roadmap_build,
    target_get,
    target_reports,
    targeted_get,
    targeted_lines,
)
from ntm.planning.services import (
    MilestoneConflict,
    PlanningError,
    actual_report,
    cascade_sources,
    level_criteria,
    milestone_add,
    milestone_delete,
    milestone_update,
    plan_cascade_save,
    targeted_add,
    targeted_remove,
)
from ntm.units.models import AdminUnit
from ntm.units.selectors import unit_by_code
from ntm.web.access import AuthenticatedRequest, require
from ntm.web.actions import attempt
from ntm.web.xlsx import xlsx_response

NOT_ALLOWED_TO_VIEW = gettext_lazy("Tài khoản chưa được phân quyền xem kế hoạch.")


def _plan_or_404(request: AuthenticatedRequest, code: str) -> Plan:
    plan = plan_get(code)
    if plan is None:
        raise Http404(_("Không có kế hoạch mã «%(code)s».") % {"code": code})
    require(request, Action.VIEW, plan.unit, NOT_ALLOWED_TO_VIEW)
    return plan


def _scope(request: AuthenticatedRequest, plan: Plan) -> AdminUnit:
    """The district asked for (``?huyen=``), else a district officer's own
    district, else the plan's unit. ``?huyen=`` (empty) asks for the whole
    province."""
    province = plan_province(plan)
    code = request.GET.get("huyen")
    if code is None:
        home = access_home_unit(request.user)
        if home is not None and home.is_district and province.contains(home):
            return home
        return plan.unit
    if not code:
        return province
    district = plan_district(province, code)
    if district is None:
        raise Http404(_("Không có huyện mã «%(code)s».") % {"code": code})
    return district


@login_required
def home(request: AuthenticatedRequest) -> HttpResponse:
    plans = list(plan_list())
    home_unit = access_home_unit(request.user)
    return render(request, "planning/home.html", {"plans": plans, "home_unit": home_unit})


@login_required
def detail(request: AuthenticatedRequest, code: str) -> HttpResponse:
    plan = _plan_or_404(request, code)
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
def dashboard(request: AuthenticatedRequest, code: str) -> HttpResponse:
    plan = _plan_or_404(request, code)
    if plan.parent is not None:  # a district's part: the province's dashboard for the district
        return redirect(
            reverse("planning:dashboard", args=[plan.parent.code]) + f"?huyen={plan.unit.code}"
        )
    scope = _scope(request, plan)
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


# -- cascade --------------------------------------------------------------------------------


@login_required
def cascade(request: AuthenticatedRequest, code: str) -> HttpResponse:
    plan = _plan_or_404(request, code)
    if not plan.is_province_plan:
        raise Http404(_("Chỉ kế hoạch của tỉnh mới giao chỉ tiêu cho huyện."))
    can_edit = access_allows(request.user, Action.MANAGE_PLANS, plan.unit)
    errors: list[str] = []
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied(
                _("Chỉ Văn phòng Điều phối tỉnh được giao chỉ tiêu cho các huyện.")
            )
        keys = [t.key for t in cascade_sources(plan)]
        assignments: dict[str, dict[str, int | None]] = {}
        for district in plan_districts(plan):
            parts: dict[str, int | None] = {}
            for key in keys:
                raw = request.POST.get(f"{district.code}__{key}", "").strip()
                if not raw:
                    parts[key] = None
                    continue
                if not raw.isdigit():
                    errors.append(
                        _("%(district)s: «%(typed)s» không phải số xã (số nguyên không âm).")
                        % {"district": district.name, "typed": raw}
                    )
                    continue
                parts[key] = int(raw)
            assignments[district.code] = parts
        if not errors:
            try:
                plan_cascade_save(user=request.user, plan=plan, assignments=assignments)
            except NtmError as exc:
                errors.append(str(exc))
            else:
                messages.success(request, _("Đã lưu chỉ tiêu giao các huyện."))
                return redirect("planning:cascade", code=plan.code)
    table = cascade_table(plan)
    return render(
        request,
        "planning/cascade.html",
        {
            "plan": plan,
            "table": table,
            "can_edit": can_edit,
            "errors": errors,
            "posted": request.POST if errors else None,
            "check": plan_check(plan) if not errors else None,
            "levels": Level.choices,
        },
    )


@login_required
def targeted(request: AuthenticatedRequest, code: str) -> HttpResponse:
    plan = _plan_or_404(request, code)
    scope = _scope(request, plan)
    allowed = commune_choices(plan, access_units(request.user, Action.MANAGE_PLANS))
    form = TargetedForm(
        request.POST or None,
        communes=[(u.code, f"{u.name} ({u.parent.name if u.parent else ''})") for u in allowed],
    )
    if request.method == "POST":
        if not allowed:
            raise PermissionDenied(_("Bạn không được chọn xã phấn đấu đạt chuẩn."))
        if form.is_valid():
            unit = next(u for u in allowed if u.code == form.cleaned_data["unit"])
            data = form.cleaned_data
            if attempt(
                request,
                lambda: targeted_add(
                    user=request.user, plan=plan, unit=unit, level=data["level"], note=data["note"]
                ),
                _("Đã thêm %(unit)s vào danh sách phấn đấu «%(level)s».")
                % {"unit": unit.name, "level": Level(data["level"]).label},
                form,
            ):
                return redirect(request.get_full_path())
    lines = targeted_lines(plan, scope=scope, today=local_today())
    return render(
        request,
        "planning/targeted.html",
        {
            "plan": plan,
            "scope": scope,
            "lines": lines,
            "form": form if allowed else None,
            "districts": plan_districts(plan),
            "can_remove": {
                ln.targeted.pk
                for ln in lines
                if access_allows(request.user, Action.MANAGE_PLANS, ln.targeted.unit)
            },
        },
    )


@login_required
@require_POST
def targeted_remove_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    item = targeted_get(pk)
    if item is None:
        raise Http404(_("Không có xã phấn đấu này."))
    attempt(
        request,
        lambda: targeted_remove(user=request.user, targeted=item),
        _("Đã bỏ %(unit)s khỏi danh sách phấn đấu.") % {"unit": item.unit.name},
    )
    return redirect("planning:targeted", code=item.plan.code)


# -- candidates ---------------------------------------------------------------------------

_FLAG = {"1": True, "0": False}
SHOWN = 50  # candidates listed before "show all": choosing ten needs the top of the list


@login_required
def candidate_list(request: AuthenticatedRequest, code: str) -> HttpResponse:
    plan = _plan_or_404(request, code)
    level = request.GET.get("muc") or Level.NTM
    if level not in Level.values:
        raise Http404(_("Mức «%(level)s» không có.") % {"level": level})
    scope = _scope(request, plan)
    result = candidates(
        plan,
        level,
        scope=scope,
        border=_FLAG.get(request.GET.get("bien_gioi", "")),
        extremely_difficult=_FLAG.get(request.GET.get("dbkk", "")),
        poor_district=_FLAG.get(request.GET.get("huyen_ngheo", "")),
    )
    can_pick = {
        c.unit.pk
        for c in result.rows
        if not c.targeted and access_allows(request.user, Action.MANAGE_PLANS, c.unit)
    }
    return render(
        request,
        "planning/candidates.html",
        {
            "plan": plan,
            "result": result,
            "scope": scope,
            "districts": plan_districts(plan),
            "levels": Level.choices,
            "filters": request.GET,
            "can_pick": can_pick,
            "shown": result.rows if request.GET.get("tat_ca") else result.rows[:SHOWN],
        },
    )


@login_required
@require_POST
def candidate_pick(request: AuthenticatedRequest, code: str) -> HttpResponse:
    plan = _plan_or_404(request, code)
    unit = unit_by_code(request.POST.get("unit", ""))
    level = request.POST.get("level", "")
    if unit is None:
        raise Http404(_("Không có xã này."))
    attempt(
        request,
        lambda: targeted_add(user=request.user, plan=plan, unit=unit, level=level),
        lambda _t: (
            _("Đã chọn %(unit)s phấn đấu «%(level)s».")
            % {"unit": unit.name, "level": Level(level).label}
        ),
    )
    back = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        return redirect(back)
    return redirect("planning:candidates", code=plan.code)


# -- roadmaps -------------------------------------------------------------------------------


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
                    criterion=data["criterion"],
                    title=data["title"],
                    responsible=data["responsible"],
                    due_date=data["due_date"],
                    status=data["status"],
                    done_on=data["done_on"],
                    note=data["note"],
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
                criterion=data["criterion"],
                title=data["title"],
                responsible=data["responsible"],
                due_date=data["due_date"],
                status=data["status"],
                done_on=data["done_on"],
                note=data["note"],
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
def overdue(request: AuthenticatedRequest, code: str) -> HttpResponse:
    plan = _plan_or_404(request, code)
    scope = _scope(request, plan)
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


# -- reported figures ---------------------------------------------------------------------


@login_required
def report_actual(request: AuthenticatedRequest, code: str, key: str) -> HttpResponse:
    plan = _plan_or_404(request, code)
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
def evidence(request: AuthenticatedRequest, pk: int) -> FileResponse:
    row = reported_actual_get(pk)
    if row is None or not row.evidence:
        raise Http404(_("Không có minh chứng này."))
    require(request, Action.VIEW, row.target.plan.unit, NOT_ALLOWED_TO_VIEW)
    content_type = mimetypes.guess_type(row.evidence_name)[0] or "application/octet-stream"
    return FileResponse(
        row.evidence.open("rb"),
        as_attachment=True,
        filename=row.evidence_name,
        content_type=content_type,
    )
