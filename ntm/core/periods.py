"""Reporting periods written the way people say them: ``2022`` (a year),
``2023-Q1`` (a quarter), ``2023-03`` (a month)."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from typing import Literal

from ntm.core.messages import CoreError, gettext_noop

PeriodKind = Literal["nam", "quy", "thang"]

_PATTERNS = (
    (re.compile(r"^(\d{4})$"), "nam"),
    (re.compile(r"^(\d{4})-[Qq]([1-4])$"), "quy"),
    (re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$"), "thang"),
)


class PeriodError(CoreError, ValueError):
    code = "period"


@dataclass(frozen=True)
class PeriodSpec:
    code: str
    kind: PeriodKind
    year: int
    number: int  # quarter 1-4, month 1-12, 0 for a year
    start: date
    end: date


def parse_period(text: str) -> PeriodSpec:
    """``PeriodError`` (Vietnamese) for anything else than the three forms."""
    cleaned = text.strip()
    for pattern, kind in _PATTERNS:
        match = pattern.match(cleaned)
        if match is None:
            continue
        year = int(match.group(1))
        if not 2000 <= year <= 2100:
            break
        if kind == "nam":
            return PeriodSpec(str(year), "nam", year, 0, date(year, 1, 1), date(year, 12, 31))
        number = int(match.group(2))
        if kind == "quy":
            first = 3 * number - 2
            last_day = calendar.monthrange(year, first + 2)[1]
            return PeriodSpec(
                f"{year}-Q{number}",
                "quy",
                year,
                number,
                date(year, first, 1),
                date(year, first + 2, last_day),
            )
        last_day = calendar.monthrange(year, number)[1]
        return PeriodSpec(
            f"{year}-{number:02d}",
            "thang",
            year,
            number,
            date(year, number, 1),
            date(year, number, last_day),
        )
    raise PeriodError(
        gettext_noop(
            "Kỳ «%(text)s» không hợp lệ: viết 2023 (năm), 2023-Q1 (quý) hoặc 2023-03 (tháng)."
        ),
        text=text,
    )
