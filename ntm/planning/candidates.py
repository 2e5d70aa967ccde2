"""Which communes are closest to a level: the ranked list the province uses
to choose, say, the "+10 communes reaching NTM in 2023", and whether a target
is feasible at all.

A commune's position comes from its latest approved evaluation (the stored
verdicts and values, no re-evaluation): the criteria of the level's set it
still misses, plus those of the sets the level requires (an advanced commune
must meet the whole NTM set); then, for every indicator not met, how far its
value is from the threshold. Ranking: fewest criteria missing, then fewest
indicators missing, then smallest total relative gap, then name."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _

from ntm.core.criteria_catalog import CriteriaCatalog
from ntm.core.criteria_model import Comparison as MeasureComparison
from ntm.core.criteria_model import CriteriaSet as CoreSet
from ntm.core.criteria_model import Measure, SetMet, ValueType
from ntm.core.evaluation import Verdict
from ntm.core.numbers_vi import format_average, format_up_to
from ntm.core.reasons import format_value, threshold_text
from ntm.criteria.models import Indicator
from ntm.criteria.selectors import criteria_catalog
from ntm.monitoring.evaluations import stored_value_reader
from ntm.monitoring.models import (
    Evaluation,
    EvaluationCriterion,
    IndicatorValue,
    Recognition,
    ReportStatus,
)
from ntm.planning.figures import num
from ntm.planning.measures import level_set
from ntm.planning.models import Level, Plan, Target, TargetedCommune
from ntm.units.models import AdminUnit
from ntm.units.selectors import unit_programme_communes

FEASIBILITY_KS = (1, 2, 3)


_NUMERIC = (ValueType.PERCENT, ValueType.NUMBER, ValueType.COUNT)


@dataclass(frozen=True)
class IndicatorGap:
    """How far one unmet indicator is from its threshold. The texts are made
    when a page shows them; ranking only needs ``relative``."""

    measure: Measure
    criterion: str
    verdict: Verdict
    value: Any
    threshold: Any  # the threshold value in force, None when unknown

    @property
    def code(self) -> str:
        return self.measure.code

    @property
    def name(self) -> str:
        return self.measure.name

    def _numbers(self) -> tuple[float, float] | None:
        """(what is missing, the scale it is measured against) when both the
        value and the threshold are numbers."""
        thr, value = self.threshold, self.value
        if self.measure.value_type not in _NUMERIC or self.verdict != Verdict.NOT_MET:
            return None
        if isinstance(value, bool) or isinstance(thr, bool):
            return None
        if not isinstance(thr, (int, float)) or not isinstance(value, (int, float)):
            return None
        if self.measure.comparison == MeasureComparison.LE:
            return max(float(value) - float(thr), 0.0), max(abs(float(thr)), 1.0)
        return max(float(thr) - float(value), 0.0), abs(float(thr)) or 1.0

    @property
    def relative(self) -> float:
        """0..1: share of the threshold still missing (1 when unknown or yes/no)."""
        numbers = self._numbers()
        return 1.0 if numbers is None else min(numbers[0] / numbers[1], 1.0)

    @property
    def value_text(self) -> str:
        return "—" if self.value is None else format_value(self.measure, self.value)

    @property
    def threshold_text(self) -> str:
        if self.threshold is None:
            return _("chưa có ngưỡng")
        return threshold_text(self.measure, self.threshold)

    @property
    def gap_text(self) -> str:
        if self.verdict == Verdict.MISSING_VALUE:
            return _("thiếu số liệu")
        if self.verdict == Verdict.MISSING_THRESHOLD:
            return _("chưa có ngưỡng")
        numbers = self._numbers()
        if numbers is None:
            return _("chưa đạt")
        if self.measure.value_type is ValueType.PERCENT:
            unit = _(" điểm %")
        else:
            unit = f" {self.measure.unit}" if self.measure.unit else ""
        gap = format_up_to(numbers[0], 2)
        return _("còn thiếu %(gap)s%(unit)s") % {"gap": gap, "unit": unit}


class _SetFacts:
    """Per set: the criterion of each indicator, each region's class code
    and each threshold, looked up once."""

    def __init__(self, cset: CoreSet) -> None:
        self.cset = cset
        self.criterion = {m.code: c.code for c in cset.criteria for m in c.indicators}
        self._thresholds: dict[tuple[str, str, int], Any] = {}
        self._classes: dict[tuple[str, int | None], str | None] = {}

    def class_code(self, unit: AdminUnit) -> str | None:
        key = (unit.region, unit.commune_group)
        if key not in self._classes:
            self._classes[key] = unit.class_in(self.cset)
        return self._classes[key]

    def threshold(self, code: str, class_code: str | None, year: int) -> Any:
        if class_code is None:
            return None
        key = (code, class_code, year)
        if key not in self._thresholds:
            resolved = self.cset.threshold(code, class_code, year)
            self._thresholds[key] = resolved.value if resolved is not None else None
        return self._thresholds[key]


@dataclass(frozen=True)
class EvaluationRow:
    id: int
    report_id: int
    unit_id: int
    set_code: str
    period_code: str
    period_label: str
    period_end: dt.date
    status: str
    met: int
    verdicts: dict[str, int]


def latest_evaluations(
    unit_ids: list[int], set_codes: list[str], *, approved_only: bool = True
) -> dict[tuple[int, str], EvaluationRow]:
    """The latest evaluation of each commune for each set (approved ones
    only, unless ``approved_only`` is False: then an approved evaluation
    still wins over a later draft)."""
    qs = Evaluation.objects.filter(report__unit_id__in=unit_ids, criteria_set__code__in=set_codes)
    if approved_only:
        qs = qs.filter(report__status=ReportStatus.APPROVED)
    rank = {"thang": 0, "quy": 1, "nam": 2}
    best: dict[tuple[int, str], tuple[tuple[Any, ...], EvaluationRow]] = {}
    for r in qs.values(
        "pk",
        "report_id",
        "report__unit_id",
        "criteria_set__code",
        "report__period__code",
        "report__period__kind",
        "report__period__number",
        "report__period__year",
        "report__period__end",
        "report__status",
        "criteria_met_count",
        "verdicts",
    ):
        approved = r["report__status"] == ReportStatus.APPROVED
        key = (approved, r["report__period__end"], rank.get(r["report__period__kind"], 0))
        row = EvaluationRow(
            id=r["pk"],
            report_id=r["report_id"],
            unit_id=r["report__unit_id"],
            set_code=r["criteria_set__code"],
            period_code=r["report__period__code"],
            period_label=_period_label(r),
            period_end=r["report__period__end"],
            status=r["report__status"],
            met=r["criteria_met_count"],
            verdicts=r["verdicts"],
        )
        slot = (row.unit_id, row.set_code)
        if slot not in best or key > best[slot][0]:
            best[slot] = (key, row)
    return {slot: row for slot, (_k, row) in best.items()}


def _period_label(r: Mapping[str, Any]) -> str:
    kind, number, year = (
        r["report__period__kind"],
        r["report__period__number"],
        r["report__period__year"],
    )
    if kind == "quy":
        return _("Quý %(quarter)s/%(year)s") % {"quarter": number, "year": year}
    if kind == "thang":
        return _("Tháng %(month)s/%(year)s") % {"month": number, "year": year}
    return _("Năm %(year)s") % {"year": year}


def unmet_gaps(
    cset: CoreSet,
    evaluation: EvaluationRow,
    values: dict[str, Any],
    unit: AdminUnit,
    year: int,
    facts: _SetFacts | None = None,
) -> list[IndicatorGap]:
    """Every indicator of the set not met in an evaluation, in set order."""
    facts = facts or _SetFacts(cset)
    class_code = facts.class_code(unit)
    out = []
    for measure in cset.indicators:
        verdict = Verdict(evaluation.verdicts.get(measure.code, Verdict.MISSING_VALUE))
        if verdict in (Verdict.MET, Verdict.NOT_APPLICABLE):
            continue
        out.append(
            IndicatorGap(
                measure,
                facts.criterion[measure.code],
                verdict,
                values.get(measure.code),
                facts.threshold(measure.code, class_code, year),
            )
        )
    return out


def unmet_value_filter(cset: CoreSet, evaluations: list[EvaluationRow]) -> Q:
    """The values worth reading: numeric indicators not met. One clause per
    indicator (with the reports missing it), so the database uses its
    (report, indicator) index instead of scanning every value."""
    numeric = {m.code for m in cset.indicators if m.value_type in _NUMERIC}
    reports: dict[str, list[int]] = defaultdict(list)
    for ev in evaluations:
        for code, verdict in ev.verdicts.items():
            if verdict == Verdict.NOT_MET and code in numeric:
                reports[code].append(ev.report_id)
    ids = dict(
        Indicator.objects.filter(criteria_set__code=cset.code, code__in=list(reports)).values_list(
            "code", "pk"
        )
    )
    q = Q(pk__in=[])
    for code, report_ids in reports.items():
        q |= Q(indicator_id=ids[code], report_id__in=report_ids)
    return q


def report_values(
    report_ids: list[int], set_code: str, only: Q | None = None
) -> dict[int, dict[str, Any]]:
    out: dict[int, dict[str, Any]] = defaultdict(dict)
    qs = IndicatorValue.objects.filter(
        report_id__in=report_ids, indicator__criteria_set__code=set_code
    )
    if only is not None:
        qs = qs.filter(only)
    usable = stored_value_reader(criteria_catalog())
    for report_id, code, value in qs.values_list("report_id", "indicator__code", "value"):
        out[report_id][code] = usable(set_code, code, value)
    return out


def required_sets(catalog: CriteriaCatalog, cset: CoreSet, level_code: str) -> list[CoreSet]:
    """Sets a level requires to be met (model → advanced → ...), nearest first."""
    out: list[CoreSet] = []
    level = cset.level(level_code)
    todo = [r.set_code for r in level.requirements if isinstance(r, SetMet)]
    while todo:
        other = catalog.get(todo.pop(0))
        if other in out:
            continue
        out.append(other)
        for lv in other.levels:
            todo += [r.set_code for r in lv.requirements if isinstance(r, SetMet)]
    return out


@dataclass
class Candidate:
    unit: AdminUnit
    district: str
    poor_district: bool
    evaluation: EvaluationRow | None
    met: int
    total: int
    unmet: list[str]  # criteria of the level's set not met
    required_missing: list[tuple[str, int]]  # (set name, criteria missing) of required sets
    gaps: list[IndicatorGap]
    recognised: bool
    targeted: bool
    rank: int = 0

    @property
    def distance(self) -> int:
        return len(self.unmet) + sum(n for _name, n in self.required_missing)

    @property
    def score(self) -> float:
        return sum(g.relative for g in self.gaps)

    @property
    def score_text(self) -> str:
        return format_average(self.score)


@dataclass
class CandidateList:
    plan: Plan
    level: str
    cset: CoreSet | None
    scope: AdminUnit
    rows: list[Candidate]
    without_data: list[AdminUnit]
    recognised: list[Candidate]
    target: Target | None
    needed: Decimal | None
    feasibility: list[tuple[int, int]] = field(default_factory=list)  # (k, communes within k)

    @property
    def level_label(self) -> str:
        return str(Level(self.level).label)

    @property
    def verdict(self) -> tuple[str, str]:
        """(style, text) of the feasibility of the target."""
        if self.needed is None:
            if self.scope != self.plan.unit:
                return "secondary", _("Huyện chưa được giao chỉ tiêu số xã cho mức này.")
            return "secondary", _("Kế hoạch không có chỉ tiêu số xã cho mức này.")
        need = int(self.needed)
        within = dict(self.feasibility)
        if within.get(1, 0) >= need:
            return "success", _(
                "Khả thi: %(one_short)s xã chỉ còn thiếu không quá 1 tiêu chí, "
                "chỉ tiêu cần %(need)s xã."
            ) % {"one_short": within.get(1, 0), "need": need}
        if within.get(3, 0) >= need:
            return "warning", _(
                "Cần nỗ lực lớn: chỉ %(n1)s xã còn thiếu không quá 1 tiêu chí; tính cả xã thiếu "
                "đến 3 tiêu chí có %(n3)s xã cho chỉ tiêu %(need)s xã."
            ) % {"n1": within.get(1, 0), "n3": within.get(3, 0), "need": need}
        return "danger", _(
            "Khó khả thi: chỉ %(n3)s xã còn thiếu không quá 3 tiêu chí, chỉ tiêu cần %(need)s xã."
        ) % {"n3": within.get(3, 0), "need": need}


def level_target(plan: Plan, level: str) -> tuple[Target | None, Decimal | None]:
    """The plan's target for communes added at ``level`` this year."""
    for t in plan.targets.all():
        if t.measure_params.get("level") != level:
            continue
        if t.measure == "recognised" and t.added is not None:
            return t, t.added
        if t.measure == "recognised_in_year" and t.value is not None:
            return t, t.value
    return None, None


@dataclass(frozen=True)
class _Standing:
    """What the ranking reads about the communes in scope, queried once."""

    latest: dict[tuple[int, str], EvaluationRow]  # every set's latest evaluation
    own: dict[int, EvaluationRow]  # the level's set, by commune
    values: dict[int, dict[str, Any]]  # unmet numeric values, by report
    unmet: dict[int, list[str]]  # criteria not met, by evaluation
    recognised_ids: set[int]
    targeted_ids: set[int]


def candidates(
    plan: Plan,
    level: str,
    *,
    scope: AdminUnit | None = None,
    border: bool | None = None,
    extremely_difficult: bool | None = None,
    poor_district: bool | None = None,
) -> CandidateList:
    scope = scope or plan.unit
    catalog = criteria_catalog()
    found = level_set(catalog, level, plan.year)
    target, needed = _scope_target(plan, scope, level)
    if found is None:
        return CandidateList(plan, level, None, scope, [], [], [], target, needed)
    cset, level_code = found
    others = required_sets(catalog, cset, level_code)
    communes = _communes(
        scope, border=border, extremely_difficult=extremely_difficult, poor_district=poor_district
    )
    standing = _standing(plan, level, cset, others, [u.pk for u in communes])
    facts = _SetFacts(cset)
    rows: list[Candidate] = []
    recognised: list[Candidate] = []
    without: list[AdminUnit] = []
    for unit in communes:
        evaluation = standing.own.get(unit.pk)
        if evaluation is None:
            without.append(unit)
            continue
        candidate = _candidate(unit, evaluation, cset, others, standing, plan.year, facts)
        (recognised if candidate.recognised else rows).append(candidate)
    _rank(rows)
    feasibility = [(k, sum(1 for c in rows if c.distance <= k)) for k in FEASIBILITY_KS]
    return CandidateList(
        plan, level, cset, scope, rows, without, recognised, target, needed, feasibility
    )


def _scope_target(plan: Plan, scope: AdminUnit, level: str) -> tuple[Target | None, Decimal | None]:
    """The target of the scope: a district is judged on its own part, if it has one."""
    target_plan: Plan | None = plan
    if scope != plan.unit:
        target_plan = plan.children.filter(unit=scope).first()
    return level_target(target_plan, level) if target_plan else (None, None)


def _communes(
    scope: AdminUnit,
    *,
    border: bool | None,
    extremely_difficult: bool | None,
    poor_district: bool | None,
) -> list[AdminUnit]:
    """The programme's communes in scope that pass the filters, by name."""
    units = unit_programme_communes(scope).select_related("parent")
    if border is not None:
        units = units.filter(border=border)
    if extremely_difficult is not None:
        units = units.filter(extremely_difficult=extremely_difficult)
    if poor_district is not None:
        units = units.filter(parent__poor_district=poor_district)
    return list(units.order_by("name"))


def _standing(
    plan: Plan, level: str, cset: CoreSet, others: list[CoreSet], ids: list[int]
) -> _Standing:
    latest = latest_evaluations(ids, [cset.code, *(s.code for s in others)])
    own = {uid: row for (uid, code), row in latest.items() if code == cset.code}
    values = report_values(
        [row.report_id for row in own.values()],
        cset.code,
        only=unmet_value_filter(cset, list(own.values())),
    )
    return _Standing(
        latest=latest,
        own=own,
        values=values,
        unmet=_unmet_criteria(list(own.values())),
        recognised_ids=_recognised_before(plan, level, ids),
        targeted_ids=set(
            TargetedCommune.objects.filter(plan=plan, level=level, unit_id__in=ids).values_list(
                "unit_id", flat=True
            )
        ),
    )


def _unmet_criteria(evaluations: list[EvaluationRow]) -> dict[int, list[str]]:
    """The criteria each evaluation found not met."""
    unmet: dict[int, list[str]] = defaultdict(list)
    for evaluation_id, code in EvaluationCriterion.objects.filter(
        evaluation_id__in=[row.id for row in evaluations], met=False
    ).values_list("evaluation_id", "code"):
        unmet[evaluation_id].append(code)
    return unmet


def _recognised_before(plan: Plan, level: str, ids: list[int]) -> set[int]:
    """Communes already recognised at ``level`` when the plan's year begins."""
    start = dt.date(plan.year, 1, 1)
    return set(
        Recognition.objects.filter(
            Q(revoked_on__isnull=True) | Q(revoked_on__gt=start),
            unit_id__in=ids,
            level=level,
            decision_date__lt=start,
        ).values_list("unit_id", flat=True)
    )


def _candidate(
    unit: AdminUnit,
    evaluation: EvaluationRow,
    cset: CoreSet,
    others: list[CoreSet],
    standing: _Standing,
    year: int,
    facts: _SetFacts,
) -> Candidate:
    order = {c.code: i for i, c in enumerate(cset.criteria)}
    return Candidate(
        unit=unit,
        district=unit.parent.name if unit.parent else "",
        poor_district=bool(unit.parent and unit.parent.poor_district),
        evaluation=evaluation,
        met=evaluation.met,
        total=len(cset.criteria),
        unmet=sorted(standing.unmet.get(evaluation.id, []), key=lambda c: order.get(c, 99)),
        required_missing=_required_missing(unit, others, standing.latest),
        gaps=unmet_gaps(
            cset, evaluation, standing.values.get(evaluation.report_id, {}), unit, year, facts
        ),
        recognised=unit.pk in standing.recognised_ids,
        targeted=unit.pk in standing.targeted_ids,
    )


def _required_missing(
    unit: AdminUnit, others: list[CoreSet], latest: dict[tuple[int, str], EvaluationRow]
) -> list[tuple[str, int]]:
    """(set name, criteria missing) of each required set the commune has not met."""
    missing = []
    for other in others:
        row = latest.get((unit.pk, other.code))
        n = len(other.criteria) - (row.met if row else 0)
        if n:
            missing.append((other.name, n))
    return missing


def _rank(rows: list[Candidate]) -> None:
    """Closest first (see the module docstring), numbered from 1."""
    rows.sort(key=lambda c: (c.distance, len(c.gaps), c.score, c.unit.name))
    for i, c in enumerate(rows, start=1):
        c.rank = i


def needed_text(needed: Decimal | None) -> str:
    return num(needed)
