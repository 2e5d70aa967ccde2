"""Fixtures for monitoring: real units, loaded criteria sets, demo accounts,
and a helper that writes a commune's values through the real services."""

from __future__ import annotations

from collections.abc import Callable, Mapping

import pytest

from ntm.monitoring.models import IndicatorValue, Report
from ntm.monitoring.services import (
    period_get_or_create,
    report_get_or_create,
    report_transition,
    value_save,
)
from ntm.units.models import AdminUnit


@pytest.fixture
def monitoring_world(criteria_db, demo_users):
    """Units, criteria and demo users: what every monitoring test starts from."""
    return demo_users


@pytest.fixture
def fill_report(monitoring_world) -> Callable[..., Report]:
    """fill_report(unit, "2022", {"15.4": "45%"}, status="approved") enters the
    values as a commune officer of that commune would, then walks the report
    to ``status`` through the real workflow."""
    from ntm.accounts.models import Role, RoleAssignment, User

    admin = monitoring_world["quantri"]

    def officer_for(unit: AdminUnit) -> User:
        user, created = User.objects.get_or_create(username=f"xa-{unit.code}")
        if created:
            RoleAssignment.objects.create(user=user, role=Role.COMMUNE_OFFICER, unit=unit)
        return user

    def fill(
        unit: AdminUnit,
        period: str,
        values: Mapping[str, str],
        *,
        status: str = "draft",
        facts: Mapping[str, bool] | None = None,
    ) -> Report:
        report = report_get_or_create(unit=unit, period=period_get_or_create(period))
        if facts:
            report.facts = dict(facts)
            report.save(update_fields=["facts"])
        officer = officer_for(unit)
        for code, raw in values.items():
            current = IndicatorValue.objects.filter(report=report, indicator__code=code).first()
            value_save(
                user=officer,
                report=report,
                indicator_code=code,
                raw=raw,
                expected_version=current.version if current else 0,
                recompute=False,
                confirmed=True,  # as the officer would confirm an unusual value
            )
        from ntm.monitoring.evaluations import evaluations_recompute

        evaluations_recompute([report.pk])
        steps = {
            "draft": [],
            "submitted": ["submit"],
            "appraised": ["submit", "appraise"],
            "approved": ["submit", "appraise", "approve"],
        }[status]
        for step in steps:
            user = officer if step == "submit" else admin
            report = report_transition(user=user, report=report, name=step)
        return report

    return fill
