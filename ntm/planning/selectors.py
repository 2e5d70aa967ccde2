"""Reads behind the plan pages: the plan document, the cascade table, the
targeted communes, a commune's roadmap, overdue milestones."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from ntm.core.criteria_model import CriteriaSet as CoreSet
from ntm.criteria.selectors import criteria_catalog
from ntm.planning.candidates import (
    EvaluationRow,
    IndicatorGap,
    latest_evaluations,
    report_values,
    unmet_gaps,
)
from ntm.planning.measures import level_set
from ntm.planning.models import (
    LEVEL_SHORT,
    Level,
    Milestone,
    MilestoneChange,
    MilestoneStatus,
    Plan,
    PlanSection,
    Target,
    TargetedCommune,
)
from ntm.planning.services import cascade_amount, cascade_sources
from ntm.units.models import AdminUnit
from ntm.units.selectors import unit_districts_with_counts, unit_programme_communes


def plan_get(code: str) -> Plan | None:
    return Plan.objects.select_related("unit", "parent").filter(code=code).first()


def plan_list() -> QuerySet[Plan]:
    return (
        Plan.objects.filter(parent__isnull=True)
        .select_related("unit")
        .annotate(
            n_targets=Count("targets", distinct=True), n_districts=Count("children", distinct=True)
        )
        .order_by("-year", "unit__path")
    )


def plan_latest_for(unit: AdminUnit) -> Plan | None:
    """The newest province plan covering ``unit``."""
    province_code = unit.path.split("/")[0]
    return (
        Plan.objects.filter(parent__isnull=True, unit__code=province_code)
        .select_related("unit")
        .order_by("-year")
        .first()
    )


@dataclass
class DocumentSection:
    section: PlanSection
    targets: list[Target]  # targets with their own paragraph, in order

    @property
    def heading_level(self) -> int:
        return min(2 + self.section.depth, 5)

    @property
    def heading(self) -> str:
        """As the document numbers it: "I. MỤC TIÊU...", "2. Chỉ tiêu cụ thể", "9.1. ..."."""
        parts = self.section.code.split(".")
        if len(parts) == 1:
            return f"{parts[0]}. {self.section.title.upper()}"
        return f"{'.'.join(parts[1:])}. {self.section.title}"


@dataclass
class PlanDocument:
    plan: Plan
    sections: list[DocumentSection]
    targets: dict[str, Target]


def plan_document(plan: Plan) -> PlanDocument:
    """The plan as a document: its sections in order, each with the targets
    written as their own paragraph; every target by key for the figures."""
    targets = list(plan.targets.select_related("subject_unit").order_by("position"))
    by_section: dict[int | None, list[Target]] = defaultdict(list)
    for t in targets:
        if t.text:
            by_section[t.section_id].append(t)
    sections = [DocumentSection(s, by_section.get(s.pk, [])) for s in plan.sections.all()]
    return PlanDocument(plan, sections, {t.key: t for t in targets})


# -- cascade -------------------------------------------------------------------------------


@dataclass
class CascadeRow:
    district: AdminUnit
    communes: int
    parts: dict[str, Decimal | None]  # target key → district's part
    targeted: dict[str, int]  # level → communes chosen

    def part(self, key: str) -> Decimal | None:
        return self.parts.get(key)


@dataclass
class CascadeTable:
    plan: Plan
    sources: list[Target]
    rows: list[CascadeRow]
    sums: dict[str, Decimal] = field(default_factory=dict)

    @property
    def columns(self) -> list[tuple[Target, str]]:
        """Each cascadable target with a short column heading."""
        out = []
        for t in self.sources:
            level = t.measure_params.get("level")
            if t.kind == "criterion":
                out.append((t, _("TC %(criterion)s") % {"criterion": t.criterion}))
            elif level in Level.values:
                out.append((t, _("Xã %(level)s") % {"level": LEVEL_SHORT[Level(level)]}))
            else:
                out.append((t, t.label))
        return out

    @property
    def levels(self) -> list[tuple[str, str]]:
        return [(code, str(LEVEL_SHORT[Level(code)])) for code in Level.values]

    @property
    def amount_of(self) -> dict[str, Decimal | None]:
        """What each target's district parts must add up to."""
        return {t.key: cascade_amount(t) for t in self.sources}


def cascade_table(plan: Plan, *, only: AdminUnit | None = None) -> CascadeTable:
    """Districts × cascadable targets: the part of each, and the communes
    each district chose per level. Three queries."""
    sources = cascade_sources(plan)
    districts = [d for d in unit_districts_with_counts(plan.unit) if d.n_programme]
    if only is not None:
        districts = [d for d in districts if d.pk == only.pk or only.contains(d)]
    parts: dict[int, dict[str, Decimal | None]] = defaultdict(dict)
    for unit_id, key, value in Target.objects.filter(plan__parent=plan).values_list(
        "plan__unit_id", "key", "value"
    ):
        parts[unit_id][key] = value
    targeted: dict[int, dict[str, int]] = defaultdict(dict)
    for parent_id, level, n in (
        TargetedCommune.objects.filter(plan=plan)
        .values("unit__parent_id", "level")
        .annotate(n=Count("pk"))
        .values_list("unit__parent_id", "level", "n")
    ):
        targeted[parent_id][level] = n
    rows = [
        CascadeRow(d, d.n_programme, parts.get(d.pk, {}), targeted.get(d.pk, {})) for d in districts
    ]
    sums = {
        t.key: sum((r.parts.get(t.key) or Decimal(0) for r in rows), Decimal(0)) for t in sources
    }
    return CascadeTable(plan, sources, rows, sums)


# -- targeted communes and roadmaps ---------------------------------------------------------


@dataclass
class TargetedLine:
    targeted: TargetedCommune
    milestones: int
    done: int
    overdue: int


def targeted_lines(
    plan: Plan, *, scope: AdminUnit | None = None, today: dt.date
) -> list[TargetedLine]:
    qs = TargetedCommune.objects.filter(plan=plan).select_related("unit__parent")
    if scope is not None and scope != plan.unit:
        qs = qs.filter(unit__path__startswith=scope.path + "/")
    qs = qs.annotate(
        n=Count("milestones"),
        n_done=Count("milestones", filter=Q(milestones__status=MilestoneStatus.DONE)),
        n_late=Count(
            "milestones",
            filter=~Q(milestones__status=MilestoneStatus.DONE) & Q(milestones__due_date__lt=today),
        ),
    ).order_by("level", "unit__parent__name", "unit__name")
    return [TargetedLine(t, t.n, t.n_done, t.n_late) for t in qs]  # type: ignore[attr-defined]


def targeted_get(pk: int) -> TargetedCommune | None:
    return (
        TargetedCommune.objects.select_related("plan__unit", "unit__parent", "assigned_by")
        .filter(pk=pk)
        .first()
    )


def is_overdue(milestone: Milestone, today: dt.date) -> bool:
    """A milestone is overdue once its due date has passed and it is not done."""
    return milestone.status != MilestoneStatus.DONE and milestone.due_date < today


@dataclass
class RoadmapCriterion:
    code: str
    name: str
    met: bool | None  # None: no evaluation yet
    gaps: list[IndicatorGap]
    milestones: list[Milestone]


@dataclass
class Roadmap:
    targeted: TargetedCommune
    cset: CoreSet
    basis: EvaluationRow | None
    criteria: list[RoadmapCriterion]
    changes: list[MilestoneChange]
    today: dt.date

    @property
    def unmet(self) -> list[RoadmapCriterion]:
        return [c for c in self.criteria if c.met is not True]

    @property
    def others(self) -> list[RoadmapCriterion]:
        """Met criteria that still carry milestones."""
        return [c for c in self.criteria if c.met is True and c.milestones]

    @property
    def milestones(self) -> list[Milestone]:
        return [m for c in self.criteria for m in c.milestones]

    @property
    def overdue(self) -> list[Milestone]:
        return [m for m in self.milestones if is_overdue(m, self.today)]

    @property
    def criteria_choices(self) -> list[tuple[str, str]]:
        return [(c.code, f"{c.code}. {c.name}") for c in self.criteria]


def roadmap_build(targeted: TargetedCommune, *, today: dt.date) -> Roadmap:
    """The commune's roadmap: every criterion of the level's set, unmet ones
    (from the latest evaluation, approved first) with how far each unmet
    indicator is from its threshold, and the milestones of each."""
    plan = targeted.plan
    found = level_set(criteria_catalog(), targeted.level, plan.year)
    if found is None:
        raise LookupError(targeted.level)
    cset, _code = found
    rows = latest_evaluations([targeted.unit_id], [cset.code], approved_only=False)
    basis = rows.get((targeted.unit_id, cset.code))
    gaps: dict[str, list[IndicatorGap]] = defaultdict(list)
    met: dict[str, bool] = {}
    if basis is not None:
        values = report_values([basis.report_id], cset.code).get(basis.report_id, {})
        for gap in unmet_gaps(cset, basis, values, targeted.unit, plan.year):
            gaps[gap.criterion].append(gap)
        for criterion in cset.criteria:
            met[criterion.code] = not gaps.get(criterion.code)
    milestones: dict[str, list[Milestone]] = defaultdict(list)
    for m in targeted.milestones.order_by("due_date", "pk"):
        milestones[m.criterion].append(m)
    criteria = [
        RoadmapCriterion(
            c.code,
            c.name,
            met.get(c.code) if basis is not None else None,
            gaps.get(c.code, []),
            milestones.get(c.code, []),
        )
        for c in cset.criteria
    ]
    changes = list(
        targeted.milestone_changes.select_related("changed_by").order_by("-changed_at", "-pk")[:50]
    )
    return Roadmap(targeted, cset, basis, criteria, changes, today)


def overdue_milestones(plan: Plan, *, scope: AdminUnit | None, today: dt.date) -> list[Milestone]:
    """Milestones past their due date and not done, in a district or the
    whole province, oldest first."""
    qs = Milestone.objects.filter(targeted__plan=plan, due_date__lt=today).exclude(
        status=MilestoneStatus.DONE
    )
    if scope is not None and scope != plan.unit:
        qs = qs.filter(targeted__unit__path__startswith=scope.path + "/")
    return list(
        qs.select_related("targeted__unit__parent").order_by("due_date", "targeted__unit__name")
    )


def overdue_counts(plan: Plan, *, today: dt.date) -> dict[int, int]:
    """Overdue milestones per district (id), in one query."""
    return dict(
        Milestone.objects.filter(targeted__plan=plan, due_date__lt=today)
        .exclude(status=MilestoneStatus.DONE)
        .values("targeted__unit__parent_id")
        .annotate(n=Count("pk"))
        .values_list("targeted__unit__parent_id", "n")
    )


def commune_choices(plan: Plan, units: QuerySet[AdminUnit]) -> list[AdminUnit]:
    """Communes a person may add as targeted (within their scope)."""
    return list(
        unit_programme_communes(plan.unit)
        .filter(pk__in=units)
        .select_related("parent")
        .order_by("parent__name", "name")
    )


LEVEL_CHOICES = Level.choices
