"""The monitoring figures a plan's measures read, on the official basis of
every figure (``ntm.monitoring.dashboards.official``): at each period, each
commune's latest approved evaluation at or before it in the same criteria
set, carried forward when older. The approved evaluations of the scope are
read once; each family (criteria met, levels, indicator verdicts) is one
query over the evaluations chosen for any period, folded here per period."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy

from ntm.core.criteria_catalog import CriteriaCatalog
from ntm.core.criteria_model import JudgedUnit
from ntm.core.evaluation import Verdict
from ntm.criteria.selectors import criteria_catalog
from ntm.monitoring.dashboards.official import (
    Judged,
    approved_observations,
    official_status,
)
from ntm.monitoring.models import (
    Evaluation,
    EvaluationCriterion,
    EvaluationLevel,
    Period,
    Recognition,
)
from ntm.planning.models import Level, TargetedCommune
from ntm.units.models import AdminUnit, UnitType
from ntm.units.selectors import unit_programme_communes

NO_APPROVED_DATA = gettext_lazy("chưa có xã nào có số liệu đã phê duyệt")


@dataclass(frozen=True)
class Actual:
    """A measured figure for one period; ``value`` None means no data."""

    value: Decimal | None
    reported: int | None = None  # communes with an approved status
    total: int | None = None  # communes in scope
    detail: str = ""
    carried: int | None = None  # of ``reported``, carried forward from an earlier period


def commune_q(prefix: str, scope: AdminUnit) -> Q:
    return Q(
        **{
            f"{prefix}type": UnitType.COMMUNE,
            f"{prefix}in_programme": True,
            f"{prefix}path__startswith": scope.path + "/",
        }
    )


@dataclass
class Hist:
    """Communes with an approved status in one set at one period, by
    criteria met, border flag and NTM recognition in force."""

    rows: list[tuple[int, bool, bool, int]] = field(default_factory=list)
    carried: int = 0

    def communes(self, *, border: bool | None = None, recognised: bool | None = None) -> int:
        return sum(
            n
            for _c, b, r, n in self.rows
            if (border is None or b == border) and (recognised is None or r == recognised)
        )

    def met_sum(self, *, border: bool | None = None, recognised: bool | None = None) -> int:
        return sum(
            c * n
            for c, b, r, n in self.rows
            if (border is None or b == border) and (recognised is None or r == recognised)
        )

    def below(self, criteria: int) -> int:
        return sum(n for c, _b, _r, n in self.rows if c < criteria)

    def full(self, n_criteria: int) -> int:
        return sum(n for c, _b, _r, n in self.rows if c >= n_criteria)


Chosen = dict[int, dict[str, list[Judged]]]  # period id → set code → statuses


class MeasureContext:
    """Monitoring figures of one scope for a set of periods, each family read
    once (and only when a measure asks for it)."""

    def __init__(
        self,
        *,
        scope: AdminUnit,
        year: int,
        plan_set: str,
        periods: Sequence[Period],
        baseline: Period | None = None,
        catalog: CriteriaCatalog | None = None,
        sets: Sequence[str] = (),
        indicators: Sequence[tuple[str, str]] = (),
        new_criteria: Sequence[str] | None = None,
    ) -> None:
        """``sets``, ``indicators`` (set, code) and ``new_criteria`` name
        what the measures will ask for; the statuses of every commune set
        are read at once, so asking for more costs nothing more."""
        self.scope = scope
        self.sets = sorted({plan_set, *sets})
        self.indicators = sorted(set(indicators))
        self.new_criteria = None if new_criteria is None else sorted(set(new_criteria))
        self.year = year
        self.plan_set = plan_set
        self.periods = [p for p in periods if p.pk is not None]
        self.baseline = baseline if baseline is not None and baseline.pk is not None else None
        self.catalog = catalog or criteria_catalog()
        self._ids = [p.pk for p in self.periods]
        if self.baseline is not None and self.baseline.pk not in self._ids:
            self._ids.append(self.baseline.pk)
        self._by_id = {
            p.pk: p for p in [*self.periods, *([self.baseline] if self.baseline else [])]
        }

    def n_criteria(self, set_code: str) -> int:
        return len(self.catalog.get(set_code).criteria)

    # -- the official statuses ----------------------------------------------------------
    @cached_property
    def communes(self) -> dict[str, int]:
        return unit_programme_communes(self.scope).aggregate(
            total=Count("pk"),
            border=Count("pk", filter=Q(border=True)),
            districts=Count("parent_id", distinct=True),
        )

    @cached_property
    def _chosen(self) -> Chosen:
        """Per period and set, the status of each commune with data (one query)."""
        codes = {s.code for s in self.catalog if s.unit_type == JudgedUnit.COMMUNE} | set(self.sets)
        if not self._ids:
            return {}
        last = max(self._by_id.values(), key=lambda p: p.end)
        observations = approved_observations(self.scope, codes, until=last)
        chosen: Chosen = {}
        for pid in self._ids:
            by_set: dict[str, list[Judged]] = defaultdict(list)
            for (_unit, set_code), o in official_status(
                observations, self._by_id[pid], codes
            ).items():
                by_set[set_code].append(o.item)
            chosen[pid] = by_set
        return chosen

    def judged(self, period_id: int, set_code: str) -> list[Judged]:
        return self._chosen.get(period_id, {}).get(set_code, [])

    def _ids_of(self, set_code: str | None = None) -> set[int]:
        return {
            j.evaluation_id
            for by_set in self._chosen.values()
            for code, judged in by_set.items()
            if set_code is None or code == set_code
            for j in judged
        }

    @cached_property
    def _recognised(self) -> dict[str, list[tuple[dt.date, dt.date | None]]]:
        """Commune code → its NTM decisions (decided, revoked)."""
        out: dict[str, list[tuple[dt.date, dt.date | None]]] = defaultdict(list)
        for code, decided, revoked in Recognition.objects.filter(
            commune_q("unit__", self.scope), level=Level.NTM
        ).values_list("unit__code", "decision_date", "revoked_on"):
            out[code].append((decided, revoked))
        return out

    def recognised_at(self, unit_code: str, end: dt.date) -> bool:
        return any(
            d <= end and (r is None or r > end) for d, r in self._recognised.get(unit_code, [])
        )

    def hist(self, period_id: int, set_code: str) -> Hist:
        cache: dict[tuple[int, str], Hist] = self.__dict__.setdefault("_hist_cache", {})
        if (period_id, set_code) not in cache:
            cache[(period_id, set_code)] = self._hist(period_id, set_code)
        return cache[(period_id, set_code)]

    def _hist(self, period_id: int, set_code: str) -> Hist:
        period = self._by_id.get(period_id)
        if period is None:
            return Hist()
        counts: Counter[tuple[int, bool, bool]] = Counter()
        carried = 0
        for j in self.judged(period_id, set_code):
            counts[(j.criteria_met, j.border, self.recognised_at(j.unit_code, period.end))] += 1
            carried += j.period.pk != period_id
        return Hist([(c, b, r, n) for (c, b, r), n in counts.items()], carried)

    # -- families -------------------------------------------------------------------
    @cached_property
    def _criteria_met(self) -> dict[int, set[str]]:
        """Evaluation id → criteria met, for the plan's set (one query)."""
        out: dict[int, set[str]] = defaultdict(set)
        for evaluation_id, code in EvaluationCriterion.objects.filter(
            evaluation_id__in=sorted(self._ids_of(self.plan_set)), met=True
        ).values_list("evaluation_id", "code"):
            out[evaluation_id].add(code)
        return out

    def criterion_met(self, period_id: int, code: str) -> int:
        met = self._criteria_met
        judged = self.judged(period_id, self.plan_set)
        return sum(code in met.get(j.evaluation_id, ()) for j in judged)

    @cached_property
    def _levels_reached(self) -> dict[int, set[str]]:
        out: dict[int, set[str]] = defaultdict(set)
        for evaluation_id, code in EvaluationLevel.objects.filter(
            evaluation_id__in=sorted(self._ids_of())
        ).values_list("evaluation_id", "code"):
            out[evaluation_id].add(code)
        return out

    def level_met(self, period_id: int, set_code: str, code: str) -> int:
        reached = self._levels_reached
        judged = self.judged(period_id, set_code)
        return sum(code in reached.get(j.evaluation_id, ()) for j in judged)

    @cached_property
    def _verdicts(self) -> dict[int, dict[str, int]]:
        """Evaluation id → stored verdicts, for the sets indicators are asked of."""
        sets = {s for s, _c in self.indicators}
        ids = set().union(*(self._ids_of(s) for s in sets)) if sets else set()
        return dict(Evaluation.objects.filter(pk__in=sorted(ids)).values_list("pk", "verdicts"))

    def indicator_met(self, period_id: int, set_code: str, code: str) -> int:
        """Communes whose official evaluation has indicator ``code`` met."""
        if (set_code, code) not in self.indicators:
            self.indicators.append((set_code, code))
            self.__dict__.pop("_verdicts", None)
        verdicts = self._verdicts
        return sum(
            verdicts.get(j.evaluation_id, {}).get(code) == Verdict.MET
            for j in self.judged(period_id, set_code)
        )

    def criteria_new(self, period_id: int, code: str) -> int | None:
        """Communes meeting criterion ``code`` at the period that did not at
        the baseline (None without a baseline period)."""
        if self.baseline is None:
            return None
        met = self._criteria_met
        before = {
            j.unit_code
            for j in self.judged(self.baseline.pk, self.plan_set)
            if code in met.get(j.evaluation_id, ())
        }
        return sum(
            code in met.get(j.evaluation_id, ()) and j.unit_code not in before
            for j in self.judged(period_id, self.plan_set)
        )

    @cached_property
    def district_names(self) -> dict[str, str]:
        """Code → name of the districts with programme communes in scope."""
        return dict(
            unit_programme_communes(self.scope)
            .values_list("parent__code", "parent__name")
            .distinct()
            .order_by("parent__name")
        )

    @cached_property
    def _named_upgrades(self) -> dict[str, str]:
        """Commune code → district code of the communes named this year
        (on the province plan) to complete the full 2021-2025 set."""
        return dict(
            TargetedCommune.objects.filter(
                commune_q("unit__", self.scope),
                plan__year=self.year,
                plan__parent__isnull=True,
                level=Level.UPGRADE,
            ).values_list("unit__code", "unit__parent__code")
        )

    def _full(self, period_id: int) -> set[str]:
        n = self.n_criteria(self.plan_set)
        return {j.unit_code for j in self.judged(period_id, self.plan_set) if j.criteria_met >= n}

    def district_upgraded(self, period_id: int) -> dict[str, tuple[int, int]] | None:
        """District code → (communes named, of which reached every criterion
        of the plan's set during the year: full at the period, not full at
        the baseline); None without a baseline period. Districts that named
        none are absent."""
        if self.baseline is None:
            return None
        before = self._full(self.baseline.pk)
        now = self._full(period_id) if period_id != self.baseline.pk else before
        out: dict[str, tuple[int, int]] = {}
        for commune, district in self._named_upgrades.items():
            named, done = out.get(district, (0, 0))
            out[district] = (named + 1, done + (commune in now and commune not in before))
        return out

    @cached_property
    def _recognitions(self) -> tuple[bool, dict[tuple[int, str], tuple[int, int]]]:
        """Decisions in force at each period's end and decided during the
        year up to it, per level: one grouped query, folded here."""
        rows = list(
            Recognition.objects.filter(commune_q("unit__", self.scope))
            .values("level", "decision_date", "revoked_on")
            .annotate(n=Count("pk"))
            .order_by()
        )
        start = dt.date(self.year, 1, 1)
        counts: dict[tuple[int, str], tuple[int, int]] = {}
        for pid in self._ids:
            end = self._by_id[pid].end
            for level in Level.values:
                mine = [r for r in rows if r["level"] == level and r["decision_date"] <= end]
                in_force = sum(
                    r["n"] for r in mine if r["revoked_on"] is None or r["revoked_on"] > end
                )
                in_year = sum(r["n"] for r in mine if r["decision_date"] >= start)
                counts[(pid, level)] = (in_force, in_year)
        return bool(rows), counts

    # -- helpers for measures -------------------------------------------------------
    def covered(self, period_id: int, set_code: str | None = None) -> tuple[int, int]:
        """(communes with an approved status, communes in scope) for a period."""
        return (
            self.hist(period_id, set_code or self.plan_set).communes(),
            self.communes["total"],
        )

    def per_period(self, fn: Callable[[int], Actual]) -> dict[int, Actual]:
        return {pid: fn(pid) for pid in self._ids}

    def counted(self, pid: int, value: int, set_code: str | None = None) -> Actual:
        """A count of communes, or no data when no commune has an approved status."""
        h = self.hist(pid, set_code or self.plan_set)
        reported, total = h.communes(), self.communes["total"]
        if reported == 0:
            return Actual(None, reported, total, str(NO_APPROVED_DATA))
        return Actual(Decimal(value), reported, total, carried=h.carried)
