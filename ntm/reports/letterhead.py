"""The texts of a document's letterhead and signature (NĐ 30/2020/NĐ-CP):
issuing body, number and symbol, place and date, who signs.

Templates read them as ``vb`` (văn bản); docs/huong-dan/bao-cao.md lists the
fields."""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from ntm.dates import format_date
from ntm.units.models import AdminUnit

NBSP = "\u00a0"

# Type words that open a unit's name, longest first ("Thành phố" before "Thị").
_UNIT_PREFIXES = (
    "Thành phố",
    "Thị trấn",
    "Thị xã",
    "Phường",
    "Huyện",
    "Tỉnh",
    "Quận",
    "Xã",
)


def place_name(unit: AdminUnit) -> str:
    """The place of the date line: the unit's name without its type word
    ("Tỉnh Lạng Sơn" → "Lạng Sơn", "Xã Tân Liên" → "Tân Liên")."""
    name = unit.name.strip()
    for prefix in _UNIT_PREFIXES:
        if name.startswith(prefix + " "):
            return name[len(prefix) + 1 :].strip()
    return name


BLANK_DATE = "... tháng ... năm ..."  # follows "ngày", filled in by hand


def date_line(place: str, day: dt.date | None) -> str:
    """ "Lạng Sơn, ngày 29 tháng 11 năm 2026". NĐ 30 writes days below 10
    and the months 1 and 2 with a leading zero ("ngày 05 tháng 02")."""
    if day is None:
        return f"{place}, ngày {BLANK_DATE}"
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


def date_text(day: dt.date) -> str:
    """ "ngày 08/12/2022" as documents cite other documents."""
    return f"ngày {day:%d/%m/%Y}"


def abbreviation(name: str) -> str:
    """Initials of an organisation for the document symbol: "Sở Xây dựng" →
    "SXD", "Văn phòng Điều phối" → "VPĐP" (Đ keeps its stroke)."""
    letters = []
    for word in name.replace("&", " ").split():
        first = unicodedata.normalize("NFD", word)[0]
        if first.isalpha():
            letters.append(first.upper())
    return "".join(letters)


def upper(text: str) -> str:
    return text.upper()


@dataclass(frozen=True)
class Issuer:
    """Who issues a document and who signs it."""

    parent_body: str  # cơ quan chủ quản ("" for a People's Committee)
    lines: tuple[str, ...]  # the issuing body, one entry per printed line
    symbol: str  # the issuer part of the symbol: "UBND", "VPĐP", "SXD"
    place: str
    authority: tuple[str, ...] = field(default_factory=tuple)  # TM./KT. lines

    @property
    def name(self) -> str:
        return " ".join(self.lines)


def people_committee(unit: AdminUnit) -> Issuer:
    """ỦY BAN NHÂN DÂN / TỈNH LẠNG SƠN (or a district, a commune)."""
    return Issuer(
        parent_body="",
        lines=("ỦY BAN NHÂN DÂN", upper(unit.name)),
        symbol="UBND",
        place=place_name(unit),
        authority=("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"),
    )


def coordination_office(province: AdminUnit) -> Issuer:
    return Issuer(
        parent_body=f"UBND {upper(province.name)}",
        lines=("VĂN PHÒNG ĐIỀU PHỐI", "NÔNG THÔN MỚI"),
        symbol="VPĐP",
        place=place_name(province),
        authority=("CHÁNH VĂN PHÒNG",),
    )


def department(province: AdminUnit, organisation: str) -> Issuer:
    return Issuer(
        parent_body=f"UBND {upper(province.name)}",
        lines=(upper(organisation),),
        symbol=abbreviation(organisation),
        place=place_name(province),
        authority=("GIÁM ĐỐC",),
    )


def letterhead_context(
    issuer: Issuer,
    *,
    kind_symbol: str,
    day: dt.date | None,
    number: str = "",
    signer: str = "",
) -> dict[str, Any]:
    """The ``vb`` variables of a template. Without a number the number is
    left blank for the registry (văn thư) to fill in when the document is
    issued, as NĐ 30 has it."""
    shown_number = number.strip() or NBSP * 8
    return {
        "chu_quan": issuer.parent_body,
        "co_quan": list(issuer.lines),
        "ten_co_quan": issuer.name,
        "ky_hieu": f"{kind_symbol}-{issuer.symbol}",
        "so_ky_hieu": f"{shown_number}/{kind_symbol}-{issuer.symbol}",
        "dia_danh": issuer.place,
        "ngay": format_date(day) if day else BLANK_DATE,
        "dia_danh_ngay": date_line(issuer.place, day),
        "tham_quyen": list(issuer.authority),
        "nguoi_ky": signer.strip(),
    }
