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


def run_python(code: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    unwanted = {"DEBUG", "DATABASE_URL", "DJANGO_SETTINGS_MODULE", "SECRET_KEY", "NTM_DEMO"}
    clean = {k: v for k, v in os.environ.items() if k not in unwanted}
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_ntm_without_a_settings_module_is_production_and_fails_closed():
    """A forgotten DJANGO_SETTINGS_MODULE must not run with DEBUG and a known key."""
    refused = run_python("from ntm.cli import main; main(['check'])", env={})
    assert refused.returncode != 0
    assert "Thiếu biến môi trường SECRET_KEY" in refused.stderr
    production = {k: v for k, v in GOOD_ENV.items() if k != "DJANGO_SETTINGS_MODULE"}
    code = (
        "from ntm.cli import main; from django.conf import settings; main(['check']); "
        "print(settings.SETTINGS_MODULE, settings.DEBUG, settings.SESSION_COOKIE_SECURE)"
    )
    served = run_python(code, env=production)
    assert served.returncode == 0, served.stderr
    assert "config.production False True" in served.stdout


def test_wsgi_without_a_settings_module_is_production_and_fails_closed():
    refused = run_python("import config.wsgi", env={})
    assert refused.returncode != 0
    assert "Thiếu biến môi trường SECRET_KEY" in refused.stderr
    production = {k: v for k, v in GOOD_ENV.items() if k != "DJANGO_SETTINGS_MODULE"}
    code = "import config.wsgi; from django.conf import settings; print(settings.SETTINGS_MODULE)"
    served = run_python(code, env=production)
    assert served.returncode == 0, served.stderr
    assert served.stdout.strip() == "config.production"


def test_the_demo_asks_for_development_settings_explicitly():
    code = (
        "from ntm.cli import main; from django.conf import settings; main(['check']); "
        "print(settings.SETTINGS_MODULE, settings.DEBUG)"
    )
    demo = run_python(code, env={"NTM_DEMO": "1"})
    assert demo.returncode == 0, demo.stderr
    assert "config.dev True" in demo.stdout


@pytest.mark.parametrize(
    ("name", "raw"),
    [
        ("NTM_LOGIN_FAILURE_LIMIT", "nhiều"),
        ("NTM_LOGIN_FAILURE_LIMIT", "0"),
        ("NTM_LOGIN_COOLOFF_MINUTES", "-5"),
        ("NTM_SESSION_IDLE_MINUTES", "1.5"),
        ("NTM_SESSION_MAX_HOURS", "0"),
    ],
)
def test_an_invalid_account_setting_stops_the_start(name, raw):
    result = run_ntm("check", env={**GOOD_ENV, name: raw})
    assert result.returncode != 0
    assert f"Biến môi trường {name}={raw!r} không hợp lệ" in result.stderr


def test_the_account_settings_come_from_the_environment():
    code = (
        "from ntm.cli import main; from django.conf import settings as s; main(['check']); "
        "print(s.AXES_FAILURE_LIMIT, s.AXES_COOLOFF_TIME.total_seconds(), "
        "s.NTM_SESSION_IDLE_MINUTES, s.SESSION_COOKIE_AGE, s.NTM_CLIENT_IP_HEADER)"
    )
    env = {
        **GOOD_ENV,
        "NTM_LOGIN_FAILURE_LIMIT": "8",
        "NTM_LOGIN_COOLOFF_MINUTES": "30",
        "NTM_SESSION_IDLE_MINUTES": "20",
        "NTM_SESSION_MAX_HOURS": "9",
        "NTM_CLIENT_IP_HEADER": "X-Real-IP",
    }
    result = run_python(code, env=env)
    assert result.returncode == 0, result.stderr
    assert "8 1800.0 20 32400 X-Real-IP" in result.stdout
