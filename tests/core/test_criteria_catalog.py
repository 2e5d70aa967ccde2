"""Which sets judge a unit in a year, and the class whose thresholds apply."""

from __future__ import annotations

from pathlib import Path

import pytest

from ntm.core.criteria_catalog import CriteriaCatalog
from ntm.core.criteria_loader import load_criteria_set
from ntm.core.criteria_model import JudgedUnit
from tests.core.conftest import DEMO, PLUS, write

MAIN = "xa-ntm-2021-2025"
ADVANCED = "xa-ntm-nang-cao-2021-2025"
MODEL = "xa-ntm-kieu-mau-2021-2025"


def codes(catalog: CriteriaCatalog, unit_type: JudgedUnit, year: int) -> list[str]:
    return [s.code for s in catalog.sets_for(unit_type, year)]


@pytest.mark.parametrize("year", [2021, 2023, 2025])
def test_communes_2021_2025_main_set_first_and_model_after_advanced(
    shipped: CriteriaCatalog, year: int
) -> None:
    # the catalogue lists the model set before the advanced one (file order)
    assert shipped.codes.index(MODEL) < shipped.codes.index(ADVANCED)
    assert codes(shipped, JudgedUnit.COMMUNE, year) == [MAIN, ADVANCED, MODEL]


def test_sets_by_unit_type_and_year(shipped: CriteriaCatalog) -> None:
    assert codes(shipped, JudgedUnit.DISTRICT, 2023) == ["huyen-ntm-2021-2025"]
    assert codes(shipped, JudgedUnit.COMMUNE, 2026) == codes(shipped, JudgedUnit.COMMUNE, 2030)
    assert codes(shipped, JudgedUnit.COMMUNE, 2026) == ["xa-ntm-2026-2030"]
    assert codes(shipped, JudgedUnit.DISTRICT, 2026) == []
    assert (
        codes(shipped, JudgedUnit.COMMUNE, 2020) == codes(shipped, JudgedUnit.COMMUNE, 2031) == []
    )


def test_a_set_comes_after_the_set_it_depends_on(tmp_path: Path) -> None:
    # "plus" takes a threshold from "demo" and its level needs "demo" met
    plus = load_criteria_set(write(tmp_path, PLUS, "plus.yaml"))
    demo = load_criteria_set(write(tmp_path, DEMO))
    catalog = CriteriaCatalog.from_sets([plus, demo])
    assert catalog.codes == ("plus", "demo")
    assert codes(catalog, JudgedUnit.COMMUNE, 2023) == ["demo", "plus"]
    assert codes(catalog, JudgedUnit.DISTRICT, 2023) == []


def test_class_by_region(shipped: CriteriaCatalog) -> None:
    classification = shipped.get(MAIN).classification
    assert classification.class_of(region="TDMNPB", commune_group=None) == "TDMNPB"
    assert classification.class_of(region="TDMNPB", commune_group=2) == "TDMNPB"
    assert classification.class_of(region="", commune_group=2) is None
    assert classification.class_of(region="XYZ", commune_group=None) is None


def test_class_by_commune_group(shipped: CriteriaCatalog) -> None:
    classification = shipped.get("xa-ntm-2026-2030").classification
    assert classification.class_of(region="TDMNPB", commune_group=2) == "2"
    assert classification.class_of(region="TDMNPB", commune_group=None) is None
    assert classification.class_of(region="", commune_group=4) is None
