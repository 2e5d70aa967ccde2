"""SQLite settings for concurrent writes: the write lock taken when a
transaction starts, a busy timeout from NTM_SQLITE_BUSY_TIMEOUT, WAL."""

from __future__ import annotations

import pytest

from tests.config.test_settings import GOOD_ENV, run_ntm

SHOW = (
    "from django.conf import settings; from django.db import connection; "
    "o = settings.DATABASES['default']['OPTIONS']; "
    "print(o['transaction_mode'], o['timeout']); connection.ensure_connection(); "
    "print(connection.cursor().execute('PRAGMA journal_mode').fetchone()[0])"
)


def test_sqlite_takes_the_write_lock_at_the_start_and_waits(tmp_path):
    env = {**GOOD_ENV, "DATABASE_URL": f"sqlite:///{tmp_path / 'ntm.sqlite3'}"}
    result = run_ntm(
        "shell", "--no-imports", "-c", SHOW, env={**env, "NTM_SQLITE_BUSY_TIMEOUT": "7"}
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["IMMEDIATE", "7", "wal"]
    default = run_ntm("shell", "--no-imports", "-c", SHOW, env=env)
    assert default.stdout.split()[:2] == ["IMMEDIATE", "20"]


@pytest.mark.parametrize("value", ["0", "abc"])
def test_a_bad_busy_timeout_stops_the_process(value):
    result = run_ntm("check", env={**GOOD_ENV, "NTM_SQLITE_BUSY_TIMEOUT": value})
    assert result.returncode != 0
    assert "NTM_SQLITE_BUSY_TIMEOUT" in result.stderr
