"""Reading cells: the text a person would have typed for a cell's value (so
that every cell goes through the parser of the web form), and dates."""

from __future__ import annotations

import datetime as dt
import math
import re
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils.translation import gettext_noop

from ntm.core.criteria_model import Measure, ValueType
from ntm.core.numbers_vi import MAX_DECIMAL_PLACES, MAX_DIGITS, check_digits
from ntm.core.values import parse_value
from ntm.dates import format_date
from ntm.exchange import layout as L
from ntm.exchange.workbook_reader import cell_text
from ntm.stored_text import Message


class CellError(ValueError):
    """A cell that holds no value a person could have typed. ``note`` is
    stored with the preview and translated when shown."""

    def __init__(self, note: Message) -> None:
        super().__init__(note.source())
        self.note = note

    def __str__(self) -> str:
        return self.note.translated()


def plain_number(number: Decimal) -> str:
    """``1234.5`` → ``1234,5``: Vietnamese decimal comma and no thousands
    dots, so that the parser reads it back without ambiguity."""
    rounded = number.quantize(Decimal("0.000001"), rounding=ROUND_HALF_UP).normalize()
    text = format(rounded, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")


def cell_raw(value: Any, measure: Measure, percent_format: bool = False) -> str:
    """The text a person would have typed for a cell's value."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.replace("\u00a0", " ").strip()
    if isinstance(value, bool):
        if measure.value_type is ValueType.BOOLEAN:
            return L.BOOLEAN_CHOICES[0] if value else L.BOOLEAN_CHOICES[1]
        parse_value(value, measure)  # raises with the parser's message
        return str(value)
    if isinstance(value, (int, float)):
        if isinstance(value, float) and not math.isfinite(value):
            raise CellError(Message(gettext_noop("ô chứa giá trị lỗi hoặc vô hạn")))
        if measure.value_type in (ValueType.BOOLEAN, ValueType.ENUM):
            parse_value(value, measure)  # raises: a number is no answer here
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        if number.adjusted() >= MAX_DIGITS - MAX_DECIMAL_PLACES - (2 if percent_format else 0):
            check_digits(number * 100 if percent_format else number)  # too large: raises
        if percent_format:
            return plain_number(number * 100) + "%"
        return plain_number(number)
    if isinstance(value, (dt.datetime, dt.date)):
        raise CellError(
            Message(
                gettext_noop(
                    "ô chứa ngày %(day)s: Excel có thể đã tự đổi số bạn gõ thành ngày tháng. "
                    "Hãy gõ lại giá trị (ví dụ 15,4) hoặc định dạng ô là Văn bản (Text) "
                    "trước khi gõ"
                ),
                {"day": format_date(value)},
            )
        )
    if isinstance(value, (dt.time, dt.timedelta)):
        raise CellError(
            Message(
                gettext_noop("ô chứa giờ hoặc khoảng thời gian, không phải giá trị của chỉ tiêu")
            )
        )
    raise CellError(
        Message(gettext_noop("không đọc được giá trị %(value)s"), {"value": repr(value)})
    )


_DATE = re.compile(r"^\s*(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})\s*$")


def parse_date(value: Any) -> dt.date | None:
    """A date cell, or text in dd/mm/yyyy (also d/m/yyyy, with - or .)."""
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = cell_text(value)
    match = _DATE.match(text)
    if match is None:
        raise CellError(
            Message(
                gettext_noop("«%(text)s» không phải ngày theo dạng dd/mm/yyyy (ví dụ 15/04/2023)"),
                {"text": text},
            )
        )
    day, month, year = (int(g) for g in match.groups())
    try:
        return dt.date(year, month, day)
    except ValueError as exc:
        raise CellError(
            Message(gettext_noop("«%(text)s» không phải ngày có thật"), {"text": text})
        ) from exc
