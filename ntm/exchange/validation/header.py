"""Finding the data sheet and its header row by content (a renamed sheet,
inserted blank rows or columns and moved columns still import), reading
which column holds which indicator, and the "Ngày lập biểu" above it."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ntm.core.criteria_model import CriteriaSet as CoreSet
from ntm.core.criteria_model import Measure
from ntm.core.text import fold
from ntm.exchange import layout as L
from ntm.exchange.validation.cells import CellError, parse_date
from ntm.exchange.validation.errors import ImportRefused
from ntm.exchange.validation.preview import Issue
from ntm.exchange.workbook_reader import Sheet, Workbook, cell_text
from ntm.stored_text import Message

HEADER_SCAN_ROWS = 40


@dataclass
class Header:
    sheet: Sheet
    row: int  # 0-based
    code_col: int | None
    name_col: int | None
    district_col: int | None
    measures: dict[int, Measure]  # column (0-based) → measure
    unknown: dict[int, str]  # column → header text, for columns not understood
    issues: list[Issue]


def _header_token(value: Any) -> str:
    text = cell_text(value)
    token = text.split(maxsplit=1)[0] if text else ""
    return token.rstrip(".:")


def _read_header(sheet: Sheet, row: int, cset: CoreSet) -> Header:
    codes = {m.code: m for m in cset.iter_measures()}
    # A condition's column is headed by its short label ("Hài lòng"), as
    # the template writes it; its code is read too (older templates).
    labels = {m.short: m.code for m in cset.iter_measures() if m.short}
    numeric_codes: dict[float, list[str]] = defaultdict(list)
    for known in codes:
        with contextlib.suppress(ValueError):
            numeric_codes[float(known)].append(known)
    header = Header(sheet, row, None, None, None, {}, {}, [])
    seen: dict[str, int] = {}
    line = sheet.rows[row] if row < len(sheet.rows) else []
    for col, value in enumerate(line):
        if value in (None, ""):
            continue
        code: str | None = None
        token = _header_token(value) if isinstance(value, str) else ""
        folded = fold(cell_text(value)) if token not in codes and len(str(value)) < 60 else ""
        if token in codes:
            code = token
        elif isinstance(value, str) and _labelled(cell_text(value), labels):
            code = _labelled(cell_text(value), labels)
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            candidates = numeric_codes.get(float(value), [])
            if len(candidates) > 1:
                header.issues.append(
                    Issue(
                        sheet.name,
                        row + 1,
                        col + 1,
                        Message(
                            gettext_noop(
                                "tiêu đề là số %(number)s, không phân biệt được chỉ tiêu "
                                "%(first)s và %(second)s; hãy ghi mã chỉ tiêu dạng văn bản"
                            ),
                            {
                                "number": cell_text(value),
                                "first": ", ".join(candidates[:-1]),
                                "second": candidates[-1],
                            },
                        ),
                    )
                )
                continue
            code = candidates[0] if candidates else None
        elif folded in L.CODE_HEADERS and header.code_col is None:
            header.code_col = col
            continue
        elif folded in L.NAME_HEADERS and header.name_col is None:
            header.name_col = col
            continue
        elif folded in ("huyen", "ten huyen", "huyen, thanh pho") and header.district_col is None:
            header.district_col = col
            continue
        elif folded.split(" (")[0] in L.INFO_HEADERS or cell_text(value).startswith("["):
            continue
        if code is None:
            header.unknown[col] = cell_text(value)
            continue
        if code in seen:
            header.issues.append(
                Issue(
                    sheet.name,
                    row + 1,
                    col + 1,
                    Message(
                        gettext_noop(
                            "chỉ tiêu %(indicator)s đã có ở cột %(column)s; "
                            "mỗi chỉ tiêu chỉ được một cột"
                        ),
                        {"indicator": code, "column": L.column_letter(seen[code] + 1)},
                    ),
                )
            )
            continue
        seen[code] = col
        header.measures[col] = codes[code]
    return header


def _labelled(text: str, labels: dict[str, str]) -> str | None:
    """The code of a column headed by a condition's label, alone or before
    its name ("Hài lòng Tỷ lệ người dân hài lòng…", as exports write it)."""
    return next(
        (c for label, c in labels.items() if text == label or text.startswith(label + " ")), None
    )


def _code_like(value: Any, codes: set[str]) -> bool:
    if isinstance(value, str):
        return _header_token(value) in codes
    if isinstance(value, float) and not isinstance(value, bool):
        return cell_text(value) in codes
    return False


def find_header(book: Workbook, cset: CoreSet, preferred: str) -> Header:
    """The data sheet and its header row: the row, among the first rows of a
    sheet, holding the most indicator codes of the set next to a commune
    column. The sheet named in the metadata is tried first, then visible
    sheets, then hidden ones (never the metadata sheet)."""
    meta_sheet = book.meta.sheet if book.meta else None
    order = sorted(
        (s for s in book.sheets if s.name != meta_sheet),
        key=lambda s: (s.name != preferred, not s.visible),
    )
    codes = {m.code for m in cset.iter_measures()}
    for sheet in order:
        # Cheap count of code-like cells per row first; only the likeliest
        # rows are read in full (folding every data cell would cost more
        # than reading the file).
        counts = [
            (sum(1 for v in sheet.rows[row] if _code_like(v, codes)), row)
            for row in range(min(HEADER_SCAN_ROWS, len(sheet.rows)))
        ]
        for count, row in sorted(counts, key=lambda x: (-x[0], x[1])):
            if count == 0:
                break
            header = _read_header(sheet, row, cset)
            if header.measures and (header.code_col is not None or header.name_col is not None):
                return header
    examples = ", ".join(m.code for m in list(cset.indicators)[:3])
    raise ImportRefused(
        _(
            "Không tìm thấy trang số liệu trong tệp: cần một dòng tiêu đề có cột «Mã xã» hoặc "
            "«Tên xã» và các cột mã chỉ tiêu của %(set)s (ví dụ %(examples)s)."
        )
        % {"set": cset.name, "examples": examples}
    )


def prepared_on(header: Header, issues: list[Issue]) -> dt.date | None:
    sheet = header.sheet
    for row in range(header.row):
        line = sheet.rows[row]
        for col, value in enumerate(line):
            if not fold(cell_text(value)).startswith("ngay lap bieu"):
                continue
            # The input sits right after the label (which may be merged over
            # two columns); anything further right is other text.
            for col2 in range(col + 1, min(col + 3, len(line))):
                if line[col2] not in (None, ""):
                    try:
                        return parse_date(line[col2])
                    except CellError as exc:
                        issues.append(Issue(sheet.name, row + 1, col2 + 1, exc.note))
                        return None
            return None
    return None
