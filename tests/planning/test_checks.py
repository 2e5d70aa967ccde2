"""Consistency checks: on the real 2023 plan exactly the three findings that
are really there; each rule fires on a crafted bad plan (the 2023 plan with
one figure changed) with both numbers, and stays silent on a correct one."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.management import call_command

from ntm.planning.checks import Severity, plan_check
from ntm.planning.models import Level, Plan, Target, TargetedCommune, TargetKind
from ntm.planning.services import plan_cascade_save
from ntm.units.models import AdminUnit

pytestmark = pytest.mark.django_db

REAL_FINDINGS = {
    ("ty-le", Severity.WARNING, "tc1"),
    ("ham-y", Severity.WARNING, "ntm"),
    ("pham-vi", Severity.WARNING, "border_communes"),
}


def _keys(report) -> set[tuple[str, Severity, str]]:
    return {(f.rule, f.severity, f.target) for f in report.findings}


def _new(report) -> set[tuple[str, Severity, str]]:
    return _keys(report) - REAL_FINDINGS


def _set(plan: Plan, key: str, **fields) -> None:
    updated = Target.objects.filter(plan=plan, key=key).update(**fields)
    assert updated == 1, key


def _finding(report, rule: str, target: str):
    return next(f for f in report.findings if f.rule == rule and f.target == target)


def _flag_border(n: int) -> None:
    ids = list(
        AdminUnit.objects.filter(type="xa", in_programme=True)
        .order_by("code")[:n]
        .values_list("pk", flat=True)
    )
    AdminUnit.objects.filter(pk__in=ids).update(border=True)


def test_the_2023_plan_has_exactly_its_real_findings(plan_2023):
    AdminUnit.objects.update(border=False)  # the shipped unit list flags no border commune
    report = plan_check(plan_2023)
    assert _keys(report) == REAL_FINDINGS
    assert report.errors == []
    share = _finding(report, "ty-le", "tc1")
    assert (share.stated, share.expected) == ("90,05%", "90,06%")
    assert "163/181 = 90,0552…%" in share.message and "cắt bớt" in share.message
    ntm = _finding(report, "ham-y", "ntm")
    assert (ntm.stated, ntm.expected) == ("95", "≤ 76")
    assert "tiêu chí 6 (Cơ sở vật chất văn hóa) chỉ có 76 xã đạt" in ntm.message
    assert "ít nhất 19 xã" in ntm.message and "công nhận không phải đánh giá" in ntm.message
    border = _finding(report, "pham-vi", "border_communes")
    assert (border.stated, border.expected) == ("20", "0")
    passed = "\n".join(report.passed)
    assert "2.422 lượt xã đạt tiêu chí, bình quân 13,38 tiêu chí/xã" in passed
    assert "406,982 + 1.466,906 + 80 + 3.000 + 150 = 5.103,888 tỷ đồng" in passed
    assert "19/20 tỷ lệ in khớp" in passed


def test_a_consistent_plan_has_no_finding(plan_2023):
    _set(plan_2023, "tc1", share_printed="90,06")
    _set(plan_2023, "ntm", value=76, baseline=66)
    AdminUnit.objects.update(border=False)
    _flag_border(20)
    report = plan_check(plan_2023)
    assert report.findings == []
    assert report.passed


def test_border_flags_matching_the_plan_silence_the_scope_warning(plan_2023):
    AdminUnit.objects.update(border=False)
    _flag_border(20)
    assert ("pham-vi", Severity.WARNING, "border_communes") not in _keys(plan_check(plan_2023))


def test_total_must_be_baseline_plus_added(plan_2023):
    _set(plan_2023, "tc2", baseline=80)
    report = plan_check(plan_2023)
    assert _new(report) == {("tong", Severity.ERROR, "tc2")}
    f = _finding(report, "tong", "tc2")
    assert (f.stated, f.expected) == ("92", "90")
    assert "tổng 92 khác mốc 80 + tăng thêm 10 = 90" in f.message


@pytest.mark.parametrize(
    ("share", "severity", "expected"),
    [("50,9", Severity.WARNING, "50,8%"), ("52,8", Severity.ERROR, "50,8%")],
)
def test_printed_shares_at_the_documents_precision(plan_2023, share, severity, expected):
    _set(plan_2023, "tc2", share_printed=share)
    report = plan_check(plan_2023)
    assert _new(report) == {("ty-le", severity, "tc2")}
    f = _finding(report, "ty-le", "tc2")
    assert (f.stated, f.expected) == (f"{share}%", expected)
    assert "92/181 = 50,8287…%" in f.message


def test_a_whole_number_share_is_read_at_its_own_precision(plan_2023):
    _set(plan_2023, "tc6", share_printed="41")  # 76/181 = 41,99 rounds to 42
    f = _finding(plan_check(plan_2023), "ty-le", "tc6")
    assert (f.severity, f.stated, f.expected) == (Severity.WARNING, "41%", "42%")


def test_funding_sources_must_add_up_and_their_shares_match(plan_2023):
    _set(plan_2023, "credit", value=Decimal("2997"))
    report = plan_check(plan_2023)
    total = _finding(report, "nguon-von", "funding_total")
    assert total.severity is Severity.ERROR
    assert (total.stated, total.expected) == ("5.103,888", "5.100,888")
    assert "406,982 + 1.466,906 + 80 + 2.997 + 150 = 5.100,888" in total.message


def test_a_wrong_funding_share_is_an_error(plan_2023):
    _set(plan_2023, "community", share_printed="3,9")
    report = plan_check(plan_2023)
    assert ("nguon-von", Severity.ERROR, "community") in _keys(report)
    assert ("nguon-von", Severity.WARNING, "funding_total") in _keys(report)  # shares sum 101
    f = _finding(report, "nguon-von", "community")
    assert (f.stated, f.expected) == ("3,9%", "2,9%")


def test_criterion_totals_must_fit_the_average_target(plan_2023):
    Target.objects.filter(plan=plan_2023, kind=TargetKind.CRITERION).update(
        value=40, added=None, baseline=None, share_printed=""
    )
    report = plan_check(plan_2023)
    f = _finding(report, "ham-y", "avg_criteria")
    assert f.severity is Severity.ERROR
    assert (f.stated, f.expected) == ("13 - 14", "4,20")
    assert "760 lượt xã đạt tiêu chí" in f.message
    # 40 communes per criterion cannot keep every commune at 5 criteria or more
    below = _finding(report, "ham-y", "below5")
    assert (below.stated, below.expected) == ("760", "≥ 905")
    # but 100 per criterion can
    Target.objects.filter(plan=plan_2023, kind=TargetKind.CRITERION).update(value=100)
    assert ("ham-y", Severity.ERROR, "below5") not in _keys(plan_check(plan_2023))


def test_recognitions_beyond_the_smallest_criterion_total(plan_2023):
    _set(plan_2023, "ntm", value=76, baseline=66)
    assert ("ham-y", Severity.WARNING, "ntm") not in _keys(plan_check(plan_2023))
    _set(plan_2023, "ntm", value=166, added=80, baseline=86)
    report = plan_check(plan_2023)
    assert ("ham-y", Severity.ERROR, "ntm") in _keys(report)  # 80 new communes > 76
    error = next(
        f
        for f in report.findings
        if f.rule == "ham-y" and f.target == "ntm" and f.severity is Severity.ERROR
    )
    assert (error.stated, error.expected) == ("80", "≤ 76")


def test_advanced_and_model_communes_nest(plan_2023):
    _set(plan_2023, "advanced", value=96, added=5, baseline=91)
    _set(plan_2023, "model", value=97)
    report = plan_check(plan_2023)
    assert ("ham-y", Severity.ERROR, "advanced") in _keys(report)
    assert ("ham-y", Severity.ERROR, "model") in _keys(report)


def test_an_indicator_target_cannot_be_below_its_criterion(plan_2023):
    _set(plan_2023, "radio_total", value=130, share_printed="71,8")
    report = plan_check(plan_2023)
    f = _finding(report, "ham-y", "radio_total")
    assert (f.severity, f.stated, f.expected) == (Severity.ERROR, "130", "≥ 142")


def test_one_full_commune_per_district_needs_that_many_communes(plan_2023):
    _set(plan_2023, "district_full", value=8)  # 8 × 11 districts = 88 > 76
    f = _finding(plan_check(plan_2023), "ham-y", "district_full")
    assert (f.severity, f.stated, f.expected) == (Severity.ERROR, "88", "≤ 76")


def test_targets_above_the_communes_in_scope(plan_2023):
    _set(plan_2023, "tc3", value=185, added=10, baseline=175, share_printed="")
    _set(plan_2023, "tc4", added=40)
    _set(plan_2023, "avg_criteria", value_max=20)
    _set(plan_2023, "dinh_lap", value=10)
    report = plan_check(plan_2023)
    assert {
        ("kha-thi", Severity.ERROR, "tc3"),
        ("kha-thi", Severity.ERROR, "tc4"),
        ("kha-thi", Severity.ERROR, "avg_criteria"),
        ("kha-thi", Severity.ERROR, "dinh_lap"),
    } <= _keys(report)
    f = next(x for x in report.findings if x.rule == "kha-thi" and x.target == "tc4")
    assert "thêm 40 xã nhưng chỉ còn 34 xã chưa đạt (181 - mốc 147)" in f.message


def test_the_scope_must_match_the_unit_list(plan_2023):
    Plan.objects.filter(pk=plan_2023.pk).update(communes_in_scope=180)
    plan_2023.refresh_from_db()
    f = _finding(plan_check(plan_2023), "pham-vi", "")
    assert (f.severity, f.stated, f.expected) == (Severity.WARNING, "180", "181")


def _districts(plan: Plan) -> list[AdminUnit]:
    return list(
        AdminUnit.objects.filter(parent=plan.unit, type__in=("huyen", "thanh_pho")).order_by("code")
    )


def test_district_parts_must_add_up_to_the_province(plan_2023, demo_users):
    office = demo_users["vpdp"]
    districts = _districts(plan_2023)
    assert len(districts) == 11
    plan_cascade_save(
        user=office, plan=plan_2023, assignments={d.code: {"ntm": 1} for d in districts[:3]}
    )
    report = plan_check(plan_2023)
    f = _finding(report, "phan-bo-huyen", "ntm")
    assert f.severity is Severity.WARNING  # only 3 of 11 districts assigned so far
    assert (f.stated, f.expected) == ("10", "3")
    plan_cascade_save(
        user=office, plan=plan_2023, assignments={d.code: {"ntm": 0} for d in districts[3:]}
    )
    f = _finding(plan_check(plan_2023), "phan-bo-huyen", "ntm")
    assert (f.severity, f.stated, f.expected) == (Severity.ERROR, "10", "3")
    plan_cascade_save(
        user=office, plan=plan_2023, assignments={d.code: {"ntm": 1} for d in districts[3:]}
    )
    f = _finding(plan_check(plan_2023), "phan-bo-huyen", "ntm")
    assert (f.severity, f.stated, f.expected) == (Severity.WARNING, "10", "11")
    plan_cascade_save(user=office, plan=plan_2023, assignments={districts[0].code: {"ntm": 0}})
    assert ("phan-bo-huyen", Severity.WARNING, "ntm") not in _keys(plan_check(plan_2023))
    assert "khớp các chỉ tiêu của tỉnh" in "\n".join(plan_check(plan_2023).passed)


def test_a_district_part_above_its_communes_is_an_error(plan_2023):
    district = AdminUnit.objects.get(name="Huyện Cao Lộc")
    child = Plan.objects.create(
        code="KH-TEST-H183",
        title="Chỉ tiêu giao Huyện Cao Lộc",
        issuer="UBND tỉnh",
        unit=district,
        year=2023,
        parent=plan_2023,
        criteria_set=plan_2023.criteria_set,
        communes_in_scope=21,
    )
    Target.objects.create(
        plan=child, key="ntm", kind="overall", label="Số xã", position=0, value=25, unit="xã"
    )
    report = plan_check(plan_2023)
    f = _finding(report, "kha-thi", "ntm")
    assert (f.stated, f.expected) == ("25", "≤ 21")
    assert "Huyện Cao Lộc" in f.message


def test_too_few_targeted_communes_are_flagged(plan_2023):
    communes = list(AdminUnit.objects.filter(type="xa", in_programme=True).order_by("code")[:10])
    for unit in communes[:4]:
        TargetedCommune.objects.create(plan=plan_2023, unit=unit, level=Level.NTM)
    f = _finding(plan_check(plan_2023), "xa-phan-dau", "")
    assert (f.stated, f.expected) == ("10", "4")
    for unit in communes[4:]:
        TargetedCommune.objects.create(plan=plan_2023, unit=unit, level=Level.NTM)
    assert "xa-phan-dau" not in {f.rule for f in plan_check(plan_2023).findings}


def test_the_command_exits_non_zero_only_on_errors(plan_2023, capsys):
    AdminUnit.objects.update(border=False)
    call_command("plan", "check", plan_2023.code)
    out = capsys.readouterr().out
    assert "Kết quả: 0 lỗi, 3 cảnh báo." in out
    assert "CẢNH BÁO (Tỷ lệ in = tổng / số xã, theo độ chính xác của văn bản): " in out
    assert "[tc1]" not in out and "ty-le" not in out  # no internal code
    _set(plan_2023, "tc2", baseline=80)
    with pytest.raises(SystemExit) as exited:
        call_command("plan", "check", plan_2023.code, "--format", "json")
    assert exited.value.code == 1
    assert '"errors": 1' in capsys.readouterr().out
