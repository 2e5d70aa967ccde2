"""Documents the system generated (Word and PDF), kept with who asked for
them and when, so that they can be downloaded again."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportKind(models.TextChoices):
    """The kinds of documents; the value is the TYPE of ``ntm report build``."""

    PROGRESS = "tien-do", _("Báo cáo tiến độ của Văn phòng Điều phối (quý, năm)")
    DEPARTMENT = "so-nganh", _("Báo cáo của sở, ngành về các tiêu chí phụ trách")
    DISTRICT = "huyen", _("Báo cáo của huyện về các xã trên địa bàn")
    COMMUNE = "xa", _("Báo cáo kết quả thực hiện tiêu chí của xã")
    PLAN = "ke-hoach", _("Kế hoạch năm (tạo lại từ kế hoạch trong hệ thống)")


def document_path(instance: GeneratedDocument, filename: str) -> str:
    return f"bao-cao/{instance.requested_at:%Y/%m}/{filename}"


class GeneratedDocument(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Đang chờ")
        RUNNING = "running", _("Đang tạo")
        DONE = "done", _("Đã tạo")
        FAILED = "failed", _("Lỗi")

    kind = models.CharField(_("loại văn bản"), max_length=20, choices=ReportKind.choices)
    title = models.CharField(_("tên văn bản"), max_length=300)
    period_code = models.CharField(_("kỳ"), max_length=10, blank=True)
    unit = models.ForeignKey(
        "units.AdminUnit",
        verbose_name=_("phạm vi"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    # What else the document was asked for with (department criteria, plan
    # code, figures in draft, document number...), as the builder reads it.
    params = models.JSONField(_("tham số"), default=dict, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    message = models.TextField(_("ghi chú"), blank=True)
    docx = models.FileField(_("tệp Word"), upload_to=document_path, max_length=300, blank=True)
    pdf = models.FileField(_("tệp PDF"), upload_to=document_path, max_length=300, blank=True)
    job = models.ForeignKey(
        "jobs.Job", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người yêu cầu"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("thời điểm yêu cầu"), auto_now_add=True)
    finished_at = models.DateTimeField(_("thời điểm tạo xong"), null=True, blank=True)

    class Meta:
        verbose_name = _("văn bản đã tạo")
        verbose_name_plural = _("văn bản đã tạo")
        ordering = ["-requested_at", "-pk"]
        indexes = [models.Index(fields=["unit", "-requested_at"])]

    def __str__(self) -> str:
        return self.title

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)
