"""``import_preview``: the steps of checking a workbook, in order: what the
file is for, its header, its commune rows, every row's values, then the
new verdicts. Nothing here writes."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_noop

from ntm.accounts.models import User
from ntm.core.criteria_model import CriteriaSet as CoreSet
from ntm.core.periods import PeriodSpec
from ntm.criteria.selectors import criteria_catalog
from ntm.exchange import layout as L
from ntm.exchange.selectors import CurrentReport, current_values, period_label, period_spec
from ntm.exchange.validation.communes import common_scope, commune_rows
from ntm.exchange.validation.context import file_context
from ntm.exchange.validation.header import Header, find_header, prepared_on
from ntm.exchange.validation.judging import judge_changes
from ntm.exchange.validation.preview import Issue, Preview, UnitLine
from ntm.exchange.validation.rows import RowChecker, row_refusal
from ntm.exchange.workbook_reader import TemplateMeta, Workbook
from ntm.stored_text import Message
from ntm.units.models import AdminUnit


def import_preview(*, user: User, book: Workbook, period_code: str | None = None) -> Preview:
    """What importing ``book`` as ``user`` would change, and every problem.
    Raises ``ImportRefused`` when the file cannot be understood at all."""
    period, cset, meta = file_context(book, period_code, criteria_catalog())
    spec = period_spec(period)
    header = find_header(book, cset, meta.data_sheet if meta else L.DATA_SHEET)
    preview = _empty_preview(meta, cset, spec, header)
    _sheet_warnings(preview, meta, cset, header)
    rows = commune_rows(header.sheet, header, preview.errors)
    current = current_values([u for _row, u in rows], spec.code, cset.code)
    new_values = _check_rows(preview, user, meta, header, rows, current)
    _unknown_column_warnings(preview, header, rows)
    if not rows and not preview.errors:
        preview.errors.append(
            Issue(
                header.sheet.name,
                None,
                None,
                Message(gettext_noop("không có dòng số liệu nào của xã")),
            )
        )
    if not preview.scope_code:
        preview.scope_code = common_scope([u for _row, u in rows])
    judge_changes(preview, cset, spec.year, {u.pk: u for _row, u in rows}, current, new_values)
    return preview


def _empty_preview(
    meta: TemplateMeta | None, cset: CoreSet, spec: PeriodSpec, header: Header
) -> Preview:
    preview = Preview(
        kind="template" if meta else "table",
        template_version=meta.version if meta else "",
        set_code=cset.code,
        set_name=cset.name,
        period_code=spec.code,
        period_label=period_label(spec),
        scope_code=meta.scope_code if meta else "",
        data_sheet=header.sheet.name,
        header_row=header.row + 1,
        prepared_on=None,
        errors=list(header.issues),
    )
    preview.prepared_on = prepared_on(header, preview.errors)
    return preview


def _sheet_warnings(
    preview: Preview, meta: TemplateMeta | None, cset: CoreSet, header: Header
) -> None:
    """A renamed data sheet, and indicator columns missing from a template."""
    sheet = header.sheet
    if meta and sheet.name != meta.data_sheet:
        preview.warnings.append(
            Issue(
                sheet.name,
                None,
                None,
                Message(
                    gettext_noop("trang số liệu đã đổi tên (tên gốc '%(original)s')"),
                    {"original": meta.data_sheet},
                ),
            )
        )
    present = {x.code for x in header.measures.values()}
    missing = [m.code for m in cset.iter_measures() if m.code not in present]
    if missing and meta:
        preview.warnings.append(
            Issue(
                sheet.name,
                header.row + 1,
                None,
                Message(
                    gettext_noop("thiếu cột chỉ tiêu: %(indicators)s"),
                    {"indicators": ", ".join(missing)},
                ),
            )
        )


def _check_rows(
    preview: Preview,
    user: User,
    meta: TemplateMeta | None,
    header: Header,
    rows: list[tuple[int, AdminUnit]],
    current: dict[int, CurrentReport],
) -> dict[tuple[int, str], Any]:
    """Every commune row's changes, errors and conflicts into the preview
    (a row the person may not change is one error); returns the new values
    by (commune, indicator code) for judging."""
    sheet = header.sheet
    prefilled = meta.prefilled if meta else {}
    checker = RowChecker(
        sheet, [(c, header.measures[c]) for c in sorted(header.measures)], prefilled
    )
    new_values: dict[tuple[int, str], Any] = {}
    for r, unit in rows:
        report = current.get(unit.pk)
        if meta and unit.code not in prefilled:
            preview.warnings.append(
                Issue(
                    sheet.name,
                    r + 1,
                    None,
                    Message(
                        gettext_noop(
                            "%(commune)s không có trong biểu mẫu đã tải; số liệu được so với giá "
                            "trị hiện có trên hệ thống"
                        ),
                        {"commune": unit.name},
                    ),
                )
            )
        result = checker.check(r, unit, report)
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
        if result.changes or result.conflicts:
            refusal = row_refusal(user, unit, status, preview.period_label)
            if refusal:
                preview.errors.append(Issue(sheet.name, r + 1, None, refusal))
                continue
        preview.errors += result.errors
        preview.conflicts += result.conflicts
        preview.changes += result.changes
        unit_line.n_changes = len(result.changes)
        new_values.update(result.new_values)
    return new_values


def _unknown_column_warnings(
    preview: Preview, header: Header, rows: list[tuple[int, AdminUnit]]
) -> None:
    """Columns whose header is no indicator code of the set, when they hold data."""
    lines = [header.sheet.rows[r] for r, _unit in rows]
    for c in sorted(header.unknown):
        if any(c < len(line) and line[c] not in (None, "") for line in lines):
            preview.warnings.append(
                Issue(
                    header.sheet.name,
                    header.row + 1,
                    c + 1,
                    Message(
                        gettext_noop(
                            "cột «%(header)s» không phải mã chỉ tiêu của bộ tiêu chí; "
                            "bỏ qua cột này"
                        ),
                        {"header": header.unknown[c]},
                    ),
                )
            )
