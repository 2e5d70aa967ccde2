"""Fixtures for the demo datasets: the monitoring helpers (``fill_report``)."""

from __future__ import annotations

from tests.monitoring.conftest import fill_report, monitoring_world, tan_lien  # noqa: F401
