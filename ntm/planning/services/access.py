"""Who acts in a planning service."""

from __future__ import annotations

from typing import Any


def acting_user(user: Any) -> Any:
    """The user to record as author; None for a command run without one."""
    return user if getattr(user, "pk", None) else None
