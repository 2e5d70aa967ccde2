"""Users and the roles they hold on a unit scope."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    PROVINCE_ADMIN = "province_admin", _("Quản trị hệ thống cấp tỉnh")
    COORDINATION_OFFICE = "coordination_office", _("Văn phòng Điều phối NTM")
    DEPARTMENT = "department", _("Sở phụ trách tiêu chí")
    DISTRICT_OFFICER = "district_officer", _("Cán bộ cấp huyện")
    COMMUNE_OFFICER = "commune_officer", _("Cán bộ cấp xã")
    LEADER = "leader", _("Lãnh đạo (chỉ xem)")


class User(AbstractUser):
    full_name = models.CharField(_("họ và tên"), max_length=150, blank=True)
    position = models.CharField(_("chức vụ, đơn vị công tác"), max_length=200, blank=True)
    must_change_password = models.BooleanField(
        _("phải đổi mật khẩu"),
        default=False,
        help_text=_(
            "Người dùng phải đặt mật khẩu mới ở lần đăng nhập sau, ví dụ sau khi quản trị "
            "đặt lại mật khẩu cho họ"
        ),
    )

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")

    def __str__(self) -> str:
        return self.full_name or self.username


class RoleAssignment(models.Model):
    """A role held on a unit and everything below it. A department's role
    also lists the criteria (by number) it is responsible for."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(_("vai trò"), max_length=30, choices=Role.choices)
    unit = models.ForeignKey(
        "units.AdminUnit", verbose_name=_("phạm vi"), on_delete=models.PROTECT, related_name="+"
    )
    criteria = models.JSONField(
        _("tiêu chí phụ trách"),
        default=list,
        blank=True,
        help_text=_("Số thứ tự các tiêu chí, chỉ dùng cho vai trò Sở phụ trách tiêu chí"),
    )
    organisation = models.CharField(_("cơ quan"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("phân quyền")
        verbose_name_plural = _("phân quyền")
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "unit"], name="unique_role_per_scope")
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.get_role_display()} · {self.unit}"
