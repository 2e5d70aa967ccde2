"""Telling which commune a row is about: by code, or by name ignoring
diacritics and case (narrowed by the district column), with a suggestion
when a name is unknown or shared by several communes."""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from typing import Any

from ntm.core.text import fold
from ntm.exchange.selectors import CommuneIndex, commune_index, commune_key
from ntm.exchange.validation.header import Header
from ntm.exchange.validation.preview import Issue
from ntm.exchange.workbook_reader import Sheet, cell_text
from ntm.units.models import AdminUnit, UnitType


def _describe(unit: AdminUnit) -> str:
    parent = f"{unit.parent.name}, " if unit.parent else ""
    return f"{unit.name} ({parent}mã {unit.code})"


def match_commune(
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
                    Issue(sheet.name, r + 1, None, "dòng có số liệu nhưng không có mã xã, tên xã")
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
