"""The dataset of a period, exported three ways:

* .xlsx for people: values (numbers kept as numbers, with number formats, so
  Excel shows them the Vietnamese way on a Vietnamese machine), the
  evaluation of every criterion, and the indicators with their thresholds;
* CSV (UTF-8 with BOM, comma-separated) with the same columns as the values
  sheet, numbers written with a decimal comma and no thousands dots (so they
  read back without ambiguity, also through our own import);
* JSON for integration, in the documented schema ``ntm.dataset/1``
  (docs/huong-dan/excel.md): field names never change within a schema
  version; additions get a new optional field, anything else a new version.

Column headers carry the indicator code, its name and its unit. Written with
XlsxWriter in constant-memory mode: a country (10,040 communes) streams."""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import xlsxwriter
from django.utils import timezone
from django.utils.translation import gettext as _
from xlsxwriter.format import Format

from ntm.core.criteria_model import Measure, ValueType
from ntm.core.evaluation import Verdict
from ntm.dates import format_moment
from ntm.exchange.layout import cell_ref
from ntm.exchange.models import ImportBatch
from ntm.exchange.selectors import (
    Dataset,
    DatasetColumn,
    DatasetRow,
    measure_names,
    template_columns,
)
from ntm.exchange.validation import Preview, plain_number, verdict_label
from ntm.web.safe_csv import Number, SafeCsvWriter
from ntm.web.xlsx import Cell, Column, ColumnSpec, new_workbook, write_cell

DATASET_SCHEMA = "ntm.dataset/1"
VERDICT_KEYS = {
    Verdict.NOT_MET: "not_met",
    Verdict.MET: "met",
    Verdict.MISSING_VALUE: "missing_value",
    Verdict.MISSING_THRESHOLD: "missing_threshold",
    Verdict.NOT_APPLICABLE: "not_applicable",
}
_TYPE_LABELS = {
    ValueType.BOOLEAN: "Đạt/Không đạt",
    ValueType.PERCENT: "Tỷ lệ %",
    ValueType.NUMBER: "Số",
    ValueType.COUNT: "Số nguyên",
    ValueType.ENUM: "Lựa chọn",
}
_NUMBER_FORMATS = {
    ValueType.PERCENT: "0.00",  # in points: 85.5 means 85,5 % (the header says %)
    ValueType.NUMBER: "#,##0.00",
    ValueType.COUNT: "#,##0",
}


def unit_label(measure: Measure) -> str:
    """The unit shown next to an indicator (column headers, the template's
    unit row and notes): its own unit, else one said by its value type."""
    if measure.value_type is ValueType.PERCENT:
        return "%"
    if measure.value_type is ValueType.BOOLEAN:
        return _("Đạt/Không đạt")
    if measure.value_type is ValueType.ENUM:
        return "/".join(measure.options)
    return measure.unit or (_("số") if measure.value_type is ValueType.COUNT else "")


def column_header(column: DatasetColumn) -> str:
    """``2.1 Tỷ lệ đường xã ... (%)``; other sets are prefixed, e.g.
    ``[Nâng cao] 11 ...`` (the import reads only the main set's columns)."""
    m = column.measure
    prefix = f"[{column.set_short}] " if column.set_short else ""
    unit = unit_label(m)
    return f"{prefix}{m.shown_code} {m.name}" + (f" ({unit})" if unit else "")


def fixed_headers(data: Dataset) -> list[str]:
    n = len(data.main_set.criteria)
    return [
        "Mã xã",
        "Tên xã",
        "Huyện",
        "Trạng thái báo cáo",
        f"Số tiêu chí đạt (/{n})",
        "Mức đạt",
    ]


def _levels_text(data: Dataset, row: DatasetRow) -> str:
    return "; ".join(
        data.level_names.get(code, code) for codes in row.levels.values() for code in codes
    )


def _fixed(data: Dataset, row: DatasetRow) -> list[Any]:
    return [
        row.unit.code,
        row.unit.name,
        row.district,
        row.status_label,
        row.criteria_met.get(data.main_set.code),
        _levels_text(data, row),
    ]


def _value(row: DatasetRow, column: DatasetColumn) -> Any:
    cell = row.values.get((column.set_code, column.measure.code))
    if cell is None:
        return None
    value = cell[1]
    if isinstance(value, bool):
        return "Đạt" if value else "Không đạt"
    return value


def _csv_number(value: Number) -> str:
    return plain_number(Decimal(repr(value)) if isinstance(value, float) else Decimal(value))


def _title(data: Dataset) -> str:
    return f"SỐ LIỆU CHỈ TIÊU NÔNG THÔN MỚI · {data.scope.name} · {data.period_label}"


def _note(data: Dataset) -> str:
    scope = "chỉ các báo cáo đã được tỉnh phê duyệt" if data.approved_only else "mọi báo cáo"
    return (
        f"Bộ tiêu chí: {data.main_set.name}. Gồm {scope}. Tỷ lệ tính bằng %. "
        f"Xuất lúc {timezone.localtime():%H:%M %d/%m/%Y}."
    )


# -- xlsx ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Formats:
    title: Format
    note: Format
    head: Format
    numbers: dict[ValueType, Format]


def dataset_xlsx(data: Dataset) -> bytes:
    """The workbook: values, evaluations, indicators and thresholds."""
    buffer = io.BytesIO()
    wb = new_workbook(buffer, constant_memory=True)
    wb.set_properties({"title": _title(data), "author": "Hệ thống NTM"})
    formats = _Formats(
        title=wb.add_format({"bold": True, "font_size": 13}),
        note=wb.add_format({"italic": True, "font_size": 9, "font_color": "#595959"}),
        head=wb.add_format(
            {
                "bold": True,
                "text_wrap": True,
                "valign": "top",
                "bg_color": "#E2EFDA",
                "border": 1,
                "border_color": "#A6A6A6",
            }
        ),
        numbers={t: wb.add_format({"num_format": f}) for t, f in _NUMBER_FORMATS.items()},
    )
    _values_sheet(wb, data, formats)
    _evaluations_sheet(wb, data, formats)
    _indicators_sheet(wb, data, formats)
    wb.close()
    return buffer.getvalue()


def _values_sheet(wb: xlsxwriter.Workbook, data: Dataset, formats: _Formats) -> None:
    ws = wb.add_worksheet("Số liệu")
    headers = fixed_headers(data) + [column_header(c) for c in data.columns]
    ws.write_string(0, 0, _title(data), formats.title)
    ws.write_string(1, 0, _note(data), formats.note)
    ws.set_row(2, 90)
    ws.set_column(0, 0, 9)
    ws.set_column(1, 2, 20)
    ws.set_column(3, 5, 14)
    ws.set_column(6, len(headers) - 1, 14)
    for j, text in enumerate(headers):
        ws.write_string(2, j, text, formats.head)
    n_fixed = len(fixed_headers(data))
    for i, row in enumerate(data.rows, start=3):
        for j, value in enumerate(_fixed(data, row)):
            write_cell(ws, i, j, value)
        for j, column in enumerate(data.columns, start=n_fixed):
            value = _value(row, column)
            if value is None:
                continue
            if isinstance(value, str):
                ws.write_string(i, j, value)
            else:
                ws.write_number(i, j, value, formats.numbers.get(column.measure.value_type))
    ws.freeze_panes(3, 2)
    ws.autofilter(2, 0, 2 + len(data.rows), len(headers) - 1)


def _evaluations_sheet(wb: xlsxwriter.Workbook, data: Dataset, formats: _Formats) -> None:
    criteria = data.main_set.criteria
    ev = wb.add_worksheet("Đánh giá")
    ev_headers = fixed_headers(data)[:5] + [f"{c.code}. {c.name}" for c in criteria] + ["Mức đạt"]
    ev.write_string(
        0, 0, f"KẾT QUẢ ĐÁNH GIÁ TIÊU CHÍ · {data.scope.name} · {data.period_label}", formats.title
    )
    ev.write_string(
        1, 0, "Theo số liệu đang có trên hệ thống; trống: xã chưa có báo cáo.", formats.note
    )
    ev.set_row(2, 60)
    ev.set_column(0, 0, 9)
    ev.set_column(1, 2, 20)
    ev.set_column(3, len(ev_headers) - 1, 12)
    for j, text in enumerate(ev_headers):
        ev.write_string(2, j, text, formats.head)
    for i, row in enumerate(data.rows, start=3):
        for j, value in enumerate(_fixed(data, row)[:5]):
            write_cell(ev, i, j, value)
        met = row.criteria.get(data.main_set.code, {})
        for j, c in enumerate(criteria, start=5):
            if c.code in met:
                ev.write_string(i, j, "Đạt" if met[c.code] else "Không đạt")
        levels = _levels_text(data, row)
        if levels:
            ev.write_string(i, 5 + len(criteria), levels)
    ev.freeze_panes(3, 2)


def _indicators_sheet(wb: xlsxwriter.Workbook, data: Dataset, formats: _Formats) -> None:
    ind = wb.add_worksheet("Chỉ tiêu")
    classes = sorted({k for r in data.rows if (k := r.unit.class_in(data.main_set))})
    ind_headers = (
        ["Tiêu chí", "Mã", "Tên chỉ tiêu", "Kiểu giá trị", "Đơn vị tính"]
        + [f"Ngưỡng vùng {c} năm {data.period.year}" for c in classes]
        + ["Căn cứ"]
    )
    ind.write_string(0, 0, f"CHỈ TIÊU VÀ NGƯỠNG · {data.main_set.name}", formats.title)
    ind.set_column(0, 0, 24)
    ind.set_column(2, 2, 60)
    ind.set_column(3, len(ind_headers) - 1, 16)
    for j, text in enumerate(ind_headers):
        ind.write_string(2, j, text, formats.head)
    for i, indicator in enumerate(
        template_columns(data.main_set, classes, data.period.year), start=3
    ):
        m, criterion = indicator.measure, indicator.criterion
        crit = f"{criterion.code}. {criterion.name}" if criterion else "Điều kiện"
        cells = [crit, m.shown_code, m.name, _TYPE_LABELS[m.value_type], unit_label(m)]
        cells += [t.shown for t in indicator.thresholds]
        cells.append("; ".join(sorted({t.citation for t in indicator.thresholds if t.citation})))
        for j, text in enumerate(cells):
            ind.write_string(i, j, text)


# -- csv ------------------------------------------------------------------------------------


class _Echo:
    def write(self, value: str) -> str:
        return value


def dataset_csv_lines(data: Dataset) -> Iterator[str]:
    """The CSV, line by line (for a streaming response), BOM first so that
    Excel reads the UTF-8 Vietnamese letters."""
    writer = SafeCsvWriter(_Echo(), number=_csv_number)
    yield "\ufeff"
    yield writer.writerow(fixed_headers(data) + [column_header(c) for c in data.columns])
    for row in data.rows:
        yield writer.writerow(_fixed(data, row) + [_value(row, c) for c in data.columns])


def dataset_csv(data: Dataset) -> bytes:
    return "".join(dataset_csv_lines(data)).encode("utf-8")


# -- json -----------------------------------------------------------------------------------


def _verdicts(verdicts: dict[str, int]) -> dict[str, str]:
    return {code: VERDICT_KEYS.get(Verdict(v), str(v)) for code, v in verdicts.items()}


def dataset_json(data: Dataset) -> dict[str, Any]:
    """The integration export (schema ``ntm.dataset/1``)."""
    return {
        "schema": DATASET_SCHEMA,
        "generated_at": timezone.localtime().isoformat(timespec="seconds"),
        "period": {
            "code": data.period.code,
            "kind": data.period.kind,
            "year": data.period.year,
            "start": data.period.start.isoformat(),
            "end": data.period.end.isoformat(),
            "label": data.period_label,
        },
        "scope": {"code": data.scope.code, "name": data.scope.name, "type": data.scope.type},
        "approved_only": data.approved_only,
        "sets": _json_sets(data),
        "units": _json_units(data),
    }


def _json_sets(data: Dataset) -> list[dict[str, Any]]:
    """Every set of the export: criteria, conditions, levels, indicators with
    the thresholds of the regions present."""
    classes = sorted({c for r in data.rows if (c := r.unit.class_in(data.main_set))})
    sets = []
    for cset in data.sets:
        columns = template_columns(cset, classes, data.period.year)
        sets.append(
            {
                "code": cset.code,
                "name": cset.name,
                "main": cset.code == data.main_set.code,
                "criteria": [
                    {
                        "code": c.code,
                        "name": c.name,
                        "indicators": [m.code for m in c.indicators],
                    }
                    for c in cset.criteria
                ],
                "conditions": [m.code for m in cset.conditions],
                "levels": [{"code": lv.code, "name": lv.name} for lv in cset.levels],
                "indicators": [
                    {
                        "code": col.measure.code,
                        "name": col.measure.name,
                        "criterion": col.criterion.code if col.criterion else None,
                        "value_type": str(col.measure.value_type),
                        "unit": col.measure.unit,
                        "options": list(col.measure.options) or None,
                        "comparison": str(col.measure.comparison),
                        "thresholds": {
                            t.class_code: {"shown": t.shown, "citation": t.citation}
                            for t in col.thresholds
                        },
                    }
                    for col in columns
                ],
            }
        )
    return sets


def _json_units(data: Dataset) -> list[dict[str, Any]]:
    """Every commune with its report (values, evaluations), if any."""
    units = []
    for row in data.rows:
        report = None
        if row.report_id is not None:
            report = {
                "id": row.report_id,
                "status": row.status,
                "status_label": row.status_label,
                "values": [
                    {"set": s, "code": c, "raw": raw, "value": value, "version": version}
                    for (s, c), (raw, value, version) in sorted(row.values.items())
                ],
                "evaluations": [
                    {
                        "set": set_code,
                        "criteria_met": row.criteria_met.get(set_code),
                        "criteria": row.criteria.get(set_code, {}),
                        "verdicts": _verdicts(verdicts),
                        "levels": row.levels.get(set_code, []),
                    }
                    for set_code, verdicts in sorted(row.verdicts.items())
                ],
            }
        units.append(
            {
                "code": row.unit.code,
                "name": row.unit.name,
                "district": {
                    "code": row.unit.parent.code if row.unit.parent else None,
                    "name": row.district,
                },
                "region": row.unit.region or None,
                "report": report,
            }
        )
    return units


# -- the lists of the import pages ---------------------------------------------------------


@dataclass(frozen=True)
class ExportTable:
    """A list of the import pages as an .xlsx download."""

    filename: str
    title: str
    columns: list[ColumnSpec]
    rows: list[Sequence[Cell]]
    note: str


def batch_table(batch: ImportBatch, *, problems: bool = False) -> ExportTable:
    """The changes of an upload, or (``problems``) its errors, conflicts and
    warnings, as the preview page lists them."""
    preview = Preview.from_json(batch.preview)
    note = _("Lần nhập số %(batch)s, tệp «%(file)s», kỳ %(period)s.") % {
        "batch": batch.pk,
        "file": batch.original_name,
        "period": preview.period_label,
    }
    if problems:
        issues = (
            [(_("Lỗi"), i) for i in preview.errors]
            + [(_("Xung đột"), i) for i in preview.conflicts]
            + [(_("Lưu ý"), i) for i in preview.warnings]
        )
        return ExportTable(
            f"Loi nhap Excel {batch.pk}.xlsx",
            _("Lỗi, xung đột và lưu ý của tệp «%(file)s»") % {"file": batch.original_name},
            [_("Loại"), _("Trang"), _("Ô, dòng"), _("Nội dung")],
            [(kind, i.sheet or _("Tệp"), i.cell, i.message) for kind, i in issues],
            note,
        )
    units = {u.unit_id: u for u in preview.units}
    names = measure_names(batch.set_code)
    return ExportTable(
        f"Thay doi nhap Excel {batch.pk}.xlsx",
        _("Các thay đổi của tệp «%(file)s»") % {"file": batch.original_name},
        [
            _("Mã xã"),
            _("Tên xã"),
            _("Huyện"),
            _("Ô"),
            _("Mã chỉ tiêu"),
            Column(_("Tên chỉ tiêu"), width=50),
            _("Giá trị cũ"),
            _("Giá trị mới"),
            _("Đánh giá cũ"),
            _("Đánh giá mới"),
        ],
        [
            (
                units[c.unit_id].code,
                units[c.unit_id].name,
                units[c.unit_id].district,
                cell_ref(c.row, c.col),
                c.code,
                names.get(c.code, ""),
                c.old_raw,
                c.new_raw,
                verdict_label(c.old_verdict),
                verdict_label(c.new_verdict),
            )
            for c in preview.changes
        ],
        note,
    )


def history_table(batches: Iterable[ImportBatch]) -> ExportTable:
    """The import history, one upload a row."""
    rows: list[Sequence[Cell]] = [
        (
            b.pk,
            format_moment(b.uploaded_at),
            str(b.uploaded_by),
            b.original_name,
            str(b.period),
            b.scope.name if b.scope else "",
            b.n_rows,
            b.n_changes,
            b.n_errors + b.n_conflicts,
            b.get_status_display(),
        )
        for b in batches
    ]
    return ExportTable(
        "Lich su nhap Excel.xlsx",
        _("Các lần nhập số liệu từ tệp Excel"),
        [
            (_("Số"), "#,##0"),
            _("Thời điểm"),
            _("Người nhập"),
            _("Tệp"),
            _("Kỳ"),
            _("Phạm vi"),
            (_("Số xã"), "#,##0"),
            (_("Số thay đổi"), "#,##0"),
            (_("Số lỗi, xung đột"), "#,##0"),
            _("Trạng thái"),
        ],
        rows,
        _("Xuất lúc %(time)s.") % {"time": format_moment()},
    )
