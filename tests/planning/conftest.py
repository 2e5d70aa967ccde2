"""Fixtures for planning: the real units and criteria, demo users, the
monitoring helpers (``fill_report``), and the shipped 2023 plan imported."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.monitoring.conftest import fill_report, monitoring_world  # noqa: F401

PLAN_FILE = Path(__file__).resolve().parents[2] / "ntm" / "data" / "plans" / "lang-son-2023.yaml"


@pytest.fixture
def plan_2023(criteria_db, lang_son):
    """The 2023 province plan, imported from the shipped file."""
    from ntm.planning.services import plan_import

    return plan_import(path=PLAN_FILE).plan
