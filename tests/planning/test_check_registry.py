"""The registry of plan checks: every check is registered once under a
unique code, runs in the fixed order, files its findings under its own rule,
and every rule but one says plainly when it found nothing."""

from __future__ import annotations

import pytest

from ntm.planning.checks import CHECKS, ORDER, RULES, CheckContext, CheckReport, plan_check
from ntm.planning.models import Target
from ntm.planning.services import plan_cascade_save
from ntm.units.models import DISTRICT_TYPES, AdminUnit

pytestmark = pytest.mark.django_db


def test_every_check_runs_once_in_the_fixed_order():
    assert len(ORDER) == len(set(ORDER))
    assert set(ORDER) == set(CHECKS)
    assert all(code == check.code for code, check in CHECKS.items())
    assert {check.rule for check in CHECKS.values()} == set(RULES)


def _run_one_by_one(plan) -> dict[str, tuple[list, list[str]]]:
    """Each check's findings and passed lines, in a run of them all."""
    report = CheckReport(plan)
    targets = list(plan.targets.order_by("position"))
    ctx = CheckContext(plan, targets, report)
    out = {}
    for code in ORDER:
        findings, passed = len(report.findings), len(report.passed)
        ctx.running = CHECKS[code]
        CHECKS[code].run(ctx)
        out[code] = (report.findings[findings:], report.passed[passed:])
    return out


def _consistent_province_plan(plan, office) -> None:
    Target.objects.filter(plan=plan, key="tc1").update(share_printed="90,06")
    Target.objects.filter(plan=plan, key="ntm").update(value=76, baseline=66)
    AdminUnit.objects.update(border=False)
    ids = (
        AdminUnit.objects.filter(type="xa", in_programme=True)
        .order_by("code")[:20]
        .values_list("pk", flat=True)
    )
    AdminUnit.objects.filter(pk__in=list(ids)).update(border=True)
    districts = list(
        AdminUnit.objects.filter(parent=plan.unit, type__in=DISTRICT_TYPES).order_by("code")
    )
    assert len(districts) == 11
    # 10 of the 11 districts add one standard commune each: the province's 10.
    parts = {d.code: {"ntm": 1} for d in districts[1:]} | {districts[0].code: {"ntm": 0}}
    plan_cascade_save(user=office, plan=plan, assignments=parts)


def test_on_a_consistent_plan_every_rule_but_one_says_it_found_nothing(plan_2023, demo_users):
    _consistent_province_plan(plan_2023, demo_users["vpdp"])
    assert plan_check(plan_2023).findings == []
    by_check = _run_one_by_one(plan_2023)
    said = {CHECKS[code].rule for code, (_, passed) in by_check.items() if passed}
    # A shortfall of targeted communes is only ever a warning: no line for it.
    assert said == set(RULES) - {"xa-phan-dau"}


def test_each_check_files_its_findings_under_its_rule(plan_2023, demo_users):
    Target.objects.filter(plan=plan_2023, key="tc2").update(baseline=80, value=10**4)
    Target.objects.filter(plan=plan_2023, key="tc1").update(share_printed="80,00")
    by_check = _run_one_by_one(plan_2023)
    assert any(findings for findings, _ in by_check.values())
    for code, (findings, _) in by_check.items():
        assert {f.rule for f in findings} <= {CHECKS[code].rule}, code
