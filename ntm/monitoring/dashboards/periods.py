"""Sets, levels and periods of the dashboards: which commune sets are judged
in a year (the main set first), the levels they define, and periods in
their display order."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from ntm.core.criteria_catalog import CriteriaCatalog
from ntm.core.criteria_model import CountBand, JudgedUnit
from ntm.core.criteria_model import CriteriaSet as CoreSet
from ntm.core.periods import PeriodError, parse_period
from ntm.monitoring.dashboards.errors import DashboardError
from ntm.monitoring.models import (
    Period,
)


def commune_sets(catalog: CriteriaCatalog, year: int) -> list[CoreSet]:
    """The sets a rural commune is judged against in ``year``, main set first."""
    return catalog.sets_for(JudgedUnit.COMMUNE, year)


def main_set_for(catalog: CriteriaCatalog, year: int) -> CoreSet | None:
    sets = commune_sets(catalog, year)
    return sets[0] if sets else None


def main_sets(catalog: CriteriaCatalog) -> dict[str, CoreSet]:
    """Every commune main set (one per stage of the programme), by code."""
    years = {y for s in catalog if s.unit_type == JudgedUnit.COMMUNE for y in s.years}
    found: dict[str, CoreSet] = {}
    for year in sorted(years):
        main = main_set_for(catalog, year)
        if main is not None:
            found.setdefault(main.code, main)
    return found


@dataclass(frozen=True)
class LevelDef:
    set_code: str
    code: str
    name: str

    @property
    def key(self) -> str:
        return f"{self.set_code}:{self.code}"


def level_defs(sets: Iterable[CoreSet]) -> list[LevelDef]:
    """Levels in the order of the sets (NTM, then advanced, then model)."""
    return [LevelDef(s.code, lv.code, lv.name) for s in sets for lv in s.levels]


_KIND_RANK: dict[str, int] = {Period.Kind.MONTH: 0, Period.Kind.QUARTER: 1, Period.Kind.YEAR: 2}


def period_sort_key(period: Period) -> tuple[dt.date, int]:
    """Oldest first; at the same end date the year comes after its Q4 and
    December, being the fuller account."""
    return (period.end, _KIND_RANK.get(period.kind, 0))


def period_from_values(row: dict[str, Any], prefix: str) -> Period:
    """An unsaved Period from a ``values()`` row read with :func:`period_fields`."""
    return Period(
        pk=row[f"{prefix}id"],
        code=row[f"{prefix}code"],
        kind=row[f"{prefix}kind"],
        year=row[f"{prefix}year"],
        number=row[f"{prefix}number"],
        start=row[f"{prefix}start"],
        end=row[f"{prefix}end"],
    )


def period_fields(prefix: str) -> list[str]:
    """The ``values()`` fields a Period is rebuilt from, behind a relation ``prefix``."""
    return [f"{prefix}{f}" for f in ("id", "code", "kind", "year", "number", "start", "end")]


def with_period(periods: list[Period], period: Period) -> list[Period]:
    """``periods`` with one more, in display order."""
    return sorted([*periods, period], key=period_sort_key)


def parse_code(code: str) -> str:
    """The normal form of a period code typed by a person, or a Vietnamese error."""
    try:
        return parse_period(code).code
    except PeriodError as exc:
        raise DashboardError(str(exc)) from exc


def period_pick(periods: list[Period], code: str | None) -> Period | None:
    """The period a page asks for: ``code`` (typed by a person) when given,
    else the latest of ``periods``."""
    if not code:
        return periods[-1] if periods else None
    wanted = parse_code(code)
    return next((p for p in periods if p.code == wanted), None) or period_lookup(wanted)


def period_lookup(code: str) -> Period:
    """The stored period for a code typed by a person, or a Vietnamese error."""
    normalised = parse_code(code)
    period = Period.objects.filter(code=normalised).first()
    if period is None:
        raise DashboardError(_("Chưa có kỳ báo cáo «%(code)s».") % {"code": normalised})
    return period


def band_label(main: CoreSet, met: int | None) -> str:
    """The count band a number of criteria met falls in (blank without figures)."""
    if met is None:
        return ""
    band: CountBand | None = None
    for b in main.count_bands:
        if met >= b.lower:
            band = b
    return band.label if band else ""
