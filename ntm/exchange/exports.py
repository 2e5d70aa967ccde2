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

import csv
import io
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import xlsxwriter
from django.utils import timezone

from ntm.core.criteria_model import Measure, ValueType
from ntm.core.evaluation import Verdict
from ntm.exchange.selectors import Dataset, DatasetColumn, DatasetRow, template_columns
from ntm.exchange.validation import plain_number

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


def unit_text(measure: Measure) -> str:
    if measure.value_type is ValueType.PERCENT:
        return "%"
    if measure.value_type is ValueType.BOOLEAN:
        return "Đạt/Không đạt"
    if measure.value_type is ValueType.ENUM:
        return "/".join(measure.options)
    return measure.unit or ("số" if measure.value_type is ValueType.COUNT else "")


def column_header(column: DatasetColumn) -> str:
    """``2.1 Tỷ lệ đường xã ... (%)``; other sets are prefixed, e.g.
    ``[Nâng cao] 11 ...`` (the import reads only the main set's columns)."""
    m = column.measure
    prefix = f"[{column.set_short}] " if column.set_short else ""
    unit = unit_text(m)
    return f"{prefix}{m.code} {m.name}" + (f" ({unit})" if unit else "")


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


def _csv_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return plain_number(Decimal(repr(value)) if isinstance(value, float) else Decimal(value))
    return str(value)


def _title(data: Dataset) -> str:
    return f"SỐ LIỆU CHỈ TIÊU NÔNG THÔN MỚI · {data.scope.name} · {data.period_label}"


def _note(data: Dataset) -> str:
    scope = "chỉ các báo cáo đã được tỉnh phê duyệt" if data.approved_only else "mọi báo cáo"
    return (
        f"Bộ tiêu chí: {data.main_set.name}. Gồm {scope}. Tỷ lệ tính bằng %. "
        f"Xuất lúc {timezone.localtime():%H:%M %d/%m/%Y}."
    )


# -- xlsx ----------------------------------------------------------------------------------


def dataset_xlsx(data: Dataset) -> bytes:
    buffer = io.BytesIO()
    wb = xlsxwriter.Workbook(buffer, {"in_memory": True, "constant_memory": True})
    wb.set_properties({"title": _title(data), "author": "Hệ thống NTM"})
    title = wb.add_format({"bold": True, "font_size": 13})
    note = wb.add_format({"italic": True, "font_size": 9, "font_color": "#595959"})
    head = wb.add_format(
        {
            "bold": True,
            "text_wrap": True,
            "valign": "top",
            "bg_color": "#E2EFDA",
            "border": 1,
            "border_color": "#A6A6A6",
        }
    )
    formats = {t: wb.add_format({"num_format": f}) for t, f in _NUMBER_FORMATS.items()}

    ws = wb.add_worksheet("Số liệu")
    headers = fixed_headers(data) + [column_header(c) for c in data.columns]
    ws.write_string(0, 0, _title(data), title)
    ws.write_string(1, 0, _note(data), note)
    ws.set_row(2, 90)
    ws.set_column(0, 0, 9)
    ws.set_column(1, 2, 20)
    ws.set_column(3, 5, 14)
    ws.set_column(6, len(headers) - 1, 14)
    for j, text in enumerate(headers):
        ws.write_string(2, j, text, head)
    n_fixed = len(fixed_headers(data))
    for i, row in enumerate(data.rows, start=3):
        for j, value in enumerate(_fixed(data, row)):
            if value is not None and value != "":
                ws.write(i, j, value)
        for j, column in enumerate(data.columns, start=n_fixed):
            value = _value(row, column)
            if value is None:
                continue
            if isinstance(value, str):
                ws.write_string(i, j, value)
            else:
                ws.write_number(i, j, value, formats.get(column.measure.value_type))
    ws.freeze_panes(3, 2)
    ws.autofilter(2, 0, 2 + len(data.rows), len(headers) - 1)

    criteria = data.main_set.criteria
    ev = wb.add_worksheet("Đánh giá")
    ev_headers = fixed_headers(data)[:5] + [f"{c.code}. {c.name}" for c in criteria] + ["Mức đạt"]
    ev.write_string(
        0, 0, f"KẾT QUẢ ĐÁNH GIÁ TIÊU CHÍ · {data.scope.name} · {data.period_label}", title
    )
    ev.write_string(1, 0, "Theo số liệu đang có trên hệ thống; trống: xã chưa có báo cáo.", note)
    ev.set_row(2, 60)
    ev.set_column(0, 0, 9)
    ev.set_column(1, 2, 20)
    ev.set_column(3, len(ev_headers) - 1, 12)
    for j, text in enumerate(ev_headers):
        ev.write_string(2, j, text, head)
    for i, row in enumerate(data.rows, start=3):
        for j, value in enumerate(_fixed(data, row)[:5]):
            if value is not None and value != "":
                ev.write(i, j, value)
        met = row.criteria.get(data.main_set.code, {})
        for j, c in enumerate(criteria, start=5):
            if c.code in met:
                ev.write_string(i, j, "Đạt" if met[c.code] else "Không đạt")
        levels = _levels_text(data, row)
        if levels:
            ev.write_string(i, 5 + len(criteria), levels)
    ev.freeze_panes(3, 2)

    ind = wb.add_worksheet("Chỉ tiêu")
    classes = sorted({c for r in data.rows if (c := r.unit.class_in(data.main_set))})
    ind_headers = (
        ["Tiêu chí", "Mã", "Tên chỉ tiêu", "Kiểu giá trị", "Đơn vị tính"]
        + [f"Ngưỡng vùng {c} năm {data.period.year}" for c in classes]
        + ["Căn cứ"]
    )
    ind.write_string(0, 0, f"CHỈ TIÊU VÀ NGƯỠNG · {data.main_set.name}", title)
    ind.set_column(0, 0, 24)
    ind.set_column(2, 2, 60)
    ind.set_column(3, len(ind_headers) - 1, 16)
    for j, text in enumerate(ind_headers):
        ind.write_string(2, j, text, head)
    for i, column in enumerate(template_columns(data.main_set, classes, data.period.year), start=3):
        m = column.measure
        crit = (
            f"{column.criterion.code}. {column.criterion.name}" if column.criterion else "Điều kiện"
        )
        cells = [crit, m.code, m.name, _TYPE_LABELS[m.value_type], unit_text(m)]
        cells += [t.shown for t in column.thresholds]
        cells.append("; ".join(sorted({t.citation for t in column.thresholds if t.citation})))
        for j, text in enumerate(cells):
            ind.write_string(i, j, text)
    wb.close()
    return buffer.getvalue()


# -- csv ------------------------------------------------------------------------------------


class _Echo:
    def write(self, value: str) -> str:
        return value


def dataset_csv_lines(data: Dataset) -> Iterator[str]:
    """The CSV, line by line (for a streaming response), BOM first so that
    Excel reads the UTF-8 Vietnamese letters."""
    writer = csv.writer(_Echo())
    yield "\ufeff"
    yield writer.writerow(fixed_headers(data) + [column_header(c) for c in data.columns])
    for row in data.rows:
        cells = [_csv_value(v) for v in _fixed(data, row)]
        cells += [_csv_value(_value(row, c)) for c in data.columns]
        yield writer.writerow(cells)


def dataset_csv(data: Dataset) -> bytes:
    return "".join(dataset_csv_lines(data)).encode("utf-8")


# -- json -----------------------------------------------------------------------------------


def _verdicts(verdicts: dict[str, int]) -> dict[str, str]:
    return {code: VERDICT_KEYS.get(Verdict(v), str(v)) for code, v in verdicts.items()}


def dataset_json(data: Dataset) -> dict[str, Any]:
    """The integration export (schema ``ntm.dataset/1``)."""
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
        "sets": sets,
        "units": units,
    }
