"""Demo accounts, one per role, created only by `ntm demo` (demo mode)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from ntm.accounts.models import Role, RoleAssignment, User
from ntm.core.text import fold
from ntm.demo.errors import DemoSetupError
from ntm.units.models import AdminUnit, UnitType

DEMO_PASSWORD = "langson2023"


@dataclass(frozen=True)
class DemoUser:
    username: str
    full_name: str
    position: str
    role: Role
    # Scope, by folded names from the province down: () is the province.
    scope: tuple[str, ...] = ()
    criteria: tuple[int, ...] = ()
    organisation: str = ""


DEMO_USERS: tuple[DemoUser, ...] = (
    DemoUser("quantri", "Nguyễn Văn An", "Quản trị hệ thống, Sở NN&PTNT", Role.PROVINCE_ADMIN),
    DemoUser(
        "vpdp",
        "Hoàng Thị Bình",
        "Chuyên viên Văn phòng Điều phối NTM tỉnh",
        Role.COORDINATION_OFFICE,
    ),
    DemoUser(
        "soxaydung",
        "Lăng Văn Cường",
        "Chuyên viên Sở Xây dựng",
        Role.DEPARTMENT,
        criteria=(1, 9),
        organisation="Sở Xây dựng",
    ),
    DemoUser(
        "caoloc",
        "Vi Thị Dung",
        "Chuyên viên Phòng NN&PTNT huyện Cao Lộc",
        Role.DISTRICT_OFFICER,
        scope=("huyen cao loc",),
    ),
    DemoUser(
        "tanlien",
        "Lương Văn Hải",
        "Công chức UBND xã Tân Liên",
        Role.COMMUNE_OFFICER,
        scope=("huyen cao loc", "xa tan lien"),
    ),
    DemoUser("lanhdao", "Đoàn Thị Hoa", "Lãnh đạo UBND tỉnh", Role.LEADER),
)


def _scope_unit(scope: tuple[str, ...]) -> AdminUnit:
    province = AdminUnit.objects.filter(type=UnitType.PROVINCE).order_by("code").first()
    if province is None:
        raise DemoSetupError("Chưa có đơn vị hành chính: chạy `ntm units import` trước.")
    unit = province
    for folded_name in scope:
        child = unit.children.filter(name_folded=fold(folded_name)).first()
        if child is None:
            raise DemoSetupError(f"Không tìm thấy {folded_name!r} trong {unit.name}.")
        unit = child
    return unit


@transaction.atomic
def demo_users_ensure() -> list[tuple[DemoUser, AdminUnit]]:
    """Create or refresh the demo accounts; safe to run again."""
    created = []
    for demo in DEMO_USERS:
        unit = _scope_unit(demo.scope)
        user, _ = User.objects.update_or_create(
            username=demo.username,
            defaults={
                "full_name": demo.full_name,
                "position": demo.position,
                "is_active": True,
                "is_staff": demo.role == Role.PROVINCE_ADMIN,
                "is_superuser": demo.role == Role.PROVINCE_ADMIN,
            },
        )
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
        RoleAssignment.objects.filter(user=user).exclude(role=demo.role, unit=unit).delete()
        RoleAssignment.objects.update_or_create(
            user=user,
            role=demo.role,
            unit=unit,
            defaults={"criteria": list(demo.criteria), "organisation": demo.organisation},
        )
        created.append((demo, unit))
    return created
