"""Progress of long work (re-evaluations, imports, reports) that runs as a
background task, so that pages can show it while it runs."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ntm.stored_text import shown


class Job(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Đang chờ")
        RUNNING = "running", _("Đang chạy")
        DONE = "done", _("Xong")
        FAILED = "failed", _("Lỗi")

    kind = models.CharField(_("loại việc"), max_length=40)
    title = models.CharField(_("tên việc"), max_length=300)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    message = models.TextField(blank=True)
    # The msgid and parameters of ``title`` and ``message`` (ntm.stored_text),
    # to show them in the reader's language; empty on older rows.
    title_i18n = models.JSONField(default=dict, blank=True)
    message_i18n = models.JSONField(default=dict, blank=True)
    result = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # The unit the work is about: who may read the job besides its owner
    # (ntm.jobs.selectors.job_visible). Empty on older rows: owner only.
    unit = models.ForeignKey(
        "units.AdminUnit", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The lease of the worker running the job, renewed while it runs
    # (ntm.jobs.heartbeat); a running job whose lease is older than
    # NTM_JOB_STALE_SECONDS lost its worker (ntm.jobs.recovery).
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    # The id of the django-tasks result row running the job, once queued.
    task_id = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("tác vụ nền")
        verbose_name_plural = _("tác vụ nền")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.title_display} ({self.get_status_display()})"

    @property
    def title_display(self) -> str:
        return shown(self.title, self.title_i18n)

    @property
    def message_display(self) -> str:
        return shown(self.message, self.message_i18n)

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        return int(100 * self.done / self.total) if self.total else 0

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)
