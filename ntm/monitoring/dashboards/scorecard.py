"""The commune scorecard: every criterion and indicator of a period's report
with values, thresholds and reasons, levels reached, what the next level
still lacks, history, evidence and recognitions."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext as _

from ntm.core.criteria_catalog import CriteriaCatalog
from ntm.core.criteria_model import AllCriteria, ConditionMet, Measure, MinCriteria
from ntm.core.criteria_model import CriteriaSet as CoreSet
from ntm.core.evaluation import LevelResult, MeasureResult, UnitEvaluation, Verdict
from ntm.core.reasons import format_value, threshold_text
from ntm.criteria.selectors import criteria_catalog
from ntm.monitoring.dashboards.errors import DashboardError
from ntm.monitoring.dashboards.periods import (
    band_label,
    commune_sets,
    main_sets,
    period_fields,
    period_from_values,
    period_pick,
    period_sort_key,
    with_period,
)
from ntm.monitoring.evaluations import report_explain
from ntm.monitoring.models import (
    Evaluation,
    EvaluationLevel,
    Evidence,
    Period,
    Recognition,
    Report,
    ReportStatus,
)
from ntm.units.models import AdminUnit, UnitType

APPROVED = ReportStatus.APPROVED


@dataclass(frozen=True)
class IndicatorLine:
    code: str
    name: str
    verdict: Verdict
    value_text: str
    threshold_text: str
    reason: str

    @property
    def met(self) -> bool:
        return self.verdict.counts_as_met


@dataclass(frozen=True)
class CriterionLine:
    code: str
    name: str
    met: bool
    indicators: tuple[IndicatorLine, ...]

    @property
    def unmet_indicators(self) -> tuple[IndicatorLine, ...]:
        return tuple(i for i in self.indicators if not i.met)


@dataclass(frozen=True)
class RequirementLine:
    satisfied: bool
    reason: str


@dataclass(frozen=True)
class LevelLine:
    set_code: str
    code: str
    name: str
    reached: bool
    requirements: tuple[RequirementLine, ...]


@dataclass(frozen=True)
class NextLevel:
    """What a commune still lacks for the next level it has not reached."""

    level: LevelLine
    set_name: str
    criteria: tuple[CriterionLine, ...]  # unmet criteria of the level's set
    conditions: tuple[IndicatorLine, ...]  # unmet conditions of the level
    other: tuple[RequirementLine, ...]  # e.g. "the advanced set must be met"


@dataclass(frozen=True)
class HistoryRow:
    period: Period
    status: str
    met: int
    total: int
    band: str
    levels: tuple[str, ...]

    @property
    def status_label(self) -> str:
        return str(ReportStatus(self.status).label)

    @property
    def approved(self) -> bool:
        return self.status == APPROVED


@dataclass
class Scorecard:
    unit: AdminUnit
    period: Period | None
    periods: list[Period]
    drafts_visible: bool
    report: Report | None  # None: no visible report for the period
    report_status_hidden: str | None  # status of a report the user may not see
    main_set: CoreSet | None
    criteria: list[CriterionLine]
    conditions: list[IndicatorLine]
    levels: list[LevelLine]
    next_level: NextLevel | None
    history: list[HistoryRow]
    evidence: list[Evidence]
    recognitions: list[Recognition]
    met: int = 0
    band: str = ""

    @property
    def approved(self) -> bool:
        return self.report is not None and self.report.status == APPROVED

    @property
    def n_criteria(self) -> int:
        return len(self.criteria)

    @property
    def status_label(self) -> str:
        return str(self.report.get_status_display()) if self.report else ""


def _threshold_text(
    cset: CoreSet, measure: Measure, result: MeasureResult, evaluation: UnitEvaluation
) -> str:
    if result.verdict is Verdict.NOT_APPLICABLE:
        return "—"
    threshold = result.threshold
    if threshold is None:  # a missing value is judged without looking the threshold up
        threshold = cset.threshold(result.code, evaluation.classification, evaluation.year)
    if threshold is None or threshold.value is None:
        return _("chưa có ngưỡng")
    return threshold_text(measure, threshold.value)


def _value_text(measure: Measure, result: MeasureResult) -> str:
    return "—" if result.value is None else format_value(measure, result.value)


def _indicator_line(
    cset: CoreSet, result: MeasureResult, evaluation: UnitEvaluation
) -> IndicatorLine:
    measure = cset.measure(result.code)
    return IndicatorLine(
        code=result.code,
        name=measure.name,
        verdict=result.verdict,
        value_text=_value_text(measure, result),
        threshold_text=_threshold_text(cset, measure, result, evaluation),
        reason=result.reason,
    )


def _criterion_lines(cset: CoreSet, evaluation: UnitEvaluation) -> list[CriterionLine]:
    return [
        CriterionLine(
            c.code,
            c.name,
            c.met,
            tuple(_indicator_line(cset, m, evaluation) for m in c.indicators),
        )
        for c in evaluation.criteria
    ]


def _level_line(set_code: str, level: LevelResult) -> LevelLine:
    return LevelLine(
        set_code,
        level.code,
        level.name,
        level.reached,
        tuple(RequirementLine(r.satisfied, r.reason) for r in level.requirements),
    )


def _next_level(results: dict[str, UnitEvaluation], sets: list[CoreSet]) -> NextLevel | None:
    for cset in sets:
        evaluation = results.get(cset.code)
        if evaluation is None:
            continue
        for level in evaluation.levels:
            if level.reached:
                continue
            criteria: list[CriterionLine] = []
            conditions: list[IndicatorLine] = []
            other: list[RequirementLine] = []
            for req in level.requirements:
                if req.satisfied:
                    continue
                if isinstance(req.requirement, (AllCriteria, MinCriteria)):
                    criteria = [c for c in _criterion_lines(cset, evaluation) if not c.met]
                elif isinstance(req.requirement, ConditionMet):
                    conditions.append(
                        _indicator_line(
                            cset, evaluation.indicator(req.requirement.condition_code), evaluation
                        )
                    )
                else:
                    other.append(RequirementLine(False, req.reason))
            return NextLevel(
                _level_line(cset.code, level),
                cset.name,
                tuple(criteria),
                tuple(conditions),
                tuple(other),
            )
    return None


def scorecard_periods(unit: AdminUnit, *, drafts: bool) -> list[Period]:
    """Periods the commune has a report for that the person may see. (One
    filter() call: the unit and the status must hold for the same report.)"""
    same_report = (
        Q(reports__unit=unit) if drafts else Q(reports__unit=unit, reports__status=APPROVED)
    )
    return sorted(Period.objects.filter(same_report).distinct(), key=period_sort_key)


def scorecard_build(unit: AdminUnit, period_code: str | None = None, *, drafts: bool) -> Scorecard:
    """A commune's scorecard for a period (``None``: the latest period it has
    figures for). Only approved figures, unless ``drafts`` (the person may see
    this commune's drafts): then the period's report whatever its status."""
    if not (unit.type == UnitType.COMMUNE and unit.in_programme):
        raise DashboardError(
            _("%(name)s không phải xã thuộc Chương trình xây dựng nông thôn mới.")
            % {"name": unit.name}
        )
    catalog = criteria_catalog()
    periods = scorecard_periods(unit, drafts=drafts)
    period = period_pick(periods, period_code)
    if period is not None and period not in periods:
        periods = with_period(periods, period)
    report = hidden_status = None
    if period is not None:
        found = Report.objects.filter(unit=unit, period=period).select_related("unit", "period")
        report = found.first()
        if report is not None and not drafts and report.status != APPROVED:
            hidden_status, report = report.status, None
    sets = commune_sets(catalog, period.year) if period else []
    main = sets[0] if sets else None
    card = Scorecard(
        unit=unit,
        period=period,
        periods=periods,
        drafts_visible=drafts,
        report=report,
        report_status_hidden=hidden_status,
        main_set=main,
        criteria=[],
        conditions=[],
        levels=[],
        next_level=None,
        history=_history(unit, catalog, drafts=drafts),
        evidence=[],
        recognitions=list(Recognition.objects.filter(unit=unit).order_by("decision_date", "pk")),
    )
    if report is not None and main is not None:
        results = report_explain(report)
        evaluation = results.get(main.code)
        if evaluation is not None:
            card.criteria = _criterion_lines(main, evaluation)
            card.conditions = [_indicator_line(main, m, evaluation) for m in evaluation.conditions]
            card.met = evaluation.criteria_met_count
            card.band = evaluation.band.label if evaluation.band else ""
        card.levels = [
            _level_line(s.code, lv)
            for s in sets
            if s.code in results
            for lv in results[s.code].levels
        ]
        card.next_level = _next_level(results, sets)
        card.evidence = list(
            Evidence.objects.filter(value__report=report)
            .select_related("value__indicator__criteria_set")
            .order_by("value__indicator__criteria_set__code", "value__indicator__position", "pk")
        )
    return card


def _history(unit: AdminUnit, catalog: CriteriaCatalog, *, drafts: bool) -> list[HistoryRow]:
    """Criteria met and levels reached in every period the person may see."""
    mains = main_sets(catalog)
    evaluations = Evaluation.objects.filter(report__unit=unit, criteria_set__code__in=list(mains))
    if not drafts:
        evaluations = evaluations.filter(report__status=APPROVED)
    level_names: dict[tuple[int, str], list[str]] = defaultdict(list)
    levels_q = EvaluationLevel.objects.filter(evaluation__report__unit=unit)
    if not drafts:
        levels_q = levels_q.filter(evaluation__report__status=APPROVED)
    names: dict[str, str] = {}
    for cset in catalog:
        for lv in cset.levels:
            names[f"{cset.code}:{lv.code}"] = lv.name
    for period_id, set_code, code in levels_q.values_list(
        "evaluation__report__period_id", "evaluation__criteria_set__code", "code"
    ).order_by("evaluation__criteria_set__code"):
        level_names[(period_id, set_code)].append(names.get(f"{set_code}:{code}", code))
    rows = []
    for r in evaluations.values(
        *period_fields("report__period__"),
        "report__status",
        "criteria_set__code",
        "criteria_met_count",
    ):
        period = period_from_values(r, "report__period__")
        cset = mains[r["criteria_set__code"]]
        sets = commune_sets(catalog, period.year)
        reached = tuple(name for s in sets for name in level_names.get((period.pk, s.code), []))
        rows.append(
            HistoryRow(
                period=period,
                status=r["report__status"],
                met=r["criteria_met_count"],
                total=len(cset.criteria),
                band=band_label(cset, r["criteria_met_count"]),
                levels=reached,
            )
        )
    rows.sort(key=lambda h: period_sort_key(h.period))
    return rows
