"""Telling which commune a row is about: by code, or by name ignoring
diacritics and case (narrowed by the district column), with a suggestion
when a name is unknown or shared by several communes."""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from typing import Any

from django.utils.translation import gettext_noop

from ntm.core.text import fold
from ntm.exchange.selectors import CommuneIndex, commune_index, commune_key
from ntm.exchange.validation.header import Header
from ntm.exchange.validation.preview import Issue
from ntm.exchange.workbook_reader import Sheet, cell_text
from ntm.stored_text import Message
from ntm.units.models import AdminUnit, UnitType


def _describe(unit: AdminUnit) -> Message:
    if unit.parent:
        return Message(
            gettext_noop("%(name)s (%(district)s, mã %(code)s)"),
            {"name": unit.name, "district": unit.parent.name, "code": unit.code},
        )
    return Message(gettext_noop("%(name)s (mã %(code)s)"), {"name": unit.name, "code": unit.code})


def match_commune(
    index: CommuneIndex, code_value: Any, name_value: Any, district_value: Any
) -> tuple[AdminUnit | None, Message | None, int]:
    """(unit, error, which column the error is about: 0 code, 1 name)."""
    code = cell_text(code_value)
    name = cell_text(name_value)
    if code:
        return _match_code(index, code, name)
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
        if suggestions:
            return (
                None,
                Message(
                    gettext_noop("không tìm thấy xã «%(name)s»; có phải: %(suggestions)s?"),
                    {"name": name, "suggestions": suggestions},
                ),
                1,
            )
        return None, Message(gettext_noop("không tìm thấy xã «%(name)s»"), {"name": name}), 1
    return (
        None,
        Message(
            gettext_noop(
                "tên «%(name)s» trùng %(count)s xã: %(communes)s. Ghi mã xã vào cột «Mã xã» "
                "để phân biệt"
            ),
            {
                "name": name,
                "count": len(candidates),
                "communes": [_describe(u) for u in candidates],
            },
        ),
        1,
    )


def _match_code(
    index: CommuneIndex, code: str, name: str
) -> tuple[AdminUnit | None, Message | None, int]:
    key = str(int(code)) if code.isdigit() else code
    unit = index.by_code.get(key)
    if unit is None:
        by_name = index.by_name.get(commune_key(name), []) if name else []
        if len(by_name) == 1:
            return (
                None,
                Message(
                    gettext_noop("không có xã nào mã «%(code)s»; tên «%(name)s» ứng với %(match)s"),
                    {"code": code, "name": name, "match": _describe(by_name[0])},
                ),
                0,
            )
        return None, Message(gettext_noop("không có xã nào mã «%(code)s»"), {"code": code}), 0
    if name and commune_key(name) != commune_key(unit.name):
        return (
            None,
            Message(
                gettext_noop(
                    "mã %(code)s là %(commune)s nhưng tên ghi «%(name)s»; sửa lại mã hoặc tên"
                ),
                {"code": unit.code, "commune": unit.name, "name": name},
            ),
            1,
        )
    return unit, None, 0


def commune_rows(sheet: Sheet, header: Header, errors: list[Issue]) -> list[tuple[int, AdminUnit]]:
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
                    Issue(
                        sheet.name,
                        r + 1,
                        None,
                        Message(gettext_noop("dòng có số liệu nhưng không có mã xã, tên xã")),
                    )
                )
            continue
        started = True
        district_value = (
            line[header.district_col]
            if header.district_col is not None and header.district_col < len(line)
            else ""
        )
        unit, error, which = match_commune(index, code_value, name_value, district_value)
        if unit is None:
            col = key_cols[min(which, len(key_cols) - 1)] if key_cols else 0
            errors.append(Issue(sheet.name, r + 1, col + 1, error or Message("")))
            continue
        if not (unit.type == UnitType.COMMUNE and unit.in_programme):
            errors.append(
                Issue(
                    sheet.name,
                    r + 1,
                    (header.code_col if header.code_col is not None else header.name_col or 0) + 1,
                    Message(
                        gettext_noop("%(commune)s không thuộc Chương trình xây dựng NTM cấp xã"),
                        {"commune": unit.name},
                    ),
                )
            )
            continue
        if unit.pk in seen_units:
            errors.append(
                Issue(
                    sheet.name,
                    r + 1,
                    None,
                    Message(
                        gettext_noop("%(commune)s đã có ở dòng %(row)s; mỗi xã chỉ một dòng"),
                        {"commune": unit.name, "row": seen_units[unit.pk]},
                    ),
                )
            )
            continue
        seen_units[unit.pk] = r + 1
        rows.append((r, unit))

    return rows


def common_scope(units: Sequence[AdminUnit]) -> str:
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
