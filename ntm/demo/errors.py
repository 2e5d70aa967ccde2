"""Refusals of the demo loaders."""

from __future__ import annotations

from ntm.errors import NtmError


class DemoError(NtmError):
    """The demo data cannot be loaded; the message (Vietnamese) says why."""

    code = "demo"


class DemoSetupError(DemoError):
    """The demo accounts cannot be created (units not imported yet)."""

    code = "demo_setup"
