from dataclasses import replace

import pytest

from ntm.core.criteria_catalog import CriteriaCatalog
from ntm.core.criteria_model import CriteriaSet, ThresholdRevision
from ntm.core.errors import CriteriaLookupError, RevisionError, ValueParseError
from ntm.core.evaluation import UnitInput, Verdict, evaluate_sets, evaluate_unit

# A unit of region A meeting everything in 2023 (no craft: 2.2 n/a, 3.2 applies).
GOOD = {"1.1": 80.0, "1.2": True, "2.1": 8.5, "3.1": "y", "3.2": "Không", "4.2": 50.0}
GOOD_CONDITIONS = {"survey": 90.0, "debt": "Không"}


def unit(**changes: object) -> UnitInput:
    base = UnitInput("A", 2023, GOOD, {"craft": False}, GOOD_CONDITIONS)
    return replace(base, **changes)  # type: ignore[arg-type]


def verdict(cset: CriteriaSet, code: str, value: object, **changes: object) -> Verdict:
    values = {**GOOD, code: value}
    return evaluate_unit(cset, unit(values=values, **changes)).indicator(code).verdict


def test_everything_met(demo: CriteriaSet) -> None:
    result = evaluate_unit(demo, unit())
    assert result.criteria_met_count == 4 and result.all_criteria_met
    assert result.band is not None and result.band.label == "Đạt 4"
    assert result.levels_reached == ("full", "most", "pair")
    assert result.indicator("2.2").verdict is Verdict.NOT_APPLICABLE
    assert result.indicator("4.1").verdict is Verdict.NOT_APPLICABLE  # not counted


@pytest.mark.parametrize(
    ("code", "value", "expected"),
    [
        ("1.1", 80.0, Verdict.MET),  # >= at the threshold
        ("1.1", 79.99, Verdict.NOT_MET),
        ("1.1", 100.0, Verdict.MET),
        ("2.1", 8.5, Verdict.MET),  # <= at the threshold
        ("2.1", 8.51, Verdict.NOT_MET),
        ("2.1", 0.0, Verdict.MET),
        ("1.2", True, Verdict.MET),
        ("1.2", False, Verdict.NOT_MET),
        ("3.1", "x", Verdict.MET),  # in
        ("3.1", "z", Verdict.NOT_MET),
        ("3.2", "Không", Verdict.MET),  # enum =
        ("3.2", "Có", Verdict.NOT_MET),
        ("1.1", None, Verdict.MISSING_VALUE),
    ],
)
def test_comparisons(demo: CriteriaSet, code: str, value: object, expected: Verdict) -> None:
    assert verdict(demo, code, value) is expected


def test_count_equality_and_applicability(demo: CriteriaSet) -> None:
    craft = {"craft": True}
    assert verdict(demo, "2.2", 3, facts=craft) is Verdict.MET
    assert verdict(demo, "2.2", 4, facts=craft) is Verdict.NOT_MET
    assert verdict(demo, "2.2", None, facts=craft) is Verdict.MISSING_VALUE
    assert verdict(demo, "2.2", 4, facts={"craft": False}) is Verdict.NOT_APPLICABLE
    # unknown fact: cannot tell whether it applies, so it is missing, never met
    assert verdict(demo, "2.2", 3, facts={}) is Verdict.MISSING_VALUE
    # applies_unless: 3.2 applies only without a craft
    assert verdict(demo, "3.2", "Có", facts=craft) is Verdict.NOT_APPLICABLE


def test_region_and_year_lookup(demo: CriteriaSet) -> None:
    assert verdict(demo, "1.1", 75.0) is Verdict.NOT_MET  # A: 80
    assert verdict(demo, "1.1", 75.0, classification="B") is Verdict.MET  # B: 70
    # 2.1: 2022 all regions 10; 2023 region A 8.5; otherwise unknown
    assert verdict(demo, "2.1", 9.0, year=2022) is Verdict.MET
    assert verdict(demo, "2.1", 9.0, year=2023) is Verdict.NOT_MET
    assert verdict(demo, "2.1", 9.0, year=2023, classification="B") is Verdict.MISSING_THRESHOLD
    assert verdict(demo, "2.1", 1.0, year=2024) is Verdict.MISSING_THRESHOLD
    with pytest.raises(CriteriaLookupError, match="Không có vùng «C»; các mã hợp lệ: A, B"):
        evaluate_unit(demo, unit(classification="C"))
    with pytest.raises(CriteriaLookupError, match="không áp dụng cho năm 2021"):
        evaluate_unit(demo, unit(year=2021))


def test_reasons_in_vietnamese(demo: CriteriaSet) -> None:
    result = evaluate_unit(demo, unit(values={**GOOD, "1.1": 79.5, "2.1": 8.5}))
    assert result.indicator("1.1").reason == "1.1: 79,5% < 80% (ngưỡng vùng A, QĐ 1/QĐ-TTg)"
    assert result.indicator("2.1").reason == (
        "2.1: 8,5 ≤ 8,5 triệu đồng (ngưỡng vùng A năm 2023, QĐ 1/QĐ-TTg)"
    )
    assert result.indicator("1.2").reason == "1.2: Đạt (ngưỡng vùng A, QĐ 1/QĐ-TTg, chưa xác minh)"
    b = evaluate_unit(demo, unit(classification="B", values={**GOOD, "1.1": 65.0}))
    assert b.indicator("1.1").reason == "1.1: 65% < 70% (ngưỡng vùng B, HD 2/HD-BNN, chưa xác minh)"
    assert b.indicator("2.1").reason.startswith(
        "2.1: 8,5 triệu đồng, chưa có ngưỡng (vùng B, năm 2023"
    )
    assert result.indicator("2.2").reason == "2.2: không áp dụng («Xã có nghề truyền thống»: không)"
    missing = evaluate_unit(demo, unit(values={}))
    assert missing.indicator("1.1").reason == "1.1: chưa có số liệu"


def test_missing_data_is_never_met(demo: CriteriaSet) -> None:
    result = evaluate_unit(demo, UnitInput("A", 2023))
    assert result.criteria_met_count == 0
    assert result.levels_reached == ()
    assert result.band is not None and result.band.label == "Dưới 2"


def test_all_not_applicable_criterion_counts_as_met(demo: CriteriaSet) -> None:
    # criterion 4: 4.1 is not counted, 4.2 missing → not met; with 4.2 met → met
    assert not evaluate_unit(demo, unit(values={**GOOD, "4.2": None})).criterion("4").met
    assert evaluate_unit(demo, unit()).criterion("4").met


def test_levels(demo: CriteriaSet) -> None:
    one_failed = evaluate_unit(demo, unit(values={**GOOD, "1.1": 10.0}))
    assert one_failed.criteria_met_count == 3
    assert one_failed.levels_reached == ("most", "pair")
    reasons = [r.reason for r in one_failed.level("full").requirements]
    assert reasons[0] == "đạt 3/4 tiêu chí, chưa đạt: 1"
    two_failed = evaluate_unit(demo, unit(values={**GOOD, "1.1": 10.0, "2.1": 99.0}))
    assert two_failed.levels_reached == ()
    assert two_failed.level("pair").requirements[0].reason == (
        "đạt 0/2 tiêu chí trong số 1, 2, cần ít nhất 1"
    )
    survey_low = evaluate_unit(demo, unit(conditions={"survey": 89.9, "debt": "Không"}))
    assert survey_low.levels_reached == ("most", "pair")
    debt = evaluate_unit(demo, unit(conditions={"survey": 95.0, "debt": "Có"}))
    assert "full" not in debt.levels_reached
    no_survey = evaluate_unit(demo, unit(conditions={"debt": "Không"}))
    assert "full" not in no_survey.levels_reached


def test_cross_set_level_and_ratio(demo_catalog: CriteriaCatalog) -> None:
    plus = demo_catalog.get("plus")
    # 2022: demo 2.1 threshold 10 → K2 needs ≥ 11 (1,10 × 10, exact in Decimal)
    at = UnitInput("A", 2022, {"K2": 11.0}, sets_met={"demo": True})
    result = evaluate_unit(plus, at)
    assert result.indicator("K2").verdict is Verdict.MET
    assert result.levels_reached == ("model",)
    assert "1,1 × 10" in result.indicator("K2").reason
    below = evaluate_unit(plus, replace(at, values={"K2": 10.99}))
    assert below.indicator("K2").verdict is Verdict.NOT_MET
    not_demo = evaluate_unit(plus, replace(at, sets_met={"demo": False}))
    assert not_demo.levels_reached == ()
    unknown = evaluate_unit(plus, replace(at, sets_met={}))
    assert (
        unknown.level("model").requirements[0].reason
        == "chưa có kết quả đánh giá bộ tiêu chí Bộ thử nghiệm"
    )
    # 2024: demo has no threshold → K2 has none either
    later = evaluate_unit(plus, UnitInput("A", 2024, {"K2": 99.0}, sets_met={"demo": True}))
    assert later.indicator("K2").verdict is Verdict.MISSING_THRESHOLD


def test_evaluate_sets_orders_dependencies(demo_catalog: CriteriaCatalog) -> None:
    good = UnitInput("A", 2022, {**GOOD, "2.1": 10.0}, {"craft": False}, GOOD_CONDITIONS)
    results = evaluate_sets(
        demo_catalog, {"plus": UnitInput("A", 2022, {"K2": 11.0}), "demo": good}
    )
    assert results["demo"].all_criteria_met
    assert results["plus"].levels_reached == ("model",)


def test_revisions_fill_and_cite(demo: CriteriaSet) -> None:
    revised = demo.with_revisions(
        [
            ThresholdRevision(
                "demo", "2.1", 7, "QĐ 1/QĐ-TTg Phụ lục I, VP Điều phối 05/2024", years=(2024,)
            )
        ]
    )
    assert demo.threshold("2.1", "A", 2024).value is None  # type: ignore[union-attr]
    result = evaluate_unit(revised, unit(year=2024, values={**GOOD, "2.1": 7.5}))
    assert result.indicator("2.1").verdict is Verdict.NOT_MET
    assert result.indicator("2.1").reason == (
        "2.1: 7,5 > 7 triệu đồng (ngưỡng vùng A năm 2024, điều chỉnh: "
        "QĐ 1/QĐ-TTg Phụ lục I, VP Điều phối 05/2024)"
    )
    # a later revision wins; an unverified one says so
    again = revised.with_revisions(
        [ThresholdRevision("demo", "2.1", 8, "Công văn tạm", classes=("A",), verified=False)]
    )
    text = evaluate_unit(again, unit(year=2024, values={**GOOD, "2.1": 7.5})).indicator("2.1")
    assert text.verdict is Verdict.MET and text.reason.endswith("Công văn tạm, chưa xác minh)")


@pytest.mark.parametrize(
    ("revision", "fragment"),
    [
        (ThresholdRevision("demo", "9.9", 1, "x"), "không có chỉ tiêu"),
        (ThresholdRevision("other", "1.1", 1, "x"), "bộ tiêu chí «other»"),
        (ThresholdRevision("demo", "1.1", 120, "x"), "vượt quá 100%"),
        (ThresholdRevision("demo", "1.1", 50, "x", classes=("Z",)), "không có vùng «Z»"),
        (ThresholdRevision("demo", "1.1", 50, "x", years=(2030,)), "ngoài giai đoạn"),
        (ThresholdRevision("demo", "1.1", 50, "  "), "phải ghi căn cứ"),
        (ThresholdRevision("demo", "3.1", "w", "x"), "danh sách"),
    ],
)
def test_bad_revisions(demo: CriteriaSet, revision: ThresholdRevision, fragment: str) -> None:
    with pytest.raises(RevisionError, match=fragment):
        demo.with_revisions([revision])


def test_revision_of_linked_set_reaches_derived_threshold(demo_catalog: CriteriaCatalog) -> None:
    rev = ThresholdRevision("demo", "2.1", 20, "Căn cứ mới", years=(2024,))
    for catalog_or_set in (
        demo_catalog.with_revisions([rev]).get("plus"),
        demo_catalog.get("plus").with_revisions([rev]),
    ):
        t = catalog_or_set.threshold("K2", "B", 2024)
        assert t is not None and t.value == 22.0 and "Căn cứ mới" in t.citation


def test_wrong_inputs_are_reported(demo: CriteriaSet) -> None:
    with pytest.raises(CriteriaLookupError, match=r"không có chỉ tiêu: 9\.9"):
        evaluate_unit(demo, unit(values={"9.9": 1.0}))
    with pytest.raises(CriteriaLookupError, match="không có thông tin: river"):
        evaluate_unit(demo, unit(facts={"river": True}))
    with pytest.raises(ValueParseError, match="không hợp lệ cho kiểu percent"):
        evaluate_unit(demo, unit(values={"1.1": "80"}))


def test_shipped_commune_example(shipped: CriteriaCatalog) -> None:
    cset = shipped.get("xa-ntm-2021-2025")
    result = evaluate_unit(cset, UnitInput("TDMNPB", 2023, {"15.4": 45.0, "2.1": 85.0, "10": 40.0}))
    assert result.indicator("15.4").reason == (
        "15.4: 45% < 50% (ngưỡng vùng TDMNPB, QĐ 318/QĐ-TTg, Phụ lục I)"
    )
    assert result.indicator("2.1").verdict is Verdict.MISSING_THRESHOLD
    revised = cset.with_revisions(
        [ThresholdRevision("xa-ntm-2021-2025", "2.1", 100, "QĐ 318/QĐ-TTg", verified=False)]
    )
    again = evaluate_unit(revised, UnitInput("TDMNPB", 2023, {"2.1": 85.0}))
    assert again.indicator("2.1").reason == (
        "2.1: 85% < 100% (ngưỡng vùng TDMNPB, điều chỉnh: QĐ 318/QĐ-TTg, chưa xác minh)"
    )


def test_model_commune_k2(shipped: CriteriaCatalog) -> None:
    catalog = shipped.with_revisions(
        [ThresholdRevision("xa-ntm-nang-cao-2021-2025", "10", 47, "Phụ lục II", years=(2023,))]
    )
    model = catalog.get("xa-ntm-kieu-mau-2021-2025")
    at = UnitInput("TDMNPB", 2023, {"K2": 51.7, "K3": 1, "K4": 2})
    assert evaluate_unit(model, at).indicator("K2").verdict is Verdict.MET  # 1,10 × 47 = 51,7
    low = evaluate_unit(model, replace(at, values={"K2": 51.69, "K3": 1, "K4": 2}))
    assert low.indicator("K2").verdict is Verdict.NOT_MET
    assert evaluate_unit(model, replace(at, year=2024)).indicator("K2").verdict is (
        Verdict.MISSING_THRESHOLD
    )
