"""What an import would do, as stored with the upload and shown later: the
changes (old → new, verdicts), the communes of the file, and every error,
conflict and warning with its sheet, row and column."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from ntm.core.evaluation import Verdict
from ntm.exchange import layout as L
from ntm.stored_text import Message


@dataclass
class Issue:
    """A problem of the file. ``note`` is stored as a msgid and parameters and
    translated when shown, so a preview reads in the language of its reader."""

    sheet: str  # "" for the whole file
    row: int | None  # 1-based, as Excel shows it
    col: int | None  # 1-based
    note: Message

    @property
    def message(self) -> str:
        return self.note.translated()

    @property
    def where(self) -> str:
        if not self.sheet:
            return _("Tệp")
        if self.row and self.col:
            return _("Trang '%(sheet)s', ô %(cell)s") % {
                "sheet": self.sheet,
                "cell": L.cell_ref(self.row, self.col),
            }
        if self.row:
            return _("Trang '%(sheet)s', dòng %(row)s") % {"sheet": self.sheet, "row": self.row}
        if self.col:
            return _("Trang '%(sheet)s', cột %(column)s") % {
                "sheet": self.sheet,
                "column": L.column_letter(self.col),
            }
        return _("Trang '%(sheet)s'") % {"sheet": self.sheet}

    @property
    def cell(self) -> str:
        if self.row and self.col:
            return L.cell_ref(self.row, self.col)
        if self.row:
            return _("dòng %(row)s") % {"row": self.row}
        return L.column_letter(self.col) if self.col else ""

    @property
    def text(self) -> str:
        return _("%(where)s: %(message)s") % {"where": self.where, "message": self.message}

    def to_json(self) -> dict[str, Any]:
        # "message" is the Vietnamese text, for people and code reading the
        # stored preview; "msgid" and "params" translate it when shown.
        return {
            "sheet": self.sheet,
            "row": self.row,
            "col": self.col,
            "message": self.note.source(),
            **self.note.to_json(),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Issue:
        # Previews stored before messages were translatable hold the text alone.
        note = Message.from_json(data) if "msgid" in data else Message(data["message"])
        return cls(data["sheet"], data["row"], data["col"], note)


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
            "errors": [i.to_json() for i in self.errors],
            "conflicts": [i.to_json() for i in self.conflicts],
            "warnings": [i.to_json() for i in self.warnings],
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
            errors=[Issue.from_json(i) for i in data["errors"]],
            conflicts=[Issue.from_json(i) for i in data["conflicts"]],
            warnings=[Issue.from_json(i) for i in data["warnings"]],
        )


def verdict_label(code: int | None) -> str:
    return Verdict(code).label if code is not None else ""
