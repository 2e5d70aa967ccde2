"""The one CSV writer of the project: text never becomes a formula.

A spreadsheet opening a CSV runs a cell that starts with ``=``, ``+``, ``-``,
``@``, a tab or a carriage return as a formula (``=HYPERLINK(...)`` leaks
data, ``@SUM`` and ``+1`` compute). Following the OWASP guidance on CSV
injection (https://owasp.org/www-community/attacks/CSV_Injection), a text
cell starting so is prefixed with an apostrophe, which the spreadsheet shows
as plain text. Numbers are not text: a real negative number is written as the
number it is (``-5,2``), through the caller's number format. The full-width
forms of the same signs are escaped too (our choice: some spreadsheets
normalise them)."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any, Protocol

Number = int | float | Decimal
CsvCell = str | Number | None

# OWASP's list, then the full-width forms of its signs.
DANGEROUS_LEADS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")


class _Writable(Protocol):
    def write(self, text: str, /) -> Any: ...


def safe_text(text: str) -> str:
    """Text as a spreadsheet will show it, never run it."""
    return "'" + text if text.startswith(DANGEROUS_LEADS) else text


class SafeCsvWriter:
    """``csv.writer`` with every text cell made safe. ``number`` turns a
    number into its text (default ``str``; the dataset export writes a
    decimal comma); ``writerow`` returns what the target's ``write`` returned,
    so a streaming response can yield it."""

    def __init__(
        self,
        target: _Writable,
        *,
        number: Callable[[Number], str] = str,
        **fmtparams: Any,
    ) -> None:
        self._writer = csv.writer(target, **fmtparams)
        self._number = number

    def cell(self, value: CsvCell) -> str:
        if value is None:
            return ""
        if isinstance(value, bool):
            return str(value)
        if isinstance(value, (int, float, Decimal)):
            return self._number(value)
        return safe_text(str(value))

    def writerow(self, row: Iterable[CsvCell]) -> Any:
        return self._writer.writerow([self.cell(v) for v in row])
