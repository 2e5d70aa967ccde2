"""Fixtures for the demo datasets: the monitoring helpers (``fill_report``)."""

from __future__ import annotations

from tests.monitoring.conftest import fill_report, monitoring_world  # noqa: F401
