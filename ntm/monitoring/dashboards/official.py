"""The one reading of official figures: the approved evaluations of the
communes in a scope, as observations for :mod:`ntm.core.status_at`, so that
every dashboard, report and the command line count a commune's status at a
period the same way (its latest approved evaluation at or before the
period, in the same criteria set; carried forward when older)."""

from __future__ import annotations

from collections.abc import Collection, Hashable, Iterable
from dataclasses import dataclass

from django.db.models import Q

from ntm.core.status_at import Coverage, Observed, Rank, coverage_of, status_at
from ntm.monitoring.dashboards.periods import period_sort_key
from ntm.monitoring.models import Evaluation, Period, ReportStatus
from ntm.units.models import AdminUnit, UnitType


@dataclass(frozen=True)
class Judged:
    """An approved evaluation of a commune, with what the figures group by."""

    evaluation_id: int
    report_id: int
    unit_code: str
    district_code: str
    border: bool
    period: Period  # the period the evaluation comes from
    criteria_met: int
    band: int


Status = dict[tuple[Hashable, str], Observed[Judged]]  # (commune code, set code) → status


def communes_q(prefix: str, scope: AdminUnit) -> Q:
    """Communes of the programme below ``scope``, behind a relation ``prefix``."""
    return Q(
        **{
            f"{prefix}type": UnitType.COMMUNE,
            f"{prefix}in_programme": True,
            f"{prefix}path__startswith": scope.path + "/",
        }
    )


def rank_of(period: Period) -> Rank:
    return period_sort_key(period)


def approved_observations(
    scope: AdminUnit, set_codes: Iterable[str], *, until: Period | None = None
) -> list[Observed[Judged]]:
    """Every approved evaluation of the communes in ``scope`` against
    ``set_codes`` (ending at or before ``until`` when given): one query for
    the evaluations, one for their few periods."""
    qs = Evaluation.objects.filter(
        communes_q("report__unit__", scope),
        report__status=ReportStatus.APPROVED,
        criteria_set__code__in=list(set_codes),
    )
    if until is not None:
        qs = qs.filter(report__period__end__lte=until.end)
    rows = list(
        qs.values_list(
            "pk",
            "criteria_set__code",
            "criteria_met_count",
            "band",
            "report__unit__code",
            "report__unit__parent__code",
            "report__unit__border",
            "report__period_id",
            "report_id",
        ).order_by()
    )
    periods = {p.pk: p for p in Period.objects.filter(pk__in={r[7] for r in rows})}
    ranks = {pk: rank_of(p) for pk, p in periods.items()}
    return [
        Observed(
            unit_code,
            set_code,
            period_id,
            ranks[period_id],
            Judged(pk, report_id, unit_code, district or "", border, periods[period_id], met, band),
        )
        for pk, set_code, met, band, unit_code, district, border, period_id, report_id in rows
    ]


def official_status(
    observations: Iterable[Observed[Judged]], period: Period, set_codes: Collection[str]
) -> Status:
    """Each commune's status at ``period`` in each of ``set_codes``."""
    return status_at(observations, rank_of(period), set_codes)


def in_set(status: Status, set_code: str) -> list[Judged]:
    """The statuses of one criteria set, one per commune with data."""
    return [o.item for (_unit, code), o in status.items() if code == set_code]


def coverage(
    communes: Collection[Hashable], status: Status, set_code: str, period: Period
) -> Coverage:
    """Coverage of ``communes`` (codes) by their status in ``set_code``."""
    chosen = [o for (_unit, code), o in status.items() if code == set_code]
    return coverage_of(communes, chosen, period.pk)
