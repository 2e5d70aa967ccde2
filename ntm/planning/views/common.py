"""What every plan page does first: find the plan (or 404), check the
person may see it, and read which district the page is scoped to."""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ntm.accounts.access import Action, access_home_unit
from ntm.planning.models import Plan
from ntm.planning.selectors import plan_district, plan_get, plan_province
from ntm.units.models import AdminUnit
from ntm.web.access import require
from ntm.web.http import AuthenticatedRequest

NOT_ALLOWED_TO_VIEW = gettext_lazy("Tài khoản chưa được phân quyền xem kế hoạch.")


def plan_or_404(request: AuthenticatedRequest, code: str) -> Plan:
    plan = plan_get(code)
    if plan is None:
        raise Http404(_("Không có kế hoạch mã «%(code)s».") % {"code": code})
    require(request, Action.VIEW, plan.unit, NOT_ALLOWED_TO_VIEW)
    return plan


def scope_of(request: AuthenticatedRequest, plan: Plan) -> AdminUnit:
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
