"""A condition of recognition (QĐ 18/2022) is the same for the whole country:
its reason names it by its short label and calls its threshold a national
condition, never "ngưỡng vùng TDMNPB"; a level that requires another set
names that set, not its code."""

from __future__ import annotations

from ntm.core.criteria_catalog import load_shipped_sets
from ntm.core.evaluation import UnitInput, evaluate_unit


def test_conditions_read_as_national_conditions_with_their_label() -> None:
    cset = load_shipped_sets().get("xa-ntm-2021-2025")
    result = evaluate_unit(cset, UnitInput("TDMNPB", 2023, conditions={"no_dong_xdcb": "Có"}))
    debt = next(c for c in result.conditions if c.code == "no_dong_xdcb")
    assert debt.reason.startswith("Nợ đọng XDCB: ")
    assert "điều kiện công nhận chung cả nước" in debt.reason
    assert "vùng" not in debt.reason and "no_dong_xdcb" not in debt.reason


def test_a_required_set_is_named_not_coded() -> None:
    catalog = load_shipped_sets()
    model = catalog.get("xa-ntm-kieu-mau-2021-2025")
    result = evaluate_unit(
        model, UnitInput("TDMNPB", 2023, sets_met={"xa-ntm-nang-cao-2021-2025": False})
    )
    reasons = [r.reason for lv in result.levels for r in lv.requirements]
    assert any("bộ tiêu chí xã nông thôn mới nâng cao giai đoạn 2021-2025" in r for r in reasons)
    assert not any("xa-ntm-" in r for r in reasons)
