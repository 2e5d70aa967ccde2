"""`ntm demo --no-serve` on a fresh data folder, twice (what `make demo` runs)."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_demo_prepares_a_fresh_database_and_can_run_again(tmp_path):
    env = {
        k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}
    }
    env.update({"NTM_VAR_DIR": str(tmp_path / "var"), "NTM_DEMO": "1"})
    for _ in range(2):
        result = subprocess.run(
            [sys.executable, "-m", "ntm.cli", "demo", "--no-serve"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert result.returncode == 0, result.stderr
        assert "Bản trình diễn đã sẵn sàng" in result.stdout
        assert "quantri" in result.stdout and "langson2023" in result.stdout
    db = sqlite3.connect(tmp_path / "var" / "ntm.sqlite3")
    assert db.execute("select count(*) from units_adminunit where in_programme").fetchone() == (
        181,
    )
    assert db.execute("select count(*) from accounts_user").fetchone() == (6,)
    assert db.execute("select count(*) from criteria_criteriaset").fetchone() == (5,)
