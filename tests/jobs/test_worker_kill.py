"""A real worker process killed (SIGKILL) while it commits a large import:
recovery fails its job with a message, the batch goes back to waiting for a
decision with no value written, and a new worker then commits it fully.

Runs against a database file (SQLite), or against a fresh PostgreSQL
database on the server of DATABASE_URL when the suite runs on PostgreSQL."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import dj_database_url
import pytest

ROOT = Path(__file__).resolve().parents[2]
INTERRUPTED = "Tác vụ bị gián đoạn (máy chủ xử lý dừng giữa chừng)"


@pytest.fixture
def database(tmp_path: Path) -> Iterator[tuple[str, Callable[[str], Any]]]:
    """A database URL of its own and a way to read one value from it."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        path = tmp_path / "ntm.sqlite3"

        def read_sqlite(sql: str) -> Any:
            with sqlite3.connect(path, timeout=20) as db:
                row = db.execute(sql).fetchone()
            return row[0] if row else None

        yield f"sqlite:///{path}", read_sqlite
        return
    import psycopg

    config = dj_database_url.parse(url)
    name = f"ntm_worker_kill_{uuid.uuid4().hex[:8]}"
    server = {
        "host": config["HOST"],
        "port": config["PORT"] or 5432,
        "user": config["USER"],
        "password": config["PASSWORD"] or None,
    }
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')

    def read_postgres(sql: str) -> Any:
        with psycopg.connect(dbname=name, autocommit=True, **server) as db:
            row = db.execute(sql).fetchone()
        return row[0] if row else None

    try:
        yield url.rsplit("/", 1)[0] + f"/{name}", read_postgres
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _env(tmp_path: Path, database_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "NTM_"))}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.base",
            "DATABASE_URL": database_url,
            "NTM_VAR_DIR": str(tmp_path / "var"),
            "NTM_DEMO": "1",
            "SECRET_KEY": "worker-kill-test-only",
            "DEBUG": "false",
            "PYTHONPATH": str(ROOT),
        }
    )
    return env


def _world(env: dict[str, str], action: str) -> dict[str, Any]:
    result = subprocess.run(
        [sys.executable, "-m", "tests.jobs.worker_world", action],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def _worker(env: dict[str, str], *extra: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "ntm.cli", "db_worker", "--no-reload", "--interval", "0.1", *extra],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _wait_for(read: Callable[[], Any], expected: Any, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while read() != expected:
        assert time.monotonic() < deadline, f"still {read()!r}, waited for {expected!r}"
        time.sleep(0.02)


def test_a_worker_killed_mid_commit_leaves_nothing_half_written(database, tmp_path):
    url, read = database
    env = _env(tmp_path, url)
    before = _world(env, "setup")
    assert before["batch_status"] == "queued" and before["tasks"] == ["READY"]
    assert before["n_changes"] > 10_000 and before["values"] == 0
    job = before["job"]

    worker = _worker(env)
    try:
        _wait_for(lambda: read(f"select status from jobs_job where id = {job}"), "running", 60)
        time.sleep(0.3)  # inside the commit's transaction (it takes seconds)
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=10)
    finally:
        worker.kill()
    killed = _world(env, "state")
    assert killed["values"] == 0, "the kill came after the commit: make the import larger"
    assert (killed["batch_status"], killed["job_status"]) == ("queued", "running")
    assert killed["tasks"] == ["RUNNING"]

    # Within the stale period nothing is touched: the worker might be alive.
    fresh = subprocess.run(
        [sys.executable, "-m", "ntm.cli", "jobs", "recover"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert fresh.returncode == 0, fresh.stderr
    assert _world(env, "state")["job_status"] == "running"

    time.sleep(1.2)
    recovered = subprocess.run(
        [sys.executable, "-m", "ntm.cli", "jobs", "recover", "--stale-seconds", "1"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert recovered.returncode == 0, recovered.stderr
    assert f"1 tác vụ bị gián đoạn: {job}" in recovered.stdout
    after = _world(env, "state")
    assert after["job_status"] == "failed" and INTERRUPTED in after["job_message"]
    assert after["tasks"] == ["FAILED"]
    assert after["batch_status"] == "previewed" and "không có giá trị nào" in after["batch_message"]
    assert after["values"] == 0

    retried = _world(env, "retry")
    assert retried["batch_status"] == "queued" and retried["job"] != job
    worker = _worker(env, "--batch")
    try:
        assert worker.wait(timeout=120) == 0
    finally:
        worker.kill()
    done = _world(env, "state")
    assert (done["batch_status"], done["job_status"]) == ("committed", "done")
    assert done["values"] == done["n_changes"] == before["n_changes"]
    assert done["tasks"] == ["FAILED", "SUCCESSFUL"]
