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


def parse_ref(ref: str) -> tuple[int, int] | None:
    """``XFD1048576`` → (1048576, 16384), 1-based; None when not a cell."""
    match = _REF.match(ref.strip())
    if match is None:
        return None
    col = 0
    for ch in match.group(1).upper():
        col = col * 26 + ord(ch) - 64
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
        self.cells += count
        spread = self.rows * self.cols
        if spread > limits.max_cells or self.cells > limits.max_cells:
            raise FileRefused(
                gettext_noop(
                    "Tệp «%(name)s» có một trang với dữ liệu trải trên %(cells)s ô (đến ô "
                    "%(cell)s): vượt giới hạn %(limit)s ô một trang."
                ),
                name=self.name,
                cells=count_text(max(spread, self.cells)),
                cell=cell_name(self.rows, self.cols),
                limit=count_text(limits.max_cells),
            )
