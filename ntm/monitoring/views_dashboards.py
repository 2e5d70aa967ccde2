"""Dashboards (province, district), the commune scorecard, and the .xlsx
download of any of their tables (same URL with ``?xlsx=<table>``)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from ntm.accounts.access import Action, access_allows, access_home_unit
from ntm.core.text import fold
from ntm.monitoring.dashboards import (
    Dashboard,
    DashboardError,
    ExportTable,
    dashboard_build,
    dashboard_province,
    dashboard_tables,
    dashboard_unit,
    export_note,
    figures_version,
    scorecard_build,
    scorecard_tables,
)
from ntm.monitoring.models import Period
from ntm.units.models import DISTRICT_TYPES, AdminUnit, UnitType
from ntm.web.access import require
from ntm.web.http import AuthenticatedRequest
from ntm.web.xlsx import xlsx_response


def _province_of(request: AuthenticatedRequest) -> AdminUnit:
    """The province of the person's widest scope (no query when it is the
    province itself)."""
    home = access_home_unit(request.user)
    if home is None:
        raise PermissionDenied(_("Tài khoản chưa được phân quyền xem số liệu."))
    province = dashboard_province(home)
    if province is None:
        raise Http404(_("Không tìm thấy tỉnh."))
    return province


def _unit_or_404(code: str, types: tuple[str, ...], what: str) -> AdminUnit:
    unit = dashboard_unit(code, types)
    if unit is None:
        raise Http404(_("Không có %(what)s mã «%(code)s».") % {"what": what, "code": code})
    return unit


def _slug(text: str) -> str:
    return "-".join(fold(text).split())


def _download(
    tables: dict[str, ExportTable], name: str, scope: AdminUnit, period: Period | None
) -> HttpResponse:
    table = tables.get(name)
    if table is None:
        raise Http404(
            _("Không có bảng «%(name)s»; các bảng: %(names)s.")
            % {"name": name, "names": ", ".join(tables)}
        )
    filename = f"ntm-{name}-{_slug(scope.name)}-{period.code if period else 'chua-co-ky'}.xlsx"
    return xlsx_response(
        filename, table.title, table.columns, table.rows, note=export_note(scope.name, period)
    )


def _error(request: AuthenticatedRequest, scope: AdminUnit, message: str) -> HttpResponse:
    return render(
        request, "monitoring/dashboard_error.html", {"scope": scope, "message": message}, status=404
    )


def _charts(dash: Dashboard) -> dict[str, Any]:
    """Data for charts.js; every chart has its table on the page as well."""
    return {
        "criteria": {
            "kind": "hbar",
            "labels": [f"{c.code}. {c.name}" for c in dash.criteria],
            "values": [c.met for c in dash.criteria],
            "max": dash.total.communes,
            "name": _("Số xã đạt"),
        },
        "bands": {
            "kind": "bar",
            "labels": [b.label for b in dash.bands],
            "values": [b.count for b in dash.bands],
            "name": _("Số xã"),
        },
        "trend": {
            "kind": "line",
            "labels": [str(t.period) for t in dash.trend],
            "axes": [_("Tiêu chí/xã"), _("Số xã")],
            "series": [
                {
                    "name": _("Bình quân tiêu chí/xã"),
                    "axis": 0,
                    "values": [round(t.avg, 2) if t.avg is not None else None for t in dash.trend],
                },
                {
                    "name": _("Số xã đạt đủ tiêu chí"),
                    "axis": 1,
                    "values": [t.full for t in dash.trend],
                },
                *[
                    {
                        "name": lv.name,
                        "axis": 1,
                        "values": [t.levels.get(lv.key, 0) for t in dash.trend],
                    }
                    for lv in dash.levels
                ],
            ],
        },
    }


def _page(
    request: AuthenticatedRequest,
    scope: AdminUnit,
    template: str,
    variant: tuple[object, ...],
    body: Callable[[], dict[str, Any]],
    drafts_of: AdminUnit | None = None,
) -> HttpResponse:
    """Render ``template`` (a page whose content is ``monitoring/_<name>_body``)
    with its body cached under the figures' fingerprint: the body shows only
    shared figures, never anything of the person asking, and any change to
    the data changes the fingerprint, so a cached body is never stale."""
    body_template = template.replace("/", "/_", 1).replace(".html", "_body.html")
    key = (
        "ntm:body:"
        + hashlib.sha256(
            repr(
                (body_template, scope.pk, variant, get_language(), figures_version(drafts_of))
            ).encode()
        ).hexdigest()
    )
    html = cache.get(key)
    if html is None:
        html = render_to_string(body_template, body(), request=request)
        cache.set(key, html, timeout=3600)
    return render(request, template, {"scope": scope, "body": mark_safe(html)})


def _dashboard(
    request: AuthenticatedRequest, scope: AdminUnit, template: str, *, communes: bool
) -> HttpResponse:
    require(request, Action.VIEW, scope, _("Tài khoản chưa được phân quyền xem số liệu."))
    period_code = request.GET.get("ky") or None

    def body() -> dict[str, Any]:
        dash = dashboard_build(scope, period_code, communes=communes)
        return {
            "dash": dash,
            "charts": _charts(dash),
            "period_query": f"ky={dash.period.code}&" if dash.period else "",
        }

    try:
        if request.GET.get("xlsx"):
            dash = dashboard_build(scope, period_code, communes=communes)
            return _download(dashboard_tables(dash), request.GET["xlsx"], scope, dash.period)
        return _page(request, scope, template, (period_code, communes), body)
    except DashboardError as exc:
        return _error(request, scope, str(exc))


@login_required
@require_safe
def province_dashboard(request: AuthenticatedRequest) -> HttpResponse:
    return _dashboard(
        request, _province_of(request), "monitoring/dashboard_province.html", communes=False
    )


@login_required
@require_safe
def district_dashboard(request: AuthenticatedRequest, code: str) -> HttpResponse:
    district = _unit_or_404(code, DISTRICT_TYPES, _("huyện"))
    return _dashboard(request, district, "monitoring/dashboard_district.html", communes=True)


@login_required
@require_safe
def scorecard(request: AuthenticatedRequest, code: str) -> HttpResponse:
    unit = _unit_or_404(code, (UnitType.COMMUNE,), _("xã"))
    require(request, Action.VIEW, unit, _("Tài khoản chưa được phân quyền xem số liệu."))
    drafts = access_allows(request.user, Action.VIEW_DRAFTS, unit)
    period_code = request.GET.get("ky") or None

    def body() -> dict[str, Any]:
        card = scorecard_build(unit, period_code, drafts=drafts)
        return {"card": card, "period_query": f"ky={card.period.code}&" if card.period else ""}

    try:
        if request.GET.get("xlsx"):
            card = scorecard_build(unit, period_code, drafts=drafts)
            return _download(scorecard_tables(card), request.GET["xlsx"], unit, card.period)
        return _page(
            request,
            unit,
            "monitoring/scorecard.html",
            (period_code, drafts),
            body,
            drafts_of=unit if drafts else None,
        )
    except DashboardError as exc:
        return _error(request, unit, str(exc))
