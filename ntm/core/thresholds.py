"""Which threshold applies to a unit, and how the office's revisions change it.

Resolution order for a measure, a region/group and a year:
1. the latest office revision covering that cell;
2. a derived threshold (factor × another set's threshold, same cell);
3. the most specific encoded entry (a region/group-specific entry beats an
   "all" entry, a year-specific one beats an "every year" one; the loader
   rejects entries that tie).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from decimal import Decimal

from ntm.core.criteria_model import (
    Comparison,
    Confidence,
    CriteriaSet,
    Measure,
    ThresholdEntry,
    ThresholdRevision,
    ThresholdValue,
    ValueType,
)
from ntm.core.errors import RevisionError
from ntm.core.messages import gettext_noop, message
from ntm.core.numbers_vi import check_digits, format_number_vi


@dataclass(frozen=True)
class ResolvedThreshold:
    value: ThresholdValue | None  # None: known to exist, value unknown
    citation: str  # what the reason text cites
    verified: bool
    tag: Confidence | None  # None for an office revision
    class_specific: bool
    year_specific: bool
    revision: ThresholdRevision | None = None
    note: str | None = None


def check_threshold_value(measure: Measure, value: object) -> ThresholdValue:
    """``value`` normalised for ``measure``; ``ValueError`` (Vietnamese) if it
    does not fit the measure's type, domain or comparison."""
    vtype, comparison = measure.value_type, measure.comparison
    if vtype is ValueType.BOOLEAN:
        if not isinstance(value, bool):
            raise ValueError(
                message(
                    gettext_noop(
                        "ngưỡng của chỉ tiêu kiểu boolean phải là true/false, không phải %(value)r"
                    ),
                    value=value,
                )
            )
        return value
    if vtype is ValueType.ENUM:
        if comparison is Comparison.IN:
            if not isinstance(value, (list, tuple)) or not value:
                raise ValueError(
                    gettext_noop("ngưỡng của phép so sánh «in» phải là danh sách các giá trị")
                )
            items = tuple(value)
        else:
            items = (value,)
        for item in items:
            if not isinstance(item, str) or item not in measure.options:
                raise ValueError(
                    message(
                        gettext_noop(
                            "giá trị %(item)r không thuộc danh sách %(options)s của chỉ tiêu"
                        ),
                        item=item,
                        options=list(measure.options),
                    )
                )
        return items if comparison is Comparison.IN else items[0]
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
        raise ValueError(
            message(
                gettext_noop("ngưỡng của chỉ tiêu kiểu %(vtype)s phải là số, không phải %(value)r"),
                vtype=vtype,
                value=value,
            )
        )
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError(message(gettext_noop("ngưỡng %(value)r phải là số không âm"), value=value))
    # The storage limits of a value first (ValueParseError is a ValueError):
    # a huge int would overflow float().
    exact = check_digits(Decimal(repr(value)) if isinstance(value, float) else Decimal(value))
    number = float(exact)
    if number < 0:
        raise ValueError(message(gettext_noop("ngưỡng %(value)r phải là số không âm"), value=value))
    if vtype is ValueType.PERCENT and number > 100:
        raise ValueError(
            message(
                gettext_noop("ngưỡng tỷ lệ %(number)s%% vượt quá 100%%"),
                number=format_number_vi(number),
            )
        )
    if vtype is ValueType.COUNT and not number.is_integer():
        raise ValueError(
            message(
                gettext_noop(
                    "ngưỡng của chỉ tiêu kiểu count phải là số nguyên, không phải %(value)r"
                ),
                value=value,
            )
        )
    limits = measure.limits
    problem = limits.domain_problem(exact, format_number_vi(exact)) if limits else None
    if problem is not None:
        raise ValueError(message(gettext_noop("ngưỡng %(problem)s"), problem=problem))
    return number


def _covers(classes: tuple[str, ...] | None, years: tuple[int, ...] | None, c: str, y: int) -> bool:
    return (classes is None or c in classes) and (years is None or y in years)


def matching_entries(
    entries: tuple[ThresholdEntry, ...], class_code: str, year: int
) -> list[ThresholdEntry]:
    """Entries covering the cell, most specific first."""
    found = [e for e in entries if _covers(e.classes, e.years, class_code, year)]
    found.sort(key=lambda e: (e.classes is not None) + (e.years is not None), reverse=True)
    return found


def _from_revision(rev: ThresholdRevision) -> ResolvedThreshold:
    return ResolvedThreshold(
        value=rev.value,
        citation=rev.citation,
        verified=rev.verified,
        tag=None,
        class_specific=rev.classes is not None,
        year_specific=rev.years is not None,
        revision=rev,
        note=rev.note,
    )


def resolve_threshold(
    cset: CriteriaSet, measure: Measure, class_code: str, year: int
) -> ResolvedThreshold | None:
    cset.classification.index(class_code)
    for rev in reversed(cset.revisions):
        if rev.measure_code == measure.code and _covers(rev.classes, rev.years, class_code, year):
            return _from_revision(rev)
    if measure.derived is not None:
        return _resolve_derived(cset, measure, class_code, year)
    entries = matching_entries(measure.thresholds, class_code, year)
    if not entries:
        return None
    entry = entries[0]
    return ResolvedThreshold(
        value=entry.value,
        citation=entry.source.citation,
        verified=entry.source.verified,
        tag=entry.source.tag,
        class_specific=entry.classes is not None,
        year_specific=entry.years is not None,
        note=entry.note,
    )


def _resolve_derived(
    cset: CriteriaSet, measure: Measure, class_code: str, year: int
) -> ResolvedThreshold:
    derived = measure.derived
    assert derived is not None
    factor = format_number_vi(derived.factor)
    what = message(
        gettext_noop("%(factor)s × ngưỡng chỉ tiêu %(measure_code)s của bộ tiêu chí %(set)s"),
        factor=factor,
        measure_code=derived.measure_code,
        set=cset.set_label(derived.set_code),
    )
    base_set = cset.linked_set(derived.set_code)
    base = None
    if base_set is not None and year in base_set.years:
        base = base_set.threshold(derived.measure_code, class_code, year)
    if base is None or base.value is None or isinstance(base.value, (bool, str, tuple)):
        missing = message(
            gettext_noop("chưa nạp bộ này")
            if base_set is None
            else gettext_noop("bộ này chưa có ngưỡng")
        )
        return ResolvedThreshold(
            value=None,
            citation=str(
                message(
                    gettext_noop("%(what)s (%(missing)s); %(source_citation)s"),
                    what=what,
                    missing=missing,
                    source_citation=derived.source.citation,
                )
            ),
            verified=False,
            tag=derived.source.tag,
            class_specific=True,
            year_specific=True,
        )
    # Decimal arithmetic: 1.10 × 47 must be exactly 51.7, so that a value
    # typed as 51,7 meets it.
    value = float(derived.factor * Decimal(repr(base.value)))
    return ResolvedThreshold(
        value=value,
        # Rendered now (citations are plain text): in the language active when
        # the threshold is resolved.
        citation=str(
            message(
                gettext_noop(
                    "%(what)s = %(factor)s × %(base_value)s (%(base_citation)s); "
                    "%(source_citation)s"
                ),
                what=what,
                factor=factor,
                base_value=format_number_vi(base.value),
                base_citation=base.citation,
                source_citation=derived.source.citation,
            )
        ),
        verified=derived.source.verified and base.verified,
        tag=derived.source.tag,
        class_specific=True,
        year_specific=True,
        revision=base.revision,
    )


def _check_revision(cset: CriteriaSet, rev: ThresholdRevision) -> ThresholdRevision:
    where = message(
        gettext_noop("Điều chỉnh ngưỡng %(set_code)s/%(measure_code)s"),
        set_code=rev.set_code,
        measure_code=rev.measure_code,
    )
    if not rev.citation.strip():
        raise RevisionError(
            message(gettext_noop("%(where)s: phải ghi căn cứ (văn bản, trích dẫn)"), where=where)
        )
    if not cset.has_measure(rev.measure_code):
        raise RevisionError(
            message(
                gettext_noop("%(where)s: bộ %(set)s không có chỉ tiêu hay điều kiện này"),
                where=where,
                set=cset.code,
            )
        )
    measure = cset.measure(rev.measure_code)
    for code in rev.classes or ():
        if code not in cset.classification.codes:
            raise RevisionError(
                message(
                    gettext_noop(
                        "%(where)s: không có %(classification)s «%(code)s» (hợp lệ: %(codes)s)"
                    ),
                    where=where,
                    classification=cset.classification.label,
                    code=code,
                    codes=", ".join(cset.classification.codes),
                )
            )
    for year in rev.years or ():
        if year not in cset.years:
            raise RevisionError(
                message(
                    gettext_noop(
                        "%(where)s: năm %(year)s ngoài giai đoạn %(first_year)s-%(last_year)s"
                    ),
                    where=where,
                    year=year,
                    first_year=cset.first_year,
                    last_year=cset.last_year,
                )
            )
    try:
        value = check_threshold_value(measure, rev.value)
    except ValueError as exc:
        raise RevisionError(f"{where}: {exc}") from None
    return replace(rev, value=value)


def _all_codes(cset: CriteriaSet) -> set[str]:
    codes = {cset.code}
    for linked in cset.linked:
        codes |= _all_codes(linked)
    return codes


def apply_revisions(cset: CriteriaSet, revisions: tuple[ThresholdRevision, ...]) -> CriteriaSet:
    known = _all_codes(cset)
    for rev in revisions:
        if rev.set_code not in known:
            raise RevisionError(
                message(
                    gettext_noop(
                        "Điều chỉnh ngưỡng %(set_code)s/%(measure_code)s: bộ tiêu chí "
                        "«%(set_code)s» không thuộc %(set)s hay các bộ nó tham chiếu"
                    ),
                    set_code=rev.set_code,
                    measure_code=rev.measure_code,
                    set=cset.code,
                )
            )
    own = tuple(_check_revision(cset, r) for r in revisions if r.set_code == cset.code)
    linked = tuple(
        apply_revisions(s, tuple(r for r in revisions if r.set_code in _all_codes(s)))
        for s in cset.linked
    )
    return replace(cset, revisions=cset.revisions + own, linked=linked)
