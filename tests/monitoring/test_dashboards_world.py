"""A small crafted world for the dashboard tests: ten communes in two
districts, two years, with values entered through the real services and
reports walked through the real workflow. Every expected figure is derived
here from the design table below (which criteria each commune fails), never
from the selectors under test.

Other test modules import the ``dash_world`` fixture from here."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from django.db import transaction

from ntm.core.criteria_model import Comparison, ValueType
from ntm.criteria.selectors import criteria_catalog
from ntm.criteria.services import threshold_revise
from ntm.monitoring.evaluations import evaluations_recompute, report_explain
from ntm.monitoring.models import IndicatorValue, Recognition, Report
from ntm.monitoring.services import report_transition, value_save
from ntm.units.models import AdminUnit

MAIN = "xa-ntm-2021-2025"
ADVANCED = "xa-ntm-nang-cao-2021-2025"
MODEL = "xa-ntm-kieu-mau-2021-2025"
LEVEL_NTM, LEVEL_ADVANCED, LEVEL_MODEL = "ntm", "ntm-nang-cao", "ntm-kieu-mau"
CRITERIA = [str(n) for n in range(1, 20)]
FACTS = {"has_traditional_craft": False, "more_than_3_schools": False}
DISTRICT_A, DISTRICT_B = "183", "182"  # Huyện Cao Lộc, Huyện Văn Lãng


@dataclass(frozen=True)
class Plan:
    """One commune's report in one period, by design."""

    unit: str
    period: str
    status: str  # draft, submitted, appraised, approved
    fails: frozenset[str] = frozenset()  # main-set criteria made to fail
    conditions_ok: bool = True  # survey, debts, security of the main set
    advanced: bool = False  # advanced and model sets entered, all met

    @property
    def met(self) -> int:
        return 19 - len(self.fails)


def _fails(*codes: int) -> frozenset[str]:
    return frozenset(str(c) for c in codes)


A1, A2, A3, A4, A5 = "6244", "6190", "6193", "6196", "6199"
B1, B2, B3, B4, B5 = "6127", "6133", "6136", "6139", "6142"
BORDER = {A1, A3}

PLANS = [
    Plan(A1, "2022", "approved", advanced=True),
    Plan(A2, "2022", "approved", conditions_ok=False),
    Plan(A3, "2022", "approved", _fails(2, 17)),
    Plan(A4, "2022", "approved", _fails(*range(1, 17))),
    Plan(A5, "2022", "submitted"),
    Plan(B1, "2022", "approved", _fails(1, 2, 3, 4, 5)),
    Plan(B2, "2022", "approved", _fails(*range(1, 11))),
    Plan(B3, "2022", "draft"),
    Plan(B4, "2022", "approved"),
    # B5: no report at all
    Plan(A1, "2023", "approved", advanced=True),
    Plan(A3, "2023", "approved"),
    Plan(B1, "2023", "approved", _fails(1, 2)),
]

# (unit, level, decided, revoked): NTM recognitions, as the province decided them.
RECOGNITIONS = [
    (A1, "ntm", dt.date(2020, 12, 1), None),
    (A3, "ntm", dt.date(2019, 10, 10), None),
    (A5, "ntm", dt.date(2021, 1, 1), None),
    (B2, "ntm", dt.date(2018, 5, 5), dt.date(2022, 6, 1)),  # revoked within 2022
    (B4, "ntm", dt.date(2023, 3, 1), None),  # decided after 2022
]


def recognised_at(end: dt.date) -> set[str]:
    return {
        unit
        for unit, _level, decided, revoked in RECOGNITIONS
        if decided <= end and (revoked is None or revoked > end)
    }


@dataclass
class Expected:
    """Figures of one scope and period, computed from the design table."""

    communes: int
    reported: list[Plan]
    recognised: set[str]
    border: set[str] = field(default_factory=lambda: set(BORDER))

    def carried(self, period: str) -> list[str]:
        return [p.unit for p in self.reported if p.period != period]

    @property
    def met_sum(self) -> int:
        return sum(p.met for p in self.reported)

    @property
    def avg(self) -> float:
        return self.met_sum / len(self.reported)

    def criterion(self, code: str) -> int:
        return sum(code not in p.fails for p in self.reported)

    @property
    def full(self) -> list[str]:
        return [p.unit for p in self.reported if not p.fails]

    def level(self, code: str) -> int:
        ntm = [p for p in self.reported if not p.fails and p.conditions_ok]
        if code == LEVEL_NTM:
            return len(ntm)
        return sum(p.advanced for p in ntm)

    def band(self, lower: int, upper: int) -> int:
        return sum(lower <= p.met <= upper for p in self.reported)

    @property
    def border_reported(self) -> list[Plan]:
        return [p for p in self.reported if p.unit in self.border]

    @property
    def recognised_short(self) -> dict[str, list[str]]:
        return {
            p.unit: sorted(p.fails, key=int)
            for p in self.reported
            if p.unit in self.recognised and p.fails
        }

    @property
    def recognised_unreported(self) -> set[str]:
        return self.recognised - {p.unit for p in self.reported}


def _programme_count(district: str | None) -> int:
    qs = AdminUnit.objects.filter(type="xa", in_programme=True)
    if district:
        qs = qs.filter(parent__code=district)
    return qs.count()


@dataclass
class DashWorld:
    reports: dict[tuple[str, str], Report]
    units: dict[str, AdminUnit]
    users: dict  # demo users by username

    def expected(self, period: str, district: str | None = None) -> Expected:
        """The official figures: each commune's latest approved report at or
        before ``period`` (carried forward when it is older)."""
        end = dt.date(int(period), 12, 31)
        latest: dict[str, Plan] = {}
        for p in sorted(PLANS, key=lambda p: p.period):
            if (
                p.period <= period
                and p.status == "approved"
                and (district is None or self.units[p.unit].parent.code == district)
            ):
                latest[p.unit] = p
        reported = list(latest.values())
        units = {p.unit for p in PLANS} | {B5}
        recognised = {
            u
            for u in recognised_at(end)
            if u in units and (district is None or self.units[u].parent.code == district)
        }
        return Expected(_programme_count(district), reported, recognised)


def _threshold_raw(measure) -> str | None:
    """A value for a threshold the law left unknown (the office would cite
    its own decision for it)."""
    vtype, comparison = measure.value_type, measure.comparison
    if vtype is ValueType.BOOLEAN:
        return "Đạt"
    if vtype is ValueType.PERCENT:
        return {Comparison.GE: "50", Comparison.LE: "10", Comparison.EQ: "100"}[comparison]
    if vtype in (ValueType.NUMBER, ValueType.COUNT):
        return "10" if comparison is Comparison.GE else "1"
    return None


def complete_thresholds(user) -> None:
    """Supply every missing threshold of the three commune sets (TDMNPB)."""
    for set_code in (MAIN, ADVANCED, MODEL):
        cset = criteria_catalog().get(set_code)
        for measure in (*cset.indicators, *cset.conditions):
            if not measure.counted or measure.derived is not None:
                continue
            threshold = cset.threshold(measure.code, "TDMNPB", 2022)
            if threshold is not None and threshold.value is not None:
                continue
            raw = _threshold_raw(measure)
            assert raw is not None, measure.code
            threshold_revise(
                user=user,
                set_code=set_code,
                indicator_code=measure.code,
                raw_value=raw,
                classes=None,
                years=None,
                document_number="99/QĐ-UBND",
                document_date=dt.date(2022, 1, 10),
            )


def _good(measure) -> str:
    vtype, comparison = measure.value_type, measure.comparison
    if vtype is ValueType.BOOLEAN:
        return "Đạt"
    if vtype is ValueType.ENUM:
        return "Không"
    if vtype is ValueType.PERCENT:
        return {Comparison.GE: "100", Comparison.LE: "0", Comparison.EQ: "100"}[comparison]
    if vtype is ValueType.COUNT:
        return "3"
    return "100"


def _bad(measure) -> str:
    vtype, comparison = measure.value_type, measure.comparison
    if vtype is ValueType.BOOLEAN:
        return "Không đạt"
    if vtype is ValueType.ENUM:
        return "Có"
    if vtype is ValueType.PERCENT:
        return {Comparison.GE: "10", Comparison.LE: "90", Comparison.EQ: "90"}[comparison]
    return "1"


def _applies(measure) -> bool:
    if not measure.counted:
        return False
    rule = measure.applicability
    return rule is None or FACTS.get(rule.fact) is rule.expected


def plan_values(plan: Plan) -> dict[str, dict[str, str]]:
    """set code → indicator code → raw text, for a plan."""
    out: dict[str, dict[str, str]] = {}
    main = criteria_catalog().get(MAIN)
    values: dict[str, str] = {}
    for criterion in main.criteria:
        measures = [m for m in criterion.indicators if _applies(m)]
        for i, m in enumerate(measures):
            fail_here = criterion.code in plan.fails and i == 0
            values[m.code] = _bad(m) if fail_here else _good(m)
    for m in main.conditions:
        values[m.code] = _good(m)
    if not plan.conditions_ok:
        values["hai_long"] = "40"
    out[MAIN] = values
    if plan.advanced:
        for set_code in (ADVANCED, MODEL):
            cset = criteria_catalog().get(set_code)
            out[set_code] = {m.code: _good(m) for m in (*cset.indicators, *cset.conditions)}
    return out


def build_report(plan: Plan, officer, admin, period_get_or_create, report_get_or_create) -> Report:
    unit = AdminUnit.objects.get(code=plan.unit)
    report = report_get_or_create(unit=unit, period=period_get_or_create(plan.period))
    report.facts = dict(FACTS)
    report.save(update_fields=["facts"])
    for set_code, values in plan_values(plan).items():
        for code, raw in values.items():
            current = IndicatorValue.objects.filter(
                report=report, indicator__criteria_set__code=set_code, indicator__code=code
            ).first()
            value_save(
                user=officer,
                report=report,
                indicator_code=code,
                raw=raw,
                expected_version=current.version if current else 0,
                set_code=set_code,
                recompute=False,
                confirmed=True,  # a failing income of 1 is below the plausible range
            )
    evaluations_recompute([report.pk])
    steps = {
        "draft": [],
        "submitted": ["submit"],
        "appraised": ["submit", "appraise"],
        "approved": ["submit", "appraise", "approve"],
    }
    for step in steps[plan.status]:
        report = report_transition(
            user=officer if step == "submit" else admin, report=report, name=step
        )
    return report


def officer_for(unit: AdminUnit):
    from ntm.accounts.models import Role, RoleAssignment, User

    user, created = User.objects.get_or_create(username=f"xa-{unit.code}")
    if created:
        RoleAssignment.objects.create(user=user, role=Role.COMMUNE_OFFICER, unit=unit)
    return user


def build_dash_world(users: dict) -> DashWorld:
    from ntm.monitoring.services import period_get_or_create, report_get_or_create

    admin = users["quantri"]
    complete_thresholds(users["vpdp"])
    units = {
        u.code: u
        for u in AdminUnit.objects.select_related("parent").filter(
            code__in=[A1, A2, A3, A4, A5, B1, B2, B3, B4, B5]
        )
    }
    AdminUnit.objects.filter(code__in=BORDER).update(border=True)
    reports = {}
    for plan in PLANS:
        unit = units[plan.unit]
        reports[(plan.unit, plan.period)] = build_report(
            plan, officer_for(unit), admin, period_get_or_create, report_get_or_create
        )
    for unit_code, level, decided, revoked in RECOGNITIONS:
        Recognition.objects.create(
            unit=units[unit_code],
            level=level,
            decision_number=f"{unit_code}/QĐ-UBND",
            decision_date=decided,
            criteria_set="QĐ 318/QĐ-TTg" if decided.year >= 2022 else "QĐ 1980/QĐ-TTg",
            revoked_by="18/QĐ-UBND" if revoked else "",
            revoked_on=revoked,
        )
    return DashWorld(reports, units, users)


@pytest.fixture(scope="module")
def dash_world(django_db_setup, django_db_blocker) -> Iterator[DashWorld]:
    """Built once per test module inside a transaction that is rolled back
    after the module's last test; each test runs in a savepoint within it
    (pytest-django's ``db``), so tests still cannot see each other's writes."""
    from ntm.accounts.models import User
    from ntm.criteria.services import criteria_load
    from ntm.demo.accounts import demo_users_ensure
    from ntm.units.management.commands.units import DEFAULT_CSV
    from ntm.units.services import units_import

    with django_db_blocker.unblock(), transaction.atomic():
        units_import(path=DEFAULT_CSV)
        criteria_load()
        demo_users_ensure()
        yield build_dash_world({u.username: u for u in User.objects.all()})
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_the_engine_agrees_with_the_design(dash_world):
    """The world is what the design table says: otherwise every dashboard
    expectation below would be built on sand."""
    for plan in PLANS:
        report = dash_world.reports[(plan.unit, plan.period)]
        assert report.status == plan.status
        results = report_explain(report)
        main = results[MAIN]
        assert main.criteria_met_count == plan.met, plan
        assert {c.code for c in main.criteria if not c.met} == set(plan.fails)
        reached = {lv for r in results.values() for lv in r.levels_reached}
        expected = set()
        if not plan.fails and plan.conditions_ok:
            expected.add(LEVEL_NTM)
            if plan.advanced:
                expected |= {LEVEL_ADVANCED, LEVEL_MODEL}
        assert reached == expected, plan
