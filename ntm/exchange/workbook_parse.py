"""The part of reading a workbook that touches the file's content, run in a
limited child process (:func:`ntm.core.untrusted.limited_child.run_limited`):
the checks of :mod:`ntm.core.untrusted` first, then python-calamine, then the
cell formats calamine does not give. It imports no Django (the fork server
preloads it); refusals are :class:`FileRefused` with Vietnamese templates the
parent translates.

Calamine gives cell values (the stored results of formulas) but not number
formats, and one format matters: a person who types ``85%`` in Excel gets the
number 0.85 shown as "85%". Without the format that would silently become
0,85 %. So for .xlsx files the reader also scans the sheet XML for cells with
a percent format (and formulas saved without a result), cheaply, with a
regular expression over the few cells concerned; .ods files mark percentage
cells themselves."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from typing import Any
from xml.etree import ElementTree

import python_calamine

from ntm.core.messages import gettext_noop
from ntm.core.untrusted.limits import UploadLimits
from ntm.core.untrusted.refusal import (
    DAMAGED,
    NOT_A_WORKBOOK,
    PASSWORD,
    FileRefused,
    column_name,
    count_text,
    unreadable,
)
from ntm.core.untrusted.workbook_rules import too_many_sheets, workbook_kind, zip_workbook_inspect

_NS = {
    "m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
}
_PERCENT_BUILTIN = {9, 10}
_ATTR_R = re.compile(rb'\br="([A-Z]+)([0-9]+)"')
_ATTR_T = re.compile(rb'\bt="([a-zA-Z]+)"')
_EMPTY_V = re.compile(rb"<v\s*/>|<v>\s*</v>")


@dataclass
class Sheet:
    name: str
    rows: list[list[Any]]  # rows[r][c]: 0-based, as placed in the sheet
    visible: bool = True
    percent_cells: set[tuple[int, int]] = field(default_factory=set)
    unsaved_formulas: set[tuple[int, int]] = field(default_factory=set)

    def cell(self, row: int, col: int) -> Any:
        if row < len(self.rows):
            line = self.rows[row]
            if col < len(line):
                return line[col]
        return ""


def workbook_parse(data: bytes, name: str, limits: UploadLimits) -> tuple[str, list[Sheet]]:
    """The kind (``xlsx``, ``xls``, ``ods``) and every worksheet of the file.
    Runs in the limited child; raises :class:`FileRefused`."""
    kind = workbook_kind(data)
    percent_cells: dict[str, set[tuple[int, int]]] = {}
    formulas: dict[str, set[tuple[int, int]]] = {}
    if kind == "zip":
        kind, archive = zip_workbook_inspect(data, name, limits)
        with archive:
            if kind == "xlsx":
                percent_cells, formulas = _xlsx_cell_flags(archive, name)
            else:
                percent_cells = _ods_percent_cells(archive, name, limits)
    elif kind != "xls":
        raise _not_a_workbook(data, name)
    book = _calamine_open(data, name)
    metas = [m for m in book.sheets_metadata if m.typ == python_calamine.SheetTypeEnum.WorkSheet]
    if len(metas) > limits.max_sheets:
        raise too_many_sheets(name, len(metas), limits)
    sheets = []
    for meta in metas:
        sheet = book.get_sheet_by_name(meta.name)
        _check_end(meta.name, sheet.end or (0, 0), limits)
        sheets.append(
            Sheet(
                name=meta.name,
                rows=sheet.to_python(skip_empty_area=False),
                visible=meta.visible == python_calamine.SheetVisibleEnum.Visible,
                percent_cells=percent_cells.get(meta.name, set()),
                unsaved_formulas=formulas.get(meta.name, set()),
            )
        )
    return kind, sheets


def _not_a_workbook(data: bytes, name: str) -> FileRefused:
    template = gettext_noop(
        "Tệp «%(name)s» không phải là bảng tính Excel (.xlsx, .xls) hay OpenDocument (.ods)."
    )
    if name.lower().endswith((".csv", ".txt")):
        template = gettext_noop(
            "Tệp «%(name)s» không phải là bảng tính Excel (.xlsx, .xls) hay OpenDocument (.ods). "
            "Tệp CSV: hãy mở bằng Excel hoặc LibreOffice rồi lưu thành .xlsx."
        )
    elif data[:5] == b"%PDF-":
        template = gettext_noop(
            "Tệp «%(name)s» không phải là bảng tính Excel (.xlsx, .xls) hay OpenDocument (.ods). "
            "Đây là tệp PDF."
        )
    return FileRefused(template, code=NOT_A_WORKBOOK, name=name)


def _calamine_open(data: bytes, name: str) -> python_calamine.CalamineWorkbook:
    try:
        return python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    except python_calamine.PasswordError as exc:
        raise FileRefused(
            gettext_noop(
                "Tệp «%(name)s» được đặt mật khẩu: hãy gỡ mật khẩu (Tệp › Thông tin › Bảo vệ "
                "sổ làm việc) rồi tải lên lại."
            ),
            code=PASSWORD,
            name=name,
        ) from exc
    except Exception as exc:  # calamine raises several types for damaged files
        raise unreadable(name, type(exc).__name__) from exc


def _check_end(sheet: str, end: tuple[int, int], limits: UploadLimits) -> None:
    """The extent calamine found (the only check an .xls gets before this)."""
    rows, cols = end[0] + 1, end[1] + 1
    if rows > limits.max_rows or cols > limits.max_columns or rows * cols > limits.max_cells:
        raise FileRefused(
            gettext_noop(
                "Trang '%(sheet)s' có dữ liệu đến dòng %(row)s, cột %(col)s: vượt giới hạn "
                "%(max_rows)s dòng, %(max_cols)s cột và %(max_cells)s ô. Hãy xoá các dòng, cột "
                "thừa ở cuối trang."
            ),
            sheet=sheet,
            row=count_text(rows),
            col=column_name(cols),
            max_rows=count_text(limits.max_rows),
            max_cols=count_text(limits.max_columns),
            max_cells=count_text(limits.max_cells),
        )


def _damaged(name: str, fmt: str) -> FileRefused:
    return FileRefused(
        gettext_noop("Tệp «%(name)s» bị hỏng (cấu trúc %(format)s không hợp lệ)."),
        code=DAMAGED,
        name=name,
        format=fmt,
    )


def _xlsx_cell_flags(
    archive: zipfile.ZipFile, name: str
) -> tuple[dict[str, set[tuple[int, int]]], dict[str, set[tuple[int, int]]]]:
    """Per sheet name: numeric cells shown as percentages, and formula cells
    saved without a result. Only the cells concerned are looked at, so a
    file without percent formats or formulas costs almost nothing. The XML
    was scanned (no DTD, bounded depth and size) before this parses it."""
    percent: dict[str, set[tuple[int, int]]] = {}
    formulas: dict[str, set[tuple[int, int]]] = {}
    try:
        styles = _percent_styles(archive)
        styled = (
            re.compile(rb'<c\b[^>]*?\bs="(?:' + b"|".join(sorted(styles)) + rb')"[^>]*>')
            if styles
            else None
        )
        for sheet_name, path in _sheet_paths(archive).items():
            try:
                xml = archive.read(path)
            except KeyError:
                continue
            percent[sheet_name] = _percent_cells(xml, styled) if styled else set()
            formulas[sheet_name] = _formulas_without_result(xml)
    except (zipfile.BadZipFile, ElementTree.ParseError, KeyError, ValueError) as exc:
        raise _damaged(name, ".xlsx") from exc
    return percent, formulas


def _percent_styles(archive: zipfile.ZipFile) -> set[bytes]:
    try:
        root = ElementTree.fromstring(archive.read("xl/styles.xml"))
    except KeyError:
        return set()
    custom = {
        int(fmt.get("numFmtId", "0")): fmt.get("formatCode", "")
        for fmt in root.iterfind("m:numFmts/m:numFmt", _NS)
    }
    percent_ids = set(_PERCENT_BUILTIN) | {
        fid for fid, code in custom.items() if "%" in re.sub(r'"[^"]*"|\[[^]]*\]|\\.', "", code)
    }
    return {
        str(i).encode()
        for i, xf in enumerate(root.iterfind("m:cellXfs/m:xf", _NS))
        if int(xf.get("numFmtId", "0")) in percent_ids
    }


def _sheet_paths(archive: zipfile.ZipFile) -> dict[str, str]:
    workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target", "") for r in rels.iterfind("rel:Relationship", _NS)}
    paths = {}
    for sheet in workbook.iterfind("m:sheets/m:sheet", _NS):
        target = targets.get(sheet.get(f"{{{_NS['r']}}}id"), "")
        if not target:
            continue
        path = target.lstrip("/") if target.startswith("/") else "xl/" + target
        paths[sheet.get("name", "")] = path
    return paths


def _position(attrs: bytes) -> tuple[int, int] | None:
    match = _ATTR_R.search(attrs)
    if match is None:
        return None
    col = 0
    for ch in match.group(1):
        col = col * 26 + ch - 64
    return int(match.group(2)) - 1, col - 1


def _percent_cells(xml: bytes, styled: re.Pattern[bytes]) -> set[tuple[int, int]]:
    cells = set()
    for match in styled.finditer(xml):
        attrs = match.group(0)
        kind = _ATTR_T.search(attrs)
        if kind is None or kind.group(1) == b"n":
            pos = _position(attrs)
            if pos is not None:
                cells.add(pos)
    return cells


_FORMULA = re.compile(rb"<f[\s>/]")


def _formulas_without_result(xml: bytes) -> set[tuple[int, int]]:
    cells = set()
    for match in _FORMULA.finditer(xml):
        start = xml.rfind(b"<c ", 0, match.start())
        end = xml.find(b"</c>", match.end())
        if start < 0:
            continue
        body = xml[start : end if end >= 0 else len(xml)]
        if b"<v" not in body or _EMPTY_V.search(body):
            pos = _position(body[: body.find(b">") + 1])
            if pos is not None:
                cells.add(pos)
    return cells


_ODS_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_ODS_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"


def _ods_percent_cells(
    archive: zipfile.ZipFile, name: str, limits: UploadLimits
) -> dict[str, set[tuple[int, int]]]:
    """OpenDocument marks percentages on the cell itself
    (``office:value-type="percentage"``); rows and cells may be repeated."""
    try:
        content = archive.read("content.xml")
    except (zipfile.BadZipFile, KeyError) as exc:
        raise _damaged(name, ".ods") from exc
    if b'value-type="percentage"' not in content:
        return {}
    t, o = f"{{{_ODS_TABLE}}}", f"{{{_ODS_OFFICE}}}"
    cells_of = (f"{t}table-cell", f"{t}covered-table-cell")
    found: dict[str, set[tuple[int, int]]] = {}
    try:
        root = ElementTree.fromstring(content)
    except ElementTree.ParseError as exc:
        raise _damaged(name, ".ods") from exc
    max_rows, max_cols = limits.max_rows, limits.max_columns
    for table in root.iter(f"{t}table"):
        cells: set[tuple[int, int]] = set()
        row = 0
        for line in table.iter(f"{t}table-row"):
            rows = int(line.get(f"{t}number-rows-repeated", "1"))
            col = 0
            for cell in line:
                if cell.tag not in cells_of:
                    continue
                cols = int(cell.get(f"{t}number-columns-repeated", "1"))
                if cell.get(f"{o}value-type") == "percentage":
                    cells.update(
                        (r, c)
                        for r in range(row, min(row + rows, max_rows))
                        for c in range(col, min(col + cols, max_cols))
                    )
                col += cols
            row += rows
            if row > max_rows:
                break
        found[table.get(f"{t}name", "")] = cells
    return found
