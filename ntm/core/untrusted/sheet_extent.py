"""The extent of one sheet as its cells are met: declared (``<dimension>``)
and actual (the last row and column holding a cell), with the rectangle they
span, which is what a reader expands into memory. Two cells far apart (A1 and
XFD1048576) are refused here, before any reader builds that rectangle."""

from __future__ import annotations

import re

from ntm.core.messages import gettext_noop
from ntm.core.untrusted.limits import UploadLimits
from ntm.core.untrusted.refusal import FileRefused, cell_name, count_text

_REF = re.compile(r"\$?([A-Za-z]{1,7})\$?([0-9]{1,10})$")


_DIGITS = "0123456789"
_COLUMNS: dict[str, int] = {}  # "AB" → 28, filled as met; three letters at most (18,278)


def parse_ref(ref: str) -> tuple[int, int] | None:
    """``XFD1048576`` → (1048576, 16384), 1-based; None when not a cell.
    Called for every cell of a sheet, so the common form takes a fast path."""
    letters = ref.rstrip(_DIGITS)
    digits = ref[len(letters) :]
    col = _COLUMNS.get(letters)
    if col is not None and 0 < len(digits) <= 10:
        return int(digits), col
    match = _REF.match(ref.strip())
    if match is None:
        return None
    col = 0
    for ch in match.group(1).upper():
        col = col * 26 + ord(ch) - 64
    if len(match.group(1)) <= 3 and match.group(0) == ref:
        _COLUMNS[match.group(1)] = col
    return int(match.group(2)), col


class SheetExtent:
    """Counts of one sheet; ``add`` raises :class:`FileRefused` at the first
    cell outside the limits."""

    def __init__(self, limits: UploadLimits, name: str) -> None:
        self.limits, self.name = limits, name
        self.rows = self.cols = self.cells = 0

    def declared(self, ref: str) -> None:
        """The sheet's ``<dimension ref="A1:XFD1048576">``."""
        end = parse_ref(ref.rsplit(":", 1)[-1])
        if end is None:
            return
        rows, cols = end
        limits = self.limits
        if rows > limits.max_rows or cols > limits.max_columns or rows * cols > limits.max_cells:
            raise FileRefused(
                gettext_noop(
                    "Tệp «%(name)s» khai báo vùng dữ liệu %(ref)s (%(rows)s dòng × %(cols)s cột): "
                    "vượt giới hạn %(max_rows)s dòng, %(max_cols)s cột, %(max_cells)s ô một trang."
                ),
                name=self.name,
                ref=ref,
                rows=count_text(rows),
                cols=count_text(cols),
                max_rows=count_text(limits.max_rows),
                max_cols=count_text(limits.max_columns),
                max_cells=count_text(limits.max_cells),
            )

    def add(self, row: int, col: int, count: int = 1) -> None:
        """A cell (or ``count`` cells) reaching ``row``, ``col`` (1-based)."""
        self.cells += count
        if row > self.rows or col > self.cols:  # only a new extent can pass a limit
            self._extend(row, col)
        if self.cells > self.limits.max_cells:
            raise self._spread_refused()

    def _extend(self, row: int, col: int) -> None:
        limits = self.limits
        if row > limits.max_rows or col > limits.max_columns:
            raise FileRefused(
                gettext_noop(
                    "Tệp «%(name)s» có dữ liệu ở ô %(cell)s (dòng %(row)s, cột %(col)s): vượt giới "
                    "hạn %(max_rows)s dòng và %(max_cols)s cột. Hãy xoá các dòng, cột thừa ở cuối "
                    "trang."
                ),
                name=self.name,
                cell=cell_name(row, col),
                row=count_text(row),
                col=count_text(col),
                max_rows=count_text(limits.max_rows),
                max_cols=count_text(limits.max_columns),
            )
        self.rows, self.cols = max(self.rows, row), max(self.cols, col)
        if self.rows * self.cols > limits.max_cells:
            raise self._spread_refused()

    def _spread_refused(self) -> FileRefused:
        return FileRefused(
            gettext_noop(
                "Tệp «%(name)s» có một trang với dữ liệu trải trên %(cells)s ô (đến ô "
                "%(cell)s): vượt giới hạn %(limit)s ô một trang."
            ),
            name=self.name,
            cells=count_text(max(self.rows * self.cols, self.cells)),
            cell=cell_name(self.rows, self.cols),
            limit=count_text(self.limits.max_cells),
        )
