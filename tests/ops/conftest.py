"""Fixtures for backup and restore: demo-like data written through the real
services (units, criteria, accounts, values and their workflow, an Excel
upload and evidence files in storage), and fresh databases to restore into:
a SQLite file always, a new PostgreSQL database on the server of
DATABASE_URL when the suite runs on PostgreSQL."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import dj_database_url
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from tests.exchange.conftest import enter, fill, make_template, world  # noqa: F401

ROOT = Path(__file__).resolve().parents[2]
SUITE_URL = os.environ.get("DATABASE_URL", "")
ON_POSTGRESQL = SUITE_URL.startswith("postgres")
# Targets of a restore: SQLite always; PostgreSQL when the suite runs on it
# (CI's second run), so nothing is skipped on either run.
TARGETS = ["sqlite", "postgresql"] if ON_POSTGRESQL else ["sqlite"]
EVIDENCE = {
    "minh-chung/2023/xa/Biên bản nghiệm thu đường.pdf": b"%PDF-1.4 bien ban" * 300,
    "minh-chung/2023/xa/anh-1.jpg": bytes(range(256)) * 40,
}


@pytest.fixture
def source(world, lang_son, tan_lien, cao_loc, enter):  # noqa: F811
    """The data to back up; returns nothing, it is in the test database."""
    neighbours = list(
        cao_loc.children.filter(type="xa", in_programme=True).exclude(pk=tan_lien.pk)[:2]
    )
    enter(tan_lien, "2023", {"2.1": "85,5%", "3.1": "82", "1.1": "Đạt"}, status="approved")
    enter(neighbours[0], "2023", {"2.1": "60", "10": "45,2"}, status="submitted")
    enter(neighbours[1], "2022", {"2.1": "-0"})
    from ntm.exchange.services import import_upload

    data = fill(make_template(tan_lien), {(tan_lien.code, "2.1"): "90"})
    import_upload(user=world["tanlien"], data=data, filename="Biểu Tân Liên.xlsx")
    for name, content in EVIDENCE.items():
        default_storage.save(name, ContentFile(content))
    yield
    for name in [*EVIDENCE]:
        default_storage.delete(name)


def _server(url: str) -> dict[str, Any]:
    config = dj_database_url.parse(url)
    return {
        "host": config["HOST"],
        "port": config["PORT"] or 5432,
        "user": config["USER"],
        "password": config["PASSWORD"] or None,
    }


@pytest.fixture
def fresh_database(tmp_path: Path) -> Iterator[Any]:
    """fresh_database(kind) -> the URL of a new, empty database."""
    created: list[str] = []

    def make(kind: str) -> str:
        if kind == "sqlite":
            return f"sqlite:///{tmp_path / f'restored-{uuid.uuid4().hex[:6]}.sqlite3'}"
        import psycopg

        name = f"ntm_restore_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(dbname="postgres", autocommit=True, **_server(SUITE_URL)) as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
        created.append(name)
        return SUITE_URL.rsplit("/", 1)[0] + f"/{name}"

    yield make
    if created:
        import psycopg

        with psycopg.connect(dbname="postgres", autocommit=True, **_server(SUITE_URL)) as admin:
            for name in created:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def ntm_env(database_url: str, media: Path) -> dict[str, str]:
    """The environment of an `ntm` run against another database, with its
    settings module said explicitly."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "NTM_"))}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.base",
            "DATABASE_URL": database_url,
            "MEDIA_ROOT": str(media),
            "NTM_VAR_DIR": str(media.parent / "var"),
            "SECRET_KEY": "backup-test-only",
            "DEBUG": "false",
            "PYTHONPATH": str(ROOT),
        }
    )
    return env


def run(
    env: dict[str, str], *args: str, module: str = "ntm.cli"
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", module, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def ntm_ok(env: dict[str, str], *args: str) -> str:
    result = run(env, *args)
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def rows_of(env: dict[str, str], *args: str) -> dict[str, Any]:
    result = run(env, *args, module="tests.ops.table_rows")
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])
