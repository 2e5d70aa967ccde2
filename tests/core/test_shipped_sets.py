"""The sets shipped in ntm/data/criteria load and say what the reference says."""

from ntm.core.criteria_catalog import CriteriaCatalog
from ntm.core.criteria_model import Confidence, ValueType

COMMUNE_CODES = [
    "1.1", "1.2", "2.1", "2.2", "2.3", "2.4", "3.1", "3.2", "4.1", "4.2",
    "5.1", "5.2", "5.3",  # the reference's single "5", split along QĐ 1491
    "6.1", "6.2", "6.3", "7", "8.1", "8.2", "8.3", "8.4", "9.1", "9.2", "10", "11",
    "12.1", "12.2",  # the reference's 12.x / 12.y
    "13.1", "13.2", "13.3", "13.4", "13.5", "14.1", "14.2", "14.3",
    "15.1", "15.2", "15.3", "15.4", "16",
    "17.1", "17.2", "17.3", "17.4", "17.5", "17.6", "17.7", "17.8", "17.9", "17.10",
    "17.11", "17.12", "18.1", "18.2", "18.3", "18.4", "18.5", "18.6", "19.1", "19.2",
]  # fmt: skip


def test_every_shipped_set_loads(shipped: CriteriaCatalog) -> None:
    assert set(shipped.codes) == {
        "xa-ntm-2021-2025",
        "xa-ntm-nang-cao-2021-2025",
        "xa-ntm-kieu-mau-2021-2025",
        "huyen-ntm-2021-2025",
        "xa-ntm-2026-2030",
    }


def test_commune_set_structure(shipped: CriteriaCatalog) -> None:
    cset = shipped.get("xa-ntm-2021-2025")
    assert [c.code for c in cset.criteria] == [str(i) for i in range(1, 20)]
    assert [m.code for m in cset.indicators] == COMMUNE_CODES
    # 57 indicators counted [V: S6]; 13.5, 14.3 and 18.6 are doubted.
    assert sum(m.counted for m in cset.indicators) == 57
    assert {m.code for m in cset.indicators if not m.counted} == {"13.5", "14.3", "18.6"}
    assert cset.classification.codes == ("TDMNPB", "DBSH", "BTB", "DHNTB", "TN", "DNB", "DBSCL")
    assert [b.lower for b in cset.count_bands] == [0, 5, 10, 15, 19]
    assert cset.criterion_of("13.4").name == "Tổ chức sản xuất và phát triển kinh tế nông thôn"


def test_known_thresholds_as_tagged(shipped: CriteriaCatalog) -> None:
    cset = shipped.get("xa-ntm-2021-2025")
    t = cset.threshold("15.4", "TDMNPB", 2023)
    assert t is not None and t.value == 50 and t.verified and t.tag is Confidence.VERIFIED
    t = cset.threshold("15.3", "TDMNPB", 2023)
    assert t is not None and t.value == 24 and not t.verified and t.tag is Confidence.PARTLY
    assert cset.measure("15.3").comparison.value == "<="
    t = cset.threshold("5.2", "TDMNPB", 2024)
    assert t is not None and t.value == 70 and t.verified
    t = cset.threshold("3.1", "TDMNPB", 2022)
    assert t is not None and t.value == 80 and not t.verified
    for unknown in ("2.1", "10", "11", "16", "17.4", "18.3"):
        t = cset.threshold(unknown, "TDMNPB", 2023)
        assert t is not None and t.value is None, unknown


def test_no_recalled_or_unknown_number_became_a_threshold(shipped: CriteriaCatalog) -> None:
    numeric = {ValueType.PERCENT, ValueType.NUMBER, ValueType.COUNT}
    for cset in shipped:
        for measure in cset.iter_measures():
            for entry in measure.thresholds:
                if entry.value is None:
                    continue
                assert entry.source.tag is not Confidence.UNKNOWN, (cset.code, measure.code)
                if measure.value_type in numeric:
                    assert entry.source.tag in (Confidence.VERIFIED, Confidence.PARTLY)
                assert entry.source.verified == (entry.source.tag is Confidence.VERIFIED)


def test_other_sets(shipped: CriteriaCatalog) -> None:
    advanced = shipped.get("xa-ntm-nang-cao-2021-2025")
    assert len(advanced.criteria) == 19
    assert advanced.level("ntm-nang-cao").requirements[0].set_code == "xa-ntm-2021-2025"  # type: ignore[union-attr]
    model = shipped.get("xa-ntm-kieu-mau-2021-2025")
    assert [c.code for c in model.criteria] == ["K2", "K3", "K4"]
    assert model.referenced_sets() == {"xa-ntm-nang-cao-2021-2025"}
    district = shipped.get("huyen-ntm-2021-2025")
    assert len(district.criteria) == 9
    assert [c.code for c in district.conditions] == ["H1", "H2", "H3", "H4", "H4b"]
    assert district.valid_to is not None and district.valid_to.isoformat() == "2025-06-30"
    new = shipped.get("xa-ntm-2026-2030")
    assert len(new.criteria) == 10
    assert new.classification.kind.value == "group"
    assert new.classification.codes == ("1", "2", "3")
    assert new.years == range(2026, 2031)


def test_worked_example_in_docs_loads_and_evaluates() -> None:
    from pathlib import Path

    from ntm.core.criteria_loader import parse_criteria_set
    from ntm.core.evaluation import UnitInput, evaluate_unit

    doc = Path(__file__).resolve().parents[2] / "docs" / "criteria-format.md"
    example = doc.read_text(encoding="utf-8").split("## 8. Ví dụ đầy đủ")[1]
    cset = parse_criteria_set(example.split("```yaml\n")[1].split("```")[0], "example.yaml")
    result = evaluate_unit(
        cset, UnitInput("TDMNPB", 2023, {"15.4": 45.0}, {"has_traditional_craft": False})
    )
    assert [m.reason for m in result.indicators] == [
        "15.4: 45% < 50% (ngưỡng vùng TDMNPB, QĐ 318/QĐ-TTg)",
        "13.4: không áp dụng («Xã có nghề truyền thống»: không)",
    ]
    assert result.criteria_met_count == 1
