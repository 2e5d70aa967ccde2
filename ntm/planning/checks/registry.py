"""The registry of plan checks: one small function per check, registered
with :func:`check` under a unique code and the rule its findings name (in
the style of ``ntm.planning.measures``). ``run.ORDER`` fixes the order they
run in, which is the order of the findings."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from ntm.core.criteria_catalog import CriteriaCatalog
from ntm.core.criteria_model import CriteriaSet
from ntm.core.errors import CriteriaLookupError
from ntm.criteria.selectors import criteria_catalog
from ntm.planning.checks.report import RULES, CheckReport, Severity
from ntm.planning.models import Plan, Target, TargetKind


@dataclass
class CheckContext:
    """One run of the checks on one plan: what several checks read, read
    once, and where they write (``add`` files under the running check's rule)."""

    plan: Plan
    targets: list[Target]
    report: CheckReport
    running: Check | None = None
    found_by: dict[str, int] = field(default_factory=dict)  # check code -> findings added

    def add(
        self, severity: Severity, target: str, message: str, stated: str, expected: str
    ) -> None:
        """A finding of the running check, filed under its rule."""
        assert self.running is not None, "findings come from a running check"
        code = self.running.code
        self.report.add(self.running.rule, severity, target, message, stated, expected)
        self.found_by[code] = self.found_by.get(code, 0) + 1

    def passed(self, text: str) -> None:
        self.report.passed.append(text)

    def found(self, *codes: str) -> int:
        """How many findings the checks ``codes`` added in this run."""
        return sum(self.found_by.get(code, 0) for code in codes)

    @property
    def communes(self) -> Decimal:
        """The communes in the plan's scope."""
        return Decimal(self.plan.communes_in_scope)

    @cached_property
    def catalog(self) -> CriteriaCatalog:
        return criteria_catalog()

    @cached_property
    def criteria_set(self) -> CriteriaSet | None:
        """The plan's criteria set; None when the catalogue has no such set."""
        try:
            return self.catalog.get(self.plan.criteria_set)
        except CriteriaLookupError:
            return None

    @cached_property
    def per_criterion(self) -> dict[str, Target]:
        """The first criterion target with a figure, by criterion code."""
        out: dict[str, Target] = {}
        for t in self.targets:
            if t.kind == TargetKind.CRITERION and t.value is not None and t.criterion:
                out.setdefault(t.criterion, t)
        return out

    @cached_property
    def district_plans(self) -> list[Plan]:
        """The district parts of a province plan, with their targets."""
        return list(self.plan.children.select_related("unit").prefetch_related("targets"))


CheckFn = Callable[[CheckContext], None]


@dataclass(frozen=True)
class Check:
    code: str  # unique
    rule: str  # a key of RULES: what its findings are filed under
    run: CheckFn
    province_only: bool  # district parts and targeted communes exist on province plans


CHECKS: dict[str, Check] = {}


def check(code: str, *, rule: str, province_only: bool = False) -> Callable[[CheckFn], CheckFn]:
    """Register a check; its findings are filed under ``rule``."""

    def register(fn: CheckFn) -> CheckFn:
        if code in CHECKS:
            raise ValueError(f"check {code} registered twice")
        if rule not in RULES:
            raise ValueError(f"check {code}: unknown rule {rule}")
        CHECKS[code] = Check(code, rule, fn, province_only)
        return fn

    return register
