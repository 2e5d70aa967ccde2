#!/usr/bin/env python3
"""Extract Lạng Sơn's 2023 administrative units into committed CSV files.

Run once, by hand, in a THROWAWAY virtualenv outside the project. The project
itself never depends on vietnam-provinces (GPL-3.0-or-later); it only reads the
CSV files this script writes (facts: codes and names of public administrative
units), see ``ntm/data/units/lang-son-2023.provenance.yaml``.

    python3 -m venv /tmp/unitsvenv
    /tmp/unitsvenv/bin/pip install vietnam-provinces==0.5.0 vietnamadminunits==1.0.4
    cd /work/main            # the repository root
    /tmp/unitsvenv/bin/python scripts/extract_units.py          # (re)write the files
    /tmp/unitsvenv/bin/python scripts/extract_units.py --check  # compare, write nothing

Outputs (in ``ntm/data/units/``):

* ``lang-son-2023.csv``: 1 tỉnh, 11 district-level units, 200 commune-level
  units, sorted by numeric code. Columns: code, name, type, parent_code,
  in_programme, border, extremely_difficult, poor_district, region, latitude,
  longitude, valid_from, valid_to (UTF-8 without BOM, comma, ``\\n`` line ends).
* ``lang-son-changes.csv``: the unit changes of 2024 (NQ of the UBTVQH on the
  arrangement of commune-level units of Lạng Sơn, 2023-2025, in force
  2024-12-01), as reported by the press; see the provenance file.
* ``lang-son-2023.provenance.yaml``: sources, versions, decisions, counts and
  sha256 sums of both CSV files.

Sources and decisions (details in the provenance file):

* Units, codes, names, types, parents: vietnam-provinces 0.5.0, data version
  2023-05-07 (``nested-divisions.json``). Codes are kept exactly as the package
  gives them (integers written without zero padding: province ``20``, district
  ``178``, ward ``5971``; GSO prints them as 20 / 178 / 05971).
  One name is written out in full: the package (like GSO's list) abbreviates
  code 6616 as "Thị trấn NT Thái Bình"; we write "Thị trấn Nông trường Thái
  Bình" (the spelling vietnamadminunits uses).
* Coordinates: vietnamadminunits 1.0.4, table ``admin_units_legacy``. A commune
  gets wardLat/wardLon only when the code AND the full name match (code 6040
  is "Xã Đại Đồng" in 2023 but "Thị trấn Thất Khê" there, so it gets none).
  Districts and the province use the package's own districtLat/districtLon and
  provinceLat/provinceLon (geocoded representative points, not area centroids),
  again only when code and name match.
* Flags: border = 1 for the province and the five districts on the China
  border; border communes, extremely difficult communes: no reliable list found,
  so 0 everywhere (the province administrator edits these in the app).
  poor_district = 1 for Huyện Bình Gia and Huyện Văn Quan (QĐ 353/QĐ-TTg,
  15/3/2022), on the district rows only (communes: derive from the parent).
* valid_from = 2023-01-01 for every unit (start of the plan year; see
  VALID_FROM below), valid_to empty.

The script is deterministic: same inputs give byte-identical files. It prints
the counts at the end and exits non-zero if any structural check fails.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import sys
import unicodedata
from collections import Counter
from importlib import metadata
from pathlib import Path
from typing import Any

from ntm.units.csv_format import CHANGE_COLUMNS, CSV_COLUMNS

EXPECTED_VP_VERSION = "0.5.0"
EXPECTED_VP_DATA_VERSION = "2023-05-07"
EXPECTED_VAU_VERSION = "1.0.4"

PROVINCE_CODE = 20
REGION = "TDMNPB"
# The list is vietnam-provinces' snapshot of 2023-05-07. Every unit carries the
# start of the plan year instead of the snapshot date: the per-district counts
# equal those after NQ 818/NQ-UBTVQH14 (21/11/2019) and the 2023 plan (issued
# at the start of 2023) speaks of the same 181 xã, so the set was in force on
# 2023-01-01. Legal start dates of individual units are not recorded here.
VALID_FROM = "2023-01-01"

ROOT = Path(__file__).resolve().parents[1]
OUT_DIR = ROOT / "ntm" / "data" / "units"
UNITS_CSV = "lang-son-2023.csv"
CHANGES_CSV = "lang-son-changes.csv"
PROVENANCE = "lang-son-2023.provenance.yaml"


TYPE_MAP = {
    "tỉnh": "tinh",
    "huyện": "huyen",
    "thành phố": "thanh_pho",
    "xã": "xa",
    "phường": "phuong",
    "thị trấn": "thi_tran",
}

# code -> full name, where the package abbreviates.
NAME_OVERRIDES = {6616: ("Thị trấn NT Thái Bình", "Thị trấn Nông trường Thái Bình")}

# Flags. Every entry carries the name it must have, so a code slip fails loudly.
BORDER_PROVINCE = True
BORDER_DISTRICTS = {
    180: "Huyện Tràng Định",
    182: "Huyện Văn Lãng",
    183: "Huyện Cao Lộc",
    188: "Huyện Lộc Bình",
    189: "Huyện Đình Lập",
}
BORDER_COMMUNES: dict[int, str] = {}  # no reliable list found (see provenance)
EXTREMELY_DIFFICULT_COMMUNES: dict[int, str] = {}  # no reliable list found
POOR_DISTRICTS = {181: "Huyện Bình Gia", 184: "Huyện Văn Quan"}  # QĐ 353/QĐ-TTg

LEGAL_ACT_2024 = (
    "Nghị quyết của Ủy ban Thường vụ Quốc hội về việc sắp xếp đơn vị hành chính "
    "cấp xã của tỉnh Lạng Sơn giai đoạn 2023-2025 (số hiệu chưa xác minh)"
)
# (date, kind, from codes, to code, note). Codes are 2023 codes. Facts from the
# NQ text as quoted by vov.gov.vn (03/11/2024), daibieunhandan.vn and
# baophapluat.vn (in force 01/12/2024).
CHANGES_2024 = (
    (
        "2024-12-01",
        "merge",
        (6007,),
        5998,
        "Nhập toàn bộ Xã Vĩnh Tiến vào Xã Khánh Long (Huyện Tràng Định); "
        "sau khi nhập Khánh Long có 75,20 km², 1.520 người",
    ),
    (
        "2024-12-01",
        "split",
        (6040,),
        5995,
        "Điều chỉnh một phần Xã Đại Đồng (18,61 km², 8.527 người) vào Thị trấn Thất Khê "
        "(Huyện Tràng Định); sau điều chỉnh Thất Khê có 19,48 km², 13.776 người",
    ),
    (
        "2024-12-01",
        "split",
        (6040,),
        6025,
        "Nhập phần còn lại của Xã Đại Đồng vào Xã Đội Cấn (Huyện Tràng Định); "
        "sau khi nhập Đội Cấn có 54,92 km², 1.333 người; Xã Đại Đồng chấm dứt",
    ),
    (
        "2024-12-01",
        "merge",
        (6295, 6301),
        6286,
        "Nhập toàn bộ Xã Đồng Giáp và Xã Tràng Các vào Xã Khánh Khê (Huyện Văn Quan); "
        "sau khi nhập Khánh Khê có 46,44 km², 7.126 người",
    ),
    (
        "2024-12-01",
        "merge",
        (6454,),
        6385,
        "Nhập toàn bộ Xã Sơn Hà vào Thị trấn Hữu Lũng (Huyện Hữu Lũng)",
    ),
    (
        "2024-12-01",
        "merge",
        (6574,),
        6559,
        "Nhập toàn bộ Xã Tĩnh Bắc vào Xã Tam Gia (Huyện Lộc Bình); "
        "sau khi nhập Tam Gia có 97,56 km², 3.831 người",
    ),
)


class CheckFailed(Exception):
    pass


def _require(cond: bool, message: str) -> None:
    if not cond:
        raise CheckFailed(message)


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _coord(value: float | None) -> str:
    return "" if value is None else f"{value:.6f}"


def _csv_bytes(columns: tuple[str, ...], rows: list[dict[str, str]]) -> bytes:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue().encode("utf-8")


def _y(value: object) -> str:
    """A YAML scalar: JSON strings and numbers are valid YAML."""
    return json.dumps(value, ensure_ascii=False)


def load_2023() -> tuple[dict[str, Any], list[dict[str, Any]]]:
    import vietnam_provinces as vp

    version = metadata.version("vietnam-provinces")
    _require(
        version == EXPECTED_VP_VERSION, f"vietnam-provinces {version} != {EXPECTED_VP_VERSION}"
    )
    _require(
        vp.__data_version__ == EXPECTED_VP_DATA_VERSION,
        f"data version {vp.__data_version__} != {EXPECTED_VP_DATA_VERSION}",
    )
    nested = json.loads(Path(vp.NESTED_DIVISIONS_JSON_PATH).read_text(encoding="utf-8"))
    provinces = [p for p in nested if p["code"] == PROVINCE_CODE]
    _require(len(provinces) == 1, "province 20 not found exactly once")
    province = provinces[0]
    units: list[dict[str, Any]] = [
        {
            "code": province["code"],
            "name": province["name"],
            "division_type": province["division_type"],
            "parent": None,
            "codename": province["codename"],
        }
    ]
    for district in province["districts"]:
        units.append(
            {
                "code": district["code"],
                "name": district["name"],
                "division_type": district["division_type"],
                "parent": province["code"],
                "codename": district["codename"],
            }
        )
        for ward in district["wards"]:
            units.append(
                {
                    "code": ward["code"],
                    "name": ward["name"],
                    "division_type": ward["division_type"],
                    "parent": district["code"],
                    "codename": ward["codename"],
                }
            )
    for unit in units:
        _require(isinstance(unit["code"], int), f"code {unit['code']!r} is not an int")
        _require(_nfc(unit["name"]) == unit["name"], f"name of {unit['code']} is not NFC")
        if unit["code"] in NAME_OVERRIDES:
            expected, full = NAME_OVERRIDES[unit["code"]]
            _require(
                unit["name"] == expected,
                f"{unit['code']}: expected {expected!r}, got {unit['name']!r}",
            )
            unit["package_name"] = unit["name"]
            unit["name"] = full
    info = {"vp_version": version, "vp_data_version": vp.__data_version__}
    return info, units


def load_legacy() -> tuple[str, list[dict[str, Any]]]:
    from vietnamadminunits.database import query

    version = metadata.version("vietnamadminunits")
    _require(
        version == EXPECTED_VAU_VERSION, f"vietnamadminunits {version} != {EXPECTED_VAU_VERSION}"
    )
    rows = query(
        "SELECT province, provinceCode, provinceLat, provinceLon, "
        "district, districtCode, districtLat, districtLon, "
        "districtBounds, ward, wardCode, wardLat, wardLon, wardBounds, wardAlias "
        f"FROM admin_units_legacy WHERE provinceCode = '{PROVINCE_CODE}' ORDER BY wardCode"
    )
    return version, rows


def _inside(lat: float, lon: float, bounds: str) -> bool:
    """``bounds`` is the package's 'lat1,lon1 – lat2,lon2' box."""
    low, high = (tuple(map(float, part.split(","))) for part in bounds.split(" – "))
    return low[0] <= lat <= high[0] and low[1] <= lon <= high[1]


def build(
    units: list[dict[str, Any]], legacy: list[dict[str, Any]]
) -> tuple[list[dict[str, str]], dict[str, list[Any]]]:
    wards = {int(r["wardCode"]): r for r in legacy}
    for r in legacy:
        _require(
            _inside(r["wardLat"], r["wardLon"], r["wardBounds"])
            and _inside(r["wardLat"], r["wardLon"], r["districtBounds"]),
            f"legacy point of {r['wardCode']} {r['ward']} lies outside its own ward/district box",
        )
    districts: dict[int, tuple[str, float, float]] = {}
    provinces: dict[int, tuple[str, float, float]] = {}
    for r in legacy:
        for table, code, name, lat, lon in (
            (districts, int(r["districtCode"]), r["district"], r["districtLat"], r["districtLon"]),
            (provinces, int(r["provinceCode"]), r["province"], r["provinceLat"], r["provinceLon"]),
        ):
            previous = table.setdefault(code, (name, lat, lon))
            _require(previous == (name, lat, lon), f"inconsistent legacy rows for {code}")

    by_code = {u["code"]: u for u in units}
    for flags in (BORDER_DISTRICTS, BORDER_COMMUNES, EXTREMELY_DIFFICULT_COMMUNES, POOR_DISTRICTS):
        for code, name in flags.items():
            _require(
                code in by_code and by_code[code]["name"] == name,
                f"flag entry {code} {name!r} does not match",
            )

    coords: dict[str, list[Any]] = {"matched": [], "no_code": [], "name_mismatch": []}
    rows: list[dict[str, str]] = []
    for unit in sorted(units, key=lambda u: u["code"]):
        code, name = unit["code"], unit["name"]
        _require(
            unit["division_type"] in TYPE_MAP,
            f"{code}: unexpected division type {unit['division_type']!r}",
        )
        utype = TYPE_MAP[unit["division_type"]]
        level = 1 if unit["parent"] is None else (2 if unit["parent"] == PROVINCE_CODE else 3)
        source = {
            1: provinces,
            2: districts,
            3: {c: (r["ward"], r["wardLat"], r["wardLon"]) for c, r in wards.items()},
        }[level]
        lat = lon = None
        if code not in source:
            coords["no_code"].append((code, name))
        elif source[code][0] != name:
            coords["name_mismatch"].append((code, name, source[code][0]))
        else:
            _, lat, lon = source[code]
            coords["matched"].append(code)
        if level == 1:
            border = BORDER_PROVINCE
        elif level == 2:
            border = code in BORDER_DISTRICTS
        else:
            border = code in BORDER_COMMUNES
        rows.append(
            {
                "code": str(code),
                "name": name,
                "type": utype,
                "parent_code": "" if unit["parent"] is None else str(unit["parent"]),
                "in_programme": "1" if utype == "xa" else "0",
                "border": "1" if border else "0",
                "extremely_difficult": "1" if code in EXTREMELY_DIFFICULT_COMMUNES else "0",
                "poor_district": "1" if code in POOR_DISTRICTS else "0",
                "region": REGION,
                "latitude": _coord(lat),
                "longitude": _coord(lon),
                "valid_from": VALID_FROM,
                "valid_to": "",
            }
        )
    return rows, coords


def check_units(rows: list[dict[str, str]]) -> Counter[str]:
    codes = [r["code"] for r in rows]
    _require(len(codes) == len(set(codes)), "duplicate codes")
    known = set(codes)
    for r in rows:
        _require(
            r["parent_code"] == "" or r["parent_code"] in known,
            f"{r['code']}: parent {r['parent_code']} missing",
        )
        _require(
            (r["parent_code"] == "") == (r["type"] == "tinh"),
            f"{r['code']}: only the province has no parent",
        )
    types = Counter(r["type"] for r in rows)
    expected = {"tinh": 1, "huyen": 10, "thanh_pho": 1, "xa": 181, "thi_tran": 14, "phuong": 5}
    _require(dict(types) == expected, f"type counts {dict(types)} != {expected}")
    _require(sum(r["in_programme"] == "1" for r in rows) == 181, "in_programme count != 181")
    _require(codes == [str(c) for c in sorted(int(c) for c in codes)], "rows not sorted by code")
    return types


def build_changes(
    units: list[dict[str, Any]], legacy: list[dict[str, Any]]
) -> tuple[list[dict[str, str]], list[str]]:
    by_code = {u["code"]: u for u in units}
    legacy_by_code = {int(r["wardCode"]): r for r in legacy}
    rows: list[dict[str, str]] = []
    notes: list[str] = []
    for date, kind, sources, target, note in CHANGES_2024:
        for code in (*sources, target):
            _require(code in by_code, f"change refers to unknown 2023 code {code}")
        rows.append(
            {
                "date": date,
                "kind": kind,
                "from_codes": ";".join(str(c) for c in sources),
                "to_code": str(target),
                "legal_act": LEGAL_ACT_2024,
                "note": note,
            }
        )
        # Cross-check with vietnamadminunits: the absorbed unit should appear as
        # an alias of the receiving unit (its pre-2025 table keeps aliases).
        for code in sources:
            key = by_code[code]["codename"].replace("_", "")
            holders = [
                f"{c} {r['ward']}"
                for c, r in sorted(legacy_by_code.items())
                if r["wardAlias"] and key in json.loads(r["wardAlias"])
            ]
            notes.append(
                f"{by_code[code]['name']} ({code}) -> {by_code[target]['name']} ({target}): "
                f"vietnamadminunits lists alias {key!r} under {', '.join(holders) or 'no unit'}"
            )
    vanished = sorted(
        set(by_code)
        - set(legacy_by_code)
        - {PROVINCE_CODE}
        - {u["code"] for u in units if u["parent"] == PROVINCE_CODE}
    )
    notes.append(
        "2023 codes absent from vietnamadminunits' pre-2025 table: "
        + ", ".join(f"{c} {by_code[c]['name']}" for c in vanished)
    )
    return rows, notes


def provenance_text(
    info: dict[str, Any],
    vau_version: str,
    coords: dict[str, list[Any]],
    types: Counter[str],
    rows: list[dict[str, str]],
    units_sha: str,
    changes_sha: str,
    change_notes: list[str],
) -> str:
    by_code = {int(r["code"]): r for r in rows}
    levels = {
        "province": [20],
        "district": [c for c in by_code if by_code[c]["type"] in ("huyen", "thanh_pho")],
    }
    levels["commune"] = [
        c for c in by_code if c not in levels["province"] and c not in levels["district"]
    ]
    matched = set(coords["matched"])
    lines = [
        "# Provenance of ntm/data/units/lang-son-2023.csv and lang-son-changes.csv.",
        "# Written by scripts/extract_units.py; do not edit by hand, re-run the script.",
        "files:",
        f"  - path: {_y('ntm/data/units/' + UNITS_CSV)}",
        f"    sha256: {_y(units_sha)}",
        f"    rows: {len(rows)}",
        '    encoding: "UTF-8 without BOM, comma-separated, header row, LF line ends"',
        f"    columns: [{', '.join(CSV_COLUMNS)}]",
        '    sort: "numeric code, ascending (province, then districts, then communes)"',
        f"  - path: {_y('ntm/data/units/' + CHANGES_CSV)}",
        f"    sha256: {_y(changes_sha)}",
        f"    rows: {len(CHANGES_2024)}",
        f"    columns: [{', '.join(CHANGE_COLUMNS)}]",
        "regenerate: |",
        "  python3 -m venv /tmp/unitsvenv",
        "  /tmp/unitsvenv/bin/pip install vietnam-provinces==0.5.0 vietnamadminunits==1.0.4",
        "  cd <repository root> && /tmp/unitsvenv/bin/python scripts/extract_units.py",
        "  # verify without writing: /tmp/unitsvenv/bin/python scripts/extract_units.py --check",
        "sources:",
        "  - package: vietnam-provinces",
        f"    version: {_y(info['vp_version'])}",
        f"    data_version: {_y(info['vp_data_version'])}",
        '    licence: "GPL-3.0-or-later (METADATA License field; the wheel ships no LICENSE file)"',
        (
            '    used_for: "the list of units: codes, names, types, parents'
            ' (file nested-divisions.json)"'
        ),
        "    licence_note: >-",
        "      Only facts are committed (codes, names, types and hierarchy of public",
        "      administrative units, which come from the GSO list); none of the package's",
        "      code or files. The package is installed only in a throwaway venv outside",
        "      the project to run this script; the project never imports or depends on it.",
        "  - package: vietnamadminunits",
        f"    version: {_y(vau_version)}",
        '    licence: "MIT (Copyright (c) 2025 Tran Ngoc Minh Hieu)"',
        (
            '    used_for: "coordinates (table admin_units_legacy),'
            ' cross-check of the 2024 changes (wardAlias)"'
        ),
        "decisions:",
        "  codes: >-",
        "    Kept exactly as vietnam-provinces gives them: integers written in decimal",
        "    without zero padding (province 20, district 178, ward 5971). GSO and",
        "    vietnamadminunits write ward codes with five digits (05971) and district",
        "    codes with three (178); compare codes as integers when joining with them.",
        "  names: >-",
        "    Full names with the type prefix, as in vietnam-provinces (NFC). One change:",
        "    code 6616 'Thị trấn NT Thái Bình' (package and GSO abbreviation) is written",
        "    'Thị trấn Nông trường Thái Bình', the spelling used by vietnamadminunits.",
        (
            '  types: "tỉnh→tinh, huyện→huyen, thành phố→thanh_pho,'
            ' xã→xa, phường→phuong, thị trấn→thi_tran"'
        ),
        '  in_programme: "1 for the 181 xã, 0 for the province, districts, thị trấn and phường"',
        '  region: "TDMNPB (Trung du và miền núi phía Bắc) for every unit"',
        "  validity: >-",
        f"    valid_from = {VALID_FROM} for every unit, valid_to empty. The list is the",
        "    2023-05-07 snapshot; the per-district counts equal those after NQ",
        "    818/NQ-UBTVQH14 of 21/11/2019 (vanphong.langson.gov.vn/index.php/en/node/58934)",
        "    and the 2023 plan counts the same 181 xã, so the set was in force for the",
        "    whole plan year. Legal start dates of single units are not recorded. The",
        "    2024 changes (lang-son-changes.csv) end 6 communes on 2024-12-01; the",
        "    2025-07-01 reorganisation (districts abolished, 65 communes/wards) is not",
        "    included: valid_to is left empty as asked, the loader applies the changes.",
        "coordinates:",
        "  method: >-",
        "    Communes: wardLat/wardLon of admin_units_legacy where int(wardCode) equals the",
        "    code AND ward equals the full name. Districts: districtLat/districtLon where",
        "    int(districtCode) and district name match. Province: provinceLat/provinceLon",
        "    (code 20, 'Tỉnh Lạng Sơn'). These are the package's geocoded representative",
        "    points (its *GeoAddress columns name the geocoded place), not area centroids.",
        "    Written with 6 decimals. Every commune point lies inside the package's own",
        "    bounding boxes of its ward and district (checked while building this file).",
        "    Points of communes enlarged in 2024 (Khánh Long, Khánh Khê, Tam Gia, Đội Cấn,",
        "    Thị trấn Hữu Lũng) come from the pre-2025 table and may sit off the centre",
        "    of their 2023 area.",
        f"  matched: {{province: {sum(c in matched for c in levels['province'])}/1, "
        f"districts: {sum(c in matched for c in levels['district'])}/{len(levels['district'])}, "
        f"communes: {sum(c in matched for c in levels['commune'])}/{len(levels['commune'])}}}",
        "  without_coordinates:",
    ]
    for code, name in coords["no_code"]:
        lines.append(
            f"    - {{code: {_y(str(code))}, name: {_y(name)}, "
            'reason: "code absent from admin_units_legacy (unit merged in 2024)"}'
        )
    for code, name, other in coords["name_mismatch"]:
        lines.append(
            f"    - {{code: {_y(str(code))}, name: {_y(name)}, "
            f"reason: {_y(f'same code is {other!r} in admin_units_legacy')}}}"
        )
    lines += [
        "flags:",
        "  border:",
        (
            '    province: "1: Lạng Sơn borders China (over 231 km of national border;'
            ' baotintuc.vn/tags/trên+tuyến+biên+giới.htm)"'
        ),
        "    districts:",
        f"      set_to_1: [{', '.join(f'{c} {n}' for c, n in sorted(BORDER_DISTRICTS.items()))}]",
        "      source: >-",
        "        The project's brief (the five border districts). Corroborated by: border",
        "        gates Bình Nghi (Tràng Định), Tân Thanh (Văn Lãng), Cốc Nam (Cao Lộc), Chi",
        "        Ma (Lộc Bình) (diachidoanhnghiep.com, a secondary page); 'thôn giáp biên",
        "        Pò Háng, xã Bính Xá, huyện Đình Lập' and Đồn Biên",
        "        phòng Bảo Lâm, huyện Cao Lộc",
        "        (nhandan.vn/doi-thay-tren-vung-bien-gioi-lang-son-post800547.html);",
        "        Xã Đội Cấn (Tràng Định) 'giáp ... nước Cộng hòa nhân dân Trung Hoa'",
        "        (vov.gov.vn, 03/11/2024).",
        "    communes:",
        "      set_to_1: []",
        "      note: >-",
        "        The 2023 plan counts 20 border communes (xã biên giới) but no list of them",
        "        was found (searched: 'các xã biên giới tỉnh Lạng Sơn', 'Lạng Sơn 20 xã biên",
        "        giới', 'Nghị định 34/2014/NĐ-CP khu vực biên giới Lạng Sơn', commune names of",
        "        the border districts). Partial hints (Bính Xá has a border village; Đội Cấn",
        "        after the 2024 merge borders China) were not used: a partial list would give",
        "        wrong counts. All communes are 0; the province administrator sets them in",
        "        the app, citing the act (e.g. the Bộ đội Biên phòng / UBND list).",
        "  extremely_difficult:",
        "    set_to_1: []",
        "    note: >-",
        "      No list of Lạng Sơn's xã đặc biệt khó khăn / xã khu vực III under QĐ",
        "      861/QĐ-TTg (4/6/2021) was found (searched '861/QĐ-TTg ... Lạng Sơn', 'xã khu",
        "      vực III Lạng Sơn'). All 0; to be set in the app from the decision's annex.",
        "  poor_district:",
        f"    set_to_1: [{', '.join(f'{c} {n}' for c, n in sorted(POOR_DISTRICTS.items()))}]",
        '    applies_to: "district rows only; for a commune use its parent\'s flag"',
        "    source: >-",
        "      QĐ 353/QĐ-TTg of 15/3/2022 (danh sách huyện nghèo 2021-2025), list items",
        "      '10. Huyện Bình Gia, tỉnh Lạng Sơn; 11. Huyện Văn Quan, tỉnh Lạng Sơn' as",
        "      reproduced by Sở KH&ĐT Quảng Ninh",
        "      (www.quangninh.gov.vn/so/sokhdt/Trang/ChiTietTinTuc.aspx?nid=1436); Lạng Sơn",
        "      is among the 26 provinces with poor districts (sotuphap.daklak.gov.vn). The",
        "      list is grouped by province and Lạng Sơn's group holds only these two;",
        "      Huyện Đình Lập is not on it.",
        "changes_2024:",
        "  legal_act: >-",
        "    Nghị quyết of the Ủy ban Thường vụ Quốc hội on the arrangement of commune-level",
        "    units of Lạng Sơn, 2023-2025; its number was not seen, so it is not cited.",
        (
            '  in_force: "2024-12-01 (m.baophapluat.vn/'
            'sat-nhap-mot-so-don-vi-hanh-chinh-cap-xa-cua-tinh-lang-son-post531151.amp)"'
        ),
        "  text_sources:",
        '    - "https://vov.gov.vn/sau-khi-sap-xep-tinh-lang-son-co-11-don-vi-hanh-chinh-cap-huyen-mobiledtnew-1036491"',
        '    - "https://daibieunhandan.vn/nghi-quyet-ve-viec-sap-xep-don-vi-hanh-chinh-cap-xa-cua-tinh-lang-son-giai-doan-2023-2025-post395130.html"',
        '    - "https://m.baophapluat.vn/sat-nhap-mot-so-don-vi-hanh-chinh-cap-xa-cua-tinh-lang-son-post531151.amp"',
        (
            '  result: "181 xã -> 175 xã; thị trấn stay 14; commune-level units:'
            ' Tràng Định 20, Văn Quan 15, Lộc Bình 20"'
        ),
        "  discrepancy: >-",
        "    The NQ splits Xã Đại Đồng: part into Thị trấn Thất Khê, the rest into Xã Đội",
        "    Cấn. vietnamadminunits instead lists 'Thị trấn Thất Khê' under Đại Đồng's code",
        "    06040 with alias 'xadaidong' and has no code 05995 (an earlier HĐND proposal,",
        "    56/NQ-HĐND, merged all of Đại Đồng into Thất Khê, tienphong.vn). The changes",
        "    file follows the NQ text and uses 2023 codes; the post-2024 GSO code of Thất",
        "    Khê is not asserted.",
        "  cross_check_vietnamadminunits:",
    ]
    lines += [f"    - {_y(n)}" for n in change_notes]
    lines += [
        "counts:",
        f"  tinh: {types['tinh']}",
        f"  huyen: {types['huyen']}",
        f"  thanh_pho: {types['thanh_pho']}",
        f"  xa: {types['xa']}",
        f"  thi_tran: {types['thi_tran']}",
        f"  phuong: {types['phuong']}",
        f"  in_programme: {sum(r['in_programme'] == '1' for r in rows)}",
        f"  border: {sum(r['border'] == '1' for r in rows)}",
        f"  poor_district: {sum(r['poor_district'] == '1' for r in rows)}",
        f"  extremely_difficult: {sum(r['extremely_difficult'] == '1' for r in rows)}",
        f"  with_coordinates: {len(coords['matched'])}",
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT_DIR, help="output directory")
    parser.add_argument(
        "--check",
        action="store_true",
        help="compare with the files on disk, write nothing; exit 1 if they differ",
    )
    args = parser.parse_args(argv)

    try:
        info, units = load_2023()
        vau_version, legacy = load_legacy()
        rows, coords = build(units, legacy)
        types = check_units(rows)
        change_rows, change_notes = build_changes(units, legacy)
    except CheckFailed as exc:
        print(f"CHECK FAILED: {exc}", file=sys.stderr)
        return 2

    units_bytes = _csv_bytes(CSV_COLUMNS, rows)
    changes_bytes = _csv_bytes(CHANGE_COLUMNS, change_rows)
    prov_bytes = provenance_text(
        info,
        vau_version,
        coords,
        types,
        rows,
        hashlib.sha256(units_bytes).hexdigest(),
        hashlib.sha256(changes_bytes).hexdigest(),
        change_notes,
    ).encode("utf-8")
    outputs = {UNITS_CSV: units_bytes, CHANGES_CSV: changes_bytes, PROVENANCE: prov_bytes}

    status = 0
    if args.check:
        for name, data in outputs.items():
            path = args.out / name
            same = path.exists() and path.read_bytes() == data
            print(f"{'same' if same else 'DIFFERS'}: {path}")
            status |= 0 if same else 1
    else:
        args.out.mkdir(parents=True, exist_ok=True)
        for name, data in outputs.items():
            (args.out / name).write_bytes(data)
            print(f"wrote {args.out / name} ({len(data)} bytes)")

    communes = types["xa"] + types["thi_tran"] + types["phuong"]
    print(
        f"vietnam-provinces {info['vp_version']} (data {info['vp_data_version']}), "
        f"vietnamadminunits {vau_version}"
    )
    print(
        f"units: {len(rows)} = 1 tinh + {types['huyen'] + types['thanh_pho']} district-level "
        f"({types['huyen']} huyen + {types['thanh_pho']} thanh_pho) + {communes} commune-level "
        f"({types['xa']} xa + {types['thi_tran']} thi_tran + {types['phuong']} phuong)"
    )
    print(
        f"in_programme: {sum(r['in_programme'] == '1' for r in rows)}; "
        f"border: {sum(r['border'] == '1' for r in rows)}; "
        f"poor_district: {sum(r['poor_district'] == '1' for r in rows)}; "
        f"extremely_difficult: {sum(r['extremely_difficult'] == '1' for r in rows)}"
    )
    print(
        f"coordinates: {len(coords['matched'])}/{len(rows)} "
        f"(missing code: {[c for c, _ in coords['no_code']]}, "
        f"name mismatch: {[c for c, _, _ in coords['name_mismatch']]})"
    )
    print(f"changes: {len(change_rows)} rows")
    print(f"sha256 {UNITS_CSV}: {hashlib.sha256(units_bytes).hexdigest()}")
    return status


if __name__ == "__main__":
    sys.exit(main())
