"""Template helpers of the plan pages: Vietnamese figures, the plan text with
its figures filled in, and the overall targets shown on the home page."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from ntm.accounts.access import access_home_unit
from ntm.planning.figures import fill_text, goal_text, num
from ntm.planning.models import TargetKind
from ntm.planning.progress import ProgressError, plan_progress
from ntm.planning.selectors import plan_latest_for

register = template.Library()


@register.filter
def vi(value: Any, decimals: Any = None) -> str:
    """A figure in Vietnamese form: ``{{ x|vi }}``, ``{{ x|vi:2 }}``."""
    if value is None or value == "":
        return "—"
    if isinstance(value, float):
        value = Decimal(repr(value))
    return num(value, int(decimals) if decimals not in (None, "") else None)


@register.filter
def vi_blank(value: Any) -> str:
    """Like ``vi`` but empty for no value (form inputs)."""
    return "" if value is None or value == "" else vi(value)


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    if mapping is None:
        return None
    try:
        return mapping.get(key)
    except AttributeError:
        return None


FIELD_LABELS = {
    "criterion": _("Tiêu chí"),
    "title": _("Nội dung công việc"),
    "responsible": _("Người phụ trách"),
    "due_date": _("Hạn hoàn thành"),
    "status": _("Tình trạng"),
    "done_on": _("Ngày hoàn thành"),
    "note": _("Ghi chú"),
}


@register.filter
def field_label(name: str) -> str:
    """The Vietnamese name of a milestone field in the edit history."""
    return str(FIELD_LABELS.get(name, name))


@register.filter
def goal(target: Any) -> str:
    return goal_text(target)


@register.simple_tag
def plan_text(text: str, targets: dict[str, Any]) -> SafeString:
    return fill_text(text, targets)


@register.inclusion_tag("planning/_home_targets_block.html", takes_context=True)
def home_plan_targets(context: template.Context) -> dict[str, Any]:
    """The overall targets of the newest plan of the user's province, with
    their actual and status (nothing for a user without a role or a plan)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    home = access_home_unit(user) if user is not None else None
    plan = plan_latest_for(home) if home is not None else None
    if plan is None:
        return {"progress": None}
    targets = list(plan.targets.filter(kind=TargetKind.OVERALL).order_by("position"))
    try:
        progress = plan_progress(plan, targets=targets)
    except ProgressError:
        return {"progress": None}
    return {"progress": progress, "plan": plan}
