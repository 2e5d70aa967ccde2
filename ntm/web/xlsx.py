"""One styled table as an .xlsx download, for every page that shows a table.

Layout, the same everywhere so that people can rely on it: a title row, a
header row (units in the header text, e.g. "Tỷ lệ (%)"), frozen under the
title, the data with numbers kept as numbers and a number format per column
(a percentage is stored in points, 35.91, with format ``0.00``), then a note
row saying where the figures come from and for which period."""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import quote

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from ntm.core.text import fold

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
Cell = str | int | float | None


def _column(spec: ColumnSpec) -> Column:
    if isinstance(spec, Column):
        return spec
    if isinstance(spec, tuple):
        return Column(str(spec[0]), spec[1])
    return Column(str(spec))


_TITLE_FONT = Font(bold=True, size=13)
_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="E2EFDA")
_THIN = Side(style="thin", color="A6A6A6")
_HEADER_BORDER = Border(top=_THIN, bottom=_THIN, left=_THIN, right=_THIN)
_NOTE_FONT = Font(italic=True, size=9, color="595959")
# Characters Excel refuses in a sheet title.
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


def xlsx_workbook(
    title: str,
    columns: Sequence[ColumnSpec],
    rows: Iterable[Sequence[Cell]],
    note: str | None = None,
    *,
    sheet_name: str | None = None,
) -> Workbook:
    """The workbook: title in A1, headers in row 2 (frozen), data from row 3,
    then the note two rows under the last data row."""
    cols = [_column(c) for c in columns]
    wb = Workbook()
    ws = wb.active
    ws.title = _BAD_SHEET_CHARS.sub("-", sheet_name or title)[:31] or "Bang"
    ws.cell(row=1, column=1, value=title).font = _TITLE_FONT
    if len(cols) > 1:
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(cols))
    widths = [len(c.header) for c in cols]
    for j, col in enumerate(cols, start=1):
        cell = ws.cell(row=2, column=j, value=col.header)
        cell.font, cell.fill, cell.border = _HEADER_FONT, _HEADER_FILL, _HEADER_BORDER
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
    last_row = 2
    for i, row in enumerate(rows, start=3):
        last_row = i
        for j, (col, value) in enumerate(zip(cols, row, strict=True), start=1):
            cell = ws.cell(row=i, column=j, value=value)
            if col.number_format and isinstance(value, (int, float)):
                cell.number_format = col.number_format
            if value is not None:
                widths[j - 1] = max(widths[j - 1], len(str(value)))
    ws.freeze_panes = "A3"
    for j, col in enumerate(cols, start=1):
        ws.column_dimensions[get_column_letter(j)].width = col.width or min(
            max(widths[j - 1] + 2, 8), 60
        )
    if note:
        note_cell = ws.cell(row=last_row + 2, column=1, value=note)
        note_cell.font = _NOTE_FONT
    return wb


def xlsx_bytes(
    title: str,
    columns: Sequence[ColumnSpec],
    rows: Iterable[Sequence[Cell]],
    note: str | None = None,
) -> bytes:
    buffer = io.BytesIO()
    xlsx_workbook(title, columns, rows, note).save(buffer)
    return buffer.getvalue()


def _ascii_name(filename: str) -> str:
    ascii_name = re.sub(r"[^A-Za-z0-9._-]+", "-", fold(filename)).strip("-")
    return ascii_name or "bang.xlsx"


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
    response["Content-Disposition"] = (
        f"attachment; filename=\"{_ascii_name(filename)}\"; filename*=UTF-8''{quote(filename)}"
    )
    return response
