"""`ntm data`: the dry run changes nothing; refusals exit with the reasons."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.exchange.conftest import db_counts, fill, make_template

pytestmark = pytest.mark.django_db


def test_dry_run_lists_changes_and_changes_nothing(world, tan_lien, enter, tmp_path: Path, capsys):
    enter(tan_lien, "2023", {"2.1": "80"})
    path = tmp_path / "a.xlsx"
    path.write_bytes(
        fill(make_template(tan_lien), {(tan_lien.code, "2.1"): "90", (tan_lien.code, "3.1"): 85})
    )
    before = db_counts()
    call_command("data", "import", str(path), "--user", "tanlien", "--dry-run")
    out = capsys.readouterr().out
    assert "2 thay đổi · 0 lỗi · 0 xung đột" in out
    assert "Xã Tân Liên (6244) ô G7 2.1: 80 → 90 [chưa có ngưỡng]" in out
    assert "3.1: (trống) → 85 [đạt]" in out
    assert "Chạy thử: không có gì được ghi." in out
    assert db_counts() == before


def test_errors_exit_non_zero_and_store_nothing(world, tan_lien, tmp_path: Path, capsys):
    path = tmp_path / "loi.xlsx"
    path.write_bytes(fill(make_template(tan_lien), {(tan_lien.code, "2.1"): "tám mươi"}))
    before = db_counts()
    with pytest.raises(CommandError, match="1 lỗi và 0 xung đột: không ghi gì cả"):
        call_command("data", "import", str(path), "--user", "tanlien")
    assert (
        "LỖI  Trang 'Số liệu', ô G7: (Xã Tân Liên, chỉ tiêu 2.1) «tám mươi»"
        in capsys.readouterr().out
    )
    assert db_counts() == before
    with pytest.raises(CommandError, match="Không có tài khoản «khong-co»"):
        call_command("data", "import", str(path), "--user", "khong-co")
    (tmp_path / "x.txt").write_text("xin chào")
    with pytest.raises(CommandError, match="không phải là bảng tính Excel"):
        call_command("data", "import", str(tmp_path / "x.txt"), "--user", "tanlien")
    with pytest.raises(CommandError, match="Không có đơn vị hành chính mã «0000»"):
        call_command("data", "template", "--unit", "0000", "--period", "2023", "--out", str(path))
