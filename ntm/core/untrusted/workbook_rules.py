"""Per-format rules for an uploaded workbook, applied before any reader
expands it: what kind of file the bytes say it is (never the name), then for
a zip every XML member scanned once with the rules of its format.

The rules look at elements by namespace and local name wherever they occur,
so a sheet moved to an unusual path inside the zip is checked all the same."""

from __future__ import annotations

import zipfile
from collections.abc import Callable

from ntm.core.messages import gettext_noop
from ntm.core.untrusted.limits import UploadLimits
from ntm.core.untrusted.refusal import NOT_A_WORKBOOK, FileRefused, count_text
from ntm.core.untrusted.sheet_extent import SheetExtent, parse_ref
from ntm.core.untrusted.xml_scan import ElementRules, Handler, xml_scan
from ntm.core.untrusted.zip_inspect import member_chunks, zip_open

ZIP = b"PK\x03\x04"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
XLSX_MAIN = {
    "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "http://purl.oclc.org/ooxml/spreadsheetml/main",
}
ODS_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
ODS_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"


def too_many_sheets(name: str, count: int, limits: UploadLimits) -> FileRefused:
    return FileRefused(
        gettext_noop("Tệp «%(name)s» có %(count)s trang tính: vượt giới hạn %(limit)s trang."),
        name=name,
        count=count_text(count),
        limit=count_text(limits.max_sheets),
    )


class XlsxRules:
    """Sheets in the workbook, shared strings, and each sheet's extents."""

    def __init__(self, limits: UploadLimits, name: str) -> None:
        self.limits, self.name = limits, name
        self.sheets = self.strings = 0
        self.starts: dict[str, Handler] = {}
        self.ends: dict[str, Callable[[], None]] = {}
        self.other: Callable[[str], None] | None = None
        for ns in XLSX_MAIN:
            self.starts.update(
                {
                    f"{ns} c": self._cell,
                    f"{ns} row": self._row,
                    f"{ns} dimension": self._dimension,
                    f"{ns} si": self._string,
                    f"{ns} sst": self._table,
                    f"{ns} sheet": self._sheet,
                }
            )
        self.begin()

    def begin(self) -> None:
        self.extent = SheetExtent(self.limits, self.name)
        self.row = self.col = 0

    def _cell(self, attrs: dict[str, str]) -> None:
        ref = parse_ref(attrs.get("r", ""))
        self.row, self.col = ref if ref else (max(self.row, 1), self.col + 1)
        self.extent.add(self.row, self.col)

    def _row(self, attrs: dict[str, str]) -> None:
        r = attrs.get("r", "")
        self.row, self.col = (int(r) if r.isdigit() else self.row + 1), 0

    def _dimension(self, attrs: dict[str, str]) -> None:
        self.extent.declared(attrs.get("ref", ""))

    def _string(self, attrs: dict[str, str]) -> None:
        self.strings += 1
        if self.strings > self.limits.max_shared_strings:
            raise self._strings_refused(self.strings)

    def _table(self, attrs: dict[str, str]) -> None:
        declared = attrs.get("uniqueCount", "")
        if declared.isdigit() and int(declared) > self.limits.max_shared_strings:
            raise self._strings_refused(int(declared))

    def _sheet(self, attrs: dict[str, str]) -> None:
        self.sheets += 1
        if self.sheets > self.limits.max_sheets:
            raise too_many_sheets(self.name, self.sheets, self.limits)

    def _strings_refused(self, count: int) -> FileRefused:
        return FileRefused(
            gettext_noop(
                "Tệp «%(name)s» có %(count)s chuỗi dùng chung: vượt giới hạn %(limit)s chuỗi."
            ),
            name=self.name,
            count=count_text(count),
            limit=count_text(self.limits.max_shared_strings),
        )


_T = ODS_TABLE + " "
_CELLS = {_T + "table-cell", _T + "covered-table-cell"}
_ROW, _TABLE = _T + "table-row", _T + "table"
_ROWS_REPEATED, _COLUMNS_REPEATED = _T + "number-rows-repeated", _T + "number-columns-repeated"
_VALUE_TYPE = ODS_OFFICE + " value-type"


class OdsRules:
    """Tables, and each table's extent with repeated rows and columns
    expanded as a reader would, counted without expanding them. Empty
    repeated rows and cells (LibreOffice writes a million of them at the end
    of every sheet) reach the extent only when content follows them."""

    def __init__(self, limits: UploadLimits, name: str) -> None:
        self.limits, self.name = limits, name
        self.sheets = 0
        self.starts: dict[str, Handler] = {_ROW: self._row, _TABLE: self._table}
        self.starts.update(dict.fromkeys(_CELLS, self._cell))
        self.ends: dict[str, Callable[[], None]] = {_ROW: self._row_end}
        self.ends.update(dict.fromkeys(_CELLS, self._cell_end))
        self.other: Callable[[str], None] | None = self._content
        self.begin()

    def begin(self) -> None:
        self.extent = SheetExtent(self.limits, self.name)
        self.row = 0  # rows before the current one
        self.row_repeat = self.col = self.row_last_col = self.row_cells = 0
        self.cell_repeat, self.in_cell, self.cell_content = 0, False, False

    def _content(self, name: str) -> None:
        if self.in_cell:
            self.cell_content = True  # a paragraph, annotation, ... inside the cell

    def _cell(self, attrs: dict[str, str]) -> None:
        self.cell_repeat = _repeat(attrs.get(_COLUMNS_REPEATED))
        self.in_cell = True
        self.cell_content = _VALUE_TYPE in attrs

    def _row(self, attrs: dict[str, str]) -> None:
        self.row_repeat = _repeat(attrs.get(_ROWS_REPEATED))
        self.col = self.row_last_col = self.row_cells = 0

    def _table(self, attrs: dict[str, str]) -> None:
        self._content(_TABLE)
        self.sheets += 1
        if self.sheets > self.limits.max_sheets:
            raise too_many_sheets(self.name, self.sheets, self.limits)
        self.begin()

    def _cell_end(self) -> None:
        if not self.in_cell:
            return
        self.col += self.cell_repeat
        if self.cell_content:
            self.row_last_col = self.col
            self.row_cells += self.cell_repeat
            # a repeated cell spans its columns: refused as soon as it is too wide
            self.extent.add(self.row + 1, self.col, 0)
        self.in_cell = False

    def _row_end(self) -> None:
        if self.row_last_col:
            last = self.row + self.row_repeat
            self.extent.add(last, self.row_last_col, self.row_cells * self.row_repeat)
        self.row += self.row_repeat


def _repeat(raw: str | None) -> int:
    return int(raw) if raw and raw.isdigit() else 1


def workbook_kind(data: bytes) -> str:
    """``zip``, ``xls`` or ``other``, from the leading bytes."""
    if data.startswith(ZIP):
        return "zip"
    if data.startswith(OLE):
        return "xls"
    return "other"


def zip_workbook_inspect(
    data: bytes, name: str, limits: UploadLimits
) -> tuple[str, zipfile.ZipFile]:
    """``xlsx`` or ``ods`` with the opened archive, once every XML member is
    within the limits; raises :class:`FileRefused`."""
    archive = zip_open(data, name, limits)
    names = set(archive.namelist())
    rules: XlsxRules | OdsRules
    if "xl/workbook.xml" in names:
        kind, rules = "xlsx", XlsxRules(limits, name)
    elif "content.xml" in names:
        kind, rules = "ods", OdsRules(limits, name)
    elif "word/document.xml" in names:
        raise FileRefused(
            gettext_noop(
                "Tệp «%(name)s» là văn bản Word, không phải bảng tính Excel. Hãy tải lên tệp "
                ".xlsx (biểu mẫu tải từ hệ thống)."
            ),
            code=NOT_A_WORKBOOK,
            name=name,
        )
    else:
        raise FileRefused(
            gettext_noop("Tệp «%(name)s» là tệp nén nhưng không phải bảng tính Excel."),
            code=NOT_A_WORKBOOK,
            name=name,
        )
    for info in archive.infolist():
        if info.is_dir() or not info.filename.lower().endswith((".xml", ".rels")):
            continue
        rules.begin()
        _scan(archive, info, name, limits, rules)
    return kind, archive


def _scan(
    archive: zipfile.ZipFile,
    info: zipfile.ZipInfo,
    name: str,
    limits: UploadLimits,
    rules: ElementRules,
) -> None:
    xml_scan(
        member_chunks(archive, info, name),
        name=name,
        member=info.filename,
        limits=limits,
        rules=rules,
    )
