"""`ntm criteria ...` end to end on real files."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command("criteria", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_list_names_every_set(criteria_db):
    text = run("list")
    assert "xa-ntm-2021-2025" in text and "19 tiêu chí" in text
    assert "xa-ntm-2026-2030" in text and "10 tiêu chí" in text


def test_show_json_gives_thresholds_with_source_and_verified_flag(criteria_db):
    data = json.loads(
        run("show", "xa-ntm-2021-2025", "--region", "TDMNPB", "--year", "2023", "--format", "json")
    )
    assert len(data["criteria"]) == 19
    indicators = {i["code"]: i for c in data["criteria"] for i in c["indicators"]}
    assert indicators["15.4"]["threshold"] == 50.0 and indicators["15.4"]["verified"] is True
    assert indicators["2.1"]["threshold"] is None


def test_show_table(criteria_db):
    text = run("show", "xa-ntm-2021-2025", "--region", "TDMNPB", "--year", "2023")
    assert "15.4" in text and "≥ 50%" in text and "chưa có ngưỡng" in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["show", "khong-co"], "Không có bộ tiêu chí «khong-co»"),
        (["show", "xa-ntm-2021-2025", "--region", "XYZ"], "Không có vùng «XYZ»"),
        (["show", "xa-ntm-2021-2025", "--year", "2030"], "không áp dụng cho năm 2030"),
    ],
)
def test_show_refuses_unknown_codes(criteria_db, args, message):
    with pytest.raises(CommandError, match=message):
        run(*args)


def _csv(tmp_path, lines):
    path = tmp_path / "values.csv"
    path.write_text("unit_code,indicator_code,value\n" + "\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_evaluate_prints_verdicts_reasons_and_counts(criteria_db, lang_son, tmp_path):
    path = _csv(tmp_path, ["6244,15.4,45%", '6244,15.3,"20,5"', "6244,1.1,Đạt", "6244,1.2,x"])
    data = json.loads(
        run("evaluate", "xa-ntm-2021-2025", str(path), "--region", "TDMNPB", "--year", "2023")
    )
    result = data["6244"]
    assert result["indicators"]["15.4"]["verdict"] == "không đạt"
    assert "45% < 50%" in result["indicators"]["15.4"]["reason"]
    assert result["criteria"]["1"] is True
    assert result["criteria_met"] >= 1 and result["criteria_total"] == 19
    assert result["group"] is not None


def test_evaluate_csv_format(criteria_db, lang_son, tmp_path):
    path = _csv(tmp_path, ["6244,15.4,55"])
    text = run(
        "evaluate",
        "xa-ntm-2021-2025",
        str(path),
        "--region",
        "TDMNPB",
        "--year",
        "2023",
        "--format",
        "csv",
    )
    assert text.splitlines()[0].startswith("unit_code,indicator_code,verdict,reason")
    assert any(line.startswith("6244,15.4,đạt,") for line in text.splitlines())


def test_evaluate_names_every_bad_row_and_evaluates_nothing(criteria_db, lang_son, tmp_path):
    path = _csv(tmp_path, ["6244,15.4,130", "9999,15.4,50", "6244,99.1,1", '6244,2.1,"1.234"'])
    err = StringIO()
    with pytest.raises(CommandError, match="4 lỗi"):
        call_command(
            "criteria",
            "evaluate",
            "xa-ntm-2021-2025",
            str(path),
            "--region",
            "TDMNPB",
            "--year",
            "2023",
            stdout=StringIO(),
            stderr=err,
        )
    text = err.getvalue()
    assert "Dòng 2" in text and "100%" in text
    assert "Dòng 3: không có đơn vị hành chính mã «9999»" in text
    assert "Dòng 4" in text and "99.1" in text
    assert "Dòng 5" in text


def test_evaluate_missing_columns(criteria_db, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("unit,value\n1,2\n", encoding="utf-8")
    with pytest.raises(CommandError, match="thiếu cột unit_code, indicator_code"):
        run("evaluate", "xa-ntm-2021-2025", str(path), "--region", "TDMNPB", "--year", "2023")


def test_show_prints_every_threshold_with_its_unit_and_no_code(criteria_db):
    from ntm.demo.thresholds import demo_thresholds_ensure

    demo_thresholds_ensure()  # the demo's 42 million for 2023 (the law's figure is unread)
    text = run("show", "xa-ntm-2021-2025", "--region", "TDMNPB", "--year", "2023")
    income = next(line for line in text.splitlines() if line.strip().startswith("10 "))
    assert "≥ 42 triệu đồng/người/năm" in income
    assert "(xa-ntm-2021-2025)" not in text and "hai_long" not in text
    assert "Hài lòng" in text
