"""`ntm status` on the crafted world: a commune's scorecard and the province
figures, as text and JSON, and clear errors."""

from __future__ import annotations

import json
import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from tests.monitoring import test_dashboards_world as world
from tests.monitoring.test_dashboards_world import A3, A5, B3, CRITERIA, DISTRICT_A, MAIN

pytestmark = pytest.mark.django_db
dash_world = world.dash_world  # the module-scoped crafted world


def run(*args: str) -> str:
    out = StringIO()
    call_command("status", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_summary_json_gives_the_province_figures(dash_world):
    exp = dash_world.expected("2022")
    data = json.loads(run("--summary", "--period", "2022", "--format", "json"))
    assert data["period"] == "2022" and data["criteria_set"] == MAIN
    assert (data["communes"], data["reported"]) == (181, len(exp.reported))
    assert data["average_criteria"] == round(exp.avg, 2)
    assert data["meeting_all_criteria"] == len(exp.full)
    assert {c["code"]: c["met"] for c in data["criteria"]} == {
        c: exp.criterion(c) for c in CRITERIA
    }
    first = data["criteria"][0]
    assert first["share"] == round(100 * exp.criterion("1") / 181, 2)
    assert [(lv["code"], lv["communes"]) for lv in data["levels"]] == [
        ("ntm", 2),
        ("ntm-nang-cao", 1),
        ("ntm-kieu-mau", 1),
    ]
    assert [b["communes"] for b in data["bands"]] == [1, 1, 1, 1, 3, 174]
    assert data["border"] == {"flagged": 2, "reported": 2, "average_criteria": 18.0}
    rec = data["recognitions"]
    assert rec["recognised_ntm"] == len(exp.recognised)
    assert rec["recognised_short"][0]["missing"] == ["2", "17"]
    districts = {d["code"]: d for d in data["districts"]}
    assert districts[DISTRICT_A]["average_criteria"] == 14.5
    in_a = dash_world.expected("2022", DISTRICT_A)
    assert districts[DISTRICT_A]["criteria"] == {c: in_a.criterion(c) for c in CRITERIA}


def test_summary_table_in_vietnamese(dash_world):
    text = run("--summary", "--period", "2022")
    assert "Tỉnh Lạng Sơn · Năm 2022" in text
    assert "Bình quân tiêu chí/xã: 14,29" in text
    assert "Xã có số liệu đã phê duyệt: 7/181 (3,87%)" in text
    assert " 4/181" in text and "2,21%" in text  # criterion 1
    assert "Xã Thanh Lòa (6193): 17 tiêu chí, chưa đạt 2, 17" in text
    assert "Huyện Cao Lộc" in text and "14,50" in text


def test_summary_of_a_district_and_default_period(dash_world):
    data = json.loads(run("--summary", "--scope", DISTRICT_A, "--format", "json"))
    assert data["period"] == "2023" and data["scope"]["name"] == "Huyện Cao Lộc"
    assert data["reported"] == len(dash_world.expected("2023", DISTRICT_A).reported)


def test_unit_scorecard_table(dash_world):
    text = run("--unit", A3, "--period", "2022")
    assert text.startswith("Xã Thanh Lòa (6193), Huyện Cao Lộc · Năm 2022 · báo cáo: Tỉnh đã")
    assert "Số tiêu chí đạt: 17/19 · nhóm: Từ 15 đến 18 tiêu chí" in text
    assert "2. Giao thông: CHƯA ĐẠT" in text and "1. Quy hoạch: đạt" in text
    assert "2.1: 10% < 50%" in text  # the engine's reason, with the threshold
    assert "Còn thiếu để đạt «Xã đạt chuẩn nông thôn mới»:" in text
    assert "tiêu chí chưa đạt: 2, 17" in text
    assert "2.1: giá trị 10%, ngưỡng ≥ 50% (không đạt)" in text
    assert "Năm 2023" in text  # history
    assert "Đạt chuẩn nông thôn mới · 6193/QĐ-UBND ngày 10/10/2019" in text


def test_unit_scorecard_json(dash_world):
    data = json.loads(run("--unit", A3, "--period", "2022", "--format", "json"))
    assert data["criteria_met"] == 17 and data["criteria_total"] == 19
    verdicts = {c["code"]: c["met"] for c in data["criteria"]}
    assert [c for c, met in verdicts.items() if not met] == ["2", "17"]
    assert data["next_level"]["criteria"] == ["2", "17"]
    assert [h["period"] for h in data["history"]] == ["2022", "2023"]
    assert data["recognitions"][0]["level"] == "ntm"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--unit", "99999"], "Không có đơn vị hành chính mã «99999»"),
        (["--unit", A3, "--period", "2019"], "Chưa có kỳ báo cáo «2019»"),
        (["--unit", A3, "--period", "hai-nghin"], "Kỳ «hai-nghin» không hợp lệ"),
        (["--summary", "--period", "2030-Q5"], "Kỳ «2030-Q5» không hợp lệ"),
        (["--unit", "183"], "Huyện Cao Lộc không phải xã thuộc Chương trình"),
        (["--unit", A5, "--period", "2022"], "chưa được tỉnh phê duyệt (trạng thái: «Chờ huyện"),
        (["--summary", "--scope", A3], "Không có tỉnh hoặc huyện mã «6193»"),
    ],
)
def test_clear_errors(dash_world, args, message):
    with pytest.raises(CommandError, match=re.escape(message)):
        run(*args)


def test_drafts_only_when_asked(dash_world):
    with pytest.raises(CommandError, match="--include-drafts"):
        run("--unit", B3, "--period", "2022")
    text = run("--unit", B3, "--period", "2022", "--include-drafts")
    assert "báo cáo: Đang nhập" in text


def test_old_scope_name_and_format_table_still_work(dash_world):
    out, err = StringIO(), StringIO()
    call_command(
        "status", "--summary", "--scope", DISTRICT_A, "--format", "json", stdout=out, stderr=err
    )
    assert json.loads(out.getvalue())["scope"]["name"] == "Huyện Cao Lộc"
    assert "--scope đã cũ" in err.getvalue() and "dùng --unit" in err.getvalue()
    text = run("--summary", "--unit", DISTRICT_A)
    assert run("--summary", "--unit", DISTRICT_A, "--format", "table") == text
    assert run("--summary", "--unit", "huyện cao lộc") == text  # a unit by its name


def test_a_commune_or_the_summary_must_be_asked_for(dash_world):
    with pytest.raises(CommandError, match="--summary"):
        run("--period", "2022")
