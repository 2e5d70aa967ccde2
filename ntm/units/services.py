"""Every write to administrative units goes through here."""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from ntm.core.text import fold
from ntm.core.untrusted.refusal import FileRefused
from ntm.core.untrusted.text_files import CSV_MAX_BYTES, file_size_check
from ntm.errors import NtmError, translate_core_error
from ntm.units.csv_format import CHANGE_COLUMNS, CSV_COLUMNS
from ntm.units.models import AdminUnit, Region, UnitChange, UnitFlagChange, UnitType

FLAG_FIELDS = ("in_programme", "border", "extremely_difficult", "poor_district")
# The province administrator may edit these in the app (in_programme follows
# the unit type and the law, so it is not a free flag).
EDITABLE_FLAGS = ("border", "extremely_difficult", "poor_district")


@dataclass(frozen=True)
class RowError:
    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return _("%(file)s, dòng %(line)s: %(message)s") % {
            "file": self.file,
            "line": self.line,
            "message": self.message,
        }


class UnitImportError(NtmError):
    """The file was refused; nothing was changed."""

    code = "unit_import"

    def __init__(self, errors: list[RowError]):
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))


@dataclass
class UnitImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    codes: list[str] = field(default_factory=list)


def _parse_bool(raw: str) -> bool:
    if raw in {"1", "0"}:
        return raw == "1"
    raise ValueError(_("giá trị cờ phải là 0 hoặc 1, không phải %(raw)r") % {"raw": raw})


def _parse_decimal(raw: str, low: int, high: int) -> Decimal | None:
    if raw == "":
        return None
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise ValueError(_("toạ độ %(raw)r không phải là số") % {"raw": raw}) from None
    if not low <= value <= high:
        raise ValueError(
            _("toạ độ %(raw)s nằm ngoài khoảng [%(low)s, %(high)s]")
            % {"raw": raw, "low": low, "high": high}
        )
    return value.quantize(Decimal("0.000001"))


def _parse_date(raw: str) -> dt.date | None:
    if raw == "":
        return None
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise ValueError(_("ngày %(raw)r không đúng dạng YYYY-MM-DD") % {"raw": raw}) from None


def _parse_row(row: dict[str, str]) -> dict[str, Any]:
    code = row["code"]
    if not code:
        raise ValueError(_("thiếu mã đơn vị"))
    if not row["name"]:
        raise ValueError(_("đơn vị %(code)s thiếu tên") % {"code": code})
    if row["type"] not in UnitType.values:
        allowed = ", ".join(UnitType.values)
        raise ValueError(
            _("loại đơn vị %(type)r không hợp lệ (chỉ nhận: %(allowed)s)")
            % {"type": row["type"], "allowed": allowed}
        )
    if row["region"] and row["region"] not in Region.values:
        raise ValueError(
            _("vùng %(region)r không hợp lệ (chỉ nhận: %(allowed)s)")
            % {"region": row["region"], "allowed": ", ".join(Region.values)}
        )
    parsed: dict[str, Any] = {
        "code": code,
        "name": row["name"],
        "type": row["type"],
        "parent_code": row["parent_code"] or None,
        "region": row["region"],
        "latitude": _parse_decimal(row["latitude"], -90, 90),
        "longitude": _parse_decimal(row["longitude"], -180, 180),
        "valid_from": _parse_date(row["valid_from"]),
        "valid_to": _parse_date(row["valid_to"]),
    }
    for flag in FLAG_FIELDS:
        parsed[flag] = _parse_bool(row[flag])
    return parsed


def _size_check(path: Path) -> None:
    """A unit list over the size cap is refused before it is read."""
    try:
        file_size_check(path, CSV_MAX_BYTES)
    except FileRefused as exc:
        raise UnitImportError([RowError(str(path), 0, translate_core_error(exc))]) from exc


def _read_rows(path: Path) -> tuple[list[tuple[int, dict[str, Any]]], list[RowError]]:
    name = str(path)
    errors: list[RowError] = []
    _size_check(path)
    try:
        handle = path.open(encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise UnitImportError(
            [RowError(name, 0, _("không mở được tệp: %(error)s") % {"error": exc.strerror})]
        ) from exc
    with handle:
        try:
            reader = csv.DictReader(handle, strict=True)
            header = reader.fieldnames or []
            missing = [c for c in CSV_COLUMNS if c not in header]
            if missing:
                raise UnitImportError(
                    [
                        RowError(
                            name, 1, _("thiếu cột: %(missing)s") % {"missing": ", ".join(missing)}
                        )
                    ]
                )
            rows: list[tuple[int, dict[str, Any]]] = []
            for raw in reader:
                line = reader.line_num
                if None in raw or any(v is None for v in raw.values()):
                    errors.append(RowError(name, line, _("số cột không khớp với dòng tiêu đề")))
                    continue
                try:
                    rows.append((line, _parse_row({k: v.strip() for k, v in raw.items()})))
                except ValueError as exc:
                    errors.append(RowError(name, line, str(exc)))
        except (csv.Error, UnicodeDecodeError) as exc:
            raise UnitImportError(
                [
                    RowError(
                        name,
                        getattr(reader, "line_num", 0),
                        _("tệp CSV hỏng: %(error)s") % {"error": exc},
                    )
                ]
            ) from exc
    return rows, errors


def _check_structure(
    name: str, rows: list[tuple[int, dict[str, Any]]], errors: list[RowError]
) -> dict[str, str]:
    """Check codes and parents; return code → path for every row."""
    by_code: dict[str, tuple[int, dict[str, Any]]] = {}
    for line, row in rows:
        if row["code"] in by_code:
            first = by_code[row["code"]][0]
            errors.append(
                RowError(
                    name,
                    line,
                    _("mã %(code)s trùng với dòng %(first)s")
                    % {"code": row["code"], "first": first},
                )
            )
        else:
            by_code[row["code"]] = (line, row)
    existing = dict(AdminUnit.objects.values_list("code", "path"))
    paths: dict[str, str] = {}

    def path_of(code: str, seen: tuple[str, ...]) -> str | None:
        if code in paths:
            return paths[code]
        if code not in by_code:
            return existing.get(code)
        line, row = by_code[code]
        parent = row["parent_code"]
        if parent is None:
            paths[code] = code
            return code
        if parent in seen:
            errors.append(
                RowError(
                    name, line, _("vòng lặp trực thuộc qua mã %(parent)s") % {"parent": parent}
                )
            )
            return None
        parent_path = path_of(parent, (*seen, code))
        if parent_path is None:
            if parent not in by_code and parent not in existing:
                errors.append(
                    RowError(
                        name,
                        line,
                        _("mã đơn vị cấp trên %(parent)s không tồn tại") % {"parent": parent},
                    )
                )
            return None
        paths[code] = f"{parent_path}/{code}"
        return paths[code]

    for code in by_code:
        path_of(code, ())
    return paths


@transaction.atomic
def units_import(*, path: Path, overwrite_flags: bool = False) -> UnitImportResult:
    """Load units from a CSV file, all or nothing.

    Re-importing is idempotent. Flags a province administrator may edit in the
    app are set when a unit is created and kept afterwards, unless
    ``overwrite_flags`` asks for the file's values."""
    rows, errors = _read_rows(path)
    paths = _check_structure(str(path), rows, errors)
    if errors:
        raise UnitImportError(sorted(errors, key=lambda e: e.line))

    result = UnitImportResult()
    current = {u.code: u for u in AdminUnit.objects.all()}
    for _line, row in sorted(rows, key=lambda item: paths[item[1]["code"]].count("/")):
        code = row.pop("code")
        parent_code = row.pop("parent_code")
        row["parent"] = current[parent_code] if parent_code else None
        row["path"] = paths[code]
        row["name_folded"] = fold(row["name"])
        unit = current.get(code)
        if unit is None:
            unit = AdminUnit.objects.create(code=code, **row)
            current[code] = unit
            result.created += 1
        else:
            if not overwrite_flags:
                for flag in EDITABLE_FLAGS:
                    row.pop(flag)
            if row["valid_to"] is None:
                row.pop("valid_to")  # an end recorded by a unit change stays
            changed = [k for k, v in row.items() if getattr(unit, k) != v]
            if changed:
                for key in changed:
                    setattr(unit, key, row[key])
                unit.save(update_fields=changed)
                result.updated += 1
            else:
                result.unchanged += 1
        result.codes.append(code)
    return result


class FlagEditError(NtmError):
    code = "unit_flags"


@transaction.atomic
def unit_flags_update(*, unit: AdminUnit, user: Any, flags: dict[str, bool], reason: str) -> int:
    """Change editable flags of a unit, recording who, when, old, new and why.
    Returns how many flags changed."""
    if not reason.strip():
        raise FlagEditError(_("Cần ghi lý do (ví dụ số văn bản) khi sửa thuộc tính đơn vị."))
    unknown = set(flags) - set(EDITABLE_FLAGS)
    if unknown:
        raise FlagEditError(
            _("Không sửa được thuộc tính: %(fields)s.") % {"fields": ", ".join(sorted(unknown))}
        )
    unit = AdminUnit.objects.select_for_update().get(pk=unit.pk)
    changes = [
        UnitFlagChange(
            unit=unit,
            field=name,
            old_value=str(int(getattr(unit, name))),
            new_value=str(int(value)),
            reason=reason.strip(),
            changed_by=user,
        )
        for name, value in flags.items()
        if getattr(unit, name) != value
    ]
    for change in changes:
        setattr(unit, change.field, change.new_value == "1")
    if changes:
        unit.save(update_fields=[c.field for c in changes])
        UnitFlagChange.objects.bulk_create(changes)
    return len(changes)


@transaction.atomic
def unit_changes_import(*, path: Path) -> int:
    """Load merges, splits and renames (with the act that ordered them), all
    or nothing; idempotent. A unit merged away, or split up, ends the day
    before the change; its data stays attached to it."""
    name = str(path)
    _size_check(path)
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = [c for c in CHANGE_COLUMNS if c not in (reader.fieldnames or [])]
            if missing:
                raise UnitImportError(
                    [
                        RowError(
                            name, 1, _("thiếu cột: %(missing)s") % {"missing": ", ".join(missing)}
                        )
                    ]
                )
            rows = [(reader.line_num, {k: (v or "").strip() for k, v in r.items()}) for r in reader]
    except OSError as exc:
        raise UnitImportError(
            [RowError(name, 0, _("không mở được tệp: %(error)s") % {"error": exc.strerror})]
        ) from exc
    units = {u.code: u for u in AdminUnit.objects.all()}
    errors: list[RowError] = []
    parsed = []
    for line, row in rows:
        try:
            date = _parse_date(row["date"])
            if date is None:
                raise ValueError(_("thiếu ngày hiệu lực"))
            if row["kind"] not in UnitChange.Kind.values:
                raise ValueError(_("loại thay đổi %(kind)r không hợp lệ") % {"kind": row["kind"]})
            codes = [c for c in row["from_codes"].split(";") if c] + [row["to_code"]]
            unknown = [c for c in codes if c not in units]
            if unknown:
                raise ValueError(
                    _("mã đơn vị không tồn tại: %(unknown)s") % {"unknown": ", ".join(unknown)}
                )
            if not row["legal_act"]:
                raise ValueError(_("thiếu văn bản làm căn cứ"))
        except ValueError as exc:
            errors.append(RowError(name, line, str(exc)))
            continue
        parsed.append((date, row, codes[:-1], codes[-1]))
    if errors:
        raise UnitImportError(errors)
    created = 0
    for date, row, sources, target in parsed:
        change = (
            UnitChange.objects.filter(kind=row["kind"], effective_date=date, targets=units[target])
            .filter(sources__code__in=sources)
            .distinct()
            .first()
        )
        if change is None:
            change = UnitChange.objects.create(
                kind=row["kind"],
                effective_date=date,
                legal_act=row["legal_act"],
                note=row["note"],
            )
            change.sources.set([units[c] for c in sources])
            change.targets.set([units[target]])
            created += 1
        if row["kind"] in (UnitChange.Kind.MERGE, UnitChange.Kind.SPLIT):
            ended = date - dt.timedelta(days=1)
            AdminUnit.objects.filter(code__in=sources).exclude(valid_to=ended).update(
                valid_to=ended
            )
    return created
