"""The checked, immutable description of a plan that a plan file gives, and
what the checks need from outside the file."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ntm.core.criteria_catalog import CriteriaCatalog
from ntm.planning.measures import REPORTED
from ntm.planning.models import Comparison

FORMAT = "ntm-ke-hoach/1"
# Fields of a target that the text may show through a placeholder.
FIELDS = ("value", "max", "added", "baseline", "of", "share")
# {tc1.value}, {advanced.added:02}
PLACEHOLDER = re.compile(r"\{([a-z][a-z0-9_]*)\.([a-z]+)(?::(02))?\}")


@dataclass(frozen=True)
class BasisSpec:
    kind: str
    number: str
    date: dt.date
    issuer: str
    title: str


@dataclass(frozen=True)
class SectionSpec:
    code: str
    title: str
    text: str


@dataclass(frozen=True)
class TargetSpec:
    key: str
    kind: str
    label: str
    section: str
    text: str = ""
    criterion: str = ""
    comparison: str = Comparison.AT_LEAST
    value: Decimal | None = None
    value_max: Decimal | None = None
    of_total: int | None = None
    added: Decimal | None = None
    baseline: Decimal | None = None
    share_printed: str = ""
    unit: str = ""
    is_total: bool = False
    subject_unit: str = ""
    details: Mapping[str, Any] = field(default_factory=dict)
    measure: str = REPORTED
    measure_params: Mapping[str, Any] = field(default_factory=dict)
    responsible: str = ""
    note: str = ""
    # Fields the file wrote (a placeholder to a field that failed to read is
    # not reported twice).
    given: frozenset[str] = field(default=frozenset(), compare=False, repr=False)


@dataclass(frozen=True)
class PlanSpec:
    code: str
    title: str
    issuer: str
    unit: str
    year: int
    criteria_set: str
    communes_in_scope: int
    baseline_period: str
    preamble: str
    closing: str
    legal_basis: tuple[BasisSpec, ...]
    sections: tuple[SectionSpec, ...]
    targets: tuple[TargetSpec, ...]

    def target(self, key: str) -> TargetSpec:
        return next(t for t in self.targets if t.key == key)


@dataclass(frozen=True)
class UnitInfo:
    code: str
    name: str
    type: str
    path: str


@dataclass
class Lookups:
    """What the checks need from outside the file."""

    catalog: CriteriaCatalog
    unit: Callable[[str], UnitInfo | None]
