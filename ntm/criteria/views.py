from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from ntm.accounts.access import Action, access_has_any, access_home_unit
from ntm.core.criteria_model import CriteriaSet as CoreSet
from ntm.core.errors import CriteriaLookupError
from ntm.criteria.forms import ThresholdRevisionForm
from ntm.criteria.selectors import criteria_catalog, criteria_set_table
from ntm.criteria.services import CriteriaError, threshold_revise
from ntm.dates import local_today
from ntm.errors import translate_core_error
from ntm.web.http import AuthenticatedRequest


def _set_or_404(code: str) -> CoreSet:
    try:
        return criteria_catalog().get(code)
    except CriteriaLookupError as exc:
        raise Http404(translate_core_error(exc)) from exc


def _default_class(request: AuthenticatedRequest, cset: CoreSet) -> str:
    unit = access_home_unit(request.user)
    if unit is not None and unit.region in cset.classification.codes:
        return unit.region
    return cset.classification.codes[0]


def _can_revise(request: AuthenticatedRequest) -> bool:
    return access_has_any(request.user, Action.REVISE_THRESHOLDS)


@login_required
@require_safe
def set_list(request: AuthenticatedRequest) -> HttpResponse:
    return render(request, "criteria/set_list.html", {"sets": list(criteria_catalog())})


@login_required
@require_safe
def set_detail(request: AuthenticatedRequest, code: str) -> HttpResponse:
    cset = _set_or_404(code)
    class_code = request.GET.get("vung") or _default_class(request, cset)
    if class_code not in cset.classification.codes:
        raise Http404(
            _("Bộ tiêu chí không có vùng/nhóm %(class_code)s.") % {"class_code": class_code}
        )
    try:
        year = int(
            request.GET.get("nam") or min(max(local_today().year, cset.first_year), cset.last_year)
        )
        cset.check_year(year)
    except (ValueError, CriteriaLookupError) as exc:
        raise Http404(translate_core_error(exc)) from exc
    return render(
        request,
        "criteria/set_detail.html",
        {
            "cset": cset,
            "class_code": class_code,
            "year": year,
            "table": criteria_set_table(cset, class_code, year),
            "can_revise": _can_revise(request),
        },
    )


@login_required
def revise(request: AuthenticatedRequest, code: str, indicator: str) -> HttpResponse:
    cset = _set_or_404(code)
    if not cset.has_measure(indicator):
        raise Http404(_("Không có chỉ tiêu %(indicator)s.") % {"indicator": indicator})
    if not _can_revise(request):
        raise PermissionDenied(
            _("Chỉ Văn phòng Điều phối hoặc quản trị cấp tỉnh được điều chỉnh ngưỡng.")
        )
    measure = cset.measure(indicator)
    form = ThresholdRevisionForm(
        request.POST or None,
        classes=[(c.code, f"{c.code} · {c.name}") for c in cset.classification.classes],
        years=list(cset.years),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            threshold_revise(
                user=request.user,
                set_code=cset.code,
                indicator_code=indicator,
                raw_value=data["value"],
                classes=data["classes"] or None,
                years=[int(y) for y in data["years"]] or None,
                document_number=data["document_number"],
                document_date=data["document_date"],
                note=data["note"],
            )
        except CriteriaError as exc:
            form.add_error("value", str(exc))
        else:
            messages.success(
                request,
                _("Đã lưu ngưỡng mới của chỉ tiêu %(indicator)s.") % {"indicator": indicator},
            )
            target = reverse("criteria:detail", args=[cset.code])
            return redirect(f"{target}?{request.GET.urlencode()}#chi-tieu-{indicator}")
    return render(
        request,
        "criteria/revise.html",
        {"cset": cset, "measure": measure, "form": form, "query": request.GET.urlencode()},
    )
