"""Monitoring facts: what each commune reports per period, with evidence and
history, the appraisal/approval workflow, stored evaluations, and recognition
decisions (which are not the same thing as a current evaluation)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ntm.stored_text import shown


class Period(models.Model):
    class Kind(models.TextChoices):
        YEAR = "nam", _("Năm")
        QUARTER = "quy", _("Quý")
        MONTH = "thang", _("Tháng")

    code = models.CharField(_("mã kỳ"), max_length=10, unique=True)  # 2022, 2023-Q1, 2023-03
    kind = models.CharField(_("loại kỳ"), max_length=5, choices=Kind.choices)
    year = models.PositiveSmallIntegerField(_("năm"))
    number = models.PositiveSmallIntegerField(_("số thứ tự"), default=0)  # quarter or month
    start = models.DateField(_("từ ngày"))
    end = models.DateField(_("đến ngày"))

    class Meta:
        verbose_name = _("kỳ báo cáo")
        verbose_name_plural = _("kỳ báo cáo")
        ordering = ["end", "kind"]

    def __str__(self) -> str:
        if self.kind == self.Kind.YEAR:
            return _("Năm %(year)s") % {"year": self.year}
        if self.kind == self.Kind.QUARTER:
            return _("Quý %(quarter)s/%(year)s") % {"quarter": self.number, "year": self.year}
        return _("Tháng %(month)s/%(year)s") % {"month": self.number, "year": self.year}


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Đang nhập")
    SUBMITTED = "submitted", _("Chờ huyện thẩm định")
    APPRAISED = "appraised", _("Huyện đã thẩm định")
    APPROVED = "approved", _("Tỉnh đã phê duyệt")
    RETURNED = "returned", _("Trả lại để sửa")


EDITABLE_STATUSES = (ReportStatus.DRAFT, ReportStatus.RETURNED)


class Report(models.Model):
    """A commune's figures for one period. Its status is the status of every
    value in it: the commune submits, the district appraises and the province
    approves them together; an approved report is locked."""

    unit = models.ForeignKey(
        "units.AdminUnit",
        on_delete=models.PROTECT,
        related_name="reports",
        verbose_name=_("đơn vị"),
    )
    period = models.ForeignKey(
        Period, on_delete=models.PROTECT, related_name="reports", verbose_name=_("kỳ")
    )
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    # Unit facts that decide applicability (e.g. has_traditional_craft).
    facts = models.JSONField(_("thông tin xã"), default=dict, blank=True)
    status_changed_at = models.DateTimeField(
        _("cập nhật trạng thái"), default=timezone.now, db_index=True
    )

    class Meta:
        verbose_name = _("báo cáo kỳ của xã")
        verbose_name_plural = _("báo cáo kỳ của xã")
        constraints = [
            models.UniqueConstraint(fields=["unit", "period"], name="unique_report_per_period")
        ]
        indexes = [models.Index(fields=["period", "status"])]

    def __str__(self) -> str:
        return f"{self.unit} · {self.period}"

    @property
    def editable(self) -> bool:
        return self.status in EDITABLE_STATUSES


class ReportEvent(models.Model):
    """Every status change: who, when, from, to, why."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=10, choices=ReportStatus.choices)
    to_status = models.CharField(max_length=10, choices=ReportStatus.choices)
    reason = models.TextField(_("lý do, ý kiến"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.report}: {self.from_status} → {self.to_status}"


class IndicatorValue(models.Model):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="values")
    indicator = models.ForeignKey(
        "criteria.Indicator", on_delete=models.PROTECT, related_name="values"
    )
    raw_text = models.CharField(_("giá trị đã nhập"), max_length=200, blank=True)
    # The parsed value (number, true/false or an option), None when blank.
    value = models.JSONField(_("giá trị"), null=True, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    version = models.PositiveIntegerField(default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("giá trị chỉ tiêu")
        verbose_name_plural = _("giá trị chỉ tiêu")
        constraints = [
            models.UniqueConstraint(fields=["report", "indicator"], name="unique_value_per_report")
        ]

    def __str__(self) -> str:
        return f"{self.report} · {self.indicator.code} = {self.raw_text}"


# The fields of the rows written in bulk (ntm.bulk.bulk_insert: the Excel
# import, the demo data), in the order of their tuples.
INDICATOR_VALUE_FIELDS = (
    "report",
    "indicator",
    "raw_text",
    "value",
    "note",
    "version",
    "updated_by",
    "updated_at",
)
VALUE_CHANGE_FIELDS = (
    "value",
    "version",
    "old_raw",
    "new_raw",
    "old_note",
    "new_note",
    "reason",
    "reason_i18n",
    "changed_by",
    "changed_at",
)


class ValueChange(models.Model):
    """The history of a value: who changed it, when, from what, to what, why."""

    value = models.ForeignKey(IndicatorValue, on_delete=models.CASCADE, related_name="changes")
    version = models.PositiveIntegerField()
    old_raw = models.CharField(max_length=200, blank=True)
    new_raw = models.CharField(max_length=200, blank=True)
    old_note = models.TextField(blank=True)
    new_note = models.TextField(blank=True)
    reason = models.TextField(_("lý do"), blank=True)
    # The msgid and parameters of a reason the system wrote (an import), to
    # show it in the reader's language (ntm.stored_text); null for reasons
    # people typed and older rows. Null, not {}: bulk inserts may omit it.
    reason_i18n = models.JSONField(null=True, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now_add=True)
    # The person confirmed a value outside the indicator's plausible range
    # (ntm.core.bounds). A database default: bulk inserts may omit it.
    implausible_confirmed = models.BooleanField(
        _("đã xác nhận giá trị bất thường"), default=False, db_default=False
    )

    class Meta:
        ordering = ["-version"]

    def __str__(self) -> str:
        return f"v{self.version}: {self.old_raw} → {self.new_raw}"

    @property
    def reason_display(self) -> str:
        return shown(self.reason, self.reason_i18n)


def evidence_path(instance: Evidence, filename: str) -> str:
    report = instance.value.report
    return f"minh-chung/{report.period.code}/{report.unit.code}/{instance.sha256[:16]}-{filename}"


class Evidence(models.Model):
    value = models.ForeignKey(IndicatorValue, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(_("tệp"), upload_to=evidence_path, max_length=300)
    original_name = models.CharField(_("tên tệp"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("minh chứng")
        verbose_name_plural = _("minh chứng")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name


class Evaluation(models.Model):
    """The judgement of one report against one criteria set. Derived and
    recomputable; stored so that dashboards are one aggregate query."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="evaluations")
    criteria_set = models.ForeignKey(
        "criteria.CriteriaSet", on_delete=models.CASCADE, related_name="+"
    )
    criteria_met_count = models.PositiveSmallIntegerField()
    band = models.SmallIntegerField()  # index of the set's count band, -1 without bands
    verdicts = models.JSONField(default=dict)  # indicator code → Verdict code
    # Which revisions were applied: (number of revisions, newest revision id).
    revisions_count = models.PositiveIntegerField(default=0)
    revisions_last_id = models.PositiveIntegerField(default=0)
    computed_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["report", "criteria_set"], name="unique_evaluation_per_set"
            )
        ]

    def __str__(self) -> str:
        return _("%(report)s: %(criteria)s tiêu chí") % {
            "report": self.report,
            "criteria": self.criteria_met_count,
        }


class EvaluationCriterion(models.Model):
    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="criteria")
    code = models.CharField(max_length=10)
    met = models.BooleanField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "code"], name="unique_criterion_result")
        ]
        indexes = [models.Index(fields=["code", "met"])]

    def __str__(self) -> str:
        if self.met:
            return _("%(criterion)s: đạt") % {"criterion": self.code}
        return _("%(criterion)s: không đạt") % {"criterion": self.code}


class EvaluationLevel(models.Model):
    """A level reached (only reached levels are stored)."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="levels")
    code = models.CharField(max_length=40)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "code"], name="unique_level_result")
        ]

    def __str__(self) -> str:
        return self.code


class Recognition(models.Model):
    """A recognition decision (e.g. commune recognised as NTM by the provincial
    People's Committee) under the set in force at the time. It stands until
    revoked, whatever the current evaluation says."""

    class Level(models.TextChoices):
        NTM = "ntm", _("Đạt chuẩn nông thôn mới")
        ADVANCED = "nang_cao", _("Đạt chuẩn nông thôn mới nâng cao")
        MODEL = "kieu_mau", _("Đạt chuẩn nông thôn mới kiểu mẫu")

    unit = models.ForeignKey(
        "units.AdminUnit", on_delete=models.PROTECT, related_name="recognitions"
    )
    level = models.CharField(_("mức"), max_length=10, choices=Level.choices)
    decision_number = models.CharField(_("số quyết định"), max_length=120)
    decision_date = models.DateField(_("ngày quyết định"))
    criteria_set = models.CharField(
        _("bộ tiêu chí áp dụng"),
        max_length=120,
        help_text=_("Bộ tiêu chí có hiệu lực khi công nhận"),
    )
    revoked_by = models.CharField(_("quyết định thu hồi"), max_length=120, blank=True)
    revoked_on = models.DateField(_("ngày thu hồi"), null=True, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        verbose_name = _("quyết định công nhận")
        verbose_name_plural = _("quyết định công nhận")
        ordering = ["decision_date", "pk"]

    def __str__(self) -> str:
        return f"{self.unit}: {self.get_level_display()} ({self.decision_number})"
