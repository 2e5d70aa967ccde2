"""Criteria sets mirrored from the shipped YAML (the source of truth for the
law), and the office's threshold revisions (the source of truth for what the
office supplied or corrected, each with its citation)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ntm.dates import format_date


class CriteriaSet(models.Model):
    code = models.CharField(_("mã"), max_length=60, unique=True)
    name = models.CharField(_("tên"), max_length=300)
    unit_type = models.CharField(_("áp dụng cho"), max_length=10)
    first_year = models.PositiveSmallIntegerField(_("từ năm"))
    last_year = models.PositiveSmallIntegerField(_("đến năm"))
    valid_from = models.DateField(_("hiệu lực từ"))
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    classification = models.CharField(_("phân loại theo"), max_length=10)
    source_file = models.CharField(max_length=200)
    sha256 = models.CharField(max_length=64)
    loaded_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("bộ tiêu chí")
        verbose_name_plural = _("bộ tiêu chí")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Criterion(models.Model):
    criteria_set = models.ForeignKey(CriteriaSet, on_delete=models.CASCADE, related_name="criteria")
    code = models.CharField(_("số"), max_length=10)
    name = models.CharField(_("tên"), max_length=300)
    group = models.CharField(_("nhóm"), max_length=10, blank=True)
    position = models.PositiveSmallIntegerField()

    class Meta:
        verbose_name = _("tiêu chí")
        verbose_name_plural = _("tiêu chí")
        ordering = ["criteria_set", "position"]
        constraints = [
            models.UniqueConstraint(fields=["criteria_set", "code"], name="unique_criterion_code")
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.name}"


class Indicator(models.Model):
    """An indicator of a criterion, or an extra condition of the levels
    (criterion is then empty)."""

    criteria_set = models.ForeignKey(
        CriteriaSet, on_delete=models.CASCADE, related_name="indicators"
    )
    criterion = models.ForeignKey(
        Criterion, null=True, blank=True, on_delete=models.CASCADE, related_name="indicators"
    )
    code = models.CharField(_("mã"), max_length=20)
    name = models.TextField(_("tên"))
    value_type = models.CharField(_("kiểu giá trị"), max_length=10)
    comparison = models.CharField(_("so sánh"), max_length=3)
    unit = models.CharField(_("đơn vị tính"), max_length=40, blank=True)
    position = models.PositiveSmallIntegerField()

    class Meta:
        verbose_name = _("chỉ tiêu")
        verbose_name_plural = _("chỉ tiêu")
        ordering = ["criteria_set", "position"]
        constraints = [
            models.UniqueConstraint(fields=["criteria_set", "code"], name="unique_indicator_code")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def is_condition(self) -> bool:
        return self.criterion_id is None


class ThresholdRevision(models.Model):
    """A threshold supplied or corrected by the coordination office. It needs
    a citation (document number and date); revisions are never edited or
    deleted: a later revision of the same cell replaces an earlier one."""

    criteria_set = models.ForeignKey(
        CriteriaSet, on_delete=models.PROTECT, related_name="revisions"
    )
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="revisions")
    value = models.JSONField(_("ngưỡng"))
    classes = models.JSONField(
        _("vùng/nhóm"), null=True, blank=True, help_text=_("Để trống: mọi vùng/nhóm")
    )
    years = models.JSONField(_("năm"), null=True, blank=True, help_text=_("Để trống: mọi năm"))
    document_number = models.CharField(_("số văn bản"), max_length=120)
    document_date = models.DateField(_("ngày văn bản"))
    note = models.TextField(_("ghi chú"), blank=True)
    verified = models.BooleanField(
        _("đã xác minh"),
        default=True,
        help_text=_("Bỏ chọn với số liệu minh họa hoặc văn bản chưa đối chiếu bản chính"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("thời điểm"), auto_now_add=True)

    class Meta:
        verbose_name = _("điều chỉnh ngưỡng")
        verbose_name_plural = _("điều chỉnh ngưỡng")
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.indicator.code}: {self.value} ({self.citation})"

    @property
    def citation(self) -> str:
        # i18n: data (a legal citation; the shared catalogue caches it for every language)
        return f"{self.document_number} ngày {format_date(self.document_date)}"
