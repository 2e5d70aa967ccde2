"""The `ntm` command's one vocabulary (``--period``, ``--unit``, ``--format``,
``--user``): every command that prints figures gives valid JSON with
``--format json``, old Vietnamese option names still work with a note on
stderr, and refusals become the command's error message."""

from __future__ import annotations

import json
import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command, get_commands, load_command_class
from django.utils import translation

from ntm.cli_options import OptionError, period_option, unit_option, user_option
from ntm.units.selectors import UnitLookupError, unit_resolve
from tests.exchange.conftest import fill, make_template, world  # noqa: F401
from tests.planning.conftest import plan_2023  # noqa: F401

pytestmark = pytest.mark.django_db


def run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def run_json(*args: str) -> object:
    out, _err = run(*args, "--format", "json")
    return json.loads(out)


# -- resolution -------------------------------------------------------------------------------


def test_a_unit_by_code_or_by_name(lang_son):
    assert unit_resolve("183").name == "Huyện Cao Lộc"
    assert unit_resolve(" huyện cao lộc ").code == "183"
    assert unit_resolve("tan lien").name == "Xã Tân Liên"
    with pytest.raises(UnitLookupError, match="Không có đơn vị hành chính mã «9999»"):
        unit_resolve("9999")


def test_an_ambiguous_name_names_the_choices(lang_son):
    with pytest.raises(UnitLookupError, match="Hãy dùng mã đơn vị") as refused:
        unit_resolve("Cao Lộc")  # the district and its town
    assert "Huyện Cao Lộc (183)" in str(refused.value)


def test_default_unit_is_the_province_and_summaries_take_areas_only(lang_son):
    assert unit_option(None) == lang_son
    assert unit_option("183", areas_only=True).code == "183"
    with pytest.raises(OptionError, match="Không có tỉnh hoặc huyện mã «6244»"):
        unit_option("6244", areas_only=True)


def test_no_units_yet(db):
    with pytest.raises(OptionError, match="ntm units import"):
        unit_option(None)


def test_periods_and_users():
    assert period_option("2023-q4") == "2023-Q4"
    assert period_option(None) is None and period_option(" ") is None
    with pytest.raises(OptionError, match="Kỳ «2023-Q5» không hợp lệ"):
        period_option("2023-Q5")
    with pytest.raises(OptionError, match="Không có tài khoản «ai»"):
        user_option("ai")


# -- --format json, command by command ----------------------------------------------------------


def test_criteria_json(criteria_db):
    loaded = run_json("criteria", "load")
    assert set(loaded) == {"sets", "criteria", "indicators"} and loaded["sets"] >= 2
    sets = {s["code"]: s for s in run_json("criteria", "list")}
    assert sets["xa-ntm-2021-2025"]["criteria"] == 19
    show = run_json("criteria", "show", "xa-ntm-2021-2025", "--year", "2023")
    assert len(show["criteria"]) == 19


def test_units_json(lang_son, tmp_path):
    stats = run_json("units", "stats")
    assert stats["by_type"]["xa"] == 181 and stats["programme_communes"] == 181
    assert len(stats["districts"]) == 11
    path = tmp_path / "units.csv"
    shutil.copy(Path(__file__).resolve().parents[1] / "ntm/data/units/lang-son-2023.csv", path)
    imported = run_json("units", "import", str(path))
    assert imported["created"] == 0 and imported["unchanged"] > 200


def test_plan_json(plan_2023):  # noqa: F811
    plans = run_json("plan", "list")
    assert plans[0]["code"] == plan_2023.code and plans[0]["targets"] > 0
    checked = run_json("plan", "check", plan_2023.code)
    assert checked["plan"] == plan_2023.code and checked["errors"] == 0
    progress = run_json("plan", "progress", plan_2023.code, "--period", "2023")
    assert progress["period"] == "2023" and progress["scope"]["name"] == "Tỉnh Lạng Sơn"
    assert progress["targets"] and all(t["status"] for t in progress["targets"])


def test_plan_import_json(criteria_db, lang_son):
    from tests.planning.conftest import PLAN_FILE

    data = run_json("plan", "import", str(PLAN_FILE), "--dry-run")
    assert data["action"] == "dry-run" and data["summary"]
    data = run_json("plan", "import", str(PLAN_FILE))
    assert data["action"] == "created" and data["check"] is not None


def test_plan_progress_old_names_still_work_with_a_note(plan_2023):  # noqa: F811
    new, new_err = run(
        "plan", "progress", plan_2023.code, "--period", "2023", "--unit", "183", "--format", "json"
    )
    old, old_err = run(
        "plan", "progress", plan_2023.code, "--ky", "2023", "--huyen", "183", "--format", "json"
    )
    assert json.loads(old) == json.loads(new) and json.loads(new)["scope"]["code"] == "183"
    assert new_err == ""
    assert "--ky đã cũ" in old_err and "dùng --period" in old_err
    assert "--huyen đã cũ" in old_err and "dùng --unit" in old_err


def test_plan_progress_unit_by_name(plan_2023):  # noqa: F811
    data = run_json("plan", "progress", plan_2023.code, "--unit", "huyện cao lộc")
    assert data["scope"]["code"] == "183"


def test_data_json(world, tan_lien, tmp_path):  # noqa: F811
    out = tmp_path / "bieu-mau.xlsx"
    template = run_json(
        "data", "template", "--unit", "Xã Tân Liên", "--period", "2023", "--out", str(out)
    )
    assert template["unit"]["code"] == tan_lien.code and template["communes"] == 1
    assert out.exists()
    filled = tmp_path / "a.xlsx"
    filled.write_bytes(fill(make_template(tan_lien), {(tan_lien.code, "3.1"): 85}))
    checked = run_json("data", "import", str(filled), "--user", "tanlien", "--dry-run")
    assert checked["change_count"] == 1 and checked["changes"][0]["new"] == "85"
    assert checked["committed"] is False and checked["errors"] == []
    exported = run_json("data", "export", "--period", "2023", "--out", str(tmp_path / "x.json"))
    assert exported["unit"]["name"] == "Tỉnh Lạng Sơn" and exported["communes"] == 181
    assert json.loads((tmp_path / "x.json").read_text(encoding="utf-8"))


def test_data_import_json_with_errors_prints_json_and_refuses(world, tan_lien, tmp_path):  # noqa: F811
    path = tmp_path / "loi.xlsx"
    path.write_bytes(fill(make_template(tan_lien), {(tan_lien.code, "2.1"): "tám mươi"}))
    out = StringIO()
    with pytest.raises(CommandError, match="1 lỗi và 0 xung đột"):
        call_command(
            "data", "import", str(path), "--user", "tanlien", "--format", "json", stdout=out
        )
    assert len(json.loads(out.getvalue())["errors"]) == 1


def test_data_template_refuses_an_unknown_user(lang_son, tmp_path):
    with pytest.raises(CommandError, match="Không có tài khoản «ai» đang hoạt động"):
        run(
            "data",
            "template",
            "--unit",
            "183",
            "--period",
            "2023",
            "--out",
            str(tmp_path / "t.xlsx"),
            "--user",
            "ai",
        )


def test_old_format_name_table_means_text(criteria_db):
    text, _ = run("criteria", "show", "xa-ntm-2021-2025", "--year", "2023")
    table, err = run("criteria", "show", "xa-ntm-2021-2025", "--year", "2023", "--format", "table")
    assert table == text and "--format table đã cũ" in err


def test_option_errors_are_command_errors(lang_son):
    with pytest.raises(CommandError, match="Kỳ «2023-Q9» không hợp lệ"):
        run("report", "build", "tien-do", "--period", "2023-Q9", "--out", "/tmp/khong-ghi.docx")


@pytest.mark.parametrize(
    ("command", "vietnamese", "english"),
    [
        ("status", "Tình hình xây dựng nông thôn mới", "Progress of New Rural Development"),
        ("data", "Trao đổi số liệu bằng Excel", "Data exchange through Excel"),
        ("report", "Văn bản, báo cáo", "Documents and reports"),
        ("plan", "Kế hoạch: nạp tệp kế hoạch", "Plans: import a plan file"),
        ("units", "Đơn vị hành chính: nạp từ CSV", "Administrative units: import from CSV"),
        ("criteria", "Bộ tiêu chí: nạp (load)", "Criteria sets: load, list, show"),
    ],
)
def test_help_is_read_in_the_language_of_the_moment(command, vietnamese, english):
    """The description is a lazy translation: ``--help`` renders it (argparse
    needs a str), in Vietnamese by default and in English when asked."""

    def help_text() -> str:
        cmd = load_command_class(get_commands()[command], command)
        return " ".join(cmd.create_parser("ntm", command).format_help().split())

    assert vietnamese in help_text()
    with translation.override("en"):
        assert english in help_text()
