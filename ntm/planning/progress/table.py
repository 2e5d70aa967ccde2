"""The plan-vs-actual table for .xlsx."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _

from ntm.planning.progress.rows import Progress

Cell = str | int | float | None  # what an .xlsx cell holds


def progress_table(progress: Progress) -> tuple[list[tuple[str, str | None]], list[list[Cell]]]:
    """The plan-vs-actual table as plain rows (numbers as numbers) for .xlsx."""
    trend = progress.trend_periods
    columns: list[tuple[str, str | None]] = [
        (_("Loại"), None),
        (_("Chỉ tiêu"), None),
        (_("Kế hoạch"), None),
        (_("Giá trị kế hoạch"), "#,##0.###"),
        (_("Đơn vị tính"), None),
        (_("Mốc đầu năm"), "#,##0.###"),
        (_("Thực hiện %(period)s") % {"period": progress.period}, "#,##0.###"),
        (_("Còn thiếu"), "#,##0.###"),
        (_("Tình trạng"), None),
        (_("Số xã có số liệu"), None),
        *[(str(p), "#,##0.###") for p in trend],
        (_("Cách đo"), None),
    ]
    rows: list[list[Cell]] = []
    for row in progress.rows:
        t = row.target
        by_period = {p.period.code: p.value for p in row.trend}
        gap = row.judgement.gap
        rows.append(
            [
                t.get_kind_display(),
                t.label,
                row.goal,
                _float(t.value),
                t.unit,
                _float(row.baseline),
                _float(row.actual.value),
                _float(
                    gap
                    if gap is not None and gap > 0
                    else (Decimal(0) if gap is not None else None)
                ),
                row.status.label,
                row.coverage_text,
                *[_float(by_period.get(p.code)) for p in trend],
                row.how,
            ]
        )
    return columns, rows


def _float(x: Decimal | None) -> float | int | None:
    if x is None:
        return None
    return int(x) if x == x.to_integral_value() else float(x)
