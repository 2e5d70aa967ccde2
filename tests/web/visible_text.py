"""Reading what a person sees: the text of a page (tags, scripts, styles and
attributes stripped), of a Word document, of a workbook's cells, of a CSV
export; and finding internal identifiers in it."""

from __future__ import annotations

import csv
import io
import re
from html.parser import HTMLParser

# snake_case identifiers (``hai_long``, ``no_dong_xdcb``, ``road_km``) and
# criteria-set codes (``xa-ntm-2021-2025``).
SNAKE_CASE = re.compile(r"(?<![\w/.@-])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![\w/.@-])")
SET_CODE = re.compile(r"(?<![\w/.-])[a-z]+(?:-[a-z]+)*-\d{4}-\d{4}(?![\w/.-])")


class _Text(HTMLParser):
    """The text nodes of a page, outside scripts, styles and templates."""

    HIDDEN = {"script", "style", "template", "noscript"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.HIDDEN:
            self._hidden += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in self.HIDDEN and self._hidden:
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self._hidden and data.strip():
            self.parts.append(data.strip())


def html_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return "\n".join(parser.parts)


def xlsx_text(data: bytes) -> str:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data))
    parts = []
    for ws in book.worksheets:
        if ws.sheet_state != "visible":
            continue  # a program's metadata (the import template's)
        parts.append(ws.title)
        hidden_columns = {k for k, d in ws.column_dimensions.items() if d.hidden}
        for row in ws.iter_rows():
            for cell in row:
                if not isinstance(cell.value, str) or ws.row_dimensions[cell.row].hidden:
                    continue
                if cell.column_letter not in hidden_columns:
                    parts.append(cell.value)
    return "\n".join(parts)


def docx_text(data: bytes) -> str:
    from tests.reports.helpers import all_text, open_docx

    return all_text(open_docx(data))


def csv_header(data: bytes) -> str:
    """The header of a CSV export (its rows are data: codes belong there)."""
    text = data.decode("utf-8-sig")
    return "\n".join(next(csv.reader(io.StringIO(text)), []))


def internal_codes(text: str, allowed: set[str] = frozenset()) -> list[str]:  # type: ignore[assignment]
    """The snake_case identifiers and criteria-set codes in ``text``, with
    their line, bar those ``allowed``."""
    found = []
    for line in text.splitlines():
        for pattern in (SNAKE_CASE, SET_CODE):
            found += [
                f"{m.group()} in «{line[:120]}»"
                for m in pattern.finditer(line)
                if m.group() not in allowed
            ]
    return found
