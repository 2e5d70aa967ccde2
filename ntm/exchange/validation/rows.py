"""Checking the values of one commune's row: every cell parsed, compared with
the value in the system and with the value the template was downloaded
with, giving changes, errors and conflicts; and whether the person may
change that commune's report at all."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils import translation
from django.utils.translation import gettext_noop

from ntm.accounts.access import Action, access_allows
from ntm.accounts.models import User
from ntm.core.criteria_model import Measure
from ntm.core.errors import ValueParseError
from ntm.core.messages import Message as CoreMessage
from ntm.core.values import parse_value, value_implausible
from ntm.exchange.selectors import CurrentReport, value_author
from ntm.exchange.validation.cells import CellError, cell_raw
from ntm.exchange.validation.preview import Change, Issue
from ntm.exchange.workbook_reader import Sheet
from ntm.monitoring.models import EDITABLE_STATUSES, ReportStatus
from ntm.stored_text import Message
from ntm.units.models import AdminUnit

_NO_VALUE = ("", None, 0, 0)


@dataclass
class RowResult:
    """What one row would change, and its problems."""

    changes: list[Change] = field(default_factory=list)
    errors: list[Issue] = field(default_factory=list)
    conflicts: list[Issue] = field(default_factory=list)
    new_values: dict[tuple[int, str], Any] = field(default_factory=dict)


class RowChecker:
    """Checks rows of one sheet against the current values. Parsing is pure:
    the same cell value for the same indicator is turned into text and
    parsed once for the whole sheet."""

    def __init__(
        self,
        sheet: Sheet,
        measures: list[tuple[int, Measure]],
        prefilled: dict[str, dict[str, tuple[int, str]]],
    ) -> None:
        self.sheet = sheet
        self.measures = measures
        self.prefilled = prefilled
        self.percent_cells = sheet.percent_cells
        self.unsaved = sheet.unsaved_formulas
        self._parsed: dict[tuple[Any, ...], tuple[str, Any, Message | str | None]] = {}

    def _parse(
        self, r: int, c: int, measure: Measure, value: Any
    ) -> tuple[str, Any, Message | str | None]:
        """(text typed, parsed value, problem) of a cell."""
        percent = bool(self.percent_cells) and (r, c) in self.percent_cells
        key = (measure.code, type(value), value, percent)
        hit = self._parsed.get(key)
        if hit is None:
            try:
                raw = cell_raw(value, measure, percent)
                hit = (raw, parse_value(raw, measure), None)
            except CellError as exc:
                hit = ("", None, exc.note)
            except ValueParseError as exc:  # the parser's (Vietnamese) message
                hit = ("", None, str(exc))
            self._parsed[key] = hit
        return hit

    def check(self, r: int, unit: AdminUnit, report: CurrentReport | None) -> RowResult:
        sheet, line = self.sheet, self.sheet.rows[r]
        values = report.values if report else {}
        verdicts = report.verdicts if report else {}
        unit_prefilled = self.prefilled.get(unit.code)
        result = RowResult()
        width = len(line)
        for c, measure in self.measures:
            code = measure.code
            if self.unsaved and (r, c) in self.unsaved:
                result.errors.append(
                    Issue(
                        sheet.name,
                        r + 1,
                        c + 1,
                        Message(
                            gettext_noop(
                                "(%(commune)s, chỉ tiêu %(indicator)s) ô có công thức nhưng tệp "
                                "không lưu kết quả tính; mở tệp bằng Excel hoặc LibreOffice, lưu "
                                "lại rồi tải lên"
                            ),
                            {"commune": unit.name, "indicator": code},
                        ),
                    )
                )
                continue
            raw, parsed, problem = self._parse(r, c, measure, line[c] if c < width else "")
            if problem is not None:
                result.errors.append(
                    Issue(
                        sheet.name,
                        r + 1,
                        c + 1,
                        Message(
                            gettext_noop("(%(commune)s, chỉ tiêu %(indicator)s) %(problem)s"),
                            {"commune": unit.name, "indicator": code, "problem": problem},
                        ),
                    )
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
                result.conflicts.append(
                    Issue(sheet.name, r + 1, c + 1, _conflict(unit, code, value_id, old_raw, raw))
                )
                continue
            unusual = value_implausible(parsed, measure)
            if unusual is not None:
                result.errors.append(
                    Issue(sheet.name, r + 1, c + 1, _implausible(unit, code, unusual))
                )
                continue
            result.new_values[(unit.pk, code)] = parsed
            result.changes.append(
                Change(unit.pk, code, r + 1, c + 1, old_raw, raw, version, verdicts.get(code))
            )
        return result


def _implausible(unit: AdminUnit, code: str, unusual: CoreMessage) -> Message:
    """A file cannot confirm an unusual value: the entry form can."""
    return Message(
        gettext_noop(
            "(%(commune)s, chỉ tiêu %(indicator)s) %(problem)s. Giá trị bất thường không nhập "
            "được qua tệp: nếu giá trị đúng, hãy nhập ô này trên trang nhập liệu của xã và bấm "
            "«Xác nhận giá trị bất thường», rồi tải biểu mẫu mới"
        ),
        {
            "commune": unit.name,
            "indicator": code,
            "problem": Message(unusual.template, dict(unusual.params)),
        },
    )


def _conflict(unit: AdminUnit, code: str, value_id: int, old_raw: str, raw: str) -> Message:
    return Message(
        gettext_noop(
            "(%(commune)s, chỉ tiêu %(indicator)s) sau khi tải biểu mẫu, giá trị trên hệ thống "
            "đã được %(author)s sửa thành %(old)s; giá trị «%(new)s» trong tệp không được ghi. "
            "Tải biểu mẫu mới rồi nhập lại ô này."
        ),
        {
            "commune": unit.name,
            "indicator": code,
            "author": value_author(value_id),
            "old": f"«{old_raw}»" if old_raw else Message(gettext_noop("(trống)")),
            "new": raw,
        },
    )


def row_refusal(user: User, unit: AdminUnit, status: str, period: str) -> Message | None:
    """Why the changes of a commune's row cannot be written, if they cannot."""
    if not access_allows(user, Action.IMPORT_DATA, unit):
        return Message(
            gettext_noop(
                "%(commune)s%(district)s ngoài phạm vi được phân quyền của bạn; không nhập được "
                "số liệu của xã này"
            ),
            {"commune": unit.name, "district": f" ({unit.parent.name})" if unit.parent else ""},
        )
    if status and status not in EDITABLE_STATUSES:
        return Message(
            gettext_noop(
                "báo cáo %(period)s của %(commune)s đang ở trạng thái «%(status)s», không sửa "
                "được; các thay đổi ở dòng này không được ghi"
            ),
            {"period": period, "commune": unit.name, "status": _status_label(status)},
        )
    return None


def _status_label(status: str) -> Message:
    """A report status's label as its msgid, translated when the message is shown."""
    with translation.override(None):  # no catalogue: the Vietnamese msgid itself
        return Message(str(ReportStatus(status).label))
