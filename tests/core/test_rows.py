import pytest

from ntm.core.criteria_catalog import CriteriaCatalog
from ntm.core.criteria_model import CriteriaSet
from ntm.core.errors import CriteriaLookupError
from ntm.core.evaluation import Verdict
from ntm.core.rows import evaluate_rows

ROWS = [
    ("X1", "1.1", "80,5%"),
    ("X1", "1.2", "Đạt"),
    ("X1", "2.1", "8.5"),
    ("X1", "craft", "Không"),
    ("X1", "3.1", "y"),
    ("X1", "3.2", "không"),
    ("X1", "4.2", "50"),
    ("X1", "survey", "92,5"),
    ("X1", "debt", "Không"),
    ("X2", "1.1", "12"),
    ("X2", "craft", "x"),
    ("X2", "2.2", "3"),
]


def test_rows_evaluated_per_unit(demo: CriteriaSet) -> None:
    outcome = evaluate_rows(demo, "A", 2023, ROWS)
    assert outcome.ok
    assert list(outcome.results) == ["X1", "X2"]
    x1, x2 = outcome.results["X1"], outcome.results["X2"]
    assert x1.levels_reached == ("full", "most", "pair")
    assert x1.indicator("survey").verdict is Verdict.MET
    assert x2.indicator("1.1").reason == "1.1: 12% < 80% (ngưỡng vùng A, QĐ 1/QĐ-TTg)"
    assert x2.indicator("2.2").verdict is Verdict.MET  # craft "x" → applies
    assert x2.indicator("3.2").verdict is Verdict.NOT_APPLICABLE


def test_rows_errors_are_numbered_and_nothing_is_evaluated(demo: CriteriaSet) -> None:
    rows = [
        *ROWS,
        ("X3", "9.9", "1"),
        ("X3", "1.1", "130"),
        ("X3", "2.1", "1.234"),
        ("X3", "2.2", "2,5"),
        ("X1", "1.1", "80"),
        ("", "1.1", "80"),
        ("X3", "craft", "có lẽ"),
    ]
    outcome = evaluate_rows(demo, "A", 2023, rows, first_row=2)
    assert not outcome.ok and outcome.results == {}
    first = 2 + len(ROWS)
    assert [e.row for e in outcome.errors] == list(range(first, first + 7))
    messages = [str(e) for e in outcome.errors]
    assert "không có chỉ tiêu «9.9»" in messages[0]
    assert "từ 0% đến 100%" in messages[1]
    assert "không rõ nghĩa" in messages[2]
    assert "số nguyên" in messages[3]
    assert "trùng với dòng 2" in messages[4]
    assert "thiếu mã đơn vị" in messages[5]
    assert "Đạt/Không đạt" in messages[6]
    assert messages[1].startswith(f"Dòng {first + 1} (X3, 1.1, «130»): ")


def test_unknown_region_or_year(demo: CriteriaSet) -> None:
    with pytest.raises(CriteriaLookupError, match="Không có vùng «TDMNPB»"):
        evaluate_rows(demo, "TDMNPB", 2023, ROWS)
    with pytest.raises(CriteriaLookupError, match="năm 2030"):
        evaluate_rows(demo, "A", 2030, ROWS)


def test_unknown_set_code(shipped: CriteriaCatalog) -> None:
    with pytest.raises(CriteriaLookupError, match="Không có bộ tiêu chí «xa-ntm-2030»; các bộ"):
        shipped.get("xa-ntm-2030")
    assert "xa-ntm-2021-2025" in shipped and len(shipped) == 5


def test_rows_with_set_results(demo_catalog: CriteriaCatalog) -> None:
    plus = demo_catalog.get("plus")
    outcome = evaluate_rows(plus, "B", 2022, [("X1", "K2", "11")], sets_met={"X1": {"demo": True}})
    assert outcome.results["X1"].levels_reached == ("model",)
