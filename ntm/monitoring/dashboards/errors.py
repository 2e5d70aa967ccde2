"""The refusal every dashboard read raises."""

from __future__ import annotations

from ntm.errors import NtmError


class DashboardError(NtmError):
    """A request the dashboards cannot answer; the message (Vietnamese) says why."""

    code = "dashboard"
