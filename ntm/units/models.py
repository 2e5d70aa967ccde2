"""Administrative units and their history (DESIGN.md §4)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from ntm.core.criteria_model import CriteriaSet, JudgedUnit


class UnitType(models.TextChoices):
    COUNTRY = "quoc_gia", _("Cả nước")
    PROVINCE = "tinh", _("Tỉnh")
    DISTRICT = "huyen", _("Huyện")
    CITY = "thanh_pho", _("Thành phố thuộc tỉnh")
    COMMUNE = "xa", _("Xã")
    WARD = "phuong", _("Phường")
    TOWNSHIP = "thi_tran", _("Thị trấn")
    VILLAGE = "thon", _("Thôn")


DISTRICT_TYPES = (UnitType.DISTRICT, UnitType.CITY)
COMMUNE_TYPES = (UnitType.COMMUNE, UnitType.WARD, UnitType.TOWNSHIP)


class Region(models.TextChoices):
    """The seven socio-economic regions whose columns QĐ 318/QĐ-TTg uses."""

    TDMNPB = "TDMNPB", _("Trung du và miền núi phía Bắc")
    DBSH = "DBSH", _("Đồng bằng sông Hồng")
    BTB = "BTB", _("Bắc Trung Bộ")
    DHNTB = "DHNTB", _("Duyên hải Nam Trung Bộ")
    TN = "TN", _("Tây Nguyên")
    DNB = "DNB", _("Đông Nam Bộ")
    DBSCL = "DBSCL", _("Đồng bằng sông Cửu Long")


class AdminUnit(models.Model):
    code = models.CharField(_("mã"), max_length=20, unique=True, help_text=_("Mã GSO nếu có"))
    name = models.CharField(_("tên"), max_length=200)
    name_folded = models.CharField(max_length=200, db_index=True, editable=False)
    type = models.CharField(_("loại"), max_length=12, choices=UnitType.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("trực thuộc"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    # Codes from the root, separated by "/": scope checks and subtree
    # queries become one indexed prefix comparison instead of a recursion.
    path = models.CharField(max_length=120, db_index=True, editable=False)
    in_programme = models.BooleanField(_("thuộc Chương trình NTM"), default=False)
    border = models.BooleanField(_("biên giới"), default=False)
    extremely_difficult = models.BooleanField(_("đặc biệt khó khăn"), default=False)
    poor_district = models.BooleanField(_("huyện nghèo"), default=False)
    region = models.CharField(_("vùng"), max_length=8, choices=Region.choices, blank=True)
    commune_group = models.PositiveSmallIntegerField(
        _("nhóm xã (2026-2030)"),
        null=True,
        blank=True,
        help_text=_("Nhóm 1, 2 hoặc 3 theo QĐ 51/2025/QĐ-TTg"),
    )
    latitude = models.DecimalField(
        _("vĩ độ"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("kinh độ"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)

    class Meta:
        verbose_name = _("đơn vị hành chính")
        verbose_name_plural = _("đơn vị hành chính")
        ordering = ["path"]
        indexes = [models.Index(fields=["type", "in_programme"])]

    def __str__(self) -> str:
        return self.name

    @property
    def is_district(self) -> bool:
        return self.type in DISTRICT_TYPES

    @property
    def is_commune(self) -> bool:
        return self.type in COMMUNE_TYPES

    @property
    def judged_as(self) -> JudgedUnit:
        """The sets that judge this unit: communes, wards and townships are
        judged by the commune sets, every other unit by the district sets."""
        return JudgedUnit.COMMUNE if self.is_commune else JudgedUnit.DISTRICT

    def class_in(self, cset: CriteriaSet) -> str | None:
        """The class of ``cset`` whose thresholds apply to this unit (None:
        the set does not judge it)."""
        return cset.classification.class_of(region=self.region, commune_group=self.commune_group)

    def contains(self, other: AdminUnit) -> bool:
        """True if ``other`` is this unit or lies anywhere below it."""
        return other.path == self.path or other.path.startswith(self.path + "/")


class UnitChange(models.Model):
    """A merge, split, rename or re-parenting, with the act that ordered it.
    Data stays on the unit it was measured on; later views go through these."""

    class Kind(models.TextChoices):
        MERGE = "merge", _("Nhập")
        SPLIT = "split", _("Chia tách")
        RENAME = "rename", _("Đổi tên")
        REPARENT = "reparent", _("Điều chỉnh địa giới, trực thuộc")

    kind = models.CharField(_("loại thay đổi"), max_length=10, choices=Kind.choices)
    effective_date = models.DateField(_("ngày hiệu lực"))
    legal_act = models.CharField(_("văn bản"), max_length=200)
    note = models.TextField(_("ghi chú"), blank=True)
    sources = models.ManyToManyField(AdminUnit, related_name="changes_out", verbose_name=_("từ"))
    targets = models.ManyToManyField(AdminUnit, related_name="changes_in", verbose_name=_("thành"))

    class Meta:
        verbose_name = _("biến động đơn vị hành chính")
        verbose_name_plural = _("biến động đơn vị hành chính")
        ordering = ["effective_date", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.effective_date:%d/%m/%Y} ({self.legal_act})"


class UnitFlagChange(models.Model):
    """Audit of flag edits (border, extremely difficult, poor district...)."""

    unit = models.ForeignKey(AdminUnit, on_delete=models.CASCADE, related_name="flag_changes")
    field = models.CharField(max_length=40)
    old_value = models.CharField(max_length=40)
    new_value = models.CharField(max_length=40)
    reason = models.TextField(_("lý do"))
    changed_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", null=True
    )
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-changed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.unit}: {self.field} {self.old_value} → {self.new_value}"
