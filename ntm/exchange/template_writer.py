"""The Excel template for a scope and period: one row per commune, one column
per indicator of the main set (then the level conditions), current values
pre-filled as they were typed, drop-down lists and ranges, the threshold of
the region in a note on each indicator code, frozen headers, a protected
structure with only the value cells open, a guide in Vietnamese, and a hidden
sheet recording what was downloaded (set, period, scope, the version and text
of every pre-filled value) so that an upload knows what changed since.

Written with XlsxWriter: it can mark pre-filled texts such as "85" so Excel
does not flag them as "numbers stored as text", and writes fast."""

from __future__ import annotations

import io
from datetime import datetime
from typing import Any

import xlsxwriter
from django.utils import timezone
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from ntm.core.criteria_model import ValueType
from ntm.exchange import layout as L
from ntm.exchange.exports import unit_label
from ntm.exchange.selectors import TemplateColumn, TemplateData
from ntm.web.xlsx import new_workbook

_INPUT_HINTS = {
    ValueType.BOOLEAN: ("Đạt / Không đạt", "Chọn Đạt hoặc Không đạt trong danh sách."),
    ValueType.PERCENT: (
        "Tỷ lệ % (0 - 100)",
        "Gõ số phần trăm từ 0 đến 100, ví dụ 85 hoặc 85,5 hoặc 85%.",
    ),
    ValueType.COUNT: ("Số nguyên", "Gõ một số nguyên không âm, ví dụ 12."),
    ValueType.NUMBER: ("Số", "Gõ một số không âm, ví dụ 45,5 hoặc 5.103,888."),
}


def _threshold_text(column: TemplateColumn) -> str:
    return "; ".join(f"{t.class_code}: {t.shown}" for t in column.thresholds)


def _note(column: TemplateColumn, year: int) -> str:
    m = column.measure
    lines = [f"{m.code}. {m.name}"]
    unit = unit_label(m)
    if unit:
        lines.append(f"Đơn vị tính: {unit}")
    for t in column.thresholds:
        cited = f" ({t.citation})" if t.citation else ""
        lines.append(f"Ngưỡng vùng {t.class_code} năm {year}: {t.shown}{cited}")
    if m.applicability is not None:
        lines.append("Chỉ áp dụng với một số xã (xem thông tin xã trên hệ thống).")
    return "\n".join(lines)


def _validation(column: TemplateColumn) -> dict[str, Any]:
    m = column.measure
    if m.value_type is ValueType.ENUM:
        title, message = "Chọn trong danh sách", "Chọn: " + ", ".join(m.options) + "."
        rule: dict[str, Any] = {"validate": "list", "source": list(m.options)}
    else:
        title, message = _INPUT_HINTS[m.value_type]
        rules: dict[ValueType, dict[str, Any]] = {
            ValueType.BOOLEAN: {"validate": "list", "source": list(L.BOOLEAN_CHOICES)},
            ValueType.PERCENT: {
                "validate": "decimal",
                "criteria": "between",
                "minimum": 0,
                "maximum": 100,
            },
            ValueType.COUNT: {"validate": "integer", "criteria": ">=", "value": 0},
            ValueType.NUMBER: {"validate": "decimal", "criteria": ">=", "value": 0},
        }
        rule = rules[m.value_type]
    is_list = rule["validate"] == "list"
    return {
        **rule,
        "input_title": title[:32],
        "input_message": message[:255],
        "error_title": "Giá trị không hợp lệ",
        "error_message": (message + " Ô trống: chưa có số liệu.")[:255],
        # Lists stop a wrong entry; numbers only warn, because "5.103,888"
        # typed as text is valid for us but not for Excel's check.
        "error_type": "stop" if is_list else "warning",
    }


def template_workbook(data: TemplateData, *, generated_by: str = "") -> bytes:
    """The .xlsx bytes of the template."""
    buffer = io.BytesIO()
    wb = new_workbook(buffer)
    wb.set_properties(
        {
            "title": f"Biểu nhập số liệu NTM - {data.scope.name} - {data.period_label}",
            "author": generated_by or "Hệ thống NTM",
            "company": "Chương trình MTQG xây dựng nông thôn mới",
            "comments": f"{L.META_MARKER} {L.TEMPLATE_VERSION}",
        }
    )
    now = timezone.localtime()
    _data_sheet(wb, data)
    _guide_sheet(wb, data, generated_by, now)
    _meta_sheet(wb, data, generated_by, now)
    wb.close()
    return buffer.getvalue()


def _data_formats(wb: xlsxwriter.Workbook) -> dict[str, Format]:
    border = {"border": 1, "border_color": "#A6A6A6"}
    title = wb.add_format({"bold": True, "font_size": 13})
    label = wb.add_format({"italic": True, "align": "right"})
    date_input = wb.add_format(
        {"locked": False, "num_format": "dd/mm/yyyy", "bg_color": "#FFF2CC", **border}
    )
    head = wb.add_format(
        {
            "bold": True,
            "align": "center",
            "valign": "vcenter",
            "text_wrap": True,
            "bg_color": "#E2EFDA",
            **border,
        }
    )
    group = wb.add_format(
        {
            "bold": True,
            "align": "center",
            "valign": "vcenter",
            "text_wrap": True,
            "bg_color": "#C6E0B4",
            **border,
        }
    )
    name = wb.add_format(
        {"text_wrap": True, "valign": "top", "font_size": 9, "bg_color": "#E2EFDA", **border}
    )
    unit = wb.add_format(
        {
            "italic": True,
            "text_wrap": True,
            "font_size": 9,
            "align": "center",
            "bg_color": "#E2EFDA",
            **border,
        }
    )
    fixed = wb.add_format({**border, "valign": "top"})
    value_open = wb.add_format({"locked": False, "bg_color": "#FFFFFF", **border})
    value_locked = wb.add_format(
        {"locked": True, "bg_color": "#D9D9D9", "font_color": "#595959", **border}
    )
    return {
        "title": title,
        "label": label,
        "date_input": date_input,
        "head": head,
        "group": group,
        "name": name,
        "unit": unit,
        "fixed": fixed,
        "value_open": value_open,
        "value_locked": value_locked,
        "italic": wb.add_format({"italic": True}),
    }


def _r(excel_row: int) -> int:
    """1-based layout rows (as ``layout`` numbers them) to XlsxWriter's 0-based."""
    return excel_row - 1


def _data_sheet(wb: xlsxwriter.Workbook, data: TemplateData) -> None:
    ws = wb.add_worksheet(L.DATA_SHEET)
    ws.activate()
    f = _data_formats(wb)
    _data_heading(ws, data, f)
    _data_headers(ws, data, f)
    _data_rows(ws, data, f)


def _data_heading(ws: Worksheet, data: TemplateData, f: dict[str, Format]) -> None:
    """Title, the "Ngày lập biểu" input and the set's name."""
    last_col = len(L.FIXED_COLUMNS) + len(data.columns) - 1
    ws.merge_range(
        _r(L.TITLE_ROW),
        0,
        _r(L.TITLE_ROW),
        min(last_col, 12),
        f"BIỂU NHẬP SỐ LIỆU CHỈ TIÊU NÔNG THÔN MỚI · {data.scope.name} · {data.period_label}",
        f["title"],
    )
    ws.merge_range(
        _r(L.DATE_ROW), 0, _r(L.DATE_ROW), L.DATE_INPUT_COL - 2, L.DATE_LABEL, f["label"]
    )
    ws.write_blank(_r(L.DATE_ROW), L.DATE_INPUT_COL - 1, None, f["date_input"])
    ws.data_validation(
        _r(L.DATE_ROW),
        L.DATE_INPUT_COL - 1,
        _r(L.DATE_ROW),
        L.DATE_INPUT_COL - 1,
        {
            "validate": "date",
            "criteria": "between",
            "minimum": datetime(2000, 1, 1),
            "maximum": datetime(2100, 12, 31),
            "input_title": "Ngày lập biểu",
            "input_message": "Gõ ngày theo dạng dd/mm/yyyy, ví dụ 15/04/2023.",
            "error_type": "warning",
        },
    )
    ws.merge_range(
        _r(L.DATE_ROW),
        L.DATE_INPUT_COL,
        _r(L.DATE_ROW),
        min(last_col, 12),
        f"Bộ tiêu chí: {data.cset.name}",
        f["italic"],
    )


def _data_headers(ws: Worksheet, data: TemplateData, f: dict[str, Format]) -> None:
    """Fixed columns, criteria merged over their indicators, then each
    indicator's code (with its thresholds in a note), name and unit."""
    first = len(L.FIXED_COLUMNS)  # 0-based index of the first indicator column
    last_col = first + len(data.columns) - 1
    # Fixed headers span the group, code, name and unit rows (merged cells).
    ws.merge_range(_r(L.GROUP_ROW), 0, _r(L.GROUP_ROW), first - 1, "Đơn vị", f["group"])
    for j, text in enumerate(L.FIXED_COLUMNS):
        ws.merge_range(_r(L.CODE_ROW), j, _r(L.UNIT_ROW), j, text, f["head"])
    # Criterion headers merged over their indicators.
    groups: list[list[Any]] = []  # [criterion code, first column, last column, text]
    for j, column in enumerate(data.columns, start=first):
        crit = column.criterion
        key = crit.code if crit else None
        if groups and groups[-1][0] == key:
            groups[-1][2] = j
        else:
            text = f"Tiêu chí {crit.code}. {crit.name}" if crit else "Điều kiện công nhận"
            groups.append([key, j, j, text])
    for _, start, end, text in groups:
        if end > start:
            ws.merge_range(_r(L.GROUP_ROW), start, _r(L.GROUP_ROW), end, text, f["group"])
        else:
            ws.write_string(_r(L.GROUP_ROW), start, text, f["group"])
    for j, column in enumerate(data.columns, start=first):
        ws.write_string(_r(L.CODE_ROW), j, column.measure.shown_code, f["head"])
        ws.write_comment(
            _r(L.CODE_ROW), j, _note(column, data.period.year), {"x_scale": 3, "y_scale": 2.5}
        )
        ws.write_string(_r(L.NAME_ROW), j, column.measure.name, f["name"])
        threshold = _threshold_text(column)
        ws.write_string(
            _r(L.UNIT_ROW),
            j,
            unit_label(column.measure) + (f" · ngưỡng {threshold}" if threshold else ""),
            f["unit"],
        )
    ws.set_row(_r(L.GROUP_ROW), 45)
    ws.set_row(_r(L.NAME_ROW), 120)
    ws.set_row(_r(L.UNIT_ROW), 30)
    ws.set_column(0, 0, 9)
    ws.set_column(1, 1, 22)
    ws.set_column(2, 2, 18)
    ws.set_column(3, 3, 16)
    ws.set_column(first, last_col, 14)


def _data_rows(ws: Worksheet, data: TemplateData, f: dict[str, Format]) -> None:
    """A row per commune (pre-filled values, grey when locked), the input
    rules, the protection and the print setup."""
    first = len(L.FIXED_COLUMNS)
    last_col = first + len(data.columns) - 1
    row0 = _r(L.FIRST_DATA_ROW)
    for i, row in enumerate(data.rows):
        ws.write_string(row0 + i, 0, row.unit.code, f["fixed"])
        ws.write_string(row0 + i, 1, row.unit.name, f["fixed"])
        ws.write_string(row0 + i, 2, row.district, f["fixed"])
        ws.write_string(row0 + i, 3, row.status_label, f["fixed"])
        fmt = f["value_open"] if row.editable else f["value_locked"]
        for j, column in enumerate(data.columns, start=first):
            raw = row.values.get(column.measure.code, ("", 0))[0]
            if raw:
                ws.write_string(row0 + i, j, raw, fmt)
            else:
                ws.write_blank(row0 + i, j, None, fmt)
    last_row = row0 + max(len(data.rows), 1) - 1
    for j, column in enumerate(data.columns, start=first):
        ws.data_validation(row0, j, last_row, j, _validation(column))
    ws.ignore_errors({"number_stored_as_text": f"A{L.FIRST_DATA_ROW}:XFD{last_row + 1}"})
    ws.freeze_panes(row0, first)
    ws.autofilter(_r(L.UNIT_ROW), 0, last_row, last_col)
    ws.protect(
        "",
        {
            "format_columns": True,
            "format_rows": True,
            "autofilter": True,
            "select_locked_cells": True,
            "select_unlocked_cells": True,
        },
    )
    ws.set_landscape()
    ws.set_paper(8)  # A3
    ws.repeat_rows(_r(L.GROUP_ROW), _r(L.UNIT_ROW))
    ws.repeat_columns(0, 1)
    ws.fit_to_pages(1, 0)


_GUIDE = (
    ("h", "HƯỚNG DẪN NHẬP SỐ LIỆU BẰNG BIỂU MẪU EXCEL"),
    ("", ""),
    ("h", "Các bước"),
    ("", "1. Nhập số liệu vào trang «Số liệu»: mỗi dòng là một xã, mỗi cột là một chỉ tiêu."),
    ("", "2. Ghi ngày lập biểu ở ô C2 (dd/mm/yyyy, ví dụ 15/04/2023)."),
    (
        "",
        "3. Lưu tệp (giữ định dạng .xlsx), rồi vào mục Excel của hệ thống, chọn «Nhập tệp Excel».",
    ),
    (
        "",
        "4. Hệ thống kiểm tra từng ô và cho xem trước mọi thay đổi (giá trị cũ → mới, kết quả "
        "đánh giá mới) cùng mọi lỗi.",
    ),
    (
        "",
        "5. Nếu không có lỗi, bấm «Ghi vào hệ thống». Hoặc ghi tất cả, hoặc không ghi gì: "
        "không bao giờ ghi dở dang.",
    ),
    ("", ""),
    ("h", "Cách ghi giá trị"),
    ("", "• Chỉ tiêu Đạt/Không đạt: chọn trong danh sách (cũng nhận Có/Không, hoặc x là Đạt)."),
    ("", "• Tỷ lệ %: gõ 85 hoặc 85% hoặc 85,5 (từ 0 đến 100)."),
    (
        "",
        "• Số: viết kiểu Việt Nam 5.103,888 hoặc kiểu quốc tế 5103.888. Số 1.234 (một dấu "
        "chấm, ba chữ số) không rõ nghĩa nên bị từ chối với chỉ tiêu có phần thập phân: viết "
        "1234 hoặc 1,234.",
    ),
    ("", "• Ô trống là chưa có số liệu. Xoá một giá trị đang có là xoá số liệu đó khi ghi."),
    ("", "• Ô có công thức được nhận theo kết quả tính."),
    (
        "",
        "• Ngưỡng của từng chỉ tiêu theo vùng và năm: đưa chuột vào ô mã chỉ tiêu (dòng 4) để "
        "xem ghi chú, hoặc xem dòng 6.",
    ),
    ("", ""),
    ("h", "Lưu ý"),
    (
        "",
        "• Không sửa cột «Mã xã» và dòng mã chỉ tiêu; không thêm, xoá trang tính. Đổi tên "
        "trang hoặc chèn cột trống vẫn nhập được.",
    ),
    ("", "• Dòng màu xám là xã đã gửi báo cáo hoặc đã được phê duyệt: không sửa được."),
    (
        "",
        "• Nếu sau khi tải biểu mẫu có người khác đã sửa một giá trị trên hệ thống mà bạn "
        "cũng sửa ô đó, hệ thống báo xung đột và không ghi đè: tải biểu mẫu mới rồi nhập lại "
        "ô đó.",
    ),
    ("", "• Bạn chỉ nhập được số liệu của các xã trong phạm vi được phân quyền."),
    ("", "• Tệp tải lên không quá 10 MB."),
)


def _guide_sheet(wb: xlsxwriter.Workbook, data: TemplateData, by: str, now: datetime) -> None:
    ws = wb.add_worksheet(L.GUIDE_SHEET)
    heading = wb.add_format({"bold": True, "font_size": 12})
    text = wb.add_format({"text_wrap": True, "valign": "top"})
    ws.set_column(0, 0, 120)
    facts = (
        ("h", "Biểu mẫu này"),
        ("", f"Phạm vi: {data.scope.name} ({len(data.rows)} xã)"),
        ("", f"Kỳ báo cáo: {data.period_label}"),
        ("", f"Bộ tiêu chí: {data.cset.name}"),
        ("", f"Tải lúc {now:%H:%M ngày %d/%m/%Y}" + (f" bởi {by}" if by else "")),
        ("", ""),
    )
    for i, (kind, line) in enumerate((*facts, *_GUIDE)):
        ws.write_string(i, 0, line, heading if kind == "h" else text)
    ws.protect("", {"select_locked_cells": True, "select_unlocked_cells": True})


def _meta_sheet(wb: xlsxwriter.Workbook, data: TemplateData, by: str, now: datetime) -> None:
    ws = wb.add_worksheet(L.META_SHEET)
    values = {
        "phien_ban": L.TEMPLATE_VERSION,
        "bo_tieu_chi": data.cset.code,
        "ky": data.period.code,
        "pham_vi": data.scope.code,
        "trang_so_lieu": L.DATA_SHEET,
        "tao_luc": now.isoformat(timespec="seconds"),
        "tao_boi": by,
    }
    ws.write_string(0, 0, L.META_MARKER)
    for i, key in enumerate(L.META_KEYS, start=1):
        ws.write_string(i, 0, key)
        ws.write_string(i, 1, values[key])
    codes_row = len(L.META_KEYS) + 1
    ws.write_string(codes_row, 0, L.META_CODES_LABEL)
    for j, column in enumerate(data.columns, start=1):
        ws.write_string(codes_row, j, column.measure.code)
    for i, row in enumerate(data.rows, start=codes_row + 1):
        ws.write_string(i, 0, row.unit.code)
        for j, column in enumerate(data.columns, start=1):
            raw, version = row.values.get(column.measure.code, ("", 0))
            ws.write_string(i, j, f"{version}|{raw}")
    ws.protect("")
    ws.very_hidden()
