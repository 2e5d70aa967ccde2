"""Reads of criteria: the catalogue as the engine sees it (shipped sets with
the office's revisions), and what the criteria browser shows."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from django.db.models import Count, Max
from django.utils.translation import gettext as _

from ntm.core.criteria_catalog import CriteriaCatalog, load_shipped_sets
from ntm.core.criteria_model import CriteriaSet as CoreSet
from ntm.core.criteria_model import Criterion as CoreCriterion
from ntm.core.criteria_model import Measure
from ntm.core.criteria_model import ThresholdRevision as CoreRevision
from ntm.core.errors import CriteriaLookupError, RevisionError
from ntm.core.reasons import threshold_text
from ntm.core.thresholds import ResolvedThreshold
from ntm.criteria.models import ThresholdRevision

logger = logging.getLogger(__name__)


@lru_cache(maxsize=1)
def shipped_catalog() -> CriteriaCatalog:
    """The sets as encoded from the law; files do not change while running."""
    return load_shipped_sets()


def to_core_revision(revision: ThresholdRevision) -> CoreRevision:
    value = revision.value
    return CoreRevision(
        set_code=revision.criteria_set.code,
        measure_code=revision.indicator.code,
        value=tuple(value) if isinstance(value, list) else value,
        citation=revision.citation,
        classes=tuple(revision.classes) if revision.classes else None,
        years=tuple(revision.years) if revision.years else None,
        verified=revision.verified,
        note=revision.note or None,
    )


# The revised catalogue of this process, keyed by the content of every
# revision (a few dozen small rows): any change, even one rolled back and
# redone with the same ids, gives a new key. Nothing is shared between processes.
_revised: dict[int, CriteriaCatalog] = {}
_FIELDS = (
    "pk",
    "indicator_id",
    "value",
    "classes",
    "years",
    "document_number",
    "document_date",
    "verified",
)


def criteria_revision_key() -> tuple[int, int]:
    """(number of revisions, newest id): what evaluations record as used."""
    agg = ThresholdRevision.objects.aggregate(n=Count("pk"), last=Max("pk"))
    return agg["n"], agg["last"] or 0


def criteria_catalog() -> CriteriaCatalog:
    """All sets with every revision applied, in the order they were made."""
    rows = list(ThresholdRevision.objects.order_by("pk").values_list(*_FIELDS))
    key = hash(repr(rows))
    catalog = _revised.get(key)
    if catalog is None:
        revisions = ThresholdRevision.objects.select_related("criteria_set", "indicator")
        catalog = shipped_catalog().with_revisions(
            _applicable(to_core_revision(r) for r in revisions.order_by("pk"))
        )
        _revised.clear()
        _revised[key] = catalog
    return catalog


def _applicable(revisions: Iterable[CoreRevision]) -> list[CoreRevision]:
    """The revisions that fit their indicator. ``threshold_revise`` refuses
    the others; one in the database all the same (written before the
    indicator's bounds, or by hand) is left out and logged, so that no stored
    threshold can make a page fail."""
    shipped = shipped_catalog()
    kept = []
    for revision in revisions:
        try:
            shipped.get(revision.set_code).with_revisions([revision])
        except (RevisionError, CriteriaLookupError) as exc:
            logger.warning("threshold revision left out: %s", exc)
            continue
        kept.append(revision)
    return kept


@dataclass(frozen=True)
class ThresholdRow:
    measure: Measure
    threshold: ResolvedThreshold | None
    shown: str  # "≥ 100%", or "chưa có ngưỡng"
    revisions: list[ThresholdRevision]
    applies_when: str = ""  # the fact's name (or "không: …"), for a conditional indicator


@dataclass(frozen=True)
class CriterionRows:
    criterion: CoreCriterion | None  # None: the level conditions
    rows: list[ThresholdRow]


def criteria_set_table(cset: CoreSet, class_code: str, year: int) -> list[CriterionRows]:
    """Criteria → indicators with the threshold in force for a region or
    group and year, and the revision history of each indicator."""
    history: dict[str, list[ThresholdRevision]] = {}
    for revision in (
        ThresholdRevision.objects.filter(criteria_set__code=cset.code)
        .select_related("indicator", "created_by")
        .order_by("-pk")
    ):
        history.setdefault(revision.indicator.code, []).append(revision)

    def row(measure: Measure) -> ThresholdRow:
        resolved = cset.threshold(measure.code, class_code, year)
        if resolved is None or resolved.value is None:
            shown = _("chưa có ngưỡng")
        else:
            shown = threshold_text(measure, resolved.value)
        rule = measure.applicability
        when = ""
        if rule is not None:
            fact = cset.fact(rule.fact).name
            when = fact if rule.expected else _("không: %(fact)s") % {"fact": fact}
        return ThresholdRow(measure, resolved, shown, history.get(measure.code, []), when)

    table = [CriterionRows(c, [row(m) for m in c.indicators]) for c in cset.criteria]
    if cset.conditions:
        table.append(CriterionRows(None, [row(m) for m in cset.conditions]))
    return table


@lru_cache(maxsize=1)
def _condition_labels() -> dict[str, str]:
    return {c.code: c.shown_code for s in shipped_catalog() for c in s.conditions if c.short}


def shown_code(code: str) -> str:
    """A measure code as people read it: an indicator's number ("2.1") as
    it is, a condition's short label ("Hài lòng") for its identifier."""
    return _condition_labels().get(code, code)


def set_label(code: str) -> str:
    """A criteria set as people read it in a sentence ("xã nông thôn mới
    giai đoạn 2021-2025"), never its code."""
    for cset in shipped_catalog():
        if cset.code == code:
            return cset.short_name
    return code
