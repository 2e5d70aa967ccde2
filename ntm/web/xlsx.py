"""One styled table as an .xlsx download, for every page that shows a table.

Layout, the same everywhere so that people can rely on it: a title row, a
header row (units in the header text, e.g. "Tỷ lệ (%)"), frozen under the
title, the data with numbers kept as numbers and a number format per column
(a percentage is stored in points, 35.91, with format ``0.00``), then a note
row saying where the figures come from and for which period.

Written with XlsxWriter, the one xlsx writer of the project: every workbook
of the project (the exchange templates and exports too) is opened with
``new_workbook`` and its data cells written with ``write_cell``. Text is
always written as text: a name starting with ``=`` never becomes a formula,
an address never a hyperlink, ``0012`` never a number (a test walks the
code base so that no module opens a workbook another way)."""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import IO, Any

import xlsxwriter
from django.http import HttpResponse
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from ntm.web.http import as_attachment

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# Number formats for Column.number_format.
INTEGER = "#,##0"
DECIMAL_2 = "0.00"
PERCENT_POINTS = "0.00"  # a share in points: 35.91 means 35,91 %
TEXT = "@"


@dataclass(frozen=True)
class Column:
    header: str
    number_format: str | None = None  # None: general (text)
    width: int | None = None  # in characters; None: fitted to the content


ColumnSpec = Column | tuple[str, str | None] | str
Cell = str | int | float | Decimal | None

# XlsxWriter's ``write()`` (and ``merge_range``) turn a string starting with
# "=" into a formula and one starting with "http://" into a hyperlink unless
# told not to; data from people (file names, sheet names, notes) must stay text.
SAFE_OPTIONS: dict[str, Any] = {
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
}


def new_workbook(target: IO[bytes] | str, **options: Any) -> xlsxwriter.Workbook:
    """The one way to open a workbook for writing: in memory, every string
    written as text whatever method writes it (``options`` may add e.g.
    ``constant_memory`` but cannot turn the text guarantee off)."""
    unsafe = {k: v for k, v in options.items() if k in SAFE_OPTIONS and v != SAFE_OPTIONS[k]}
    if unsafe:
        raise ValueError(f"new_workbook keeps text as text; refused options {sorted(unsafe)}")
    return xlsxwriter.Workbook(target, {"in_memory": True, **options, **SAFE_OPTIONS})


def _column(spec: ColumnSpec) -> Column:
    if isinstance(spec, Column):
        return spec
    if isinstance(spec, tuple):
        return Column(str(spec[0]), spec[1])
    return Column(str(spec))


_TITLE_STYLE = {"bold": True, "font_size": 13}
_HEADER_STYLE = {
    "bold": True,
    "bg_color": "#E2EFDA",
    "pattern": 1,
    "border": 1,  # thin
    "border_color": "#A6A6A6",
    "text_wrap": True,
    "align": "center",
    "valign": "vcenter",
}
_NOTE_STYLE = {"italic": True, "font_size": 9, "font_color": "#595959"}
# Characters Excel refuses in a sheet title.
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")
# XlsxWriter's default "maximum digit width" in pixels: a width of n
# characters is n * 7 pixels, which the file stores as exactly n.
_DIGIT_PIXELS = 7


def _sheet_title(name: str) -> str:
    # Excel also refuses a title that starts or ends with an apostrophe.
    return _BAD_SHEET_CHARS.sub("-", name)[:31].strip("'") or "Bang"


def write_cell(
    ws: Worksheet, row: int, col: int, value: Cell | bool, number: Format | None = None
) -> None:
    """A data cell: numbers as numbers (negative ones too), everything else as
    a text cell, never a formula; ``None`` and "" leave the cell empty."""
    if value is None or value == "":  # an empty cell, as before: not an empty string
        return
    if isinstance(value, bool):
        ws.write_boolean(row, col, value)
    elif isinstance(value, (int, float, Decimal)):
        ws.write_number(row, col, float(value) if isinstance(value, Decimal) else value, number)
    else:
        ws.write_string(row, col, str(value))


def xlsx_workbook(
    title: str,
    columns: Sequence[ColumnSpec],
    rows: Iterable[Sequence[Cell]],
    note: str | None = None,
    *,
    sheet_name: str | None = None,
) -> bytes:
    """The workbook file: title in A1, headers in row 2 (frozen), data from
    row 3, then the note two rows under the last data row."""
    cols = [_column(c) for c in columns]
    buffer = io.BytesIO()
    wb = new_workbook(buffer)
    ws = wb.add_worksheet(_sheet_title(sheet_name or title))
    title_format = wb.add_format(_TITLE_STYLE)
    if len(cols) > 1:
        ws.merge_range(0, 0, 0, len(cols) - 1, title, title_format)
    else:
        ws.write_string(0, 0, title, title_format)
    header_format = wb.add_format(_HEADER_STYLE)
    number_formats = [
        wb.add_format({"num_format": c.number_format}) if c.number_format else None for c in cols
    ]
    widths = [len(c.header) for c in cols]
    for j, col in enumerate(cols):
        ws.write_string(1, j, col.header, header_format)
    last_row = 1
    for i, row in enumerate(rows, start=2):
        last_row = i
        for j, value in enumerate(row):
            if j >= len(cols):
                raise ValueError(f"row {i + 1} has more cells than the {len(cols)} columns")
            write_cell(ws, i, j, value, number_formats[j])
            if value is not None:
                widths[j] = max(widths[j], len(str(value)))
        if len(row) < len(cols):
            raise ValueError(f"row {i + 1} has fewer cells than the {len(cols)} columns")
    ws.freeze_panes(2, 0)
    for j, col in enumerate(cols):
        width = col.width or min(max(widths[j] + 2, 8), 60)
        ws.set_column_pixels(j, j, width * _DIGIT_PIXELS)
    if note:
        ws.write_string(last_row + 2, 0, note, wb.add_format(_NOTE_STYLE))
    wb.close()
    return buffer.getvalue()


def xlsx_bytes(
    title: str,
    columns: Sequence[ColumnSpec],
    rows: Iterable[Sequence[Cell]],
    note: str | None = None,
) -> bytes:
    return xlsx_workbook(title, columns, rows, note)


def xlsx_response(
    filename: str,
    title: str,
    columns: Sequence[ColumnSpec],
    rows: Iterable[Sequence[Cell]],
    note: str | None = None,
) -> HttpResponse:
    """An attachment download; ``filename`` may hold Vietnamese letters (the
    header carries an ASCII fallback and the UTF-8 name)."""
    if not filename.lower().endswith(".xlsx"):
        filename += ".xlsx"
    response = HttpResponse(xlsx_bytes(title, columns, rows, note), content_type=XLSX_CONTENT_TYPE)
    return as_attachment(response, filename)
