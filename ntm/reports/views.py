"""The "Báo cáo" page: ask for a document, follow its progress, download it
(Word and PDF) again later."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from ntm.accounts.access import Action, access_has_any
from ntm.accounts.models import User
from ntm.reports.forms import ReportRequestForm
from ntm.reports.models import ReportKind
from ntm.reports.render import DOCX_MIME
from ntm.reports.selectors import (
    document_get,
    document_visible,
    documents_for,
    report_options,
    report_provinces,
)
from ntm.reports.services import document_current, document_request
from ntm.units.models import AdminUnit
from ntm.web.actions import attempt


def _user(request: HttpRequest) -> User:
    """The signed-in user: every view here requires a login."""
    user = request.user
    assert isinstance(user, User)
    return user


def _require_reports(request: HttpRequest) -> None:
    if not access_has_any(_user(request), Action.BUILD_REPORTS):
        raise PermissionDenied(_("Tài khoản chưa được phân quyền lập báo cáo."))


def _form(request: HttpRequest, data: Any = None) -> ReportRequestForm:
    options = report_options(_user(request))
    return ReportRequestForm(
        data,
        initial={"loai": request.GET.get("loai", ""), "pdf": True},
        kinds=options.kinds,
        periods=options.periods,
        districts=options.districts,
        communes=options.communes,
        departments=options.departments,
        plans=options.plans,
    )


def _scope(form: ReportRequestForm, request: HttpRequest) -> tuple[AdminUnit, dict[str, Any]]:
    """The unit a document is about and its extra parameters."""
    data = form.cleaned_data
    kind = form.kind
    params: dict[str, Any] = {"number": data["so_van_ban"], "signer": data["nguoi_ky"]}
    if data.get("ngay_van_ban"):
        params["date"] = data["ngay_van_ban"].isoformat()
    if kind == ReportKind.DISTRICT:
        return get_object_or_404(AdminUnit, code=data["huyen"]), params
    if kind == ReportKind.COMMUNE:
        return get_object_or_404(AdminUnit, code=data["xa"]), params
    if kind == ReportKind.DEPARTMENT:
        department = form.department()
        if department is None:
            raise Http404(_("Không có sở, ngành này."))
        params |= {"organisation": department.organisation, "criteria": list(department.criteria)}
        return department.unit, params
    if kind == ReportKind.PLAN:
        params["plan"] = data["ke_hoach"]
        from ntm.reports.builders.plan_document import plan_unit

        return plan_unit(data["ke_hoach"]), params
    province = report_provinces(_user(request)).first()
    if province is None:
        raise PermissionDenied(_("Tài khoản không lập báo cáo cấp tỉnh."))
    return province, params


@login_required
def home(request: HttpRequest) -> HttpResponse:
    _require_reports(request)
    if request.method == "POST":
        form = _form(request, request.POST)
        if form.is_valid():
            unit, params = _scope(form, request)
            if attempt(
                request,
                lambda: document_request(
                    user=_user(request),
                    kind=form.kind,
                    unit=unit,
                    period_code=form.cleaned_data.get("ky") or "",
                    params=params,
                    pdf=form.cleaned_data["pdf"],
                ),
                lambda document: (
                    _("Đã nhận yêu cầu «%(title)s». Văn bản đang được tạo.")
                    % {"title": document.title}
                ),
                form=form,
            ):
                return redirect(f"{reverse('reports:home')}?loai={form.kind}")
    else:
        form = _form(request)
    return render(
        request,
        "reports/home.html",
        {"form": form, "documents": documents_for(_user(request))},
        status=400 if form.is_bound and form.errors else 200,
    )


@login_required
@require_GET
def document_row(request: HttpRequest, pk: int) -> HttpResponse:
    """A row of the documents list; it polls itself until the document is made."""
    document = document_get(pk)
    if document is None:
        raise Http404
    if not document_visible(_user(request), document):
        raise PermissionDenied(_("Tài khoản không được xem văn bản này."))
    return render(request, "reports/_document_row.html", {"doc": document_current(document)})


@login_required
@require_GET
def download(request: HttpRequest, pk: int, fmt: str) -> FileResponse:
    document = document_get(pk)
    if document is None:
        raise Http404
    if not document_visible(_user(request), document):
        raise PermissionDenied(_("Tài khoản không được tải văn bản này."))
    stored = {"docx": document.docx, "pdf": document.pdf}.get(fmt)
    if not stored or not stored.name:
        raise Http404(_("Văn bản chưa có tệp %(fmt)s.") % {"fmt": fmt.upper()})
    name = stored.name.rsplit("/", 1)[-1]
    return FileResponse(
        stored.open("rb"),
        as_attachment=True,
        filename=name,
        content_type=DOCX_MIME if fmt == "docx" else "application/pdf",
    )
