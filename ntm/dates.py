"""The one place that knows what day it is in Vietnam and how a date is
written there.

The server may run in UTC: between 00:00 and 07:00 Vietnam time its own date
is still yesterday, so "today" always comes from ``timezone.localdate()``
(``TIME_ZONE = "Asia/Ho_Chi_Minh"``), never from ``date.today()``.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone


def local_today() -> dt.date:
    """Today's date in Vietnam, whatever the server's clock zone."""
    return timezone.localdate()


def format_date(day: dt.date) -> str:
    """``04/12/2026``: the way Vietnamese documents and screens write a day."""
    return day.strftime("%d/%m/%Y")


def format_moment(moment: dt.datetime | None = None) -> str:
    """``15:42 04/12/2026`` in Vietnam time (now when no moment is given)."""
    return timezone.localtime(moment).strftime("%H:%M %d/%m/%Y")
