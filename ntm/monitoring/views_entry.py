"""Daily-use monitoring pages: the commune's entry form (values saved as they
are typed, with verdicts, evidence and history), the review page of one
report with its workflow buttons, and the queue of reports waiting for the
user. Views parse, check access, call one service or selector, and render;
the services check access again, so a forged request changes nothing."""

from __future__ import annotations

import mimetypes

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from ntm.accounts.access import AccessRefused, Action, access_allows, access_has_any
from ntm.core.periods import PeriodError, PeriodSpec, parse_period
from ntm.errors import translate_core_error
from ntm.monitoring.forms import (
    EvidenceForm,
    FactsForm,
    IndicatorKeyForm,
    TransitionForm,
    ValueForm,
)
from ntm.monitoring.models import Period, Report
from ntm.monitoring.selectors import (
    TRANSITION_LABELS,
    dom_key,
    entry_communes,
    entry_default_period,
    entry_judged,
    entry_period_choices,
    entry_years,
    evidence_get,
    queue_lines,
    queue_periods,
    report_events,
    report_fact_choices,
    report_find,
    report_get,
    report_last_return,
    report_sheet,
    report_transitions_for,
    report_visible,
    value_get,
    value_history,
)
from ntm.monitoring.services import (
    ImplausibleValue,
    MonitoringError,
    ValueConflict,
    evidence_add,
    report_facts_update,
    report_open,
    report_transition,
    value_save,
)
from ntm.units.models import AdminUnit
from ntm.units.selectors import unit_by_code
from ntm.web.http import AuthenticatedRequest, evidence_file_open


def _refused(request: AuthenticatedRequest, message: str) -> HttpResponse:
    """403 with the reason in Vietnamese (a fragment for htmx requests)."""
    template = "monitoring/_entry_refused.html" if request.htmx else "monitoring/entry_refused.html"
    return render(request, template, {"message": message}, status=403)


def _report_or_404(pk: int) -> Report:
    report = report_get(pk)
    if report is None:
        raise Http404(_("Không có báo cáo này."))
    return report


def _period_label(code: str) -> str:
    spec = parse_period(code)
    return str(Period(code=spec.code, kind=spec.kind, year=spec.year, number=spec.number))


def _may_enter(request: AuthenticatedRequest, report: Report) -> bool:
    return access_allows(request.user, Action.ENTER_VALUES, report.unit)


def _has_queue(request: AuthenticatedRequest) -> bool:
    return any(
        access_has_any(request.user, a) for a in (Action.APPRAISE, Action.APPROVE, Action.REOPEN)
    )


def _urls(report: Report) -> dict[str, str]:
    """The row endpoints, reversed once per page rather than once per row."""
    return {
        "save": reverse("monitoring:value_save", args=[report.pk]),
        "upload": reverse("monitoring:evidence_upload", args=[report.pk]),
        "history": reverse("monitoring:value_history", args=[report.pk]),
    }


def _entry_url(report: Report) -> str:
    return reverse("monitoring:entry", args=[report.unit.code, report.period.code])


# -- entry ------------------------------------------------------------------------


@login_required
@require_GET
def entry_home(request: AuthenticatedRequest) -> HttpResponse:
    if not access_has_any(request.user, Action.ENTER_VALUES):
        return _refused(request, _("Tài khoản của bạn không có quyền nhập số liệu của xã nào."))
    today = timezone.localdate()
    asked = request.GET.get("ky", "").strip()
    try:
        period_code = parse_period(asked).code if asked else ""
    except PeriodError as exc:
        messages.error(request, translate_core_error(exc))
        period_code = ""
    communes = entry_communes(request.user)
    years = entry_years(communes[0].unit if communes else None, today)
    period_code = period_code or entry_default_period(communes, years, today)
    for commune in communes:
        commune.choose(period_code)
    return render(
        request,
        "monitoring/entry_home.html",
        {
            "communes": communes,
            "period_code": period_code,
            "period_label": _period_label(period_code),
            "period_choices": [
                (code, _period_label(code))
                for code in entry_period_choices(years, extra=[period_code])
            ],
        },
    )


def _entry_target(unit_code: str, period_code: str) -> tuple[AdminUnit, PeriodSpec]:
    """The commune and period of an entry URL, or 404."""
    unit = unit_by_code(unit_code)
    if unit is None or not (unit.is_commune and unit.in_programme):
        raise Http404(
            _("Không có xã thuộc Chương trình NTM với mã %(code)s.") % {"code": unit_code}
        )
    try:
        spec = parse_period(period_code)
    except PeriodError as exc:
        raise Http404(translate_core_error(exc)) from exc
    if not entry_judged(unit, spec.year):
        raise Http404(
            _("Chưa có bộ tiêu chí áp dụng cho %(xa)s năm %(year)s.")
            % {"xa": unit.name, "year": spec.year}
        )
    return unit, spec


@login_required
@require_GET
def entry(request: AuthenticatedRequest, unit_code: str, period_code: str) -> HttpResponse:
    """The entry form of an existing report; for a period not started yet,
    a page with the button that starts it (a GET writes nothing)."""
    unit, spec = _entry_target(unit_code, period_code)
    if spec.code != period_code:
        return redirect("monitoring:entry", unit_code=unit.code, period_code=spec.code)
    existing = report_find(unit, spec.code)
    if not access_allows(request.user, Action.ENTER_VALUES, unit):
        if existing is not None and report_visible(request.user, existing):
            return redirect("monitoring:review", pk=existing.pk)
        return _refused(request, _("Bạn không được nhập số liệu của %(xa)s.") % {"xa": unit.name})
    if existing is None:
        return render(
            request,
            "monitoring/entry_start.html",
            {"unit": unit, "period_code": spec.code, "period_label": _period_label(spec.code)},
        )
    return _render_report(request, _report_or_404(existing.pk), "monitoring/entry.html")


@login_required
@require_POST
def entry_start(request: AuthenticatedRequest, unit_code: str, period_code: str) -> HttpResponse:
    """Start the report of a commune for a period, then open its form."""
    unit, spec = _entry_target(unit_code, period_code)
    try:
        report_open(user=request.user, unit=unit, period_code=spec.code)
    except AccessRefused as exc:
        return _refused(request, str(exc))
    except MonitoringError as exc:
        messages.error(request, translate_core_error(exc))
    return redirect("monitoring:entry", unit_code=unit.code, period_code=spec.code)


def _render_report(request: AuthenticatedRequest, report: Report, template: str) -> HttpResponse:
    events = report_events(report)
    sheet = report_sheet(report)
    may_enter = _may_enter(request, report)
    editable = report.editable and may_enter
    transitions = report_transitions_for(request.user, report)
    return render(
        request,
        template,
        {
            "report": report,
            "sheet": sheet,
            "editable": editable,
            "may_enter": may_enter,
            "events": events,
            "last_return": report_last_return(events),
            "transitions": transitions,
            "submit": next((t for t in transitions if t.name == "submit"), None),
            "facts_form": FactsForm(facts=sheet.facts) if editable and sheet.facts else None,
            "has_queue": _has_queue(request),
            "urls": _urls(report),
        },
    )


@login_required
@require_POST
def value_save_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Save one value typed in the form (htmx). Returns the feedback under
    the field, and out of band the new version, verdict, criterion result and
    header figures. A refused value changes nothing on screen but the message,
    so what the person typed stays in the field."""
    report = _report_or_404(pk)
    if not _may_enter(request, report):
        return _refused(
            request, _("Bạn không được nhập số liệu của %(xa)s.") % {"xa": report.unit.name}
        )
    form = ValueForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "monitoring/_entry_feedback.html",
            {
                "error": _("Dữ liệu gửi lên không hợp lệ: %(errors)s")
                % {"errors": form.errors.as_text()}
            },
        )
    data = form.cleaned_data
    try:
        value_save(
            user=request.user,
            report=report,
            indicator_code=data["code"],
            raw=data["raw"],
            expected_version=data["version"],
            note=data["note"],
            set_code=data["set"],
            confirmed=data["confirm"],
        )
    except ImplausibleValue as exc:
        return render(
            request,
            "monitoring/_entry_implausible.html",
            {"warning": str(exc), "dom": dom_key(data["set"], data["code"]), "urls": _urls(report)},
        )
    except ValueConflict as exc:
        return render(
            request,
            "monitoring/_entry_conflict.html",
            {
                "report": report,
                "message": str(exc),
                "current": exc.current,
                "posted": data,
                "dom": dom_key(data["set"], data["code"]),
            },
        )
    except AccessRefused as exc:
        return _refused(request, str(exc))
    except MonitoringError as exc:
        return render(request, "monitoring/_entry_feedback.html", {"error": str(exc)})
    sheet = report_sheet(report)
    row = sheet.row(data["set"], data["code"])
    if row is None:  # saved through a set code the sheet does not show
        raise Http404(_("Không có chỉ tiêu này trên trang nhập liệu."))
    return render(
        request,
        "monitoring/_entry_saved.html",
        {
            "report": report,
            "sheet": sheet,
            "row": row,
            "block": sheet.block_of(row),
            "editable": True,
            "created": data["version"] == 0,
            "urls": _urls(report),
        },
    )


def _key(request: AuthenticatedRequest) -> tuple[str, str]:
    form = IndicatorKeyForm(request.GET if request.method == "GET" else request.POST)
    if not form.is_valid():
        raise Http404(_("Thiếu mã bộ tiêu chí hoặc mã chỉ tiêu."))
    return form.cleaned_data["set"], form.cleaned_data["code"]


@login_required
@require_GET
def value_row(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """One row as stored now (after a conflict: "take their value")."""
    report = _report_or_404(pk)
    if not report_visible(request.user, report):
        return _refused(request, _("Bạn không được xem báo cáo này."))
    set_code, code = _key(request)
    sheet = report_sheet(report)
    row = sheet.row(set_code, code)
    if row is None:
        raise Http404(_("Không có chỉ tiêu này trên trang nhập liệu."))
    return render(
        request,
        "monitoring/_entry_row.html",
        {
            "report": report,
            "row": row,
            "editable": report.editable and _may_enter(request, report),
            "urls": _urls(report),
        },
    )


@login_required
@require_POST
def evidence_upload(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    report = _report_or_404(pk)
    if not _may_enter(request, report):
        return _refused(
            request, _("Bạn không được thêm minh chứng cho %(xa)s.") % {"xa": report.unit.name}
        )
    set_code, code = _key(request)
    form = EvidenceForm(request.POST, request.FILES)
    error, added = "", None
    if not form.is_valid():
        error = _("Chọn một tệp để tải lên.")
    else:
        value = value_get(report, set_code, code)
        if value is None:
            error = _("Nhập giá trị của chỉ tiêu trước khi thêm minh chứng.")
        else:
            try:
                added = evidence_add(
                    user=request.user, value=value, upload=form.cleaned_data["file"]
                )
            except AccessRefused as exc:
                return _refused(request, str(exc))
            except MonitoringError as exc:
                error = str(exc)
    row = report_sheet(report).row(set_code, code)
    if row is None:
        raise Http404(_("Không có chỉ tiêu này trên trang nhập liệu."))
    return render(
        request,
        "monitoring/_entry_tools.html",
        {
            "report": report,
            "row": row,
            "editable": report.editable,
            "error": error,
            "added": added,
            "urls": _urls(report),
        },
    )


# Shown in the browser; anything else is downloaded.
_INLINE_TYPES = {"application/pdf", "image/png", "image/jpeg"}


@login_required
@require_GET
def evidence_download(request: AuthenticatedRequest, pk: int) -> HttpResponseBase:
    evidence = evidence_get(pk)
    if evidence is None:
        raise Http404(_("Không có minh chứng này."))
    if not report_visible(request.user, evidence.value.report):
        return _refused(request, _("Bạn không được xem minh chứng của báo cáo này."))
    # The type follows the checked extension, never what the browser sent.
    content_type = mimetypes.guess_type(evidence.original_name)[0] or "application/octet-stream"
    return FileResponse(
        evidence_file_open(evidence.file, evidence.original_name),
        as_attachment=content_type not in _INLINE_TYPES,
        filename=evidence.original_name,
        content_type=content_type,
    )


@login_required
@require_GET
def history(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The changes of one value: who, when, old → new, why (on demand)."""
    report = _report_or_404(pk)
    if not report_visible(request.user, report):
        return _refused(request, _("Bạn không được xem báo cáo này."))
    set_code, code = _key(request)
    return render(
        request,
        "monitoring/_history_value.html",
        {"changes": value_history(report, set_code, code), "code": code},
    )


@login_required
@require_POST
def facts_update(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    report = _report_or_404(pk)
    if not _may_enter(request, report):
        return _refused(
            request, _("Bạn không được sửa thông tin của %(xa)s.") % {"xa": report.unit.name}
        )
    form = FactsForm(request.POST, facts=report_fact_choices(report))
    if not form.is_valid():
        messages.error(request, _("Thông tin xã gửi lên không hợp lệ."))
        return redirect(_entry_url(report))
    try:
        report_facts_update(user=request.user, report=report, facts=form.facts())
    except AccessRefused as exc:
        return _refused(request, str(exc))
    except MonitoringError as exc:
        messages.error(request, translate_core_error(exc))
    else:
        messages.success(request, _("Đã lưu thông tin xã; kết quả đánh giá đã được tính lại."))
    return redirect(_entry_url(report))


# -- review and workflow ---------------------------------------------------------------


@login_required
@require_GET
def review(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    report = _report_or_404(pk)
    if not report_visible(request.user, report):
        return _refused(
            request,
            _("Báo cáo của %(xa)s chưa được phê duyệt; chỉ người có phạm vi quản lý xã được xem.")
            % {"xa": report.unit.name},
        )
    return _render_report(request, report, "monitoring/review.html")


@login_required
@require_POST
def transition(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    report = _report_or_404(pk)
    if not report_visible(request.user, report):
        return _refused(request, _("Bạn không được xem báo cáo này."))
    form = TransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Yêu cầu không hợp lệ."))
        return redirect("monitoring:review", pk=report.pk)
    name = form.cleaned_data["name"]
    try:
        report = report_transition(
            user=request.user,
            report=report,
            name=name,
            reason=form.cleaned_data["reason"],
            expected_status=form.cleaned_data["expected_status"],
        )
    except AccessRefused as exc:
        return _refused(request, str(exc))
    except MonitoringError as exc:
        messages.error(request, translate_core_error(exc))
    else:
        messages.success(
            request,
            _("%(step)s: xong. Báo cáo %(period)s của %(xa)s nay ở trạng thái «%(status)s».")
            % {
                "step": TRANSITION_LABELS[name],
                "period": report.period,
                "xa": report.unit.name,
                "status": report.get_status_display(),
            },
        )
    if name == "submit" or (report.editable and _may_enter(request, report)):
        return redirect(_entry_url(report))
    return redirect("monitoring:review", pk=report.pk)


@login_required
@require_GET
def queue(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    if not _has_queue(request):
        return _refused(
            request, _("Tài khoản của bạn không thẩm định, phê duyệt hay mở khoá báo cáo.")
        )
    period_code = request.GET.get("ky", "").strip()
    lines = queue_lines(user, period_code or None)
    page = Paginator(lines, 50).get_page(request.GET.get("trang"))
    return render(
        request,
        "monitoring/queue.html",
        {
            "page": page,
            "total": len(lines),
            "period_code": period_code,
            "periods": queue_periods(user),
        },
    )
