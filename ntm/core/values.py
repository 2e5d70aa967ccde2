"""The one value parser behind every input path (CLI, web form, Excel).

It reads what a person typed (or a cell held) for one indicator and returns
a typed value, or raises :class:`ValueParseError` with a Vietnamese message.
Nothing is guessed: ambiguous numbers and out-of-domain values are rejected.
Number forms are described in :mod:`ntm.core.numbers_vi`.
"""

from __future__ import annotations

import math
from decimal import Decimal

from ntm.core.bounds import MAX_MAGNITUDE
from ntm.core.criteria_model import Measure, Value, ValueType
from ntm.core.errors import ValueParseError
from ntm.core.messages import Message, gettext_noop, message
from ntm.core.numbers_vi import check_digits, format_number_vi, parse_number_text, shorten
from ntm.core.text import fold

# Folded (lower case, no diacritics) forms. "x" is the tick of a paper form.
_TRUE = frozenset({"dat", "co", "x"})
_FALSE = frozenset({"khong dat", "chua dat", "khong"})
_BLANK = frozenset({"", "-"})


def parse_value(raw: object, measure: Measure) -> Value | None:
    """``raw`` (text, or a number/bool from a spreadsheet cell) as a value of
    ``measure``; ``None`` for a blank cell (no value yet)."""
    if raw is None:
        return None
    if isinstance(raw, str):
        text = raw.replace("\u00a0", " ").strip()
        if text in _BLANK:
            return None
        return _parse_text(text, measure)
    if isinstance(raw, bool):
        if measure.value_type is not ValueType.BOOLEAN:
            raise ValueParseError(
                gettext_noop("cần %(expected)s, không phải giá trị đúng/sai"),
                expected=_expected(measure),
            )
        return raw
    if isinstance(raw, (int, float, Decimal)):
        if measure.value_type in (ValueType.BOOLEAN, ValueType.ENUM):
            raise ValueParseError(
                gettext_noop("cần %(expected)s, không phải số %(number)s"),
                expected=_expected(measure),
                number=raw,
            )
        if isinstance(raw, float) and not math.isfinite(raw):
            raise ValueParseError(gettext_noop("%(number)s không phải là số hữu hạn"), number=raw)
        number = Decimal(repr(raw)) if isinstance(raw, float) else Decimal(raw)
        return _check_number(check_digits(number), measure)
    raise ValueParseError(gettext_noop("không đọc được giá trị %(raw)r"), raw=raw)


def parse_boolean(raw: object) -> bool | None:
    """A yes/no answer (an indicator, or a unit fact such as "has a
    traditional craft"); ``None`` for a blank cell."""
    if raw is None or isinstance(raw, bool):
        return raw
    if isinstance(raw, str):
        text = raw.replace("\u00a0", " ").strip()
        return None if text in _BLANK else _parse_boolean_text(text)
    raise ValueParseError(
        gettext_noop("cần %(expected)s, không phải %(raw)r"), expected=_BOOLEAN_FORMS, raw=raw
    )


# The words a person may type stay Vietnamese: they are what the parser reads.
_BOOLEAN_FORMS = message(gettext_noop("Đạt/Không đạt (hoặc Có/Không, x)"))


def _parse_boolean_text(text: str) -> bool:
    folded = fold(text)
    if folded in _TRUE:
        return True
    if folded in _FALSE:
        return False
    raise ValueParseError(
        gettext_noop("«%(text)s» không phải là %(expected)s"), text=text, expected=_BOOLEAN_FORMS
    )


def _expected(measure: Measure) -> Message:
    match measure.value_type:
        case ValueType.BOOLEAN:
            return _BOOLEAN_FORMS
        case ValueType.ENUM:
            return message(
                gettext_noop("một trong: %(options)s"), options=", ".join(measure.options)
            )
        case ValueType.PERCENT:
            return message(gettext_noop("một tỷ lệ % từ 0 đến 100"))
        case ValueType.COUNT:
            return message(gettext_noop("một số nguyên không âm"))
        case _:
            return message(gettext_noop("một số không âm"))


def _parse_text(text: str, measure: Measure) -> Value:
    folded = fold(text)
    match measure.value_type:
        case ValueType.BOOLEAN:
            return _parse_boolean_text(text)
        case ValueType.ENUM:
            for option in measure.options:
                if fold(option) == folded:
                    return option
            raise ValueParseError(
                gettext_noop("«%(text)s» không thuộc danh sách: %(options)s"),
                text=text,
                options=", ".join(measure.options),
            )
    body = text
    if body.endswith("%"):
        if measure.value_type is not ValueType.PERCENT:
            raise ValueParseError(
                gettext_noop("«%(text)s»: chỉ tiêu này không phải tỷ lệ %%, cần %(expected)s"),
                text=text,
                expected=_expected(measure),
            )
        body = body[:-1].rstrip()
    if not body:
        raise ValueParseError(gettext_noop("«%(text)s» không phải là số"), text=text)
    number = parse_number_text(body, integer=measure.value_type is ValueType.COUNT)
    return _check_number(number, measure, text)


def _check_number(number: Decimal, measure: Measure, text: str | None = None) -> Value:
    """``number`` (within the storage limits already) checked against the
    measure's domain; ``-0`` is ``0``."""
    shown = f"«{shorten(text)}»" if text is not None else format_number_vi(number)
    if number.is_zero():
        number = Decimal(0)
    limits = measure.limits
    if number < 0 and (limits is None or limits.low >= 0):
        raise ValueParseError(
            gettext_noop("%(number)s: giá trị không được âm, cần %(expected)s"),
            number=shown,
            expected=_expected(measure),
        )
    if measure.value_type is ValueType.PERCENT and number > 100:
        raise ValueParseError(gettext_noop("%(number)s: tỷ lệ phải từ 0%% đến 100%%"), number=shown)
    problem = limits.domain_problem(number, shown) if limits else None
    if problem is not None:
        raise ValueParseError(problem)
    if measure.value_type is ValueType.COUNT:
        if number != number.to_integral_value():
            raise ValueParseError(
                gettext_noop("%(number)s: số đếm phải là số nguyên, không có phần thập phân"),
                number=shown,
            )
        return int(number)
    return float(number)


def stored_value(value: object, measure: Measure) -> Value | None:
    """A value read back from the database, if it is of the kind
    :func:`parse_value` gives for ``measure`` and within the storage limits;
    None (no value) otherwise. A value written past the parser (an older
    release, a hand edit) is thus judged missing instead of breaking a page."""
    vtype = measure.value_type
    if value is None:
        return None
    if vtype is ValueType.BOOLEAN:
        return value if isinstance(value, bool) else None
    if vtype is ValueType.ENUM:
        return value if isinstance(value, str) and value in measure.options else None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value if abs(value) <= MAX_MAGNITUDE else None


def value_implausible(value: Value | None, measure: Measure) -> Message | None:
    """Why a parsed ``value`` is unusual for ``measure`` (outside its plausible
    range), or None. Such a value is saved only when the person confirms it."""
    limits = measure.limits
    if limits is None or isinstance(value, (bool, str)) or value is None:
        return None
    number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    if limits.plausible(number):
        return None
    unit = (
        f" {measure.unit}"
        if measure.unit
        else ("%" if measure.value_type is ValueType.PERCENT else "")
    )
    return message(
        gettext_noop(
            "%(number)s nằm ngoài khoảng thường gặp (%(range)s%(unit)s); kiểm tra lại, "
            "nếu đúng thì xác nhận giá trị bất thường"
        ),
        number=format_number_vi(number),
        range=limits.plausible_text(),
        unit=unit,
    )
