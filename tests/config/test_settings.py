"""Production settings refuse to start when something is missing or unsafe,
and pass Django's deployment checks when configured properly."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GOOD_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.production",
    "SECRET_KEY": "k3y-" + "x9Qz!aB7%pL2#mN5&rT8" * 3,
    "ALLOWED_HOSTS": "ntm.langson.gov.vn",
    "DATABASE_URL": "sqlite:////tmp/ntm-deploy-check.sqlite3",
}


def run_ntm(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    unwanted = {"DEBUG", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean = {k: v for k, v in os.environ.items() if k not in unwanted}
    return subprocess.run(
        [sys.executable, "-m", "ntm.cli", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_deploy_check_is_clean_with_production_settings():
    result = run_ntm("check", "--deploy", "--fail-level", "WARNING", env=GOOD_ENV)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"SECRET_KEY": ""}, "Thiếu biến môi trường SECRET_KEY"),
        ({"SECRET_KEY": "short"}, "SECRET_KEY quá ngắn"),
        ({"ALLOWED_HOSTS": ""}, "Thiếu ALLOWED_HOSTS"),
        ({"DATABASE_URL": ""}, "Thiếu DATABASE_URL"),
        ({"DEBUG": "true"}, "Không được bật DEBUG"),
        ({"DEBUG": "maybe"}, "DEBUG='maybe' không hợp lệ"),
    ],
)
def test_production_refuses_to_start_with_bad_settings(change, message):
    result = run_ntm("check", env={**GOOD_ENV, **change})
    assert result.returncode != 0
    assert message in result.stderr


def test_migrate_creates_the_cache_table_production_uses(tmp_path):
    """Production caches pages in the database: `ntm migrate` must leave the
    table there, or every dashboard would fail."""
    import sqlite3

    database = tmp_path / "ntm.sqlite3"
    done = run_ntm(
        "migrate", "--no-input", env={**GOOD_ENV, "DATABASE_URL": f"sqlite:///{database}"}
    )
    assert done.returncode == 0, done.stderr
    tables = {
        name
        for (name,) in sqlite3.connect(database).execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'"
        )
    }
    assert "ntm_cache" in tables
    again = run_ntm(
        "migrate", "--no-input", env={**GOOD_ENV, "DATABASE_URL": f"sqlite:///{database}"}
    )
    assert again.returncode == 0, again.stderr
