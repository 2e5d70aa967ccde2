"""What a progress page shows: one row per target, grouped by kind."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from ntm.core.numbers_vi import format_average
from ntm.monitoring.models import Period
from ntm.planning.figures import num, short
from ntm.planning.measures import MEASURES, Actual
from ntm.planning.models import Plan, ReportedActual, Target, TargetKind
from ntm.planning.progress.judgement import Judgement, Status
from ntm.units.models import AdminUnit

BORDER_COMMUNES = "border_communes"  # the measure counting the units' border flags


@dataclass(frozen=True)
class TrendPoint:
    period: Period
    value: Decimal | None

    @property
    def text(self) -> str:
        return short(self.value)


@dataclass(frozen=True)
class ShownPoint(TrendPoint):
    """A trend point with the text its row's quantity gives it."""

    shown: str = ""

    @property
    def text(self) -> str:
        return self.shown


@dataclass
class Row:
    target: Target
    goal: str
    actual: Actual
    baseline: Decimal | None
    baseline_source: str
    judgement: Judgement
    trend: list[TrendPoint]
    how: str
    last_report: ReportedActual | None = None

    @property
    def status(self) -> Status:
        return self.judgement.status

    def figure(self, value: Decimal | None) -> str:
        """A figure of this target: an average of criteria always with two
        decimals (13,29, as on the dashboards), others as entered."""
        definition = MEASURES.get(self.target.measure)
        if value is not None and definition is not None and definition.averages:
            return format_average(value)
        return short(value)

    @property
    def trend_shown(self) -> list[TrendPoint]:
        """The trend with each point written by :meth:`figure`."""
        return [ShownPoint(p.period, p.value, self.figure(p.value)) for p in self.trend]

    @property
    def value(self) -> Decimal | None:
        return self.actual.value

    @property
    def actual_text(self) -> str:
        value = self.actual.value
        if value is None:
            return self.missing_text
        if self.target.of_total and self.target.unit == "xã":  # i18n: data (a unit of measure)
            return f"{num(value)}/{num(self.actual.total or self.target.of_total)}"
        return self.figure(value)

    @property
    def missing_text(self) -> str:
        """Why the actual cannot be computed and what is missing: never a
        verdict of "met" or "not met" on figures that are not there."""
        if self.actual.value is not None:
            return ""
        if self.actual.detail:
            return _("chưa đủ số liệu: %(reason)s") % {"reason": self.actual.detail}
        return _("chưa đủ số liệu")

    @property
    def data_task(self) -> str:
        """What the office must supply before the target can be judged (blank
        when it can be, and for targets a responsible body reports)."""
        if self.status is not Status.NO_DATA or self.target.is_reported:
            return ""
        if self.target.measure == BORDER_COMMUNES and self.target.value is not None:
            return _(
                "Chưa xác định %(communes)s xã biên giới: đánh dấu thuộc tính «xã biên giới» "
                "của các xã trong danh mục đơn vị hành chính"
            ) % {"communes": num(self.target.value)}
        return f"{self.target.label}: {self.missing_text}"

    @property
    def coverage_text(self) -> str:
        a = self.actual
        if a.reported is None or a.total is None:
            return ""
        return _("%(reported)s/%(total)s xã có số liệu") % {
            "reported": a.reported,
            "total": a.total,
        }

    @property
    def gap_text(self) -> str:
        gap = self.judgement.gap
        if gap is None:
            return ""
        if gap <= 0:
            return _("vượt mức trên") if self.judgement.beyond else "0"
        return self.figure(gap)

    @property
    def baseline_text(self) -> str:
        return self.figure(self.baseline)

    @property
    def expected_text(self) -> str:
        e = self.judgement.expected
        if e is None or self.status is Status.MISSED:
            return ""
        return self.figure(e)

    @property
    def direction(self) -> str:
        values = [p.value for p in self.trend if p.value is not None]
        if len(values) < 2:
            return ""
        if values[-1] > values[-2]:
            return "up"
        if values[-1] < values[-2]:
            return "down"
        return "flat"

    @property
    def direction_label(self) -> str:
        return {"up": _("tăng"), "down": _("giảm"), "flat": _("không đổi")}.get(self.direction, "")


@dataclass
class Group:
    kind: str
    label: str
    rows: list[Row]


@dataclass
class Progress:
    plan: Plan
    scope: AdminUnit
    period: Period
    periods: list[Period]  # choices: the year's periods with figures, and the year
    baseline: Period | None
    rows: list[Row]
    communes: int
    reported: int  # communes with an approved status at the period (plan set)
    has_data: bool
    carried: int = 0  # of ``reported``, carried forward from an earlier period

    @property
    def groups(self) -> list[Group]:
        by_kind: dict[str, list[Row]] = defaultdict(list)
        for row in self.rows:
            by_kind[row.target.kind].append(row)
        return [
            Group(kind, str(label), by_kind[kind])
            for kind, label in TargetKind.choices
            if by_kind.get(kind)
        ]

    @property
    def status_counts(self) -> list[tuple[Status, int]]:
        counts = {s: 0 for s in Status}
        for row in self.rows:
            counts[row.status] += 1
        return [(s, n) for s, n in counts.items() if n]

    @property
    def data_tasks(self) -> list[Row]:
        """Targets that read "chưa đủ số liệu", each with what is missing."""
        return [r for r in self.rows if r.data_task]

    def row(self, key: str) -> Row:
        return next(r for r in self.rows if r.target.key == key)

    @property
    def trend_periods(self) -> list[Period]:
        """The baseline period, then the year's periods with figures (or its
        quarters when there are none yet)."""
        return [p.period for p in self.rows[0].trend] if self.rows else []
