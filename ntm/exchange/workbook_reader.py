"""Reading an uploaded workbook with python-calamine, refusing early and
clearly what cannot be read: files that are not workbooks, files over the
size limit, password-protected or damaged files, absurdly large sheets.

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
from django.utils.translation import gettext as _

from ntm.core.numbers_vi import format_number_vi
from ntm.errors import NtmError
from ntm.exchange import layout as L

MAX_UPLOAD_BYTES = 10 * 1024 * 1024  # documented in docs/huong-dan/excel.md
MAX_UNPACKED_BYTES = 200 * 1024 * 1024  # guards against zip bombs
MAX_ROWS = 20_000
MAX_COLUMNS = 1_000

_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_NS = {
    "m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
}
_PERCENT_BUILTIN = {9, 10}
_ATTR_R = re.compile(rb'\br="([A-Z]+)([0-9]+)"')
_ATTR_T = re.compile(rb'\bt="([a-zA-Z]+)"')
_EMPTY_V = re.compile(rb"<v\s*/>|<v>\s*</v>")


class WorkbookRefused(NtmError):
    """The file cannot be imported at all; the message (Vietnamese) says why."""

    code = "workbook_refused"


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


@dataclass(frozen=True)
class TemplateMeta:
    """What the hidden sheet says about the template the file came from."""

    sheet: str
    version: str
    set_code: str
    period_code: str
    scope_code: str
    data_sheet: str
    created_at: str
    created_by: str
    # unit code → indicator code → (version, raw text) as pre-filled
    prefilled: dict[str, dict[str, tuple[int, str]]]


@dataclass
class Workbook:
    filename: str
    kind: str  # "xlsx", "xls" or "ods"
    sheets: list[Sheet]
    meta: TemplateMeta | None


def size_text(n_bytes: int) -> str:
    return f"{format_number_vi(n_bytes / 1024 / 1024, 1)} MB"


def cell_text(value: Any) -> str:
    """A cell as header or code text: numbers without a trailing ``.0``."""
    if value is None:
        return ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, str):
        return value.replace("\u00a0", " ").strip()
    return str(value)


def workbook_read(data: bytes, filename: str) -> Workbook:
    """Every sheet of the file, with the template metadata when present."""
    name = filename.rsplit("/", 1)[-1] or _("tệp")
    if len(data) > MAX_UPLOAD_BYTES:
        raise WorkbookRefused(
            _(
                "Tệp «%(name)s» có dung lượng %(size)s, vượt giới hạn %(limit)s. Hãy xoá ảnh, "
                "trang tính không cần thiết hoặc chia thành nhiều tệp (ví dụ mỗi huyện một tệp)."
            )
            % {"name": name, "size": size_text(len(data)), "limit": size_text(MAX_UPLOAD_BYTES)}
        )
    if not data:
        raise WorkbookRefused(_("Tệp «%(name)s» rỗng.") % {"name": name})
    kind = _kind(data, name)
    percent_cells: dict[str, set[tuple[int, int]]] = {}
    formulas: dict[str, set[tuple[int, int]]] = {}
    if kind == "xlsx":
        percent_cells, formulas = _xlsx_cell_flags(data, name)
    elif kind == "ods":
        percent_cells = _ods_percent_cells(data, name)
    try:
        book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    except python_calamine.PasswordError as exc:
        raise WorkbookRefused(
            _(
                "Tệp «%(name)s» được đặt mật khẩu: hãy gỡ mật khẩu (Tệp › Thông tin › Bảo vệ "
                "sổ làm việc) rồi tải lên lại."
            )
            % {"name": name}
        ) from exc
    except Exception as exc:  # calamine raises several types for damaged files
        raise WorkbookRefused(
            _(
                "Không đọc được tệp «%(name)s»: tệp bị hỏng hoặc không phải bảng tính "
                "(%(error)s). Hãy mở bằng Excel hoặc LibreOffice, lưu lại dạng .xlsx "
                "rồi tải lên."
            )
            % {"name": name, "error": type(exc).__name__}
        ) from exc
    sheets = []
    for meta in book.sheets_metadata:
        if meta.typ != python_calamine.SheetTypeEnum.WorkSheet:
            continue
        sheet = book.get_sheet_by_name(meta.name)
        end_row, end_col = sheet.end or (0, 0)
        if end_row + 1 > MAX_ROWS or end_col + 1 > MAX_COLUMNS:
            raise WorkbookRefused(
                _(
                    "Trang '%(sheet)s' có dữ liệu đến dòng %(row)s, cột %(col)s: vượt giới hạn "
                    "%(max_rows)s dòng và %(max_cols)s cột. Hãy xoá các dòng, cột thừa ở cuối "
                    "trang."
                )
                % {
                    "sheet": meta.name,
                    "row": format_number_vi(end_row + 1),
                    "col": L.column_letter(end_col + 1),
                    "max_rows": format_number_vi(MAX_ROWS),
                    "max_cols": format_number_vi(MAX_COLUMNS),
                }
            )
        sheets.append(
            Sheet(
                name=meta.name,
                rows=sheet.to_python(skip_empty_area=False),
                visible=meta.visible == python_calamine.SheetVisibleEnum.Visible,
                percent_cells=percent_cells.get(meta.name, set()),
                unsaved_formulas=formulas.get(meta.name, set()),
            )
        )
    if not sheets:
        raise WorkbookRefused(_("Tệp «%(name)s» không có trang tính nào.") % {"name": name})
    return Workbook(name, kind, sheets, _meta(sheets))


def _kind(data: bytes, name: str) -> str:
    if data.startswith(_ZIP):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
                unpacked = sum(info.file_size for info in archive.infolist())
        except zipfile.BadZipFile as exc:
            raise WorkbookRefused(
                _("Tệp «%(name)s» bị hỏng (không giải nén được).") % {"name": name}
            ) from exc
        if unpacked > MAX_UNPACKED_BYTES:
            raise WorkbookRefused(
                _("Tệp «%(name)s» khi giải nén lớn %(size)s, vượt giới hạn %(limit)s.")
                % {
                    "name": name,
                    "size": size_text(unpacked),
                    "limit": size_text(MAX_UNPACKED_BYTES),
                }
            )
        if "xl/workbook.xml" in names:
            return "xlsx"
        if "content.xml" in names and "mimetype" in names:
            return "ods"
        if "word/document.xml" in names:
            raise WorkbookRefused(
                _(
                    "Tệp «%(name)s» là văn bản Word, không phải bảng tính Excel. Hãy tải lên tệp "
                    ".xlsx (biểu mẫu tải từ hệ thống)."
                )
                % {"name": name}
            )
        raise WorkbookRefused(
            _("Tệp «%(name)s» là tệp nén nhưng không phải bảng tính Excel.") % {"name": name}
        )
    if data.startswith(_OLE):
        return "xls"
    hint = ""
    if name.lower().endswith((".csv", ".txt")):
        hint = " " + _("Tệp CSV: hãy mở bằng Excel hoặc LibreOffice rồi lưu thành .xlsx.")
    elif data[:5] == b"%PDF-":
        hint = " " + _("Đây là tệp PDF.")
    raise WorkbookRefused(
        _("Tệp «%(name)s» không phải là bảng tính Excel (.xlsx, .xls) hay OpenDocument (.ods).")
        % {"name": name}
        + hint
    )


def _xlsx_cell_flags(
    data: bytes, name: str
) -> tuple[dict[str, set[tuple[int, int]]], dict[str, set[tuple[int, int]]]]:
    """Per sheet name: numeric cells shown as percentages, and formula cells
    saved without a result. Only the cells concerned are looked at, so a
    file without percent formats or formulas costs almost nothing."""
    percent: dict[str, set[tuple[int, int]]] = {}
    formulas: dict[str, set[tuple[int, int]]] = {}
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
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
    except (zipfile.BadZipFile, ElementTree.ParseError, KeyError) as exc:
        raise WorkbookRefused(
            _("Tệp «%(name)s» bị hỏng (cấu trúc .xlsx không hợp lệ).") % {"name": name}
        ) from exc
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


def _ods_percent_cells(data: bytes, name: str) -> dict[str, set[tuple[int, int]]]:
    """OpenDocument marks percentages on the cell itself
    (``office:value-type="percentage"``); rows and cells may be repeated."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            content = archive.read("content.xml")
    except (zipfile.BadZipFile, KeyError) as exc:
        raise WorkbookRefused(
            _("Tệp «%(name)s» bị hỏng (cấu trúc .ods không hợp lệ).") % {"name": name}
        ) from exc
    if b'value-type="percentage"' not in content:
        return {}
    t, o = f"{{{_ODS_TABLE}}}", f"{{{_ODS_OFFICE}}}"
    cells_of = (f"{t}table-cell", f"{t}covered-table-cell")
    found: dict[str, set[tuple[int, int]]] = {}
    try:
        root = ElementTree.fromstring(content)
    except ElementTree.ParseError as exc:
        raise WorkbookRefused(
            _("Tệp «%(name)s» bị hỏng (cấu trúc .ods không hợp lệ).") % {"name": name}
        ) from exc
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
                        for r in range(row, min(row + rows, MAX_ROWS))
                        for c in range(col, min(col + cols, MAX_COLUMNS))
                    )
                col += cols
            row += rows
            if row > MAX_ROWS:
                break
        found[table.get(f"{t}name", "")] = cells
    return found


def _meta(sheets: list[Sheet]) -> TemplateMeta | None:
    """The template's hidden metadata, found by its marker (not its name)."""
    for sheet in sheets:
        if cell_text(sheet.cell(0, 0)) != L.META_MARKER:
            continue
        keys: dict[str, str] = {}
        codes: list[str] = []
        prefilled: dict[str, dict[str, tuple[int, str]]] = {}
        for row in sheet.rows[1:]:
            label = cell_text(row[0]) if row else ""
            if not label:
                continue
            if label in L.META_KEYS:
                keys[label] = cell_text(row[1]) if len(row) > 1 else ""
            elif label == L.META_CODES_LABEL:
                codes = [cell_text(v) for v in row[1:]]
            elif codes:
                cells: dict[str, tuple[int, str]] = {}
                for code, packed in zip(codes, row[1:], strict=False):
                    version, _sep, raw = str(packed).partition("|")
                    if code and version.isdigit():
                        cells[code] = (int(version), raw)
                prefilled[label] = cells
        return TemplateMeta(
            sheet=sheet.name,
            version=keys.get("phien_ban", ""),
            set_code=keys.get("bo_tieu_chi", ""),
            period_code=keys.get("ky", ""),
            scope_code=keys.get("pham_vi", ""),
            data_sheet=keys.get("trang_so_lieu", ""),
            created_at=keys.get("tao_luc", ""),
            created_by=keys.get("tao_boi", ""),
            prefilled=prefilled,
        )
    return None
