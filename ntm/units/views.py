from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from ntm.accounts.access import Action, access_allows
from ntm.units.forms import UnitFlagsForm
from ntm.units.models import AdminUnit, UnitType
from ntm.units.selectors import (
    unit_ancestors,
    unit_by_code,
    unit_children_of,
    unit_districts_with_counts,
    unit_flag_changes,
    unit_lineage,
    unit_provinces,
    unit_search,
)
from ntm.units.services import EDITABLE_FLAGS, FlagEditError, unit_flags_update
from ntm.web.http import AuthenticatedRequest


def _unit_or_404(code: str) -> AdminUnit:
    unit = unit_by_code(code)
    if unit is None:
        raise Http404(_("Không có đơn vị hành chính mã %(code)s.") % {"code": code})
    return unit


@login_required
@require_safe
def browse(request: AuthenticatedRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    results = unit_search(query) if query else None
    template = "units/_search_results.html" if request.htmx else "units/browse.html"
    return render(
        request,
        template,
        {"query": query, "results": results, "provinces": list(unit_provinces())},
    )


@login_required
@require_safe
def detail(request: AuthenticatedRequest, code: str) -> HttpResponse:
    unit = _unit_or_404(code)
    children: list[AdminUnit]  # a province's districts carry their counts too
    if unit.type == UnitType.PROVINCE:
        children = list(unit_districts_with_counts(unit))
    else:
        children = list(unit_children_of(unit))
    ancestors = unit_ancestors(unit)
    can_edit_flags = access_allows(request.user, Action.EDIT_UNIT_FLAGS, unit)
    form = UnitFlagsForm(initial={f: getattr(unit, f) for f in EDITABLE_FLAGS})
    return render(
        request,
        "units/detail.html",
        {
            "unit": unit,
            "children": children,
            "ancestors": ancestors,
            "can_edit_flags": can_edit_flags,
            "flags_form": form,
            "flag_changes": unit_flag_changes(unit),
            "unit_changes": unit_lineage(unit),
        },
    )


@login_required
@require_POST
def edit_flags(request: AuthenticatedRequest, code: str) -> HttpResponse:
    unit = _unit_or_404(code)
    if not access_allows(request.user, Action.EDIT_UNIT_FLAGS, unit):
        raise PermissionDenied(_("Chỉ quản trị hệ thống cấp tỉnh được sửa thuộc tính đơn vị."))
    form = UnitFlagsForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Cần ghi căn cứ, lý do khi sửa thuộc tính đơn vị."))
        return redirect("units:detail", code=code)
    try:
        changed = unit_flags_update(
            unit=unit,
            user=request.user,
            flags={f: form.cleaned_data[f] for f in EDITABLE_FLAGS},
            reason=form.cleaned_data["reason"],
        )
    except FlagEditError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Đã lưu %(changed)d thay đổi.") % {"changed": changed})
    return redirect("units:detail", code=code)
