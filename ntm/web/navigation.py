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
    action: Action
    section: str  # first path segment, to mark the active entry


NAV_ITEMS: list[NavItem] = [
    NavItem("home", _("Trang chủ"), "house", Action.VIEW, ""),
    NavItem("units:browse", _("Đơn vị hành chính"), "diagram-3", Action.VIEW, "don-vi"),
    NavItem("criteria:list", _("Bộ tiêu chí"), "list-check", Action.VIEW, "tieu-chi"),
]
