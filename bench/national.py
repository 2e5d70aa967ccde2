"""The country's 10,040 pre-2025 commune-level units (vietnamadminunits'
legacy table), each with its province, district and the socio-economic region
whose thresholds apply under QĐ 318/QĐ-TTg."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

# Province (GSO code) → region of QĐ 318/QĐ-TTg's regional columns (the
# statistical regions, with the North Central and South Central coasts apart).
REGION_PROVINCES = {
    "TDMNPB": "02 04 06 08 10 11 12 14 15 17 19 20 24 25",
    "DBSH": "01 22 26 27 30 31 33 34 35 36 37",
    "BTB": "38 40 42 44 45 46",
    "DHNTB": "48 49 51 52 54 56 58 60",
    "TN": "62 64 66 67 68",
    "DNB": "70 72 74 75 77 79",
    "DBSCL": "80 82 83 84 86 87 89 91 92 93 94 95 96",
}
PROVINCE_REGION = {
    code: region for region, codes in REGION_PROVINCES.items() for code in codes.split()
}
WARD_TYPES = {"Xã": "xa", "Phường": "phuong", "Thị trấn": "thi_tran"}


@dataclass(frozen=True)
class NationalUnit:
    code: str
    name: str
    type: str
    district_code: str
    district_name: str
    province_code: str
    province_name: str
    region: str


@lru_cache(maxsize=1)
def national_units() -> tuple[NationalUnit, ...]:
    from vietnamadminunits.database import query

    rows = query(
        "select provinceCode, province, districtCode, district, wardCode, ward, wardType "
        "from admin_units_legacy order by wardCode"
    )
    # Five island districts have no commune level (Bạch Long Vĩ, Cồn Cỏ,
    # Hoàng Sa, Lý Sơn, Côn Đảo): the district stands in for its commune.
    units = tuple(
        NationalUnit(
            code=str(int(r["wardCode"])) if r["wardCode"] else f"h{int(r['districtCode'])}",
            name=r["ward"] or r["district"],
            type=WARD_TYPES.get(r["wardType"] or "", "xa"),
            district_code=str(int(r["districtCode"])),
            district_name=r["district"],
            province_code=str(int(r["provinceCode"])),
            province_name=r["province"],
            region=PROVINCE_REGION[r["provinceCode"]],
        )
        for r in rows
    )
    assert len(units) == 10040, len(units)
    return units
