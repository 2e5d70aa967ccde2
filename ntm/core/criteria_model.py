"""The criteria-set model: immutable data read from ``ntm/data/criteria/*.yaml``.

A set holds criteria → indicators, extra conditions (survey, debts, security;
also the district's H1-H4), unit facts that make indicators applicable, the
bands used to group units by their number of criteria met, and the levels
(rules over criteria, conditions and other sets). Every threshold keeps the
source and confidence tag it was encoded with, so that an unverified value is
never shown as official.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING

from ntm.core.bounds import Bounds, default_bounds
from ntm.core.errors import CriteriaLookupError
from ntm.core.messages import gettext_noop, message

if TYPE_CHECKING:
    from ntm.core.thresholds import ResolvedThreshold


class ValueType(StrEnum):
    BOOLEAN = "boolean"
    PERCENT = "percent"  # in points: 90.05 means 90,05 %
    NUMBER = "number"
    COUNT = "count"
    ENUM = "enum"


class Comparison(StrEnum):
    GE = ">="
    LE = "<="
    EQ = "="
    IN = "in"


ALLOWED_COMPARISONS: dict[ValueType, frozenset[Comparison]] = {
    ValueType.BOOLEAN: frozenset({Comparison.EQ}),
    ValueType.PERCENT: frozenset({Comparison.GE, Comparison.LE, Comparison.EQ}),
    ValueType.NUMBER: frozenset({Comparison.GE, Comparison.LE, Comparison.EQ}),
    ValueType.COUNT: frozenset({Comparison.GE, Comparison.LE, Comparison.EQ}),
    ValueType.ENUM: frozenset({Comparison.EQ, Comparison.IN}),
}


class Confidence(StrEnum):
    """Research-note tags: only V counts as verified."""

    VERIFIED = "V"
    PARTLY = "P"
    RECALLED = "R"
    UNKNOWN = "?"


class JudgedUnit(StrEnum):
    """The level of unit a criteria set judges (``unit_type`` in its file).
    Which administrative units each covers: ``AdminUnit.judged_as``."""

    COMMUNE = "xa"
    DISTRICT = "huyen"


class ClassificationKind(StrEnum):
    REGION = "region"  # 2021-2025: the 7 socio-economic regions of QĐ 318
    GROUP = "group"  # 2026-2030: commune groups 1/2/3 of QĐ 51/2025


# A threshold: a number (percent, number, count), a boolean, an enum option,
# or a tuple of options for ``in``.
ThresholdValue = float | bool | str | tuple[str, ...]
# A parsed input value.
Value = float | int | bool | str


# The head of a set's name, dropped where "bộ tiêu chí" already precedes it.
_SET_NAME_HEAD = re.compile(r"^Bộ tiêu chí (quốc gia )?(về )?", re.IGNORECASE)  # i18n: data


@dataclass(frozen=True)
class LegalDocument:
    id: str
    citation: str  # short form used in reasons, e.g. "QĐ 318/QĐ-TTg"
    title: str
    issued: date | None
    url: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class SourceRef:
    """Where a rule or value comes from, and how sure we are of it."""

    document: LegalDocument
    tag: Confidence
    verified: bool
    detail: str | None = None  # e.g. "Phụ lục I"
    seen_in: str | None = None  # the secondary copy the value was read in

    @property
    def citation(self) -> str:
        return self.document.citation + (f", {self.detail}" if self.detail else "")


@dataclass(frozen=True)
class ClassDef:
    code: str
    name: str
    description: str | None = None


@dataclass(frozen=True)
class Classification:
    kind: ClassificationKind
    label: str  # "vùng" or "nhóm", used in reasons: "ngưỡng vùng TDMNPB"
    classes: tuple[ClassDef, ...]
    note: str | None = None

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(c.code for c in self.classes)

    def class_of(self, *, region: str, commune_group: int | None) -> str | None:
        """The class whose thresholds apply to a unit of ``region`` (2021-2025)
        or ``commune_group`` (2026-2030); None when the unit has none of this
        classification's classes, and so is not judged by the set."""
        if self.kind == ClassificationKind.REGION:
            code = region
        else:
            code = str(commune_group) if commune_group else ""
        return code if code in self.codes else None

    def index(self, code: str) -> int:
        try:
            return self.codes.index(code)
        except ValueError:
            raise CriteriaLookupError(
                message(
                    gettext_noop(
                        "Không có %(classification)s «%(code)s»; các mã hợp lệ: %(codes)s"
                    ),
                    classification=self.label,
                    code=code,
                    codes=", ".join(self.codes),
                )
            ) from None


@dataclass(frozen=True)
class FactDef:
    """A yes/no property of a unit that decides whether an indicator applies,
    e.g. ``has_traditional_craft``."""

    code: str
    name: str


@dataclass(frozen=True)
class Applicability:
    fact: str
    expected: bool  # applies when the fact has this value


@dataclass(frozen=True)
class ThresholdEntry:
    value: ThresholdValue | None  # None: the value is unknown (tag "?")
    classes: tuple[str, ...] | None  # None: every region / group
    years: tuple[int, ...] | None  # None: every year of the set's period
    source: SourceRef
    note: str | None = None


@dataclass(frozen=True)
class DerivedThreshold:
    """``factor`` × the threshold of another set's measure, same region/group
    and year (QĐ 319 K2: income ≥ 1,10 × the advanced-commune level)."""

    set_code: str
    measure_code: str
    factor: Decimal
    source: SourceRef


@dataclass(frozen=True)
class Agency:
    national: str
    province: str
    tag: Confidence


@dataclass(frozen=True)
class Measure:
    """An indicator of a criterion, or an extra condition of the levels."""

    code: str
    name: str
    value_type: ValueType
    comparison: Comparison
    source: SourceRef
    thresholds: tuple[ThresholdEntry, ...] = ()
    derived: DerivedThreshold | None = None
    unit: str | None = None
    options: tuple[str, ...] = ()  # enum only
    applicability: Applicability | None = None
    agency: Agency | None = None
    note: str | None = None
    # False for an indicator whose very existence the reference doubts: it is
    # listed for the record and judged "not applicable" until confirmed.
    counted: bool = True
    # Domain and plausible range given in the file (``bounds``); None: the
    # defaults for the value type and unit (``limits``).
    bounds: Bounds | None = None
    # A condition's short label shown in place of its code ("Hài lòng").
    short: str | None = None

    @property
    def shown_code(self) -> str:
        """The code as people read it: the indicator's number ("2.1"), or a
        condition's short Vietnamese label instead of its identifier."""
        return self.short or self.code

    @property
    def limits(self) -> Bounds | None:
        """The bounds in force: the file's, else the defaults; None for
        yes/no and list indicators."""
        return self.bounds or default_bounds(self.value_type.value, self.unit)


@dataclass(frozen=True)
class CriterionGroup:
    code: str
    name: str


@dataclass(frozen=True)
class Criterion:
    code: str
    name: str
    indicators: tuple[Measure, ...]
    group: str | None = None
    agency: Agency | None = None
    source: SourceRef | None = None
    note: str | None = None


@dataclass(frozen=True)
class CountBand:
    """Units with at least ``lower`` criteria met (and fewer than the next
    band's ``lower``) fall in this band."""

    lower: int
    label: str


@dataclass(frozen=True)
class AllCriteria:
    source: SourceRef | None = None


@dataclass(frozen=True)
class MinCriteria:
    count: int
    of: tuple[str, ...] | None = None  # None: among all criteria
    source: SourceRef | None = None


@dataclass(frozen=True)
class SetMet:
    """Every criterion of another set is met (model commune → advanced set)."""

    set_code: str
    source: SourceRef | None = None


@dataclass(frozen=True)
class ConditionMet:
    condition_code: str
    source: SourceRef | None = None


Requirement = AllCriteria | MinCriteria | SetMet | ConditionMet


@dataclass(frozen=True)
class Level:
    code: str
    name: str
    requirements: tuple[Requirement, ...]
    source: SourceRef
    note: str | None = None


@dataclass(frozen=True)
class ThresholdRevision:
    """A threshold supplied or corrected by the coordination office, with the
    text that justifies it. Revisions override the encoded law and are cited
    in reasons instead of it."""

    set_code: str
    measure_code: str
    value: ThresholdValue
    citation: str
    classes: tuple[str, ...] | None = None  # None: every region / group
    years: tuple[int, ...] | None = None  # None: every year
    verified: bool = True
    note: str | None = None


@dataclass(frozen=True)
class CriteriaSet:
    code: str
    name: str
    unit_type: JudgedUnit
    first_year: int
    last_year: int
    valid_from: date
    valid_to: date | None
    documents: tuple[LegalDocument, ...]
    legal_basis: tuple[LegalDocument, ...]
    classification: Classification
    criteria: tuple[Criterion, ...]
    source_file: str
    facts: tuple[FactDef, ...] = ()
    criterion_groups: tuple[CriterionGroup, ...] = ()
    conditions: tuple[Measure, ...] = ()
    count_bands: tuple[CountBand, ...] = ()
    count_bands_source: SourceRef | None = None
    levels: tuple[Level, ...] = ()
    note: str | None = None
    revisions: tuple[ThresholdRevision, ...] = ()
    # Sets this one takes thresholds from (derived thresholds), resolved by
    # the catalogue. Missing links make those thresholds "missing".
    linked: tuple[CriteriaSet, ...] = ()
    _by_code: dict[str, Measure] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_code = {m.code: m for m in self.indicators}
        by_code.update((c.code, c) for c in self.conditions)
        object.__setattr__(self, "_by_code", by_code)

    # -- structure ---------------------------------------------------------
    @property
    def indicators(self) -> tuple[Measure, ...]:
        return tuple(m for c in self.criteria for m in c.indicators)

    @property
    def years(self) -> range:
        return range(self.first_year, self.last_year + 1)

    def measure(self, code: str) -> Measure:
        """An indicator or condition by code."""
        try:
            return self._by_code[code]
        except KeyError:
            raise CriteriaLookupError(
                message(
                    gettext_noop("Bộ tiêu chí %(set)s không có chỉ tiêu hay điều kiện «%(code)s»"),
                    set=self.code,
                    code=code,
                )
            ) from None

    def has_measure(self, code: str) -> bool:
        return code in self._by_code

    def criterion_of(self, indicator_code: str) -> Criterion:
        for criterion in self.criteria:
            if any(m.code == indicator_code for m in criterion.indicators):
                return criterion
        raise CriteriaLookupError(
            message(
                gettext_noop("Bộ tiêu chí %(set)s không có chỉ tiêu «%(indicator_code)s»"),
                set=self.code,
                indicator_code=indicator_code,
            )
        )

    def fact(self, code: str) -> FactDef:
        for fact in self.facts:
            if fact.code == code:
                return fact
        raise CriteriaLookupError(
            message(
                gettext_noop("Bộ tiêu chí %(set)s không có thông tin «%(code)s»"),
                set=self.code,
                code=code,
            )
        )

    def level(self, code: str) -> Level:
        for level in self.levels:
            if level.code == code:
                return level
        raise CriteriaLookupError(
            message(
                gettext_noop("Bộ tiêu chí %(set)s không có mức «%(code)s»"),
                set=self.code,
                code=code,
            )
        )

    def check_year(self, year: int) -> None:
        if year not in self.years:
            raise CriteriaLookupError(
                message(
                    gettext_noop(
                        "Bộ tiêu chí %(set)s áp dụng cho các năm %(first_year)s-%(last_year)s, "
                        "không áp dụng cho năm %(year)s"
                    ),
                    set=self.code,
                    first_year=self.first_year,
                    last_year=self.last_year,
                    year=year,
                )
            )

    def referenced_sets(self) -> frozenset[str]:
        """Codes of the sets this one needs: thresholds taken from them, or
        levels that require them to be met."""
        codes = {m.derived.set_code for m in self._by_code.values() if m.derived}
        for level in self.levels:
            codes.update(r.set_code for r in level.requirements if isinstance(r, SetMet))
        codes.discard(self.code)
        return frozenset(codes)

    def linked_set(self, code: str) -> CriteriaSet | None:
        return next((s for s in self.linked if s.code == code), None)

    @property
    def short_name(self) -> str:
        """The name without "Bộ tiêu chí (quốc gia) về": "xã nông thôn mới
        giai đoạn 2021-2025", to follow "bộ tiêu chí" in a sentence."""
        return _SET_NAME_HEAD.sub("", self.name) or self.name

    def set_label(self, code: str) -> str:
        """A referenced set as people read it (its short name); the code
        only if the set is not linked (a catalogue being checked)."""
        if code == self.code:
            return self.short_name
        other = self.linked_set(code)
        return other.short_name if other is not None else code

    # -- thresholds ----------------------------------------------------------
    def threshold(self, measure_code: str, class_code: str, year: int) -> ResolvedThreshold | None:
        """The threshold in force for a region/group and year, revisions
        applied; ``None`` when nothing at all is encoded."""
        from ntm.core.thresholds import resolve_threshold

        return resolve_threshold(self, self.measure(measure_code), class_code, year)

    def with_revisions(self, revisions: Iterable[ThresholdRevision]) -> CriteriaSet:
        """A new set with ``revisions`` applied on top of those already held.
        Revisions of a linked set (e.g. the advanced-commune income level used
        by the model commune's K2) are passed on to it."""
        from ntm.core.thresholds import apply_revisions

        return apply_revisions(self, tuple(revisions))

    def iter_measures(self) -> Iterator[Measure]:
        yield from self.indicators
        yield from self.conditions
