"""The main menu: each entry names the action a user needs to see it."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from ntm.accounts.access import Action


@dataclass(frozen=True)
class NavItem:
    url_name: str
    label: str | Promise
    icon: str
    action: Action | tuple[Action, ...]  # any of them shows the entry
    # Path prefixes (without the leading "/") of the pages under this entry,
    # to mark it active; "" is the home page only.
    section: str | tuple[str, ...]

    @property
    def actions(self) -> tuple[Action, ...]:
        return self.action if isinstance(self.action, tuple) else (self.action,)

    def is_active(self, path: str) -> bool:
        sections = self.section if isinstance(self.section, tuple) else (self.section,)
        here = path.lstrip("/")
        return any(here.startswith(s) if s else here == "" for s in sections)


NAV_ITEMS: list[NavItem] = [
    NavItem("home", _("Trang chủ"), "house", Action.VIEW, ""),
    NavItem("units:browse", _("Đơn vị hành chính"), "diagram-3", Action.VIEW, "don-vi"),
    NavItem("criteria:list", _("Bộ tiêu chí"), "list-check", Action.VIEW, "tieu-chi"),
    NavItem(
        "monitoring:dashboard",
        _("Tổng hợp"),
        "bar-chart",
        Action.VIEW,
        ("theo-doi/tong-hop", "theo-doi/huyen/", "theo-doi/xa/"),
    ),
    NavItem(
        "monitoring:entry_home",
        _("Nhập số liệu"),
        "pencil-square",
        Action.ENTER_VALUES,
        "theo-doi/nhap-lieu",
    ),
    NavItem(
        "monitoring:queue",
        _("Thẩm định, phê duyệt"),
        "check2-square",
        (Action.APPRAISE, Action.APPROVE, Action.REOPEN),
        ("theo-doi/tham-dinh", "theo-doi/bao-cao/"),
    ),
    NavItem("planning:home", _("Kế hoạch"), "clipboard-data", Action.VIEW, "ke-hoach"),
    NavItem("exchange:home", _("Excel"), "file-earmark-spreadsheet", Action.IMPORT_DATA, "du-lieu"),
    NavItem("reports:home", _("Báo cáo"), "file-earmark-text", Action.BUILD_REPORTS, "bao-cao"),
]
