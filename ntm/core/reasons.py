"""Reason texts, e.g.
``2.1: 85% < 100% (ngưỡng vùng TDMNPB, QĐ 318/QĐ-TTg, chưa xác minh)``, as
:class:`~ntm.core.messages.Message` objects: Vietnamese templates translated
when a page shows them.

Only the scalar path writes them: the batch path leaves them to be produced
on demand for the rows a person looks at (``batch.explain``)."""

from __future__ import annotations

from ntm.core.criteria_model import (
    Comparison,
    CriteriaSet,
    Measure,
    ThresholdValue,
    Value,
    ValueType,
)
from ntm.core.messages import Message, Text, gettext_noop, message
from ntm.core.numbers_vi import format_number_vi, format_percent_vi
from ntm.core.thresholds import ResolvedThreshold

_MET_SYMBOL = {Comparison.GE: "≥", Comparison.LE: "≤", Comparison.EQ: "=", Comparison.IN: "∈"}
_FAILED_SYMBOL = {Comparison.GE: "<", Comparison.LE: ">", Comparison.EQ: "≠", Comparison.IN: "∉"}


def _shown(measure: Measure, value: Value | ThresholdValue) -> Text:
    if isinstance(value, bool):
        return message(gettext_noop("Đạt") if value else gettext_noop("Không đạt"))
    if isinstance(value, tuple):
        return "{" + ", ".join(value) + "}"
    if isinstance(value, str):
        return value
    if measure.value_type is ValueType.PERCENT:
        return format_percent_vi(value)
    return format_number_vi(value)


def format_value(measure: Measure, value: Value | ThresholdValue) -> str:
    return str(_shown(measure, value))


def threshold_text(measure: Measure, value: ThresholdValue) -> str:
    """A threshold as people read it, always with its unit: "≥ 100%",
    "≥ 42 triệu đồng/người/năm", "= Đạt"."""
    sign = _MET_SYMBOL[measure.comparison]
    return f"{sign} {format_value(measure, value)}{unit_suffix(measure)}"


def unit_suffix(measure: Measure) -> str:
    """ " tr.đồng/người/năm" after a number of a unit other than %."""
    return (
        f" {measure.unit}" if measure.unit and measure.value_type is not ValueType.PERCENT else ""
    )


def threshold_context(
    cset: CriteriaSet,
    threshold: ResolvedThreshold,
    class_code: str,
    year: int,
    *,
    condition: bool = False,
) -> Message:
    """Where a threshold comes from: the region's (or group's) threshold,
    or, for a condition of recognition the same everywhere (QĐ 18/2022),
    a national condition, never "ngưỡng vùng TDMNPB"."""
    scope = {"classification": cset.classification.label, "class_code": class_code}
    if condition and not threshold.class_specific:
        where = message(gettext_noop("điều kiện công nhận chung cả nước"))
    elif threshold.year_specific:
        where = message(
            gettext_noop("ngưỡng %(classification)s %(class_code)s năm %(year)s"),
            **scope,
            year=year,
        )
    else:
        where = message(gettext_noop("ngưỡng %(classification)s %(class_code)s"), **scope)
    cited: Text = (
        message(gettext_noop("điều chỉnh: %(citation)s"), citation=threshold.citation)
        if threshold.revision
        else threshold.citation
    )
    if threshold.verified:
        return message(gettext_noop("%(scope)s, %(citation)s"), scope=where, citation=cited)
    return message(
        gettext_noop("%(scope)s, %(citation)s, chưa xác minh"), scope=where, citation=cited
    )


def compared(
    cset: CriteriaSet,
    measure: Measure,
    value: Value,
    threshold: ResolvedThreshold,
    met: bool,
    class_code: str,
    year: int,
) -> Message:
    assert threshold.value is not None
    condition = any(c.code == measure.code for c in cset.conditions)
    context = threshold_context(cset, threshold, class_code, year, condition=condition)
    if measure.value_type is ValueType.BOOLEAN:
        shown = _shown(measure, value)
        if met:
            return message(
                gettext_noop("%(indicator)s: %(value)s (%(context)s)"),
                indicator=measure.shown_code,
                value=shown,
                context=context,
            )
        return message(
            gettext_noop("%(indicator)s: %(value)s, yêu cầu %(required)s (%(context)s)"),
            indicator=measure.shown_code,
            value=shown,
            required=_shown(measure, threshold.value),
            context=context,
        )
    symbol = (_MET_SYMBOL if met else _FAILED_SYMBOL)[measure.comparison]
    return message(
        gettext_noop("%(indicator)s: %(value)s %(symbol)s %(threshold)s%(unit)s (%(context)s)"),
        indicator=measure.shown_code,
        value=_shown(measure, value),
        symbol=symbol,
        threshold=_shown(measure, threshold.value),
        unit=unit_suffix(measure),
        context=context,
    )


def missing_value(measure: Measure) -> Message:
    return message(gettext_noop("%(indicator)s: chưa có số liệu"), indicator=measure.shown_code)


def missing_fact(cset: CriteriaSet, measure: Measure) -> Message:
    assert measure.applicability is not None
    fact = cset.fact(measure.applicability.fact)
    return message(
        gettext_noop(
            "%(indicator)s: chưa có thông tin «%(fact)s» để biết chỉ tiêu có áp dụng không"
        ),
        indicator=measure.shown_code,
        fact=fact.name,
    )


def not_applicable(cset: CriteriaSet, measure: Measure) -> Message:
    if not measure.counted:
        return message(
            gettext_noop("%(indicator)s: chưa tính (chưa xác nhận chỉ tiêu này có trong văn bản)"),
            indicator=measure.shown_code,
        )
    assert measure.applicability is not None
    fact = cset.fact(measure.applicability.fact)
    template = (
        gettext_noop("%(indicator)s: không áp dụng («%(fact)s»: có)")
        if not measure.applicability.expected
        else gettext_noop("%(indicator)s: không áp dụng («%(fact)s»: không)")
    )
    return message(template, indicator=measure.shown_code, fact=fact.name)


def missing_threshold(
    cset: CriteriaSet,
    measure: Measure,
    value: Value,
    threshold: ResolvedThreshold | None,
    class_code: str,
    year: int,
) -> Message:
    shown = message(
        gettext_noop("%(value)s%(unit)s"), value=_shown(measure, value), unit=unit_suffix(measure)
    )
    cell = {
        "indicator": measure.shown_code,
        "value": shown,
        "classification": cset.classification.label,
        "class_code": class_code,
        "year": year,
    }
    if threshold is None:
        return message(
            gettext_noop(
                "%(indicator)s: %(value)s, chưa có ngưỡng "
                "(%(classification)s %(class_code)s, năm %(year)s)"
            ),
            **cell,
        )
    return message(
        gettext_noop(
            "%(indicator)s: %(value)s, chưa có ngưỡng "
            "(%(classification)s %(class_code)s, năm %(year)s; %(citation)s)"
        ),
        **cell,
        citation=threshold.citation,
    )
