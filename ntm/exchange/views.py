"""Excel exchange pages (mounted under /du-lieu/): download a template,
upload a filled workbook and read its preview, commit or discard it, export
a period's dataset, and every list shown here as .xlsx. Views parse, check
access, call one service or selector and render; services check again."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from ntm.accounts.access import Action, access_allows, access_has_any, access_home_unit
from ntm.exchange.exports import (
    batch_table,
    dataset_csv_lines,
    dataset_json,
    dataset_xlsx,
    history_table,
)
from ntm.exchange.forms import ExportForm, TemplateForm, UploadForm
from ntm.exchange.layout import cell_ref
from ntm.exchange.models import ImportBatch
from ntm.exchange.selectors import (
    ExchangeError,
    batch_get,
    batch_list,
    batch_visible,
    dataset,
    export_scopes,
    import_scopes,
    measure_names,
    period_choices,
    template_data,
)
from ntm.exchange.services import (
    import_batch_current,
    import_commit,
    import_discard,
    import_upload,
    upload_bytes,
)
from ntm.exchange.template_writer import template_workbook
from ntm.exchange.validation import ImportRefused, Preview, verdict_label
from ntm.units.selectors import unit_by_code
from ntm.web.http import AuthenticatedRequest, as_attachment
from ntm.web.xlsx import XLSX_CONTENT_TYPE, xlsx_response

CHANGES_PER_PAGE = 200
ISSUES_SHOWN = 300


def _refused(request: AuthenticatedRequest, message: str, status: int = 403) -> HttpResponse:
    return render(request, "exchange/refused.html", {"message": message}, status=status)


def _periods(request: AuthenticatedRequest, *extra: str) -> list[tuple[str, str]]:
    return period_choices(timezone.localdate().year, extra=[e for e in extra if e])


def _home_context(
    request: AuthenticatedRequest, upload_form: UploadForm | None = None
) -> dict[str, Any]:
    user = request.user
    may_import = access_has_any(user, Action.IMPORT_DATA)
    periods = _periods(request)
    default_period = str(timezone.localdate().year)
    if default_period not in {c for c, _ in periods} and periods:
        default_period = periods[0][0]
    scopes = import_scopes(user) if may_import else []
    open_scopes = export_scopes(user)
    home = access_home_unit(user)
    return {
        "may_import": may_import,
        "template_form": TemplateForm(
            scopes=[(u.code, u.name) for u in scopes],
            periods=periods,
            initial={"ky": default_period},
        )
        if scopes
        else None,
        "upload_form": upload_form or UploadForm(periods=periods),
        "export_form": ExportForm(
            scopes=[(u.code, u.name) for u in open_scopes],
            periods=periods,
            initial={"ky": default_period, "don_vi": home.code if home else ""},
        ),
        "batches": list(batch_list(user)),
    }


@login_required
@require_GET
def home(request: AuthenticatedRequest) -> HttpResponse:
    return render(request, "exchange/home.html", _home_context(request))


@login_required
@require_GET
def template(request: AuthenticatedRequest) -> HttpResponse:
    unit = unit_by_code(request.GET.get("don_vi", "").strip())
    if unit is None:
        raise Http404(_("Không có đơn vị này."))
    if not access_allows(request.user, Action.IMPORT_DATA, unit):
        return _refused(
            request,
            _("Bạn không được tải biểu mẫu nhập số liệu của %(unit)s.") % {"unit": unit.name},
        )
    try:
        data = template_data(unit, request.GET.get("ky", "").strip())
    except ExchangeError as exc:
        messages.error(request, str(exc))
        return redirect("exchange:home")
    content = template_workbook(data, generated_by=request.user.get_username())
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    return as_attachment(
        response,
        _("Biểu mẫu NTM - %(unit)s - %(period)s.xlsx")
        % {"unit": unit.name, "period": data.period.code},
    )


@login_required
@require_POST
def upload(request: AuthenticatedRequest) -> HttpResponse:
    if not access_has_any(request.user, Action.IMPORT_DATA):
        return _refused(request, _("Tài khoản của bạn không có quyền nhập số liệu từ tệp Excel."))
    form = UploadForm(
        request.POST, request.FILES, periods=_periods(request, request.POST.get("ky", ""))
    )
    if not form.is_valid():
        return render(request, "exchange/home.html", _home_context(request, form), status=400)
    upload_file = form.cleaned_data["tep"]
    try:
        batch = import_upload(
            user=request.user,
            data=upload_bytes(upload_file),
            filename=upload_file.name or "tep.xlsx",
            period_code=form.cleaned_data["ky"] or None,
        )
    except ImportRefused as exc:
        form.add_error("tep", str(exc))
        return render(request, "exchange/home.html", _home_context(request, form), status=400)
    return redirect("exchange:batch", pk=batch.pk)


def _batch_or_404(request: AuthenticatedRequest, pk: int) -> ImportBatch:
    batch = batch_get(pk)
    if batch is None or not batch_visible(request.user, batch):
        raise Http404(_("Không có lần nhập này."))
    return import_batch_current(batch)


@login_required
@require_GET
def batch(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    batch = _batch_or_404(request, pk)
    preview = Preview.from_json(batch.preview)
    units = {u.unit_id: u for u in preview.units}
    commune = request.GET.get("xa", "").strip()
    changes = preview.changes
    if commune:
        changes = [c for c in changes if units[c.unit_id].code == commune]
    page = Paginator(changes, CHANGES_PER_PAGE).get_page(request.GET.get("trang"))
    names = measure_names(batch.set_code)
    rows = [
        {
            "change": c,
            "unit": units[c.unit_id],
            "cell": f"{cell_ref(c.row, c.col)}",
            "name": names.get(c.code, ""),
            "old_verdict": verdict_label(c.old_verdict),
            "new_verdict": verdict_label(c.new_verdict),
        }
        for c in page.object_list
    ]
    return render(
        request,
        "exchange/batch.html",
        {
            "batch": batch,
            "preview": preview,
            "rows": rows,
            "page": page,
            "commune": commune,
            "units": [u for u in preview.units if u.n_changes],
            "errors": preview.errors[:ISSUES_SHOWN],
            "conflicts": preview.conflicts[:ISSUES_SHOWN],
            "warnings": preview.warnings[:ISSUES_SHOWN],
            "issues_shown": ISSUES_SHOWN,
            "is_owner": batch.uploaded_by_id == request.user.pk,
        },
    )


@login_required
@require_GET
def batch_status(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The status block of a batch being written in the background; it polls
    itself until the batch is finished."""
    return render(request, "exchange/_batch_status.html", {"batch": _batch_or_404(request, pk)})


@login_required
@require_POST
def commit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    batch = _batch_or_404(request, pk)
    try:
        batch = import_commit(user=request.user, batch=batch)
    except ImportRefused as exc:
        messages.error(request, str(exc))
        return redirect("exchange:batch", pk=pk)
    if batch.status == ImportBatch.Status.QUEUED:
        messages.info(
            request,
            _("Tệp lớn: đang ghi ở chế độ nền, xem tiến độ bên dưới. Có thể rời trang này."),
        )
    else:
        messages.success(request, batch.message_display)
    return redirect("exchange:batch", pk=pk)


@login_required
@require_POST
def discard(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    batch = _batch_or_404(request, pk)
    try:
        import_discard(user=request.user, batch=batch)
    except ImportRefused as exc:
        messages.error(request, str(exc))
        return redirect("exchange:batch", pk=pk)
    messages.info(
        request,
        _("Đã huỷ lần nhập «%(file)s»; không có gì được ghi.") % {"file": batch.original_name},
    )
    return redirect("exchange:home")


@login_required
@require_GET
def batch_xlsx(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The lists of the preview page as .xlsx: changes, or problems."""
    table = batch_table(_batch_or_404(request, pk), problems=request.GET.get("bang") == "loi")
    return xlsx_response(table.filename, table.title, table.columns, table.rows, table.note)


@login_required
@require_GET
def history_xlsx(request: AuthenticatedRequest) -> HttpResponse:
    table = history_table(batch_list(request.user, limit=1000))
    return xlsx_response(table.filename, table.title, table.columns, table.rows, table.note)


@login_required
@require_GET
def export(request: AuthenticatedRequest) -> HttpResponse:
    """A period's dataset as .xlsx, CSV or JSON. People who may see drafts in
    the scope get every report; others the approved ones."""
    unit = unit_by_code(request.GET.get("don_vi", "").strip())
    if unit is None:
        raise Http404(_("Không có đơn vị này."))
    if not access_allows(request.user, Action.VIEW, unit):
        return _refused(request, _("Tài khoản của bạn chưa được phân quyền xem số liệu."))
    fmt = request.GET.get("dinh_dang", "xlsx")
    if fmt not in ("xlsx", "csv", "json"):
        raise Http404(_("Định dạng không hỗ trợ."))
    approved_only = not access_allows(request.user, Action.VIEW_DRAFTS, unit)
    try:
        data = dataset(unit, request.GET.get("ky", "").strip(), approved_only=approved_only)
    except ExchangeError as exc:
        messages.error(request, str(exc))
        return redirect("exchange:home")
    name = _("Số liệu NTM - %(unit)s - %(period)s") % {
        "unit": unit.name,
        "period": data.period.code,
    }
    if fmt == "xlsx":
        return as_attachment(
            HttpResponse(dataset_xlsx(data), content_type=XLSX_CONTENT_TYPE), name + ".xlsx"
        )
    if fmt == "csv":
        response = StreamingHttpResponse(
            dataset_csv_lines(data), content_type="text/csv; charset=utf-8"
        )
        return as_attachment(response, name + ".csv")  # type: ignore[arg-type]
    body = json.dumps(dataset_json(data), ensure_ascii=False, indent=1)
    return as_attachment(
        HttpResponse(body, content_type="application/json; charset=utf-8"), name + ".json"
    )
