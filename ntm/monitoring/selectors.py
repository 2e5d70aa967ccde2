"""Reads for the monitoring pages: the sheet of one report (values,
thresholds, verdicts with reasons and evidence, in a fixed number of
queries), its history, the communes a person enters values for, and the
reports waiting for a person's appraisal, approval or reopening.

Drafts are private to their scope: every list is cut by
``access_units(user, Action.VIEW_DRAFTS)``; approved reports are open to every
user who holds a role (``Action.VIEW``)."""

from __future__ import annotations

import datetime as dt
import json
import zlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from ntm.accounts.access import Action, access_allows, access_has_any, access_units
from ntm.accounts.models import User
from ntm.core.criteria_catalog import CriteriaCatalog
from ntm.core.criteria_model import CriteriaSet as CoreSet
from ntm.core.criteria_model import Criterion as CoreCriterion
from ntm.core.criteria_model import FactDef, JudgedUnit, Measure, ValueType
from ntm.core.evaluation import CriterionResult, MeasureResult, UnitEvaluation, Verdict
from ntm.core.evidence import EVIDENCE_EXTENSIONS
from ntm.core.periods import PeriodError, parse_period
from ntm.criteria.selectors import ThresholdRow, criteria_catalog, criteria_set_table
from ntm.monitoring.evaluations import report_explain
from ntm.monitoring.models import (
    Evaluation,
    Evidence,
    IndicatorValue,
    Period,
    Report,
    ReportEvent,
    ReportStatus,
    ValueChange,
)
from ntm.monitoring.services import TRANSITIONS, Transition
from ntm.units.models import AdminUnit
from ntm.units.selectors import unit_programme_communes

VERDICT_LABELS: dict[Verdict, Promise] = {
    Verdict.NOT_MET: _("Không đạt"),
    Verdict.MET: _("Đạt"),
    Verdict.MISSING_VALUE: _("Thiếu số liệu"),
    Verdict.MISSING_THRESHOLD: _("Chưa có ngưỡng"),
    Verdict.NOT_APPLICABLE: _("Không áp dụng"),
}
VERDICT_STYLES: dict[Verdict, str] = {
    Verdict.NOT_MET: "danger",
    Verdict.MET: "success",
    Verdict.MISSING_VALUE: "secondary",
    Verdict.MISSING_THRESHOLD: "warning",
    Verdict.NOT_APPLICABLE: "light",
}


EVIDENCE_ACCEPT = ",".join(f".{e}" for e in EVIDENCE_EXTENSIONS)


def dom_key(set_code: str, code: str) -> str:
    """A short id fragment for one indicator of one set, safe in CSS
    selectors and stable across requests (codes repeat across sets)."""
    return f"s{zlib.crc32(set_code.encode()) % 46656:x}-{code}".replace(".", "_")


# -- access ------------------------------------------------------------------------


def report_visible(user: User, report: Report) -> bool:
    """Drafts and reports in the workflow are seen within their scope only;
    approved reports by every user who holds a role."""
    if access_allows(user, Action.VIEW_DRAFTS, report.unit):
        return True
    return report.status == ReportStatus.APPROVED and access_allows(user, Action.VIEW, report.unit)


def report_get(pk: int) -> Report | None:
    return Report.objects.select_related("unit__parent", "period").filter(pk=pk).first()


def report_find(unit: AdminUnit, period_code: str) -> Report | None:
    return (
        Report.objects.select_related("unit__parent", "period")
        .filter(unit=unit, period__code=period_code)
        .first()
    )


# -- the sheet of one report ---------------------------------------------------------


@dataclass
class SheetRow:
    cset: CoreSet
    main: bool
    threshold: ThresholdRow
    value: IndicatorValue | None
    result: MeasureResult | None
    criterion_code: str | None  # None: a level condition

    @property
    def measure(self) -> Measure:
        return self.threshold.measure

    @property
    def code(self) -> str:
        return self.measure.code

    @cached_property
    def dom(self) -> str:
        return dom_key(self.cset.code, self.code)

    @property
    def criterion_dom(self) -> str:
        return dom_key(self.cset.code, f"tc{self.criterion_code or 'dk'}")

    @property
    def version(self) -> int:
        return self.value.version if self.value else 0

    @property
    def key_json(self) -> str:
        """The indicator's key, sent with every request the row makes."""
        return json.dumps({"set": self.cset.code, "code": self.code})

    @property
    def raw(self) -> str:
        return self.value.raw_text if self.value else ""

    @property
    def note(self) -> str:
        return self.value.note if self.value else ""

    @property
    def evidence(self) -> list[Evidence]:
        return list(self.value.evidence.all()) if self.value else []

    @property
    def has_threshold(self) -> bool:
        return self.threshold.threshold is not None and self.threshold.threshold.value is not None

    @property
    def verdict_label(self) -> Promise | str:
        return VERDICT_LABELS[self.result.verdict] if self.result else ""

    @property
    def verdict_style(self) -> str:
        return VERDICT_STYLES[self.result.verdict] if self.result else "light"

    @property
    def choices(self) -> list[str] | None:
        """Options of a yes/no or list indicator (None: typed freely). What
        was stored stays among them, e.g. an "x" from a paper form."""
        measure = self.measure
        if measure.value_type is ValueType.ENUM:
            options = list(measure.options)
        elif measure.value_type is ValueType.BOOLEAN:
            # "Nhà tạm, dột nát: Không" reads better than "Không đạt".
            wanted = self.threshold.threshold.value if self.threshold.threshold else True
            # i18n: data (the words the value parser reads, submitted as typed)
            options = ["Có", "Không"] if wanted is False else ["Đạt", "Không đạt"]
        else:
            return None
        if self.raw and self.raw not in options:
            options.append(self.raw)
        return options

    @property
    def accept(self) -> str:
        return EVIDENCE_ACCEPT

    @property
    def label_suffix(self) -> str:
        """Labels of the main set are "Giá trị 1.1"; other sets repeat codes,
        so their labels name the set."""
        return "" if self.main else f" ({self.cset.short_name})"


@dataclass
class SheetBlock:
    cset: CoreSet
    criterion: CoreCriterion | None  # None: the level conditions
    result: CriterionResult | None
    rows: list[SheetRow]

    @property
    def dom(self) -> str:
        return dom_key(self.cset.code, f"tc{self.criterion.code if self.criterion else 'dk'}")


@dataclass
class SheetSet:
    cset: CoreSet
    class_code: str
    main: bool
    evaluation: UnitEvaluation | None
    blocks: list[SheetBlock]

    @property
    def rows(self) -> list[SheetRow]:
        return [row for block in self.blocks for row in block.rows]

    @property
    def criteria_total(self) -> int:
        return len(self.cset.criteria)

    @property
    def criteria_met(self) -> int:
        return self.evaluation.criteria_met_count if self.evaluation else 0

    @property
    def missing_count(self) -> int:
        return sum(1 for r in self.rows if r.result and r.result.verdict is Verdict.MISSING_VALUE)

    @property
    def dom(self) -> str:
        return dom_key(self.cset.code, "set")


@dataclass(frozen=True)
class FactChoice:
    fact: FactDef
    value: bool | None


@dataclass
class ReportSheet:
    report: Report
    sets: list[SheetSet]
    facts: list[FactChoice]
    _rows: dict[tuple[str, str], SheetRow] = field(default_factory=dict, repr=False)
    _blocks: dict[tuple[str, str], SheetBlock] = field(default_factory=dict, repr=False)

    @property
    def main(self) -> SheetSet | None:
        return self.sets[0] if self.sets else None

    @property
    def other_sets(self) -> list[SheetSet]:
        return self.sets[1:]

    def row(self, set_code: str, code: str) -> SheetRow | None:
        return self._rows.get((set_code, code))

    def block_of(self, row: SheetRow) -> SheetBlock:
        return self._blocks[(row.cset.code, row.code)]


def report_sheet(report: Report) -> ReportSheet:
    """Every indicator of every set the report is judged against, with the
    threshold for the commune's region and year, the value entered, its
    evidence, and the verdict with its Vietnamese reason. One evaluation, and
    a fixed number of queries whatever the number of indicators."""
    catalog = criteria_catalog()
    values: dict[tuple[str, str], IndicatorValue] = {
        (v.ind_set, v.ind_code): v
        for v in IndicatorValue.objects.filter(report=report)
        .annotate(ind_set=F("indicator__criteria_set__code"), ind_code=F("indicator__code"))
        .select_related("updated_by")
        .prefetch_related(
            Prefetch("evidence", queryset=Evidence.objects.select_related("uploaded_by"))
        )
    }
    explained = report_explain(report)
    sheet = ReportSheet(report=report, sets=[], facts=report_fact_choices(report, catalog))
    year = report.period.year
    for position, cset in enumerate(catalog.sets_for(report.unit.judged_as, year)):
        class_code = report.unit.class_in(cset)
        if class_code is None:
            continue
        evaluation = explained.get(cset.code)
        results: dict[str, MeasureResult] = {}
        criteria: dict[str, CriterionResult] = {}
        if evaluation is not None:
            results = {m.code: m for m in (*evaluation.indicators, *evaluation.conditions)}
            criteria = {c.code: c for c in evaluation.criteria}
        sheet_set = SheetSet(cset, class_code, position == 0 and not sheet.sets, evaluation, [])
        for table_block in criteria_set_table(cset, class_code, year):
            criterion = table_block.criterion
            block = SheetBlock(
                cset, criterion, criteria.get(criterion.code) if criterion else None, []
            )
            for threshold_row in table_block.rows:
                code = threshold_row.measure.code
                row = SheetRow(
                    cset=cset,
                    main=sheet_set.main,
                    threshold=threshold_row,
                    value=values.get((cset.code, code)),
                    result=results.get(code),
                    criterion_code=criterion.code if criterion else None,
                )
                block.rows.append(row)
                sheet._rows[(cset.code, code)] = row
                sheet._blocks[(cset.code, code)] = block
            sheet_set.blocks.append(block)
        sheet.sets.append(sheet_set)
    return sheet


def report_fact_choices(report: Report, catalog: CriteriaCatalog | None = None) -> list[FactChoice]:
    """The commune facts the report's sets ask for, with their answers."""
    choices: dict[str, FactChoice] = {}
    for cset in (catalog or criteria_catalog()).sets_for(report.unit.judged_as, report.period.year):
        for fact in cset.facts:
            choices.setdefault(fact.code, FactChoice(fact, report.facts.get(fact.code)))
    return list(choices.values())


def report_events(report: Report) -> list[ReportEvent]:
    return list(report.events.select_related("actor").order_by("at", "pk"))


def report_last_return(events: Iterable[ReportEvent]) -> ReportEvent | None:
    """The event that returned the report, when it is the latest move."""
    moves = [e for e in events if e.from_status != e.to_status]
    if moves and moves[-1].to_status == ReportStatus.RETURNED:
        return moves[-1]
    return None


def value_history(report: Report, set_code: str, code: str) -> list[ValueChange]:
    return list(
        ValueChange.objects.filter(
            value__report=report,
            value__indicator__criteria_set__code=set_code,
            value__indicator__code=code,
        )
        .select_related("changed_by")
        .order_by("-version")
    )


def value_get(report: Report, set_code: str, code: str) -> IndicatorValue | None:
    return (
        IndicatorValue.objects.filter(
            report=report, indicator__criteria_set__code=set_code, indicator__code=code
        )
        .select_related("report__unit", "report__period")
        .first()
    )


def evidence_get(pk: int) -> Evidence | None:
    return (
        Evidence.objects.select_related("value__report__unit", "value__report__period")
        .filter(pk=pk)
        .first()
    )


# -- workflow buttons ---------------------------------------------------------------

TRANSITION_LABELS: dict[str, Promise] = {
    "submit": _("Gửi huyện thẩm định"),
    "appraise": _("Thẩm định: chuyển tỉnh phê duyệt"),
    "return_by_district": _("Trả lại xã để sửa"),
    "approve": _("Phê duyệt"),
    "return_by_province": _("Trả lại để sửa"),
    "reopen": _("Mở khoá để sửa"),
}
REASON_LABELS: dict[str, Promise] = {
    "submit": _("Ghi chú gửi kèm (không bắt buộc)"),
    "appraise": _("Ý kiến thẩm định (không bắt buộc)"),
    "return_by_district": _("Lý do trả lại (bắt buộc)"),
    "approve": _("Ý kiến phê duyệt (không bắt buộc)"),
    "return_by_province": _("Lý do trả lại (bắt buộc)"),
    "reopen": _("Lý do mở khoá (bắt buộc)"),
}
TRANSITION_STYLES = {
    "submit": "success",
    "appraise": "success",
    "return_by_district": "outline-danger",
    "approve": "success",
    "return_by_province": "outline-danger",
    "reopen": "outline-warning",
}


@dataclass(frozen=True)
class TransitionChoice:
    name: str
    transition: Transition
    label: Promise
    style: str

    @property
    def needs_reason(self) -> bool:
        return self.transition.needs_reason

    @property
    def reason_label(self) -> Promise:
        return REASON_LABELS[self.name]


def report_transitions_for(user: User, report: Report) -> list[TransitionChoice]:
    """The workflow steps this user may take on the report now."""
    return [
        TransitionChoice(name, t, TRANSITION_LABELS[name], TRANSITION_STYLES[name])
        for name, t in TRANSITIONS.items()
        if report.status in t.allowed_from and access_allows(user, t.action, report.unit)
    ]


# -- lists of reports ---------------------------------------------------------------


def _main_set(catalog: CriteriaCatalog, unit: AdminUnit, year: int) -> CoreSet | None:
    """The set a report is counted by: the first one it is judged against,
    as for entering values (``services.report_measure``)."""
    sets = catalog.sets_for(unit.judged_as, year)
    return sets[0] if sets else None


def _with_counts(qs: QuerySet[Report]) -> QuerySet[Report]:
    return qs.select_related("unit__parent", "period").annotate(
        n_values=Count("values", filter=~Q(values__raw_text=""))
    )


@dataclass
class ReportLine:
    """One report in a list, with its main-set result."""

    report: Report
    criteria_met: int | None = None
    criteria_total: int | None = None
    task: str = ""  # the transition waiting for the user, in queues

    @property
    def task_label(self) -> Promise | str:
        return QUEUE_TASKS.get(self.task, "")


def _attach_results(lines: list[ReportLine]) -> None:
    """Criteria met in the main set of each report's year, in one query."""
    if not lines:
        return
    catalog = criteria_catalog()
    main_sets: dict[int, CoreSet | None] = {}
    for line in lines:
        year = line.report.period.year
        if year not in main_sets:  # every report here is a commune's
            main_sets[year] = _main_set(catalog, line.report.unit, year)
    by_report: dict[int, dict[str, int]] = defaultdict(dict)
    for report_id, set_code, count in Evaluation.objects.filter(
        report_id__in=[line.report.pk for line in lines]
    ).values_list("report_id", "criteria_set__code", "criteria_met_count"):
        by_report[report_id][set_code] = count
    for line in lines:
        cset = main_sets[line.report.period.year]
        if cset is None:
            continue
        line.criteria_total = len(cset.criteria)
        line.criteria_met = by_report[line.report.pk].get(cset.code)


@dataclass
class CommuneReports:
    unit: AdminUnit
    lines: list[ReportLine]  # newest period first
    current: ReportLine | None = None  # the report of the chosen period
    others: list[ReportLine] = field(default_factory=list)

    def choose(self, period_code: str) -> None:
        self.current = next((ln for ln in self.lines if ln.report.period.code == period_code), None)
        self.others = [ln for ln in self.lines if ln is not self.current]


def entry_communes(user: User) -> list[CommuneReports]:
    """The communes the user may enter values for, each with its reports
    (status, values entered, criteria met). Creates nothing."""
    units = list(
        unit_programme_communes()
        .filter(pk__in=access_units(user, Action.ENTER_VALUES))
        .select_related("parent")
        .order_by("parent__name", "name")
    )
    lines = [
        ReportLine(r)
        for r in _with_counts(Report.objects.filter(unit__in=[u.pk for u in units])).order_by(
            "-period__end", "period__kind"
        )
    ]
    _attach_results(lines)
    per_unit: dict[int, list[ReportLine]] = defaultdict(list)
    for line in lines:
        per_unit[line.report.unit_id].append(line)
    return [CommuneReports(unit, per_unit.get(unit.pk, [])) for unit in units]


def entry_judged(unit: AdminUnit, year: int, catalog: CriteriaCatalog | None = None) -> bool:
    """Whether some set judges the commune in ``year`` (a set needs the
    commune's region or group)."""
    sets = (catalog or criteria_catalog()).sets_for(unit.judged_as, year)
    return any(unit.class_in(s) is not None for s in sets)


def entry_years(unit: AdminUnit | None, today: dt.date) -> list[int]:
    """Years, newest first and up to this one, in which the commune is judged
    by at least one set (a set needs the commune's region or group)."""
    if unit is None:
        return []
    catalog = criteria_catalog()
    years = {
        y for s in catalog if s.unit_type == JudgedUnit.COMMUNE for y in s.years if y <= today.year
    }
    return sorted((y for y in years if entry_judged(unit, y, catalog)), reverse=True)


def entry_default_period(communes: list[CommuneReports], years: list[int], today: dt.date) -> str:
    """The latest period the communes have reports for, else the latest
    quarter of the latest year they can be judged in."""
    latest = max(
        (ln.report.period for c in communes for ln in c.lines),
        key=lambda p: (p.end, p.kind == Period.Kind.YEAR),
        default=None,
    )
    if latest is not None:
        return latest.code
    if years and years[0] < today.year:
        return f"{years[0]}-Q4"
    return f"{today.year}-Q{(today.month - 1) // 3 + 1}"


def entry_period_choices(years: list[int], extra: Iterable[str] = ()) -> list[str]:
    """Years and quarters, newest first; plus any other period asked for
    (e.g. a month)."""
    codes = [
        code for year in years for code in (str(year), *(f"{year}-Q{q}" for q in (4, 3, 2, 1)))
    ]
    for code in extra:
        try:
            spec = parse_period(code)
        except PeriodError:
            continue
        if spec.code not in codes:
            codes.insert(0, spec.code)
    return codes


QUEUE_TASKS: dict[str, Promise] = {
    "appraise": _("Chờ huyện thẩm định"),
    "approve": _("Chờ tỉnh phê duyệt"),
    "reopen": _("Đã phê duyệt (có thể mở khoá)"),
}
_QUEUE_STEPS = (
    ("appraise", ReportStatus.SUBMITTED, Action.APPRAISE),
    ("approve", ReportStatus.APPRAISED, Action.APPROVE),
    ("reopen", ReportStatus.APPROVED, Action.REOPEN),
)


def queue_reports_qs(user: User) -> QuerySet[Report]:
    """Reports waiting for this user: submitted ones in the district they
    appraise, appraised ones in the province they approve, approved ones they
    may reopen; always within the drafts they may see."""
    waiting = Q(pk__in=[])
    for _task, status, action in _QUEUE_STEPS:
        if access_has_any(user, action):
            waiting |= Q(status=status, unit__in=access_units(user, action))
    return Report.objects.filter(waiting).filter(unit__in=access_units(user, Action.VIEW_DRAFTS))


def queue_lines(user: User, period_code: str | None = None) -> list[ReportLine]:
    qs = queue_reports_qs(user)
    if period_code:
        qs = qs.filter(period__code=period_code)
    tasks: dict[str, str] = {status: task for task, status, _action in _QUEUE_STEPS}
    lines = [
        ReportLine(r, task=tasks[r.status])
        for r in _with_counts(qs).order_by("status_changed_at", "pk")
    ]
    _attach_results(lines)
    return lines


def queue_periods(user: User) -> list[Period]:
    """Periods that have reports waiting for the user (for the filter)."""
    return list(
        Period.objects.filter(reports__in=queue_reports_qs(user))
        .distinct()
        .order_by("-end", "kind")
    )
