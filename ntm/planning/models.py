"""Plans: a year's targets for a unit (the province, and its districts), the
document they were issued in, figures reported by the responsible bodies, the
communes chosen to reach a level this year and their monthly roadmaps.

Targets are data, not code: each says what is promised (a comparison and a
value or range, in a unit, from a baseline) and how its actual is measured:
computed from monitoring data by one of the measures of ``measures.py``, or
reported with evidence by the responsible body (``ReportedActual``)."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ntm.dates import format_date


class Plan(models.Model):
    """A plan of a unit for a year: the province's plan (``parent`` empty),
    or a district's part of it (``parent`` is the province plan)."""

    code = models.CharField(_("mã kế hoạch"), max_length=60, unique=True)
    title = models.CharField(_("tên kế hoạch"), max_length=300)
    issuer = models.CharField(_("cơ quan ban hành"), max_length=200)
    unit = models.ForeignKey(
        "units.AdminUnit", on_delete=models.PROTECT, related_name="plans", verbose_name=_("đơn vị")
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
        verbose_name=_("kế hoạch cấp trên"),
    )
    criteria_set = models.CharField(_("bộ tiêu chí"), max_length=60)
    communes_in_scope = models.PositiveIntegerField(_("số xã trong phạm vi"))
    baseline_period = models.CharField(_("kỳ làm mốc"), max_length=10, blank=True)
    preamble = models.TextField(_("phần mở đầu"), blank=True)
    closing = models.TextField(_("phần kết"), blank=True)
    source_file = models.CharField(max_length=200, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("kế hoạch")
        verbose_name_plural = _("kế hoạch")
        ordering = ["-year", "unit__path"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="unique_plan_per_unit_year")
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_province_plan(self) -> bool:
        return self.parent_id is None


class LegalBasis(models.Model):
    """A document the plan is issued under (Nghị quyết, Kế hoạch, Quyết định)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="legal_basis")
    position = models.PositiveSmallIntegerField()
    kind = models.CharField(_("loại văn bản"), max_length=40)
    number = models.CharField(_("số hiệu"), max_length=60)
    date = models.DateField(_("ngày ban hành"))
    issuer = models.CharField(_("cơ quan ban hành"), max_length=200)
    title = models.CharField(_("trích yếu"), max_length=400)

    class Meta:
        verbose_name = _("văn bản căn cứ")
        verbose_name_plural = _("văn bản căn cứ")
        ordering = ["plan", "position"]

    def __str__(self) -> str:
        return _("%(kind)s số %(number)s ngày %(date)s") % {
            "kind": self.kind,
            "number": self.number,
            "date": format_date(self.date),
        }


class PlanSection(models.Model):
    """A heading of the plan document ("I", "I.2", "II.9.1", "IV.7") and its
    text. Figures in the text are placeholders (``{tc1.value}``) filled from
    the targets, so the page shows the stored figures, never a copy."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveSmallIntegerField()
    code = models.CharField(_("mục"), max_length=20)
    title = models.CharField(_("tiêu đề"), max_length=300)
    text = models.TextField(_("nội dung"), blank=True)

    class Meta:
        verbose_name = _("mục của kế hoạch")
        verbose_name_plural = _("mục của kế hoạch")
        ordering = ["plan", "position"]
        constraints = [models.UniqueConstraint(fields=["plan", "code"], name="unique_section_code")]

    def __str__(self) -> str:
        return f"{self.code}. {self.title}"

    @property
    def depth(self) -> int:
        return self.code.count(".")


class TargetKind(models.TextChoices):
    OVERALL = "overall", _("Mục tiêu tổng quát")
    CRITERION = "criterion", _("Chỉ tiêu theo tiêu chí")
    PHYSICAL = "physical", _("Chỉ tiêu cụ thể")
    DISTRICT = "district", _("Huyện đạt chuẩn")
    THEMATIC = "thematic", _("Chương trình chuyên đề")
    FUNDING = "funding", _("Nguồn vốn")


class Comparison(models.TextChoices):
    AT_LEAST = "at_least", _("ít nhất")
    MORE_THAN = "more_than", _("trên")
    ABOUT = "about", _("khoảng")
    AT_MOST = "at_most", _("nhiều nhất")
    BETWEEN = "between", _("trong khoảng")
    EXACTLY = "exactly", _("đúng bằng")


COMPARISON_SIGNS = {
    Comparison.AT_LEAST: "≥",
    Comparison.MORE_THAN: ">",
    Comparison.ABOUT: "≈",
    Comparison.AT_MOST: "≤",
    Comparison.BETWEEN: "",
    Comparison.EXACTLY: "=",
}


class Target(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="targets")
    section = models.ForeignKey(
        PlanSection, null=True, blank=True, on_delete=models.SET_NULL, related_name="targets"
    )
    position = models.PositiveSmallIntegerField()
    key = models.CharField(_("mã chỉ tiêu"), max_length=60)
    kind = models.CharField(_("loại"), max_length=10, choices=TargetKind.choices)
    label = models.CharField(_("chỉ tiêu"), max_length=300)
    text = models.TextField(_("đoạn văn trong kế hoạch"), blank=True)
    criterion = models.CharField(_("tiêu chí"), max_length=10, blank=True)
    comparison = models.CharField(
        _("so sánh"), max_length=10, choices=Comparison.choices, default=Comparison.AT_LEAST
    )
    value = models.DecimalField(
        _("giá trị kế hoạch"), max_digits=18, decimal_places=4, null=True, blank=True
    )
    value_max = models.DecimalField(
        _("mức trên"), max_digits=18, decimal_places=4, null=True, blank=True
    )
    unit = models.CharField(_("đơn vị tính"), max_length=40, blank=True)
    of_total = models.PositiveIntegerField(_("trên tổng số"), null=True, blank=True)
    added = models.DecimalField(
        _("tăng thêm"), max_digits=18, decimal_places=4, null=True, blank=True
    )
    baseline = models.DecimalField(
        _("mốc đầu năm"), max_digits=18, decimal_places=4, null=True, blank=True
    )
    share_printed = models.CharField(_("tỷ lệ ghi trong kế hoạch (%)"), max_length=12, blank=True)
    is_total = models.BooleanField(_("dòng tổng"), default=False)
    subject_unit = models.ForeignKey(
        "units.AdminUnit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("đơn vị được giao"),
    )
    # Kind-specific facts: a district's criteria, a programme's items.
    details = models.JSONField(default=dict, blank=True)
    measure = models.CharField(_("cách đo"), max_length=40, default="reported")
    measure_params = models.JSONField(default=dict, blank=True)
    responsible = models.CharField(_("cơ quan báo cáo"), max_length=200, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("chỉ tiêu kế hoạch")
        verbose_name_plural = _("chỉ tiêu kế hoạch")
        ordering = ["plan", "position"]
        constraints = [models.UniqueConstraint(fields=["plan", "key"], name="unique_target_key")]

    def __str__(self) -> str:
        return f"{self.key}: {self.label}"

    @property
    def is_reported(self) -> bool:
        return self.measure == "reported"

    @property
    def goal(self) -> Decimal | None:
        """The figure the target is judged on (the lower end of a range)."""
        return self.value


def actual_evidence_path(instance: ReportedActual, filename: str) -> str:
    target = instance.target
    return f"ke-hoach/{target.plan.code}/{target.key}/{instance.evidence_sha256[:16]}-{filename}"


class ReportedActual(models.Model):
    """A figure reported by the responsible body for a target that the
    monitoring data cannot compute (km of roads, OCOP products, money)."""

    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="reported")
    value = models.DecimalField(_("giá trị thực hiện"), max_digits=18, decimal_places=4)
    as_of = models.DateField(_("số liệu đến ngày"))
    note = models.TextField(_("ghi chú"), blank=True)
    evidence = models.FileField(
        _("minh chứng"), upload_to=actual_evidence_path, max_length=300, blank=True
    )
    evidence_name = models.CharField(max_length=200, blank=True)
    evidence_sha256 = models.CharField(max_length=64, blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    reported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("số liệu thực hiện được báo cáo")
        verbose_name_plural = _("số liệu thực hiện được báo cáo")
        ordering = ["target", "as_of", "pk"]

    def __str__(self) -> str:
        return f"{self.target.key} = {self.value} ({self.as_of:%d/%m/%Y})"


class Level(models.TextChoices):
    """What a commune can be targeted for: a standard to reach (the values
    of ``monitoring.Recognition.Level``), or, for a commune recognised in
    2016-2021, completing every criterion of the 2021-2025 set (the plan's
    "mỗi huyện, thành phố chọn 01 xã đã đạt chuẩn giai đoạn 2016-2021 để
    hoàn thiện 19/19 tiêu chí theo bộ 2021-2025")."""

    NTM = "ntm", _("Đạt chuẩn nông thôn mới")
    ADVANCED = "nang_cao", _("Đạt chuẩn nông thôn mới nâng cao")
    MODEL = "kieu_mau", _("Đạt chuẩn nông thôn mới kiểu mẫu")
    UPGRADE = "hoan_thien", _("Hoàn thiện đủ tiêu chí bộ 2021-2025 (xã đạt chuẩn 2016-2021)")


# The levels a recognition decision is issued for (not the upgrade).
RECOGNITION_LEVELS = (Level.NTM, Level.ADVANCED, Level.MODEL)
# The years of the earlier phase whose recognised communes are upgraded.
UPGRADE_RECOGNISED_YEARS = (2016, 2021)

LEVEL_SHORT = {
    Level.NTM: _("NTM"),
    Level.ADVANCED: _("NTM nâng cao"),
    Level.MODEL: _("NTM kiểu mẫu"),
    Level.UPGRADE: _("hoàn thiện 19/19"),
}


class TargetedCommune(models.Model):
    """A commune the plan aims to bring to a level this year. It keeps its
    roadmap (``milestones``)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="targeted")
    unit = models.ForeignKey(
        "units.AdminUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("xã")
    )
    level = models.CharField(_("mức phấn đấu"), max_length=10, choices=Level.choices)
    note = models.TextField(_("ghi chú"), blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    assigned_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("xã phấn đấu đạt chuẩn")
        verbose_name_plural = _("xã phấn đấu đạt chuẩn")
        ordering = ["plan", "unit__path", "level"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "unit", "level"], name="unique_targeted_commune"
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit}: {self.get_level_display()}"


class MilestoneStatus(models.TextChoices):
    PLANNED = "planned", _("Chưa thực hiện")
    IN_PROGRESS = "in_progress", _("Đang thực hiện")
    DONE = "done", _("Hoàn thành")


class Milestone(models.Model):
    """One step of a commune's roadmap towards a criterion: what, who, by
    when, and how far it got."""

    targeted = models.ForeignKey(
        TargetedCommune, on_delete=models.CASCADE, related_name="milestones"
    )
    criterion = models.CharField(_("tiêu chí"), max_length=10)
    title = models.CharField(_("nội dung công việc"), max_length=300)
    responsible = models.CharField(_("người phụ trách"), max_length=200)
    due_date = models.DateField(_("hạn hoàn thành"))
    status = models.CharField(
        _("tình trạng"),
        max_length=12,
        choices=MilestoneStatus.choices,
        default=MilestoneStatus.PLANNED,
    )
    done_on = models.DateField(_("ngày hoàn thành"), null=True, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("mốc lộ trình")
        verbose_name_plural = _("mốc lộ trình")
        ordering = ["targeted", "due_date", "pk"]
        indexes = [models.Index(fields=["status", "due_date"])]

    def __str__(self) -> str:
        return f"{self.targeted.unit} · TC {self.criterion}: {self.title}"


class MilestoneChange(models.Model):
    """Every roadmap edit: who, when, what changed from what to what. Kept
    when the milestone itself is deleted."""

    class Action(models.TextChoices):
        CREATE = "create", _("Thêm mốc")
        UPDATE = "update", _("Sửa mốc")
        DELETE = "delete", _("Xoá mốc")

    targeted = models.ForeignKey(
        TargetedCommune, on_delete=models.CASCADE, related_name="milestone_changes"
    )
    milestone = models.ForeignKey(
        Milestone, null=True, blank=True, on_delete=models.SET_NULL, related_name="changes"
    )
    action = models.CharField(max_length=10, choices=Action.choices)
    summary = models.CharField(_("mốc"), max_length=320)
    changes = models.JSONField(default=dict)  # field → [old, new], as shown to people
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-changed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_action_display()}: {self.summary}"
