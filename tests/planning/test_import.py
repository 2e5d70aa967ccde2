"""Importing a plan file: the 2023 plan round-trips figure by figure, a
dry run writes nothing, bad files are refused whole with the field and the
reason, and a plan is replaced only on request."""

from __future__ import annotations

import copy
import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from django.core.management import CommandError, call_command

from ntm.planning.models import LegalBasis, Plan, PlanSection, ReportedActual, Target
from ntm.planning.services import PlanImportError, plan_export, plan_import
from tests.planning.conftest import PLAN_FILE

pytestmark = pytest.mark.django_db

RAW = yaml.safe_load(PLAN_FILE.read_text(encoding="utf-8"))

# Sections I and III of the plan as printed (transcribed from the original
# document, independently of the data file): communes meeting each criterion.
# (criterion, added, total, printed share)
SEED_CRITERIA = [
    ("1", 98, 163, "90,05"),
    ("2", 10, 92, "50,8"),
    ("3", 2, 177, "97,8"),
    ("4", 10, 157, "86,7"),
    ("5", 10, 81, "44,8"),
    ("6", 10, 76, "42"),
    ("7", 3, 159, "87,8"),
    ("8", 10, 142, "78,5"),
    ("9", 10, 139, "76,8"),
    ("10", 10, 90, "49,7"),
    ("11", 10, 83, "45,9"),
    ("12", 20, 124, "68,5"),
    ("13", 10, 87, "48,1"),
    ("14", 0, 181, "100"),
    ("15", 10, 111, "61,3"),
    ("16", 10, 164, "90,6"),
    ("17", 10, 90, "49,7"),
    ("18", 10, 129, "71,3"),
    ("19", None, 177, "97,8"),
]
# Every other figure of section I: key → (value, max, of, added, printed share).
SEED_OTHER = {
    "ntm": ("95", None, 181, "10", ""),
    "below5": ("0", None, None, None, ""),
    "avg_criteria": ("13", "14", None, None, ""),
    "advanced": ("22", None, None, "5", ""),
    "advanced_avg": ("9", None, None, None, ""),
    "model": ("2", None, None, None, ""),
    "district_full": ("1", None, None, None, ""),
    "model_areas": ("1", "2", None, None, ""),
    "model_gardens": ("2", None, None, None, ""),
    "border_communes": ("20", None, None, None, ""),
    "border_avg": ("15", None, None, None, ""),
    "ocop_standardised": ("15", None, None, None, ""),
    "ocop_4_star": ("2", "3", None, None, ""),
    "road_km": ("350", None, None, None, ""),
    "road_rate": ("58", None, None, None, ""),
    "paved_centre_rate": ("96.1", None, None, None, ""),
    "village_road_rate": ("75", None, None, None, ""),
    "irrigation_works": ("60", None, None, None, ""),
    "canals_km": ("50", None, None, None, ""),
    "irrigated_area": ("35800", None, None, None, ""),
    "schools_new": ("20", None, None, None, ""),
    "radio_invested": ("20", None, None, None, ""),
    "ict_completed": ("10", None, None, None, ""),
    "radio_total": ("175", None, 181, None, "96,7"),
    "income": ("28.6", None, None, None, ""),
    "poverty_reduction": ("3", None, None, None, ""),
    "poverty_reduction_poor": ("4.5", None, None, None, ""),
    "jobs": ("1000", None, None, None, ""),
    "trainees": ("5000", None, None, None, ""),
    "trained_labour_rate": ("50", None, None, None, ""),
    "health_national": ("181", None, 181, "16", ""),
    "officials_trained": ("4000", None, None, None, ""),
    "dinh_lap": ("6", None, 9, None, ""),
}
# Section III: key → (amount in billion VND, printed share).
SEED_FUNDING = {
    "funding_total": ("5103.888", ""),
    "direct_budget": ("406.982", "8,0"),
    "integrated": ("1466.906", "28,7"),
    "enterprises": ("80", "1,6"),
    "credit": ("3000", "58,8"),
    "community": ("150", "2,9"),
}


def _dec(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)


def _write(tmp_path: Path, data: object, name: str = "ke-hoach.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _target(data: dict, key: str) -> dict:
    for section in data["sections"]:
        for t in section.get("targets", []):
            if t["key"] == key:
                return t
    raise KeyError(key)


def test_every_figure_of_sections_I_and_III_is_stored(plan_2023):
    targets = {t.key: t for t in plan_2023.targets.all()}
    for criterion, added, total, share in SEED_CRITERIA:
        t = targets[f"tc{criterion}"]
        assert t.criterion == criterion
        assert t.value == total and t.of_total == 181
        assert t.added == (None if added is None else Decimal(added))
        assert t.share_printed == share
    for key, (value, top, of, added, share) in SEED_OTHER.items():
        t = targets[key]
        assert (t.value, t.value_max, t.of_total, t.added, t.share_printed) == (
            _dec(value),
            _dec(top),
            of,
            _dec(added),
            share,
        ), key
    for key, (amount, share) in SEED_FUNDING.items():
        t = targets[key]
        assert (t.value, t.share_printed, t.unit) == (Decimal(amount), share, "tỷ đồng"), key
    assert targets["funding_total"].is_total
    dinh_lap = targets["dinh_lap"]
    assert dinh_lap.subject_unit.name == "Huyện Đình Lập"
    assert dinh_lap.details == {
        "criteria_set": "huyen-ntm-2021-2025",
        "criteria": ["1", "2", "3", "4", "5", "8"],
        "complete_in_year": ["2", "5", "8"],
    }
    assert plan_2023.communes_in_scope == 181 and plan_2023.year == 2023
    assert LegalBasis.objects.filter(plan=plan_2023).count() == 8
    assert plan_2023.legal_basis.get(number="46-NQ/TU").date == dt.date(2021, 9, 8)


def test_the_plan_round_trips(plan_2023):
    assert plan_export(plan_2023) == RAW


def test_every_target_of_the_file_reads_back(plan_2023):
    stored = {t.key: t for t in plan_2023.targets.all()}
    fields = {"value": "value", "max": "value_max", "added": "added", "baseline": "baseline"}
    n = 0
    for section in RAW["sections"]:
        for raw in section.get("targets", []):
            t = stored[raw["key"]]
            for name, attr in fields.items():
                expected = raw.get(name)
                got = getattr(t, attr)
                assert (None if expected is None else Decimal(str(expected))) == got, (t.key, name)
            assert t.of_total == raw.get("of")
            assert t.share_printed == raw.get("share", "")
            assert t.section.code == section["code"]
            n += 1
    assert n == len(stored) == 63


def test_dry_run_previews_and_writes_nothing(criteria_db, lang_son):
    result = plan_import(path=PLAN_FILE, dry_run=True)
    assert result.action == "dry-run" and result.plan is None
    assert not Plan.objects.exists() and not Target.objects.exists()
    text = "\n".join(result.summary)
    assert "Kế hoạch KH-NTM-LS-2023" in text
    assert "8 văn bản căn cứ, 29 mục, 63 chỉ tiêu" in text
    assert "tc1" in text and "≥ 163/181 xã (tăng 98, mốc 65, tỷ lệ in 90,05%)" in text
    assert "≥ 5.103,888 tỷ đồng" in text


def test_the_command_line_imports_previews_and_refuses_a_second_time(criteria_db, lang_son, capsys):
    call_command("plan", "import", str(PLAN_FILE), "--dry-run")
    assert "Chạy thử" in capsys.readouterr().out
    assert not Plan.objects.exists()
    call_command("plan", "import", str(PLAN_FILE))
    out = capsys.readouterr().out
    assert "Đã nạp kế hoạch KH-NTM-LS-2023." in out
    assert "Kiểm tra: 0 lỗi, 3 cảnh báo" in out
    with pytest.raises(CommandError, match="1 lỗi, không nạp gì"):
        call_command("plan", "import", str(PLAN_FILE))
    assert "dùng --replace" in capsys.readouterr().err
    call_command("plan", "import", str(PLAN_FILE), "--replace")
    assert "không đổi" in capsys.readouterr().out
    assert Plan.objects.count() == 1


def test_replace_updates_figures_and_keeps_reported_actuals(plan_2023, tmp_path):
    road = plan_2023.targets.get(key="road_km")
    ReportedActual.objects.create(target=road, value=Decimal(120), as_of=dt.date(2023, 6, 30))
    data = copy.deepcopy(RAW)
    _target(data, "tc2")["value"] = 93
    _target(data, "tc2")["added"] = 11
    result = plan_import(path=_write(tmp_path, data), replace=True)
    assert result.action == "replaced"
    assert plan_2023.targets.get(key="tc2").value == 93
    assert ReportedActual.objects.get().target.key == "road_km"
    assert PlanSection.objects.filter(plan=plan_2023).count() == 29
    # a target with reported figures cannot silently disappear
    for section in data["sections"]:
        section["targets"] = [t for t in section.get("targets", []) if t["key"] != "road_km"]
        if not section["targets"]:
            del section["targets"]
    section_i2 = next(s for s in data["sections"] if s["code"] == "I.2")
    _target(data, "tc2")["text"] = section_i2["targets"][1]["text"].replace(
        "{road_km.value}", "350"
    )
    with pytest.raises(PlanImportError) as refused:
        plan_import(path=_write(tmp_path, data), replace=True)
    assert [e.path for e in refused.value.errors] == ["road_km"]
    assert plan_2023.targets.filter(key="road_km").exists()


def _errors(tmp_path: Path, data: object) -> list[str]:
    with pytest.raises(PlanImportError) as refused:
        plan_import(path=_write(tmp_path, data))
    assert not Plan.objects.exists() and not Target.objects.exists()
    return [str(e) for e in refused.value.errors]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda d: _target(d, "tc5").update(criterion="20"),
            "sections[I.2].targets[tc5].criterion: không có tiêu chí «20» trong bộ "
            "xa-ntm-2021-2025",
        ),
        (
            lambda d: _target(d, "tc3").update(value=182),
            "sections[I.2].targets[tc3].value: 182 xã vượt quá số xã trong phạm vi kế hoạch (181)",
        ),
        (
            lambda d: _target(d, "ntm").update(added=190),
            "sections[I.1].targets[ntm].added: 190 xã vượt quá số xã trong phạm vi kế hoạch (181)",
        ),
        (
            lambda d: _target(d, "credit").update(value=-3000),
            "sections[III].targets[credit].value: số âm (-3000) không hợp lệ trong kế hoạch",
        ),
        (
            lambda d: _target(d, "integrated").update(value="1.466"),
            "sections[III].targets[integrated].value: «1.466» không rõ nghĩa",
        ),
        (
            lambda d: _target(d, "tc1").update(measure={"kind": "so_xa_dep"}),
            "sections[I.2].targets[tc1].measure.kind: cách đo «so_xa_dep» không có",
        ),
        (
            lambda d: _target(d, "radio_total").update(
                measure={"kind": "indicator_communes", "indicator": "8.9"}
            ),
            "sections[I.2].targets[radio_total].measure.indicator: không có chỉ tiêu «8.9»",
        ),
        (
            lambda d: _target(d, "dinh_lap").update(criteria=["1", "2", "3", "4", "5", "10"]),
            "sections[II.6].targets[dinh_lap].criteria: không có tiêu chí 10 trong bộ "
            "huyen-ntm-2021-2025",
        ),
        (
            lambda d: _target(d, "avg_criteria").update(max=12),
            "sections[I.1].targets[avg_criteria].max: mức trên 12 nhỏ hơn mức dưới 13",
        ),
        (
            lambda d: _target(d, "tc1").update(share="190,5"),
            "sections[I.2].targets[tc1].share: tỷ lệ 190,5% vượt quá 100%",
        ),
        (
            lambda d: _target(d, "tc1").update(text="lên {tc1.total}/{tc1.of} xã"),
            "sections[I.2].targets[tc1].text: chỗ điền «{tc1.total}»: trường «total» không có",
        ),
        (
            lambda d: _target(d, "tc1").update(text="lên {tc99.value} xã"),
            "sections[I.2].targets[tc1].text: chỗ điền «{tc99.value}»: không có chỉ tiêu «tc99»",
        ),
        (
            lambda d: _target(d, "tc2").update(key="tc1"),
            "sections[I.2].targets[tc1].key: mã chỉ tiêu bị trùng",
        ),
        (lambda d: d.update(unit="99999"), "unit: chưa có đơn vị hành chính mã «99999»"),
        (lambda d: d.update(year=2031), "criteria_set: bộ xa-ntm-2021-2025 áp dụng 2021-2025"),
        (lambda d: d.update(sections="I, II"), "sections: cần danh sách các mục của kế hoạch"),
        (lambda d: d.update(muc_tieu=1), "muc_tieu: trường không có trong định dạng"),
        (
            lambda d: d["sections"][1]["targets"][0].update(vaule=95),
            "sections[I.1].targets[ntm].vaule: trường không có trong định dạng",
        ),
    ],
)
def test_bad_files_are_refused_whole_with_field_and_reason(
    criteria_db, lang_son, tmp_path, change, expected
):
    data = copy.deepcopy(RAW)
    change(data)
    errors = _errors(tmp_path, data)
    assert any(e.startswith(expected) for e in errors), errors


def test_broken_files_are_refused(criteria_db, lang_son, tmp_path):
    path = tmp_path / "hong.yaml"
    path.write_text("code: [KH\n  - x: {", encoding="utf-8")
    with pytest.raises(PlanImportError, match="không phải YAML hợp lệ"):
        plan_import(path=path)
    assert _errors(tmp_path, ["không", "phải", "bảng"]) == [
        "tệp phải là một bảng (mapping) YAML ở mức ngoài cùng"
    ]
    with pytest.raises(PlanImportError, match="không mở được tệp"):
        plan_import(path=tmp_path / "khong-co.yaml")


def test_the_command_line_reports_every_problem_and_imports_nothing(
    criteria_db, lang_son, tmp_path, capsys
):
    data = copy.deepcopy(RAW)
    _target(data, "tc5").update(criterion="20")
    _target(data, "credit").update(value=-1)
    path = _write(tmp_path, data)
    with pytest.raises(CommandError, match="2 lỗi, không nạp gì"):
        call_command("plan", "import", str(path))
    err = capsys.readouterr().err
    assert "targets[tc5].criterion" in err and "targets[credit].value" in err
    assert not Plan.objects.exists()


def test_export_writes_the_same_document(plan_2023, tmp_path, capsys):
    out = tmp_path / "xuat.yaml"
    call_command("plan", "export", plan_2023.code, str(out))
    assert yaml.safe_load(out.read_text(encoding="utf-8")) == RAW
    call_command("plan", "list")
    assert "KH-NTM-LS-2023" in capsys.readouterr().out
