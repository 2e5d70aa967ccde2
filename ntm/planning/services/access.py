"""Who acts in a planning service, and whether they may."""

from __future__ import annotations

from typing import Any

from ntm.accounts.access import AccessRefused, Action, access_allows
from ntm.units.models import AdminUnit


def require_access(user: Any, action: Action, unit: AdminUnit, message: str) -> None:
    if not access_allows(user, action, unit):
        raise AccessRefused(message)


def acting_user(user: Any) -> Any:
    """The user to record as author; None for a command run without one."""
    return user if getattr(user, "pk", None) else None
