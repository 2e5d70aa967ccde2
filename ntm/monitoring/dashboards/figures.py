"""The figures of a dashboard page (province or district): counts and shares
of communes, the rows of the area and trend tables, the commune lists, and
the :class:`Dashboard` that holds them with the template-shaped rows."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from ntm.core.criteria_model import CriteriaSet as CoreSet
from ntm.core.numbers_vi import (
    format_average,
    format_count,
    format_percent,
)
from ntm.core.status_at import Coverage
from ntm.monitoring.dashboards.periods import (
    LevelDef,
)
from ntm.monitoring.models import (
    Period,
    Report,
    ReportStatus,
)
from ntm.units.models import AdminUnit


def share_of(part: int, whole: int) -> float:
    return 100.0 * part / whole if whole else 0.0


def _percent_text(part: int, whole: int) -> str:
    return format_percent(share_of(part, whole))


@dataclass(frozen=True)
class CriterionFigure:
    code: str
    name: str
    met: int
    total: int  # communes in scope
    with_data: int = 0  # communes with an approved status (the others are not counted as failing)
    carried: int = 0  # of which carried forward from an earlier period

    @property
    def not_met(self) -> int:
        return self.with_data - self.met

    @property
    def without_data(self) -> int:
        return self.total - self.with_data

    @property
    def share(self) -> float:
        return share_of(self.met, self.total)

    @property
    def count_text(self) -> str:  # "65/181"
        return f"{format_count(self.met)}/{format_count(self.total)}"

    @property
    def percent_text(self) -> str:  # "35,91%"
        return _percent_text(self.met, self.total)


@dataclass(frozen=True)
class CountFigure:
    """A number of communes (at a level, in a band) out of ``total``."""

    code: str
    label: str
    count: int
    total: int

    @property
    def share(self) -> float:
        return share_of(self.count, self.total)

    @property
    def count_text(self) -> str:
        return f"{format_count(self.count)}/{format_count(self.total)}"

    @property
    def percent_text(self) -> str:
        return _percent_text(self.count, self.total)


def _avg(total: int, n: int) -> float | None:
    return total / n if n else None


def _avg_text(value: float | None) -> str:
    return format_average(value)


@dataclass
class AreaRow:
    """Figures of one area: a district in the province table, or the whole
    scope in the total row."""

    code: str
    name: str
    communes: int = 0
    border_flagged: int = 0
    reported: int = 0  # communes with an approved status (carried forward or not)
    carried: int = 0  # of which carried forward from an earlier period
    met_sum: int = 0
    full: int = 0
    border_reported: int = 0
    border_sum: int = 0
    bands: list[int] = field(default_factory=list)
    levels: dict[str, int] = field(default_factory=dict)  # LevelDef.key → communes
    criteria: dict[str, int] = field(default_factory=dict)  # criterion code → communes met

    @property
    def avg(self) -> float | None:
        return _avg(self.met_sum, self.reported)

    @property
    def avg_text(self) -> str:
        return _avg_text(self.avg)

    @property
    def border_avg(self) -> float | None:
        return _avg(self.border_sum, self.border_reported)

    @property
    def border_avg_text(self) -> str:
        return _avg_text(self.border_avg)

    @property
    def unreported(self) -> int:
        return self.communes - self.reported

    def add(self, other: AreaRow) -> None:
        for name in (
            "communes",
            "border_flagged",
            "reported",
            "carried",
            "met_sum",
            "full",
            "border_reported",
            "border_sum",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        if len(self.bands) < len(other.bands):
            self.bands += [0] * (len(other.bands) - len(self.bands))
        for i, n in enumerate(other.bands):
            self.bands[i] += n
        for key, n in other.levels.items():
            self.levels[key] = self.levels.get(key, 0) + n
        for key, n in other.criteria.items():
            self.criteria[key] = self.criteria.get(key, 0) + n


@dataclass
class TrendRow:
    period: Period
    set_code: str
    reported: int
    met_sum: int
    full: int
    levels: dict[str, int]  # LevelDef.key → communes
    carried: int = 0  # communes carried forward from an earlier period

    @property
    def avg(self) -> float | None:
        return _avg(self.met_sum, self.reported)

    @property
    def avg_text(self) -> str:
        return _avg_text(self.avg)


@dataclass(frozen=True)
class CommuneStatus:
    """A commune in a list (no approved figures, recognised, ...)."""

    code: str
    name: str
    district: str
    border: bool
    report_status: str | None  # None: no report for the period
    met: int | None  # criteria met (official basis: latest approved, carried forward)
    recognised: bool
    missing: tuple[str, ...] = ()  # criteria not met, for the recognition gap
    carried_from: Period | None = None  # the earlier period ``met`` comes from

    @property
    def status_label(self) -> str:
        if self.report_status is None:
            return _("Chưa có báo cáo")
        return str(ReportStatus(self.report_status).label)

    @property
    def figures_label(self) -> str:
        """The report's status, and where the figures come from when they
        are carried forward from an earlier period."""
        if self.carried_from is None:
            return self.status_label
        return _("%(status)s; giữ số liệu đã phê duyệt %(period)s") % {
            "status": self.status_label,
            "period": str(self.carried_from).lower(),
        }


@dataclass
class RecognitionGap:
    """Recognition is not evaluation: who holds an NTM recognition, who meets
    every criterion of the current set, and who holds one but falls short."""

    recognised: int = 0
    meeting_all: int = 0
    recognised_meeting_all: int = 0
    recognised_short: list[CommuneStatus] = field(default_factory=list)
    recognised_unreported: list[CommuneStatus] = field(default_factory=list)
    meeting_all_not_recognised: list[CommuneStatus] = field(default_factory=list)


@dataclass
class CommuneRow:
    """A commune of a district dashboard with its figures for the period."""

    status: CommuneStatus
    criteria: dict[str, bool]  # criterion code → met (approved figures only)
    levels: list[str]  # names of the levels reached
    band: str


@dataclass
class Dashboard:
    scope: AdminUnit
    period: Period | None
    periods: list[Period]  # periods with approved figures in scope, oldest first
    main_set: CoreSet | None
    levels: list[LevelDef]
    total: AreaRow
    areas: list[AreaRow]  # districts (province scope)
    trend: list[TrendRow]
    recognition: RecognitionGap
    unreported: list[CommuneStatus]
    communes: list[CommuneRow] = field(default_factory=list)  # district scope
    queue: list[Report] = field(default_factory=list)  # district scope

    @property
    def is_district(self) -> bool:
        return self.scope.is_district

    @property
    def n_criteria(self) -> int:
        return len(self.main_set.criteria) if self.main_set else 0

    @property
    def criteria(self) -> list[CriterionFigure]:
        if self.main_set is None:
            return []
        return [
            CriterionFigure(
                c.code,
                c.name,
                self.total.criteria.get(c.code, 0),
                self.total.communes,
                self.total.reported,
                self.total.carried,
            )
            for c in self.main_set.criteria
        ]

    @property
    def level_figures(self) -> list[CountFigure]:
        return [
            CountFigure(lv.key, lv.name, self.total.levels.get(lv.key, 0), self.total.communes)
            for lv in self.levels
        ]

    @property
    def full_figure(self) -> CountFigure:
        return CountFigure(
            "all",
            _("Đạt đủ %(criteria)s tiêu chí") % {"criteria": self.n_criteria},
            self.total.full,
            self.total.communes,
        )

    @property
    def bands(self) -> list[CountFigure]:
        """Communes per count band, then those without approved figures, so
        that the shares add up to every commune in scope."""
        if self.main_set is None:
            return []
        rows = [
            CountFigure(str(i), band.label, self._band_count(i), self.total.communes)
            for i, band in enumerate(self.main_set.count_bands)
        ]
        rows.append(
            CountFigure(
                "none",
                _("Chưa có số liệu đã phê duyệt"),
                self.total.unreported,
                self.total.communes,
            )
        )
        return rows

    def _band_count(self, index: int) -> int:
        return self.total.bands[index] if index < len(self.total.bands) else 0

    @property
    def coverage_text(self) -> str:
        return _percent_text(self.total.reported, self.total.communes)

    @property
    def coverage(self) -> Coverage:
        t = self.total
        return Coverage(t.communes, t.reported, t.carried)

    # Rows shaped for templates (which cannot look dictionaries up by a variable).
    @property
    def trend_rows(self) -> list[dict[str, Any]]:
        return [
            {"row": t, "levels": [t.levels.get(lv.key, 0) for lv in self.levels]}
            for t in self.trend
        ]

    def _area_line(self, area: AreaRow) -> dict[str, Any]:
        return {
            "area": area,
            "levels": [area.levels.get(lv.key, 0) for lv in self.levels],
            "criteria": [area.criteria.get(c.code, 0) for c in self.main_set.criteria]
            if self.main_set
            else [],
        }

    @property
    def area_rows(self) -> list[dict[str, Any]]:
        return [self._area_line(a) for a in self.areas]

    @property
    def total_row(self) -> dict[str, Any]:
        return self._area_line(self.total)

    @property
    def commune_rows(self) -> list[dict[str, Any]]:
        codes = [c.code for c in self.main_set.criteria] if self.main_set else []
        return [{"row": r, "criteria": [r.criteria.get(c) for c in codes]} for r in self.communes]
