"""The one root of every refusal the product explains to a person.

Each app derives its own base from :class:`NtmError` (``MonitoringError``,
``PlanningError``, ...), so a view or command catches ``NtmError`` once and
shows ``str(exc)``: the message, already translated where it was raised.
``code`` is stable and machine-readable (API answers, logs, tests), and does
not change when a translation does.
"""

from __future__ import annotations

from django.utils.translation import gettext

from ntm.core.messages import CoreError


class NtmError(Exception):
    """A refused action; nothing was saved. ``str(exc)`` is the message."""

    code: str = "ntm_error"

    def __init__(self, message: object = "", *args: object, code: str | None = None) -> None:
        super().__init__(message, *args)
        if code is not None:
            self.code = code

    def __str__(self) -> str:  # never LookupError's quoting, never a tuple
        return str(self.args[0]) if self.args else ""


def translate_core_error(exc: BaseException) -> str:
    """The message of an error in the active language.

    The pure core cannot import Django, so its errors carry a Vietnamese
    template and parameters (:class:`~ntm.core.messages.Message`) that are
    translated here, where Django shows them; any other error is ``str()``."""
    if isinstance(exc, CoreError):
        return exc.text.render(gettext)
    return str(exc)
