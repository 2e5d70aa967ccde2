"""Asking for a document and making it.

A request is checked (kind, period, scope, rights) and recorded at once with
a job; the document is made by a background task that reports its progress
on the job: figures, charts, Word file, PDF. The files are kept with the
record so that anyone allowed can download them again later."""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django_tasks import task

from ntm.accounts.access import Action, access_allows, access_criteria
from ntm.accounts.models import User
from ntm.core.periods import PeriodError, parse_period
from ntm.jobs.heartbeat import job_heartbeat
from ntm.jobs.models import Job
from ntm.jobs.recovery import job_recover_if_stale
from ntm.jobs.services import (
    job_advance,
    job_create,
    job_fail,
    job_finish,
    job_queued,
    job_start,
)
from ntm.reports.builders import BuildRequest, ReportError, build_parts
from ntm.reports.models import GeneratedDocument, ReportKind
from ntm.reports.render import PdfError, docx_to_pdf, render_docx
from ntm.stored_text import Message, stored
from ntm.units.models import AdminUnit, UnitType

JOB_KIND = "report"
# Steps shown on the job: figures and charts, Word file, PDF, saved.
STEPS_WITH_PDF = 4
STEPS_WORD_ONLY = 3


def _check_scope(kind: str, unit: AdminUnit) -> None:
    if kind in (ReportKind.PROGRESS, ReportKind.DEPARTMENT, ReportKind.PLAN):
        if unit.type != UnitType.PROVINCE:
            raise ReportError(
                _("Loại văn bản này được lập cho cấp tỉnh, không cho %(unit)s.")
                % {"unit": unit.name}
            )
    elif kind == ReportKind.DISTRICT:
        if not unit.is_district:
            raise ReportError(_("%(unit)s không phải đơn vị cấp huyện.") % {"unit": unit.name})
    elif kind == ReportKind.COMMUNE and not (unit.type == UnitType.COMMUNE and unit.in_programme):
        raise ReportError(_("%(unit)s không phải xã thuộc Chương trình.") % {"unit": unit.name})


def _check_rights(user: User, kind: str, unit: AdminUnit, params: dict[str, Any]) -> None:
    if not access_allows(user, Action.BUILD_REPORTS, unit):
        raise ReportError(
            _("Tài khoản không có quyền lập văn bản cho %(unit)s.") % {"unit": unit.name}
        )
    limited = access_criteria(user)
    if kind == ReportKind.DEPARTMENT and limited is not None:
        asked = {int(c) for c in params.get("criteria", [])}
        if not asked <= limited:
            raise ReportError(_("Sở, ngành chỉ lập báo cáo về các tiêu chí mình phụ trách."))
    elif limited is not None:
        raise ReportError(_("Sở, ngành chỉ lập báo cáo về các tiêu chí mình phụ trách."))


def _title(kind: str, unit: AdminUnit, period_code: str, params: dict[str, Any]) -> str:
    label = str(ReportKind(kind).label).split(" (")[0]
    where = params.get("organisation") if kind == ReportKind.DEPARTMENT else unit.name
    when = params.get("plan") if kind == ReportKind.PLAN else period_code
    return f"{label} · {where} · {when}"


@transaction.atomic
def document_request(
    *,
    user: User,
    kind: str,
    unit: AdminUnit,
    period_code: str = "",
    params: dict[str, Any] | None = None,
    pdf: bool = True,
) -> GeneratedDocument:
    """Record a request and queue its making; refuses (``ReportError``, in
    Vietnamese) what the person may not ask for or what cannot be made."""
    params = dict(params or {})
    if kind not in ReportKind.values:
        raise ReportError(_("Không có loại văn bản «%(kind)s».") % {"kind": kind})
    _check_scope(kind, unit)
    _check_rights(user, kind, unit, params)
    if kind != ReportKind.PLAN:
        try:
            period_code = parse_period(period_code).code
        except PeriodError as exc:
            raise ReportError(str(exc)) from exc
    if kind == ReportKind.COMMUNE:
        params["drafts"] = access_allows(user, Action.VIEW_DRAFTS, unit)
    params["pdf"] = pdf
    title = _title(kind, unit, period_code, params)
    job = job_create(
        kind=JOB_KIND,
        title=title,
        user=user,
        total=STEPS_WITH_PDF if pdf else STEPS_WORD_ONLY,
        unit=unit,
    )
    document = GeneratedDocument.objects.create(
        kind=kind,
        title=title,
        period_code=period_code,
        unit=unit,
        params=params,
        job=job,
        requested_by=user,
    )
    transaction.on_commit(
        lambda: job_queued(job_id=job.pk, result=document_build_task.enqueue(document.pk))
    )
    return document


def _document_day(params: dict[str, Any]) -> dt.date | None:
    """The date asked for on the page (``params["date"]``, ISO), or None:
    the date is left blank for the clerk."""
    text = str(params.get("date") or "")
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _mark(document: GeneratedDocument, **fields: Any) -> None:
    GeneratedDocument.objects.filter(pk=document.pk).update(**fields)


def document_build(document_id: int) -> GeneratedDocument:
    """Make the files of a requested document, advancing its job. A failure
    is written on the document and the job (in Vietnamese); a PDF that
    cannot be made leaves the Word file usable.

    An official document is written in Vietnamese (its .docx template and
    letterhead are), whatever the language of the person who asked for it."""
    with translation.override(settings.LANGUAGE_CODE):
        return _document_build(document_id)


def _document_build(document_id: int) -> GeneratedDocument:
    document = GeneratedDocument.objects.select_related("unit", "job").get(pk=document_id)
    job_id = document.job_id
    with_pdf = bool(document.params.get("pdf", True))
    steps = STEPS_WITH_PDF if with_pdf else STEPS_WORD_ONLY
    if job_id:
        job_start(job_id=job_id, total=steps)
    _mark(document, status=GeneratedDocument.Status.RUNNING)
    started = time.perf_counter()
    try:
        request = BuildRequest(
            kind=document.kind,
            unit=document.unit,
            period_code=document.period_code,
            params=document.params,
            day=_document_day(document.params),
        )
        parts = build_parts(request)
        if job_id:
            job_advance(
                job_id=job_id, message=Message(gettext_noop("Đã tổng hợp số liệu và vẽ biểu đồ."))
            )
        docx = render_docx(parts)
        if job_id:
            job_advance(job_id=job_id, message=Message(gettext_noop("Đã tạo tệp Word.")))
    except Exception as exc:
        # A document that cannot be made (no approved figures...) is an
        # answer, not a crash: it is recorded; anything else is re-raised.
        expected = isinstance(exc, ReportError)
        failure: Message | str = (
            str(exc)
            if expected
            else Message(gettext_noop("Lỗi khi tạo văn bản: %(error)s"), {"error": str(exc)})
        )
        _mark(
            document,
            status=GeneratedDocument.Status.FAILED,
            message=stored(failure)[0],
            finished_at=timezone.now(),
        )
        if job_id:
            job_fail(job_id=job_id, message=failure)
        if expected:
            document.refresh_from_db()
            return document
        raise
    document.title = parts.title
    document.docx.save(f"{parts.filename}.docx", ContentFile(docx), save=False)
    note: Message | None = None
    if with_pdf:
        try:
            pdf = docx_to_pdf(docx)
            document.pdf.save(f"{parts.filename}.pdf", ContentFile(pdf), save=False)
        except PdfError as exc:
            note = Message(
                gettext_noop("Đã tạo tệp Word; chưa tạo được PDF: %(error)s"), {"error": str(exc)}
            )
        if job_id:
            job_advance(job_id=job_id, message=Message(gettext_noop("Đã chuyển sang PDF.")))
    document.status = GeneratedDocument.Status.DONE
    document.message = note.source() if note else ""
    document.finished_at = timezone.now()
    document.save(update_fields=["title", "docx", "pdf", "status", "message", "finished_at"])
    if job_id:
        seconds = time.perf_counter() - started
        job_finish(
            job_id=job_id,
            result={"document": document.pk, "seconds": round(seconds, 2)},
            message=note or Message(gettext_noop("Đã tạo xong văn bản.")),
        )
    return document


@task()
def document_build_task(document_id: int) -> int:
    job_id = GeneratedDocument.objects.filter(pk=document_id).values_list("job_id", flat=True)
    with job_heartbeat(job_id.first()):
        document_build(document_id)
    return document_id


def document_build_now(
    *,
    kind: str,
    unit: AdminUnit,
    period_code: str = "",
    params: dict[str, Any] | None = None,
    day: dt.date | None = None,
) -> tuple[str, bytes]:
    """Make a document without recording it (the command line): its file
    name (without extension) and the Word file."""
    _check_scope(kind, unit)
    parts = build_parts(
        BuildRequest(
            kind=kind,
            unit=unit,
            period_code=period_code,
            params=dict(params or {}),
            day=day,
        )
    )
    return parts.filename, render_docx(parts)


def _on_job_interrupted(sender: type[Job], *, job: Job, **kwargs: object) -> None:
    """A document whose worker died is failed with the job's message: it can
    be asked for again."""
    GeneratedDocument.objects.filter(
        job=job, status__in=(GeneratedDocument.Status.QUEUED, GeneratedDocument.Status.RUNNING)
    ).update(
        status=GeneratedDocument.Status.FAILED, message=job.message, finished_at=job.finished_at
    )


def document_current(document: GeneratedDocument) -> GeneratedDocument:
    """The document as it should be shown: failed if the worker making it
    has died (``ntm.jobs.recovery``)."""
    job = document.job
    if not document.finished and job is not None and job_recover_if_stale(job).finished:
        document.refresh_from_db()
    return document
