"""The cascade to districts, the communes aiming at a level this year and
the candidates to choose them from."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from ntm.accounts.access import Action, access_allows, access_units
from ntm.dates import local_today
from ntm.errors import NtmError
from ntm.planning.candidates import candidates
from ntm.planning.checks import plan_check
from ntm.planning.forms import TargetedForm
from ntm.planning.models import RECOGNITION_LEVELS, Level
from ntm.planning.selectors import (
    cascade_table,
    commune_choices,
    plan_districts,
    targeted_get,
    targeted_lines,
)
from ntm.planning.services import (
    cascade_sources,
    plan_cascade_save,
    targeted_add,
    targeted_remove,
)
from ntm.planning.views.common import plan_or_404, scope_of
from ntm.units.selectors import unit_by_code
from ntm.web.actions import attempt
from ntm.web.http import AuthenticatedRequest


@login_required
def cascade(request: AuthenticatedRequest, code: str) -> HttpResponse:
    plan = plan_or_404(request, code)
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
    plan = plan_or_404(request, code)
    scope = scope_of(request, plan)
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
@require_safe
def candidate_list(request: AuthenticatedRequest, code: str) -> HttpResponse:
    plan = plan_or_404(request, code)
    level = request.GET.get("muc") or Level.NTM
    if level not in RECOGNITION_LEVELS:  # the upgrade is named, not ranked
        raise Http404(_("Mức «%(level)s» không có.") % {"level": level})
    scope = scope_of(request, plan)
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
            "levels": [(lv.value, lv.label) for lv in RECOGNITION_LEVELS],
            "filters": request.GET,
            "can_pick": can_pick,
            "shown": result.rows if request.GET.get("tat_ca") else result.rows[:SHOWN],
        },
    )


@login_required
@require_POST
def candidate_pick(request: AuthenticatedRequest, code: str) -> HttpResponse:
    plan = plan_or_404(request, code)
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
