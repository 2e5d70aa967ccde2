"""An uploaded workbook and what became of it: the stored file, who sent it,
what it would change (the preview), and whether it was written."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ntm.stored_text import shown


def import_file_path(instance: ImportBatch, filename: str) -> str:
    return f"nhap-excel/{instance.uploaded_at:%Y/%m}/{instance.sha256[:16]}-{filename}"


class ImportBatch(models.Model):
    class Status(models.TextChoices):
        PREVIEWED = "previewed", _("Chờ xác nhận")
        QUEUED = "queued", _("Đang ghi (chạy nền)")
        COMMITTED = "committed", _("Đã ghi vào hệ thống")
        FAILED = "failed", _("Không ghi được")
        DISCARDED = "discarded", _("Đã huỷ")

    class Kind(models.TextChoices):
        TEMPLATE = "template", _("Biểu mẫu của hệ thống")
        TABLE = "table", _("Bảng tự lập")

    file = models.FileField(_("tệp"), upload_to=import_file_path, max_length=300)
    original_name = models.CharField(_("tên tệp"), max_length=200)
    size = models.PositiveIntegerField(_("dung lượng"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("người nhập"),
    )
    uploaded_at = models.DateTimeField(_("thời điểm tải lên"))
    kind = models.CharField(_("loại tệp"), max_length=10, choices=Kind.choices)
    template_version = models.CharField(_("phiên bản biểu mẫu"), max_length=10, blank=True)
    set_code = models.CharField(_("bộ tiêu chí"), max_length=60)
    period = models.ForeignKey(
        "monitoring.Period", on_delete=models.PROTECT, related_name="+", verbose_name=_("kỳ")
    )
    # The unit the template was made for; for a plain table, the smallest
    # unit containing every commune in it.
    scope = models.ForeignKey(
        "units.AdminUnit",
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("phạm vi"),
    )
    prepared_on = models.DateField(_("ngày lập biểu"), null=True, blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=Status.choices, default=Status.PREVIEWED
    )
    n_rows = models.PositiveIntegerField(_("số xã trong tệp"), default=0)
    n_changes = models.PositiveIntegerField(_("số thay đổi"), default=0)
    n_errors = models.PositiveIntegerField(_("số lỗi"), default=0)
    n_conflicts = models.PositiveIntegerField(_("số xung đột"), default=0)
    # {"changes": [...], "errors": [...], "warnings": [...]} as built by
    # ntm.exchange.validation; the commit writes exactly these changes.
    preview = models.JSONField(default=dict)
    message = models.TextField(_("kết quả"), blank=True)
    # The msgid and parameters of ``message`` (ntm.stored_text), to show it
    # in the reader's language; empty on older rows.
    message_i18n = models.JSONField(default=dict, blank=True)
    job = models.ForeignKey(
        "jobs.Job", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    finished_at = models.DateTimeField(_("thời điểm ghi"), null=True, blank=True)

    class Meta:
        verbose_name = _("lần nhập Excel")
        verbose_name_plural = _("lần nhập Excel")
        ordering = ["-uploaded_at", "-pk"]
        indexes = [models.Index(fields=["uploaded_by", "uploaded_at"])]

    def __str__(self) -> str:
        return f"{self.original_name} ({self.get_status_display()})"

    @property
    def message_display(self) -> str:
        return shown(self.message, self.message_i18n)

    @property
    def committable(self) -> bool:
        return self.status == self.Status.PREVIEWED and self.n_errors == 0 and self.n_changes > 0
