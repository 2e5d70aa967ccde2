"""Vietnamese reason texts, e.g.
``2.1: 85% < 100% (ngưỡng vùng TDMNPB, QĐ 318/QĐ-TTg, chưa xác minh)``.

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
from ntm.core.numbers_vi import format_number_vi, format_percent_vi
from ntm.core.thresholds import ResolvedThreshold

_MET_SYMBOL = {Comparison.GE: "≥", Comparison.LE: "≤", Comparison.EQ: "=", Comparison.IN: "∈"}
_FAILED_SYMBOL = {Comparison.GE: "<", Comparison.LE: ">", Comparison.EQ: "≠", Comparison.IN: "∉"}


def format_value(measure: Measure, value: Value | ThresholdValue) -> str:
    if isinstance(value, bool):
        return "Đạt" if value else "Không đạt"
    if isinstance(value, tuple):
        return "{" + ", ".join(value) + "}"
    if isinstance(value, str):
        return value
    if measure.value_type is ValueType.PERCENT:
        return format_percent_vi(value)
    return format_number_vi(value)


def _unit_suffix(measure: Measure) -> str:
    return (
        f" {measure.unit}" if measure.unit and measure.value_type is not ValueType.PERCENT else ""
    )


def threshold_context(
    cset: CriteriaSet, threshold: ResolvedThreshold, class_code: str, year: int
) -> str:
    scope = f"ngưỡng {cset.classification.label} {class_code}"
    if threshold.year_specific:
        scope += f" năm {year}"
    cited = f"điều chỉnh: {threshold.citation}" if threshold.revision else threshold.citation
    return f"{scope}, {cited}" + ("" if threshold.verified else ", chưa xác minh")


def compared(
    cset: CriteriaSet,
    measure: Measure,
    value: Value,
    threshold: ResolvedThreshold,
    met: bool,
    class_code: str,
    year: int,
) -> str:
    assert threshold.value is not None
    context = threshold_context(cset, threshold, class_code, year)
    if measure.value_type is ValueType.BOOLEAN:
        shown = format_value(measure, value)
        if not met:
            shown += f", yêu cầu {format_value(measure, threshold.value)}"
        return f"{measure.code}: {shown} ({context})"
    symbol = (_MET_SYMBOL if met else _FAILED_SYMBOL)[measure.comparison]
    return (
        f"{measure.code}: {format_value(measure, value)} {symbol} "
        f"{format_value(measure, threshold.value)}{_unit_suffix(measure)} ({context})"
    )


def missing_value(measure: Measure) -> str:
    return f"{measure.code}: chưa có số liệu"


def missing_fact(cset: CriteriaSet, measure: Measure) -> str:
    assert measure.applicability is not None
    fact = cset.fact(measure.applicability.fact)
    return f"{measure.code}: chưa có thông tin «{fact.name}» để biết chỉ tiêu có áp dụng không"


def not_applicable(cset: CriteriaSet, measure: Measure) -> str:
    if not measure.counted:
        return f"{measure.code}: chưa tính (chưa xác nhận chỉ tiêu này có trong văn bản)"
    assert measure.applicability is not None
    fact = cset.fact(measure.applicability.fact)
    answer = "có" if not measure.applicability.expected else "không"
    return f"{measure.code}: không áp dụng («{fact.name}»: {answer})"


def missing_threshold(
    cset: CriteriaSet,
    measure: Measure,
    value: Value,
    threshold: ResolvedThreshold | None,
    class_code: str,
    year: int,
) -> str:
    cell = f"{cset.classification.label} {class_code}, năm {year}"
    cited = f"; {threshold.citation}" if threshold is not None else ""
    shown = format_value(measure, value) + _unit_suffix(measure)
    return f"{measure.code}: {shown}, chưa có ngưỡng ({cell}{cited})"
