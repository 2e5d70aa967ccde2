"""A unit's official status at a period: for each series (a criteria set),
the latest approved observation at or before the period, with the period it
comes from. Every official figure (dashboards, reports, the command line) is
counted on this one basis, so a figure moves only when an approved value
moved, and communes that did not report this period are carried forward
from their last approved period rather than counted as failing.

Pure Python: the callers read the approved observations from the database
and hand them here with a sortable rank for their period."""

from __future__ import annotations

from collections.abc import Collection, Hashable, Iterable
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")
Rank = tuple[object, ...]  # a period's place in time; larger is later


@dataclass(frozen=True)
class Observed(Generic[T]):
    """One approved observation of a unit in a series at a period."""

    unit: Hashable
    series: str
    period: Hashable
    rank: Rank
    item: T


def status_at(
    observations: Iterable[Observed[T]], cutoff: Rank, series: Collection[str]
) -> dict[tuple[Hashable, str], Observed[T]]:
    """(unit, series) → its latest observation ranked at or before ``cutoff``,
    among the ``series`` asked for (the sets judged at that period: a value
    is never carried from one criteria set into another)."""
    chosen: dict[tuple[Hashable, str], Observed[T]] = {}
    for o in observations:
        if o.series not in series or o.rank > cutoff:
            continue
        key = (o.unit, o.series)
        held = chosen.get(key)
        if held is None or o.rank > held.rank:
            chosen[key] = o
    return chosen


@dataclass(frozen=True)
class Coverage:
    """How many units a figure covers: every unit in scope, those with an
    approved status (reported at the period or carried forward), and of
    those how many are carried forward from an earlier period."""

    communes: int
    with_data: int
    carried_forward: int

    @property
    def reported(self) -> int:
        """Units whose status comes from the period itself."""
        return self.with_data - self.carried_forward

    @property
    def without_data(self) -> int:
        return self.communes - self.with_data

    def as_dict(self) -> dict[str, int]:
        return {
            "communes": self.communes,
            "with_data": self.with_data,
            "carried_forward": self.carried_forward,
            "without_data": self.without_data,
        }


def coverage_of(
    units: Collection[Hashable], chosen: Iterable[Observed[T]], period: Hashable
) -> Coverage:
    """The coverage of ``units`` by the observations :func:`status_at` chose
    (for one series); observations of units outside ``units`` are ignored."""
    with_data = carried = 0
    for o in chosen:
        if o.unit in units:
            with_data += 1
            carried += o.period != period
    return Coverage(len(units), with_data, carried)


def statuses_over(
    observations: Iterable[Observed[T]], cutoffs: Iterable[Rank]
) -> Iterable[tuple[Rank, dict[tuple[Hashable, str], Observed[T]]]]:
    """For each cutoff (in increasing order) the latest observation of every
    (unit, series) at or before it, in one sweep over the observations
    sorted by rank: what :func:`status_at` gives for each cutoff, for the
    cost of one. The dictionary yielded is updated in place for the next
    cutoff; copy it to keep it."""
    ordered = sorted(observations, key=lambda o: o.rank)
    latest: dict[tuple[Hashable, str], Observed[T]] = {}
    i = 0
    for cutoff in sorted(cutoffs):
        while i < len(ordered) and ordered[i].rank <= cutoff:
            o = ordered[i]
            latest[(o.unit, o.series)] = o
            i += 1
        yield cutoff, latest
