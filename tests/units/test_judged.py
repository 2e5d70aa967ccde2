"""Which criteria sets judge an administrative unit, and with which class."""

from __future__ import annotations

import pytest

from ntm.core.criteria_catalog import load_shipped_sets
from ntm.core.criteria_model import JudgedUnit
from ntm.units.models import AdminUnit, Region, UnitType


@pytest.mark.parametrize(
    ("unit_type", "judged"),
    [
        (UnitType.COMMUNE, JudgedUnit.COMMUNE),
        (UnitType.WARD, JudgedUnit.COMMUNE),
        (UnitType.TOWNSHIP, JudgedUnit.COMMUNE),
        (UnitType.DISTRICT, JudgedUnit.DISTRICT),
        (UnitType.CITY, JudgedUnit.DISTRICT),
        (UnitType.PROVINCE, JudgedUnit.DISTRICT),
    ],
)
def test_judged_as(unit_type: UnitType, judged: JudgedUnit) -> None:
    assert AdminUnit(type=unit_type).judged_as == judged


def test_class_in_reads_the_region_or_the_group() -> None:
    catalog = load_shipped_sets()
    by_region, by_group = catalog.get("xa-ntm-2021-2025"), catalog.get("xa-ntm-2026-2030")
    unit = AdminUnit(type=UnitType.COMMUNE, region=Region.TDMNPB, commune_group=3)
    assert (unit.class_in(by_region), unit.class_in(by_group)) == ("TDMNPB", "3")
    bare = AdminUnit(type=UnitType.COMMUNE)
    assert (bare.class_in(by_region), bare.class_in(by_group)) == (None, None)
