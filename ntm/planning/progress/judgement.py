"""Status of a target: the rule of the package docstring, and the share of
the year a period closes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from django.utils.translation import gettext_lazy

from ntm.errors import NtmError
from ntm.monitoring.models import Period
from ntm.planning.models import Comparison


class ProgressError(NtmError):
    """A period the plan cannot be followed in; the message says why."""

    code = "plan_progress"


class Status(StrEnum):
    ACHIEVED = "achieved"
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    MISSED = "missed"
    NO_DATA = "no_data"

    @property
    def label(self) -> str:
        return str(STATUS_LABELS[self])

    @property
    def style(self) -> str:
        return STATUS_STYLES[self]


STATUS_LABELS = {
    Status.ACHIEVED: gettext_lazy("Đã đạt"),
    Status.ON_TRACK: gettext_lazy("Đúng tiến độ"),
    Status.AT_RISK: gettext_lazy("Có nguy cơ không đạt"),
    Status.MISSED: gettext_lazy("Không đạt"),
    Status.NO_DATA: gettext_lazy("Chưa đủ số liệu"),
}
STATUS_STYLES = {
    Status.ACHIEVED: "success",
    Status.ON_TRACK: "primary",
    Status.AT_RISK: "warning",
    Status.MISSED: "danger",
    Status.NO_DATA: "secondary",
}

_KIND_RANK: dict[str, int] = {
    Period.Kind.MONTH: 0,
    Period.Kind.QUARTER: 1,
    Period.Kind.YEAR: 2,
}


def period_key(period: Period) -> tuple[dt.date, int]:
    return (period.end, _KIND_RANK.get(period.kind, 0))


def elapsed_share(period: Period) -> Decimal:
    """Share of the year behind us at the end of the period."""
    if period.kind == Period.Kind.QUARTER:
        return Decimal(period.number) / 4
    if period.kind == Period.Kind.MONTH:
        return Decimal(period.number) / 12
    return Decimal(1)


@dataclass(frozen=True)
class Judgement:
    status: Status
    expected: Decimal | None  # expected progress at the end of the period
    gap: Decimal | None  # what is still missing (0 when achieved)
    beyond: bool = False  # past the upper end of a range


def _decreasing(comparison: str, value: Decimal, baseline: Decimal | None) -> bool:
    if comparison == Comparison.AT_MOST:
        return True
    if comparison == Comparison.EXACTLY:
        return baseline is not None and baseline > value
    return False


def judge(
    *,
    comparison: str,
    value: Decimal | None,
    value_max: Decimal | None,
    actual: Decimal | None,
    baseline: Decimal | None,
    share: Decimal,
    complete: bool = True,
) -> Judgement:
    """The status of a target given its actual at the end of a period that
    closes ``share`` of the year (see the module docstring). ``complete``
    says whether every commune in scope has approved figures: a year is not
    declared missed on incomplete figures."""
    if actual is None or value is None:
        return Judgement(Status.NO_DATA, None, None)
    down = _decreasing(comparison, value, baseline)
    if comparison == Comparison.MORE_THAN:
        met = actual > value
    elif comparison == Comparison.EXACTLY:
        met = actual == value
    elif down:
        met = actual <= value
    else:
        met = actual >= value
    beyond = comparison == Comparison.BETWEEN and value_max is not None and actual > value_max
    if met:
        return Judgement(Status.ACHIEVED, None, Decimal(0), beyond)
    gap = actual - value if down else value - actual
    if share >= 1:
        return Judgement(Status.MISSED if complete else Status.AT_RISK, value, gap)
    start = baseline if baseline is not None else Decimal(0)
    expected = start + (value - start) * share
    on_track = actual <= expected if down else actual >= expected
    return Judgement(Status.ON_TRACK if on_track else Status.AT_RISK, expected, gap)
