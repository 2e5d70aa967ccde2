"""Back up the test database with `ntm backup`, restore with `ntm restore`
(a separate process, settings said explicitly) into a fresh database, and
compare every table row by row and every uploaded file. On the PostgreSQL
run, also PostgreSQL -> SQLite -> PostgreSQL: each hop restores the backup
the previous database made."""

from __future__ import annotations

import io
import tarfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from ntm.ops.tables import backed_up_models, model_label, transient_models
from tests.ops import table_rows
from tests.ops.conftest import EVIDENCE, ON_POSTGRESQL, TARGETS, ntm_env, ntm_ok, rows_of

pytestmark = pytest.mark.django_db

CHAINS = [[t] for t in TARGETS] + ([["sqlite", "postgresql"]] if ON_POSTGRESQL else [])


def test_every_table_is_backed_up_or_transient_on_purpose():
    tables = set(connection.introspection.table_names())
    held = {m._meta.db_table for m in backed_up_models()}
    transient = {m._meta.db_table for m in transient_models()}
    # django_migrations is the schema, compared, never copied; the cache table
    # (production) is rebuilt by `ntm createcachetable`.
    assert tables - held - transient - {"django_migrations", "ntm_cache"} == set()
    labels = [model_label(m) for m in backed_up_models()]
    assert labels.index("units.adminunit") < labels.index("monitoring.report")
    assert labels.index("monitoring.report") < labels.index("monitoring.indicatorvalue")


@pytest.mark.parametrize("chain", CHAINS, ids=["-".join(c) for c in CHAINS])
def test_backup_restores_every_row_and_file(source, tmp_path: Path, fresh_database, chain, capsys):
    archive = tmp_path / "sao-luu" / "ntm.tar.gz"
    call_command("backup", "--out", str(archive))
    printed = capsys.readouterr().out
    assert "monitoring.indicatorvalue:" in printed and "Đã sao lưu" in printed
    with tarfile.open(archive) as tar:
        names = tar.getnames()
    assert names[-1] == "manifest.json"
    assert {f"media/{n}" for n in EVIDENCE} <= set(names)

    expected = {"tables": table_rows.tables(), "media": table_rows.media()}
    assert len(expected["tables"]["monitoring.indicatorvalue"]) >= 6
    assert any(n.startswith("nhap-excel/") for n in expected["media"])
    for n, kind in enumerate(chain):
        env = ntm_env(fresh_database(kind), tmp_path / f"media-{n}")
        ntm_ok(env, "migrate", "--no-input", "-v", "0")
        out = ntm_ok(env, "restore", str(archive))
        assert "Kiểm tra khóa ngoại" in out and "Đã khôi phục" in out
        next_archive = tmp_path / f"hop-{n}.tar.gz"  # before the insert below
        ntm_ok(env, "backup", "--out", str(next_archive))
        restored = rows_of(env, "--insert")
        for label, rows in expected["tables"].items():
            assert restored["tables"][label] == rows, label
        assert restored["media"] == expected["media"]
        files = env["MEDIA_ROOT"]
        assert (Path(files) / next(iter(EVIDENCE))).read_bytes() == next(iter(EVIDENCE.values()))
        users = [row[0] for row in expected["tables"]["accounts.user"]]
        assert restored["inserted_user_id"] > max(users)  # sequences moved on
        archive = next_archive


def test_restore_check_reads_without_writing(source, tmp_path: Path, fresh_database):
    archive = tmp_path / "ntm.tar.gz"
    call_command("backup", "--out", str(archive), stdout=io.StringIO())
    env = ntm_env(fresh_database("sqlite"), tmp_path / "media")
    ntm_ok(env, "migrate", "--no-input", "-v", "0")
    assert "Kiểm tra xong" in ntm_ok(env, "restore", "--check", str(archive))
    after = rows_of(env)
    assert after["tables"]["accounts.user"] == [] and after["media"] == {}
