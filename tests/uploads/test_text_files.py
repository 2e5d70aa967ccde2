"""Text files commands read (criteria sets and plans in YAML, unit lists in
CSV) are bounded: size before reading, YAML nesting depth and the number of
nodes once aliases are expanded before anything is built."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from ntm.core.criteria_loader import load_criteria_set
from ntm.core.errors import CriteriaSetError
from ntm.core.untrusted.refusal import FileRefused
from ntm.core.untrusted.text_files import YAML_LIMITS, TextLimits, yaml_bounds_check
from ntm.planning.services import plan_read
from ntm.planning.services.errors import PlanImportError
from ntm.units.services import UnitImportError, units_import

DATA = Path(__file__).resolve().parents[2] / "ntm" / "data"


def laughs(levels: int = 9) -> str:
    """Each level ten aliases of the one before: 10**9 nodes once expanded."""
    text = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
    for i in range(1, levels):
        text += f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]\n"
    return text


def test_the_shipped_files_are_well_within_the_bounds():
    for path in [*DATA.glob("criteria/*.yaml"), *DATA.glob("plans/*.yaml")]:
        yaml_bounds_check(path.read_text(encoding="utf-8-sig"), str(path))


def test_a_yaml_billion_laughs_is_refused_at_once():
    started = time.monotonic()
    with pytest.raises(FileRefused, match=r"bí danh .*hơn 1\.000\.000 phần tử") as info:
        yaml_bounds_check(laughs(), "bom.yaml")
    assert info.value.code == "file_over_limit"
    assert time.monotonic() - started < 5


def test_deep_yaml_is_refused_with_its_line():
    with pytest.raises(FileRefused, match="dòng 3: lồng sâu hơn 64 cấp"):
        yaml_bounds_check("a: 1\nb: 2\nc: " + "[" * 100 + "]" * 100 + "\n", "sau.yaml")


def test_the_size_limit_is_checked_before_parsing():
    with pytest.raises(FileRefused, match="vượt giới hạn 0,0 MB"):
        yaml_bounds_check("a: 1\n" * 10, "a.yaml", TextLimits(max_bytes=10))


def test_a_criteria_set_with_a_billion_laughs_is_refused(tmp_path: Path):
    path = tmp_path / "bo-tieu-chi.yaml"
    path.write_text(laughs(), encoding="utf-8")
    with pytest.raises(CriteriaSetError, match="bí danh"):
        load_criteria_set(path)
    big = tmp_path / "lon.yaml"
    with big.open("wb") as handle:
        handle.truncate(YAML_LIMITS.max_bytes + 1)  # sparse: nothing written
    with pytest.raises(CriteriaSetError, match="vượt giới hạn 5,0 MB"):
        load_criteria_set(big)


def test_a_plan_file_with_a_billion_laughs_or_too_large_is_refused(tmp_path: Path):
    path = tmp_path / "ke-hoach.yaml"
    path.write_text(laughs(), encoding="utf-8")
    with pytest.raises(PlanImportError, match="bí danh"):
        plan_read(path)
    with path.open("wb") as handle:
        handle.truncate(YAML_LIMITS.max_bytes + 1)
    with pytest.raises(PlanImportError, match="vượt giới hạn 5,0 MB"):
        plan_read(path)


@pytest.mark.django_db
def test_a_units_csv_over_the_limit_is_refused_before_reading(tmp_path: Path):
    path = tmp_path / "don-vi.csv"
    with path.open("wb") as handle:
        handle.truncate(21 * 1024 * 1024)
    with pytest.raises(UnitImportError, match="vượt giới hạn 20,0 MB"):
        units_import(path=path)
