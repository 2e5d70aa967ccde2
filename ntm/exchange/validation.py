"""Checking a read workbook against the database and the user's rights, and
listing what an import would do: every change (old → new, new verdict) and
every error, conflict and warning with its sheet, row, column and cell.

Nothing here writes. The rules:

* the data sheet is the one whose header row holds indicator codes of the
  set (found by content, so a renamed sheet, inserted blank rows or columns
  and moved columns still import);
* communes are matched by code, or by name ignoring diacritics and case, with
  a suggestion when a name is unknown or shared by several communes;
* every cell goes through ``ntm.core.values.parse_value``, the parser of the
  web form, after the cell is turned into the text a person would have typed
  (Vietnamese decimal comma, a ``%`` for percent-formatted cells);
* a cell left as it was in the downloaded template is no change, even if the
  value was changed in the system since; a cell the person changed whose value
  was changed in the system after the download is a conflict, never written;
* rows of communes outside the user's rights, or whose report is locked, are
  refused when they hold changes.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import difflib
import math
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import numpy as np
from django.utils.translation import gettext as _

from ntm.accounts.access import Action, access_allows
from ntm.core.batch import BatchInputs, BatchPlan, compile_batch, encode_value, evaluate_batch
from ntm.core.criteria_catalog import CriteriaCatalog
from ntm.core.criteria_model import CriteriaSet as CoreSet
from ntm.core.criteria_model import Measure, ValueType
from ntm.core.errors import CriteriaLookupError, ValueParseError
from ntm.core.evaluation import Verdict
from ntm.core.text import fold
from ntm.core.values import parse_value
from ntm.criteria.selectors import criteria_catalog
from ntm.dates import format_date
from ntm.exchange import layout as L
from ntm.exchange.selectors import (
    CommuneIndex,
    CurrentReport,
    ExchangeError,
    commune_index,
    commune_key,
    current_values,
    main_set_for,
    period_label,
    period_spec,
    value_author,
)
from ntm.exchange.workbook_reader import Sheet, TemplateMeta, Workbook, cell_text
from ntm.monitoring.models import EDITABLE_STATUSES, ReportStatus
from ntm.units.models import AdminUnit, UnitType
from ntm.units.selectors import unit_programme_communes

HEADER_SCAN_ROWS = 40
_NO_VALUE = ("", None, 0, 0)
_STATUS_LABELS = dict(ReportStatus.choices)


class ImportRefused(ExchangeError):
    """The workbook cannot be imported at all (nothing to preview)."""


@dataclass
class Issue:
    sheet: str  # "" for the whole file
    row: int | None  # 1-based, as Excel shows it
    col: int | None  # 1-based
    message: str

    @property
    def where(self) -> str:
        if not self.sheet:
            return "Tệp"
        if self.row and self.col:
            return f"Trang '{self.sheet}', ô {L.cell_ref(self.row, self.col)}"
        if self.row:
            return f"Trang '{self.sheet}', dòng {self.row}"
        if self.col:
            return f"Trang '{self.sheet}', cột {L.column_letter(self.col)}"
        return f"Trang '{self.sheet}'"

    @property
    def cell(self) -> str:
        if self.row and self.col:
            return L.cell_ref(self.row, self.col)
        if self.row:
            return f"dòng {self.row}"
        return L.column_letter(self.col) if self.col else ""

    @property
    def text(self) -> str:
        return f"{self.where}: {self.message}"


@dataclass
class Change:
    unit_id: int
    code: str  # indicator code
    row: int
    col: int
    old_raw: str
    new_raw: str
    expected_version: int
    old_verdict: int | None
    new_verdict: int | None = None


@dataclass
class UnitLine:
    """One commune of the file."""

    unit_id: int
    code: str
    name: str
    district: str
    row: int
    report_id: int | None
    status: str
    n_changes: int = 0
    criteria_before: int | None = None
    criteria_after: int | None = None


@dataclass
class Preview:
    kind: str  # "template" or "table"
    template_version: str
    set_code: str
    set_name: str
    period_code: str
    period_label: str
    scope_code: str
    data_sheet: str
    header_row: int
    prepared_on: dt.date | None
    units: list[UnitLine] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    errors: list[Issue] = field(default_factory=list)
    conflicts: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)

    @property
    def committable(self) -> bool:
        return not self.errors and not self.conflicts and bool(self.changes)

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "template_version": self.template_version,
            "set_code": self.set_code,
            "set_name": self.set_name,
            "period_code": self.period_code,
            "period_label": self.period_label,
            "scope_code": self.scope_code,
            "data_sheet": self.data_sheet,
            "header_row": self.header_row,
            "prepared_on": self.prepared_on.isoformat() if self.prepared_on else None,
            "units": [asdict(u) for u in self.units],
            # Changes are many: compact lists, in the order of CHANGE_FIELDS.
            "change_fields": CHANGE_FIELDS,
            "changes": [[getattr(c, f) for f in CHANGE_FIELDS] for c in self.changes],
            "errors": [asdict(i) for i in self.errors],
            "conflicts": [asdict(i) for i in self.conflicts],
            "warnings": [asdict(i) for i in self.warnings],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Preview:
        fields_ = data.get("change_fields", CHANGE_FIELDS)
        return cls(
            kind=data["kind"],
            template_version=data["template_version"],
            set_code=data["set_code"],
            set_name=data["set_name"],
            period_code=data["period_code"],
            period_label=data["period_label"],
            scope_code=data["scope_code"],
            data_sheet=data["data_sheet"],
            header_row=data["header_row"],
            prepared_on=dt.date.fromisoformat(data["prepared_on"]) if data["prepared_on"] else None,
            units=[UnitLine(**u) for u in data["units"]],
            changes=[Change(**dict(zip(fields_, c, strict=True))) for c in data["changes"]],
            errors=[Issue(**i) for i in data["errors"]],
            conflicts=[Issue(**i) for i in data["conflicts"]],
            warnings=[Issue(**i) for i in data["warnings"]],
        )


CHANGE_FIELDS = [
    "unit_id",
    "code",
    "row",
    "col",
    "old_raw",
    "new_raw",
    "expected_version",
    "old_verdict",
    "new_verdict",
]


def verdict_label(code: int | None) -> str:
    return Verdict(code).label if code is not None else ""


# -- cells -----------------------------------------------------------------------------


class CellError(ValueError):
    pass


def plain_number(number: Decimal) -> str:
    """``1234.5`` → ``1234,5``: Vietnamese decimal comma and no thousands
    dots, so that the parser reads it back without ambiguity."""
    rounded = number.quantize(Decimal("0.000001"), rounding=ROUND_HALF_UP).normalize()
    text = format(rounded, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")


def cell_raw(value: Any, measure: Measure, percent_format: bool = False) -> str:
    """The text a person would have typed for a cell's value."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.replace("\u00a0", " ").strip()
    if isinstance(value, bool):
        if measure.value_type is ValueType.BOOLEAN:
            return L.BOOLEAN_CHOICES[0] if value else L.BOOLEAN_CHOICES[1]
        parse_value(value, measure)  # raises with the parser's message
        return str(value)
    if isinstance(value, (int, float)):
        if isinstance(value, float) and not math.isfinite(value):
            raise CellError(_("ô chứa giá trị lỗi hoặc vô hạn"))
        if measure.value_type in (ValueType.BOOLEAN, ValueType.ENUM):
            parse_value(value, measure)  # raises: a number is no answer here
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        if percent_format:
            return plain_number(number * 100) + "%"
        return plain_number(number)
    if isinstance(value, (dt.datetime, dt.date)):
        raise CellError(
            _(
                "ô chứa ngày %(day)s: Excel có thể đã tự đổi số bạn gõ thành ngày tháng. "
                "Hãy gõ lại giá trị (ví dụ 15,4) hoặc định dạng ô là Văn bản (Text) trước khi gõ"
            )
            % {"day": format_date(value)}
        )
    if isinstance(value, (dt.time, dt.timedelta)):
        raise CellError(_("ô chứa giờ hoặc khoảng thời gian, không phải giá trị của chỉ tiêu"))
    raise CellError(_("không đọc được giá trị %(value)s") % {"value": repr(value)})


_DATE = re.compile(r"^\s*(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})\s*$")


def parse_date(value: Any) -> dt.date | None:
    """A date cell, or text in dd/mm/yyyy (also d/m/yyyy, with - or .)."""
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = cell_text(value)
    match = _DATE.match(text)
    if match is None:
        raise CellError(
            _("«%(text)s» không phải ngày theo dạng dd/mm/yyyy (ví dụ 15/04/2023)") % {"text": text}
        )
    day, month, year = (int(g) for g in match.groups())
    try:
        return dt.date(year, month, day)
    except ValueError as exc:
        raise CellError(_("«%(text)s» không phải ngày có thật") % {"text": text}) from exc


# -- sheet and header ------------------------------------------------------------------


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
    numeric_codes: dict[float, list[str]] = defaultdict(list)
    for code in codes:
        with contextlib.suppress(ValueError):
            numeric_codes[float(code)].append(code)
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
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            candidates = numeric_codes.get(float(value), [])
            if len(candidates) > 1:
                header.issues.append(
                    Issue(
                        sheet.name,
                        row + 1,
                        col + 1,
                        f"tiêu đề là số {cell_text(value)}, không phân biệt được chỉ tiêu "
                        f"{' và '.join(candidates)}; hãy ghi mã chỉ tiêu dạng văn bản",
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
                    f"chỉ tiêu {code} đã có ở cột {L.column_letter(seen[code] + 1)}; "
                    "mỗi chỉ tiêu chỉ được một cột",
                )
            )
            continue
        seen[code] = col
        header.measures[col] = codes[code]
    return header


def _code_like(value: Any, codes: set[str]) -> bool:
    if isinstance(value, str):
        return _header_token(value) in codes
    if isinstance(value, float) and not isinstance(value, bool):
        return cell_text(value) in codes
    return False


def _find_header(book: Workbook, cset: CoreSet, preferred: str) -> Header:
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


def _prepared_on(header: Header, issues: list[Issue]) -> dt.date | None:
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
                        issues.append(Issue(sheet.name, row + 1, col2 + 1, str(exc)))
                        return None
            return None
    return None


# -- communes ----------------------------------------------------------------------------


def _describe(unit: AdminUnit) -> str:
    parent = f"{unit.parent.name}, " if unit.parent else ""
    return f"{unit.name} ({parent}mã {unit.code})"


def _match_commune(
    index: CommuneIndex, code_value: Any, name_value: Any, district_value: Any
) -> tuple[AdminUnit | None, str | None, int]:
    """(unit, error, which column the error is about: 0 code, 1 name)."""
    code = cell_text(code_value)
    name = cell_text(name_value)
    if code:
        key = str(int(code)) if code.isdigit() else code
        unit = index.by_code.get(key)
        if unit is None:
            hint = ""
            by_name = index.by_name.get(commune_key(name), []) if name else []
            if len(by_name) == 1:
                hint = f"; tên «{name}» ứng với {_describe(by_name[0])}"
            return None, f"không có xã nào mã «{code}»{hint}", 0
        if name and commune_key(name) != commune_key(unit.name):
            return (
                None,
                f"mã {unit.code} là {unit.name} nhưng tên ghi «{name}»; sửa lại mã hoặc tên",
                1,
            )
        return unit, None, 0
    key = commune_key(name)
    candidates = index.by_name.get(key, [])
    exact = [u for u in candidates if fold(u.name) == fold(name)]
    if len(exact) == 1:  # "Phường Chi Lăng" names its type: no ambiguity left
        return exact[0], None, 1
    if len(candidates) > 1 and district_value not in (None, ""):
        district = commune_key(cell_text(district_value)).removeprefix("huyen ")
        narrowed = [u for u in candidates if u.parent and district in commune_key(u.parent.name)]
        candidates = narrowed or candidates
    if len(candidates) > 1:
        programme = [u for u in candidates if u.type == UnitType.COMMUNE and u.in_programme]
        candidates = programme if len(programme) == 1 else candidates
    if len(candidates) == 1:
        return candidates[0], None, 1
    if not candidates:
        close = difflib.get_close_matches(key, index.names, n=3, cutoff=0.75)
        suggestions = [_describe(u) for k in close for u in index.by_name[k]]
        hint = f"; có phải: {'; '.join(suggestions)}?" if suggestions else ""
        return None, f"không tìm thấy xã «{name}»{hint}", 1
    listed = "; ".join(_describe(u) for u in candidates)
    return (
        None,
        f"tên «{name}» trùng {len(candidates)} xã: {listed}. Ghi mã xã vào cột «Mã xã» để "
        "phân biệt",
        1,
    )


# -- the preview -----------------------------------------------------------------------------


def _main_set(catalog: CriteriaCatalog, year: int) -> CoreSet:
    commune = unit_programme_communes().first()
    if commune is None:
        raise ImportRefused(_("Chưa có đơn vị hành chính cấp xã trong hệ thống."))
    try:
        return main_set_for(catalog, commune, year)
    except ExchangeError as exc:
        raise ImportRefused(str(exc)) from exc


def _context(
    book: Workbook, period_code: str | None, catalog: CriteriaCatalog
) -> tuple[str, CoreSet, TemplateMeta | None]:
    meta = book.meta
    if meta is not None:
        if meta.version not in L.READABLE_VERSIONS:
            raise ImportRefused(
                _(
                    "Biểu mẫu phiên bản «%(version)s» không còn dùng được; hãy tải biểu mẫu mới "
                    "và nhập lại."
                )
                % {"version": meta.version}
            )
        spec = period_spec(meta.period_code)
        if period_code and period_spec(period_code).code != spec.code:
            raise ImportRefused(
                _(
                    "Tệp là biểu mẫu kỳ %(period)s, khác kỳ đã chọn (%(chosen)s). "
                    "Bỏ chọn kỳ hoặc tải đúng tệp."
                )
                % {
                    "period": period_label(spec),
                    "chosen": period_label(period_spec(period_code)),
                }
            )
        try:
            cset = catalog.get(meta.set_code)
        except CriteriaLookupError as exc:
            raise ImportRefused(
                _("Biểu mẫu dùng bộ tiêu chí «%(set)s» không có trong hệ thống.")
                % {"set": meta.set_code}
            ) from exc
        return spec.code, cset, meta
    if not period_code:
        raise ImportRefused(
            _(
                "Tệp không phải biểu mẫu tải từ hệ thống (không có trang thông tin ẩn): hãy chọn "
                "kỳ báo cáo của số liệu trong tệp rồi tải lên lại."
            )
        )
    spec = period_spec(period_code)
    return spec.code, _main_set(catalog, spec.year), None


def _commune_rows(sheet: Sheet, header: Header, errors: list[Issue]) -> list[tuple[int, AdminUnit]]:
    """(row, commune) for every data row; rows whose commune cannot be told
    are reported. Blank rows are skipped; rows between the header and the
    first commune (unit, threshold lines) are part of the header."""
    index = commune_index()
    rows: list[tuple[int, AdminUnit]] = []
    seen_units: dict[int, int] = {}
    started = False
    key_cols = [c for c in (header.code_col, header.name_col) if c is not None]
    value_cols = sorted(header.measures)
    for r in range(header.row + 1, len(sheet.rows)):
        line = sheet.rows[r]
        code_value = (
            line[header.code_col]
            if header.code_col is not None and header.code_col < len(line)
            else ""
        )
        name_value = (
            line[header.name_col]
            if header.name_col is not None and header.name_col < len(line)
            else ""
        )
        if cell_text(code_value) == "" and cell_text(name_value) == "":
            has_values = any(c < len(line) and line[c] not in (None, "") for c in value_cols)
            if has_values and started:
                errors.append(
                    Issue(sheet.name, r + 1, None, "dòng có số liệu nhưng không có mã xã, tên xã")
                )
            continue
        started = True
        district_value = (
            line[header.district_col]
            if header.district_col is not None and header.district_col < len(line)
            else ""
        )
        unit, error, which = _match_commune(index, code_value, name_value, district_value)
        if unit is None:
            col = key_cols[min(which, len(key_cols) - 1)] if key_cols else 0
            errors.append(Issue(sheet.name, r + 1, col + 1, error or ""))
            continue
        if not (unit.type == UnitType.COMMUNE and unit.in_programme):
            errors.append(
                Issue(
                    sheet.name,
                    r + 1,
                    (header.code_col if header.code_col is not None else header.name_col or 0) + 1,
                    f"{unit.name} không thuộc Chương trình xây dựng NTM cấp xã",
                )
            )
            continue
        if unit.pk in seen_units:
            errors.append(
                Issue(
                    sheet.name,
                    r + 1,
                    None,
                    f"{unit.name} đã có ở dòng {seen_units[unit.pk]}; mỗi xã chỉ một dòng",
                )
            )
            continue
        seen_units[unit.pk] = r + 1
        rows.append((r, unit))

    return rows


def import_preview(*, user: Any, book: Workbook, period_code: str | None = None) -> Preview:
    """What importing ``book`` as ``user`` would change, and every problem.
    Raises ``ImportRefused`` when the file cannot be understood at all."""
    catalog = criteria_catalog()
    period, cset, meta = _context(book, period_code, catalog)
    spec = period_spec(period)
    header = _find_header(book, cset, meta.data_sheet if meta else L.DATA_SHEET)
    sheet = header.sheet
    preview = Preview(
        kind="template" if meta else "table",
        template_version=meta.version if meta else "",
        set_code=cset.code,
        set_name=cset.name,
        period_code=spec.code,
        period_label=period_label(spec),
        scope_code=meta.scope_code if meta else "",
        data_sheet=sheet.name,
        header_row=header.row + 1,
        prepared_on=None,
        errors=list(header.issues),
    )
    preview.prepared_on = _prepared_on(header, preview.errors)
    if meta and sheet.name != meta.data_sheet:
        preview.warnings.append(
            Issue(sheet.name, None, None, f"trang số liệu đã đổi tên (tên gốc '{meta.data_sheet}')")
        )
    missing = [
        m.code
        for m in cset.iter_measures()
        if m.code not in {x.code for x in header.measures.values()}
    ]
    if missing and meta:
        preview.warnings.append(
            Issue(sheet.name, header.row + 1, None, f"thiếu cột chỉ tiêu: {', '.join(missing)}")
        )

    rows = _commune_rows(sheet, header, preview.errors)

    current = current_values([u for _row, u in rows], spec.code, cset.code)
    prefilled = meta.prefilled if meta else {}
    measures = [(c, header.measures[c]) for c in sorted(header.measures)]
    percent_cells, unsaved = sheet.percent_cells, sheet.unsaved_formulas
    unknown_with_data: set[int] = set()
    parsed_memo: dict[tuple[Any, ...], tuple[str, Any, str | None]] = {}
    new_values: dict[tuple[int, str], Any] = {}
    for r, unit in rows:
        line = sheet.rows[r]
        report = current.get(unit.pk)
        values = report.values if report else {}
        unit_prefilled = prefilled.get(unit.code)
        if meta and unit_prefilled is None:
            preview.warnings.append(
                Issue(
                    sheet.name,
                    r + 1,
                    None,
                    f"{unit.name} không có trong biểu mẫu đã tải; số liệu được so với giá trị "
                    "hiện có trên hệ thống",
                )
            )
        line_changes: list[Change] = []
        line_errors: list[Issue] = []
        line_conflicts: list[Issue] = []
        width = len(line)
        unit_id = unit.pk
        verdicts = report.verdicts if report else {}
        for c, measure in measures:
            code = measure.code
            value = line[c] if c < width else ""
            if unsaved and (r, c) in unsaved:
                line_errors.append(
                    Issue(
                        sheet.name,
                        r + 1,
                        c + 1,
                        f"({unit.name}, chỉ tiêu {code}) ô có công thức nhưng tệp không lưu kết "
                        "quả tính; mở tệp bằng Excel hoặc LibreOffice, lưu lại rồi tải lên",
                    )
                )
                continue
            # Parsing is pure: the same cell value for the same indicator is
            # turned into text and parsed once.
            percent = bool(percent_cells) and (r, c) in percent_cells
            key = (code, type(value), value, percent)
            hit = parsed_memo.get(key)
            if hit is None:
                try:
                    raw = cell_raw(value, measure, percent)
                    hit = (raw, parse_value(raw, measure), None)
                except (CellError, ValueParseError) as exc:
                    hit = ("", None, str(exc))
                parsed_memo[key] = hit
            raw, parsed, problem = hit
            if problem is not None:
                line_errors.append(
                    Issue(sheet.name, r + 1, c + 1, f"({unit.name}, chỉ tiêu {code}) {problem}")
                )
                continue
            old_raw, old_value, version, value_id = values.get(code, _NO_VALUE)
            pre = unit_prefilled.get(code) if unit_prefilled is not None else None
            if pre is not None:
                expected = pre[0]
                if raw == pre[1] or raw == pre[1].replace("\u00a0", " ").strip():
                    continue  # left as downloaded
            else:
                expected = version
            if parsed == old_value and (parsed is not None or not old_raw):
                continue  # same value as in the system
            if expected != version:
                shown = f"«{old_raw}»" if old_raw else "(trống)"
                line_conflicts.append(
                    Issue(
                        sheet.name,
                        r + 1,
                        c + 1,
                        f"({unit.name}, chỉ tiêu {code}) sau khi tải biểu mẫu, giá trị trên hệ "
                        f"thống đã được {value_author(value_id)} sửa thành {shown}; giá trị "
                        f"«{raw}» trong tệp không được ghi. Tải biểu mẫu mới rồi nhập lại ô này.",
                    )
                )
                continue
            new_values[(unit_id, code)] = parsed
            line_changes.append(
                Change(unit_id, code, r + 1, c + 1, old_raw, raw, version, verdicts.get(code))
            )
        for c in header.unknown:
            if c < len(line) and line[c] not in (None, ""):
                unknown_with_data.add(c)
        status = report.status if report else ""
        unit_line = UnitLine(
            unit_id=unit.pk,
            code=unit.code,
            name=unit.name,
            district=unit.parent.name if unit.parent else "",
            row=r + 1,
            report_id=report.report_id if report else None,
            status=status,
            criteria_before=report.criteria_met if report else None,
        )
        preview.units.append(unit_line)
        if line_changes or line_conflicts:
            refusal = _row_refusal(user, unit, status, preview.period_label)
            if refusal:
                preview.errors.append(Issue(sheet.name, r + 1, None, refusal))
                continue
        preview.errors += line_errors
        preview.conflicts += line_conflicts
        preview.changes += line_changes
        unit_line.n_changes = len(line_changes)
    for c in sorted(unknown_with_data):
        preview.warnings.append(
            Issue(
                sheet.name,
                header.row + 1,
                c + 1,
                f"cột «{header.unknown[c]}» không phải mã chỉ tiêu của bộ tiêu chí; bỏ qua cột này",
            )
        )
    if not rows and not preview.errors:
        preview.errors.append(Issue(sheet.name, None, None, "không có dòng số liệu nào của xã"))
    if not preview.scope_code:
        preview.scope_code = _common_scope([u for _row, u in rows])
    _judge_changes(preview, cset, spec.year, {u.pk: u for _row, u in rows}, current, new_values)
    return preview


def _row_refusal(user: Any, unit: AdminUnit, status: str, period: str) -> str | None:
    district = f" ({unit.parent.name})" if unit.parent else ""
    if not access_allows(user, Action.IMPORT_DATA, unit):
        return (
            f"{unit.name}{district} ngoài phạm vi được phân quyền của bạn; không nhập được số "
            "liệu của xã này"
        )
    if status and status not in EDITABLE_STATUSES:
        return (
            f"báo cáo {period} của {unit.name} đang ở trạng thái «{_STATUS_LABELS[status]}», "
            "không sửa được; các thay đổi ở dòng này không được ghi"
        )
    return None


def _common_scope(units: Sequence[AdminUnit]) -> str:
    """The code of the smallest unit containing every commune."""
    if not units:
        return ""
    parts = units[0].path.split("/")
    for unit in units[1:]:
        other = unit.path.split("/")
        n = 0
        while n < min(len(parts), len(other)) and parts[n] == other[n]:
            n += 1
        parts = parts[:n]
    return parts[-1] if parts else ""


# Compiled batch plans by set; a revised catalogue gives new set objects, so
# the cache holds the set it was compiled from and recompiles when it differs.
_plans: dict[str, tuple[CoreSet, BatchPlan]] = {}


def _plan(cset: CoreSet) -> BatchPlan:
    cached = _plans.get(cset.code)
    if cached is None or cached[0] is not cset:
        cached = _plans[cset.code] = (cset, compile_batch(cset))
    return cached[1]


def _judge_changes(
    preview: Preview,
    cset: CoreSet,
    year: int,
    units: dict[int, AdminUnit],
    current: dict[int, CurrentReport],
    new_values: dict[tuple[int, str], Any],
) -> None:
    """New verdict of every change and criteria met after the import, with
    the numpy batch engine over the communes that change (one call)."""
    by_unit: dict[int, list[Change]] = defaultdict(list)
    for change in preview.changes:
        by_unit[change.unit_id].append(change)
    judged = [u for u in by_unit if units[u].class_in(cset) is not None]
    if not judged:
        return
    plan = _plan(cset)
    columns = {code: i for i, code in enumerate(plan.indicator_codes)}
    conditions = {code: i for i, code in enumerate(plan.condition_codes)}
    values = np.full((len(judged), 1, len(columns)), np.nan)
    cond = np.full((len(judged), 1, len(conditions)), np.nan)
    facts = np.full((len(judged), len(plan.fact_codes)), np.nan)
    for i, unit_id in enumerate(judged):
        report = current.get(unit_id)
        known: dict[str, Any] = {k: v[1] for k, v in report.values.items()} if report else {}
        for change in by_unit[unit_id]:
            known[change.code] = new_values[(unit_id, change.code)]
        for code, value in known.items():
            if code in columns:
                values[i, 0, columns[code]] = encode_value(cset.measure(code), value)
            elif code in conditions:
                cond[i, 0, conditions[code]] = encode_value(cset.measure(code), value)
        for j, code in enumerate(plan.fact_codes):
            fact = report.facts.get(code) if report else None
            if fact is not None:
                facts[i, j] = float(bool(fact))
    result = evaluate_batch(
        plan,
        BatchInputs(
            values=values,
            class_index=plan.class_index([units[u].class_in(cset) for u in judged]),
            years=[year],
            facts=facts,
            conditions=cond,
        ),
    )
    lines = {u.unit_id: u for u in preview.units}
    for i, unit_id in enumerate(judged):
        lines[unit_id].criteria_after = int(result.criteria_met_count[i, 0])
        for change in by_unit[unit_id]:
            if change.code in columns:
                change.new_verdict = int(result.verdicts[i, 0, columns[change.code]])
            else:
                change.new_verdict = int(result.condition_verdicts[i, 0, conditions[change.code]])
