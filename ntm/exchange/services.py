"""Every write of the Excel exchange: storing an upload with its preview,
committing it (all or nothing, in one transaction; in the background when it
is large), and discarding it.

A file that cannot be read, or whose content cannot be understood, is refused
before anything is stored. A readable file is stored with its preview (what
it would change, its errors and conflicts) so that the person can read it and
decide; monitoring data change only on commit."""

from __future__ import annotations

import hashlib

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django_tasks import task

from ntm.accounts.access import Action, access_has_any
from ntm.accounts.models import User
from ntm.core.numbers_vi import format_number_vi
from ntm.errors import NtmError
from ntm.exchange.layout import cell_ref
from ntm.exchange.models import ImportBatch
from ntm.exchange.validation import ImportRefused, Preview, import_preview
from ntm.exchange.workbook_reader import WorkbookRefused, too_large, workbook_read
from ntm.exchange.writes import ValueWrite, values_write
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
from ntm.monitoring.evaluations import evaluations_recompute
from ntm.monitoring.services import period_get_or_create
from ntm.stored_text import Message, stored
from ntm.units.models import AdminUnit
from ntm.upload_limits import upload_limits

# Commits with at least this many values run as a background task with a
# progress bar; smaller ones are written while the person waits.
BACKGROUND_MIN_CHANGES = 2000


def upload_bytes(upload: UploadedFile[bytes]) -> bytes:
    """The upload's content, refusing an oversized file before reading it."""
    name = (upload.name or "").rsplit("/", 1)[-1]
    limits = upload_limits()
    if upload.size is not None and upload.size > limits.max_bytes:
        raise ImportRefused(too_large(name, upload.size, limits), code="workbook_over_limit")
    upload.seek(0)
    return bytes(upload.read())


def import_check(
    *, user: User, data: bytes, filename: str, period_code: str | None = None
) -> Preview:
    """Read and check a workbook without writing anything (the dry run)."""
    if not access_has_any(user, Action.IMPORT_DATA):
        raise ImportRefused(_("Tài khoản của bạn không có quyền nhập số liệu từ tệp Excel."))
    try:
        book = workbook_read(data, filename)
    except WorkbookRefused as exc:
        raise ImportRefused(str(exc), code=exc.code) from exc
    return import_preview(user=user, book=book, period_code=period_code or None)


def import_upload(
    *, user: User, data: bytes, filename: str, period_code: str | None = None
) -> ImportBatch:
    """Check a workbook and store it with its preview, waiting for the
    person's decision. Raises ``ImportRefused`` (nothing stored) when the file
    cannot be read or understood. The file is read and checked before the
    write transaction starts: on SQLite that transaction holds the one write
    lock, which must not wait for a parse."""
    preview = import_check(user=user, data=data, filename=filename, period_code=period_code)
    with transaction.atomic():
        return _batch_store(user=user, data=data, filename=filename, preview=preview)


def _batch_store(*, user: User, data: bytes, filename: str, preview: Preview) -> ImportBatch:
    name = filename.rsplit("/", 1)[-1][:200] or "tep.xlsx"
    digest = hashlib.sha256(data).hexdigest()
    batch = ImportBatch(
        original_name=name,
        size=len(data),
        sha256=digest,
        uploaded_by=user,
        uploaded_at=timezone.now(),
        kind=preview.kind,
        template_version=preview.template_version,
        set_code=preview.set_code,
        period=period_get_or_create(preview.period_code),
        scope=AdminUnit.objects.filter(code=preview.scope_code).first()
        if preview.scope_code
        else None,
        prepared_on=preview.prepared_on,
        n_rows=len(preview.units),
        n_changes=len(preview.changes),
        n_errors=len(preview.errors),
        n_conflicts=len(preview.conflicts),
        preview=preview.to_json(),
    )
    batch.file.save(name, ContentFile(data), save=False)
    batch.save()
    return batch


def _require_owner(user: User, batch: ImportBatch) -> None:
    if batch.uploaded_by_id != user.pk:
        raise ImportRefused(_("Chỉ người đã tải tệp lên mới được ghi hoặc huỷ lần nhập này."))


def import_commit(*, user: User, batch: ImportBatch, background: bool | None = None) -> ImportBatch:
    """Write the previewed changes. Large imports (``BACKGROUND_MIN_CHANGES``)
    are queued as a background task with a job showing progress, unless
    ``background`` says otherwise."""
    _require_owner(user, batch)
    if batch.status != ImportBatch.Status.PREVIEWED:
        raise ImportRefused(
            _("Lần nhập này đang ở trạng thái «%(status)s».")
            % {"status": batch.get_status_display()}
        )
    if batch.n_errors or batch.n_conflicts:
        raise ImportRefused(
            _(
                "Tệp còn %(errors)s lỗi và %(conflicts)s xung đột: không ghi gì cả. "
                "Sửa tệp rồi tải lên lại."
            )
            % {"errors": batch.n_errors, "conflicts": batch.n_conflicts}
        )
    if not batch.n_changes:
        raise ImportRefused(_("Tệp không có thay đổi nào so với số liệu trên hệ thống."))
    large = batch.n_changes >= BACKGROUND_MIN_CHANGES if background is None else background
    if not large:
        return import_run(batch_id=batch.pk)
    with transaction.atomic():
        job = job_create(
            kind="import",
            title=Message(
                gettext_noop("Ghi số liệu từ tệp «%(file)s»"), {"file": batch.original_name}
            ),
            user=user,
            total=batch.n_changes,
            unit=batch.scope,
        )
        updated = ImportBatch.objects.filter(
            pk=batch.pk, status=ImportBatch.Status.PREVIEWED
        ).update(status=ImportBatch.Status.QUEUED, job=job)
        if not updated:
            raise ImportRefused(_("Lần nhập này vừa được ghi hoặc huỷ."))
        transaction.on_commit(
            lambda: job_queued(job_id=job.pk, result=import_commit_task.enqueue(batch.pk, job.pk))
        )
    batch.refresh_from_db()
    return batch


def import_run(*, batch_id: int, job_id: int | None = None) -> ImportBatch:
    """The write itself: every change through the rules of ``value_save``
    (rights, locked reports, parser, optimistic locking with the versions the
    preview saw, history), then one evaluation of the touched reports; all in
    one transaction. On any refusal nothing is written and the batch says why."""
    if job_id is not None:
        batch_size = ImportBatch.objects.filter(pk=batch_id).values_list("n_changes", flat=True)
        job_start(job_id=job_id, total=(batch_size.first() or 0) + 1)
    try:
        with transaction.atomic():
            batch = (
                ImportBatch.objects.select_for_update()
                .select_related("uploaded_by", "period")
                .get(pk=batch_id)
            )
            if batch.status not in (ImportBatch.Status.PREVIEWED, ImportBatch.Status.QUEUED):
                raise ImportRefused(
                    _("Lần nhập này đang ở trạng thái «%(status)s».")
                    % {"status": batch.get_status_display()}
                )
            preview = Preview.from_json(batch.preview)
            sheet = preview.data_sheet
            where = _("Trang '%(sheet)s', ô %(cell)s: ")  # translated once, not per value
            writes = [
                ValueWrite(
                    unit_id=c.unit_id,
                    code=c.code,
                    raw=c.new_raw,
                    expected_version=c.expected_version,
                    where=where % {"sheet": sheet, "cell": cell_ref(c.row, c.col)},
                )
                for c in preview.changes
            ]
            report_ids = values_write(
                user=batch.uploaded_by,
                period=batch.period,
                set_code=batch.set_code,
                writes=writes,
                reason=Message(
                    gettext_noop("Nhập từ tệp Excel «%(file)s» (lần nhập số %(batch)s)"),
                    {"file": batch.original_name, "batch": batch.pk},
                ),
            )
            evaluations_recompute(report_ids)
            batch.status = ImportBatch.Status.COMMITTED
            batch.finished_at = timezone.now()
            result = Message(
                gettext_noop("Đã ghi %(values)s giá trị của %(communes)s xã, kỳ %(period)s."),
                {
                    "values": format_number_vi(len(writes)),
                    "communes": format_number_vi(len(report_ids)),
                    "period": preview.period_label,
                },
            )
            batch.message, batch.message_i18n = stored(result)
            batch.save(update_fields=["status", "finished_at", "message", "message_i18n"])
    except NtmError as exc:
        failure = Message(
            gettext_noop("Không ghi được, không có giá trị nào được ghi: %(error)s"),
            {"error": str(exc)},  # already in the language of the person committing
        )
        _record_failure(batch_id, job_id, failure)
        raise ImportRefused(failure.translated()) from exc
    if job_id is not None:
        job_advance(job_id=job_id, by=len(writes))
        job_finish(job_id=job_id, result={"batch": batch.pk}, message=result)
    return batch


def _record_failure(batch_id: int, job_id: int | None, failure: Message) -> None:
    message, message_i18n = stored(failure)
    ImportBatch.objects.filter(
        pk=batch_id,
        status__in=(ImportBatch.Status.PREVIEWED, ImportBatch.Status.QUEUED),
    ).update(
        status=ImportBatch.Status.FAILED,
        message=message,
        message_i18n=message_i18n,
        finished_at=timezone.now(),
    )
    if job_id is not None:
        job_fail(job_id=job_id, message=failure)


@task()
def import_commit_task(batch_id: int, job_id: int) -> int:
    """Background commit; a refusal is recorded on the batch and the job."""
    try:
        with job_heartbeat(job_id):
            return import_run(batch_id=batch_id, job_id=job_id).n_changes
    except ImportRefused:
        return 0
    except Exception as exc:  # the job page must say it failed, then re-raise
        failure = Message(gettext_noop("Lỗi khi ghi số liệu: %(error)s"), {"error": str(exc)})
        job_fail(job_id=job_id, message=failure)
        message, message_i18n = stored(failure)
        ImportBatch.objects.filter(pk=batch_id).update(
            status=ImportBatch.Status.FAILED, message=message, message_i18n=message_i18n
        )
        raise


@transaction.atomic
def import_discard(*, user: User, batch: ImportBatch) -> ImportBatch:
    _require_owner(user, batch)
    if batch.status != ImportBatch.Status.PREVIEWED:
        raise ImportRefused(
            _("Lần nhập này đang ở trạng thái «%(status)s».")
            % {"status": batch.get_status_display()}
        )
    batch.status = ImportBatch.Status.DISCARDED
    batch.finished_at = timezone.now()
    batch.save(update_fields=["status", "finished_at"])
    return batch


def import_release(*, job: Job) -> int:
    """Put back the batch of an interrupted background commit: the commit is
    one transaction, so a worker that died wrote nothing, and the batch can
    be committed again or discarded. The number of batches released."""
    message, message_i18n = stored(
        Message(
            gettext_noop(
                "Lần ghi trước bị gián đoạn (máy chủ xử lý dừng giữa chừng), không có giá trị "
                "nào được ghi. Có thể ghi lại hoặc huỷ lần nhập này."
            )
        )
    )
    return ImportBatch.objects.filter(job=job, status=ImportBatch.Status.QUEUED).update(
        status=ImportBatch.Status.PREVIEWED, message=message, message_i18n=message_i18n
    )


def _on_job_interrupted(sender: type[Job], *, job: Job, **kwargs: object) -> None:
    import_release(job=job)


def import_batch_current(batch: ImportBatch) -> ImportBatch:
    """The batch as it should be shown: released if the worker committing it
    in the background has died (``ntm.jobs.recovery``)."""
    job = batch.job
    if (
        batch.status == ImportBatch.Status.QUEUED
        and job is not None
        and job_recover_if_stale(job).finished
    ):
        batch.refresh_from_db()
    return batch
