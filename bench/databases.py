"""Databases for the benchmarks: a fresh SQLite file, or a database on a
throwaway PostgreSQL cluster that ``python -m bench`` starts on loopback
(the same way CI does) and stops at the end."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

OUT = Path(__file__).with_name("out")
PG_PORT = 54330
PG_ENV = "NTM_BENCH_POSTGRES"  # base URL of the cluster, set by the parent


def _pg_bin() -> Path | None:
    root = Path("/usr/lib/postgresql")
    versions = sorted(root.glob("*/bin"), key=lambda p: int(p.parent.name)) if root.exists() else []
    return versions[-1] if versions else None


@contextlib.contextmanager
def postgres_cluster() -> Iterator[str | None]:
    """A throwaway cluster (trust auth, fsync off: benchmarks only)."""
    pg = _pg_bin()
    if pg is None or shutil.which("su") is None:
        yield None
        return
    data = Path(tempfile.mkdtemp(prefix="ntm-bench-pg-"))
    shutil.chown(data, "postgres")

    def as_postgres(command: str) -> None:
        subprocess.run(["su", "postgres", "-c", command], check=True, capture_output=True)

    as_postgres(f"{pg}/initdb -D {data} -U postgres --auth=trust -E UTF8 --locale=C.UTF-8")
    as_postgres(
        f"{pg}/pg_ctl -D {data} -l {data}/server.log -w -o '-p {PG_PORT} -k {data} "
        "-c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off "
        "-c full_page_writes=off -c shared_buffers=512MB -c work_mem=64MB' start"
    )
    try:
        yield f"postgres://postgres@127.0.0.1:{PG_PORT}"
    finally:
        with contextlib.suppress(subprocess.CalledProcessError):
            as_postgres(f"{pg}/pg_ctl -D {data} -m fast -w stop")
        shutil.rmtree(data, ignore_errors=True)


def use_database(kind: str, name: str) -> str:
    """Point this process's Django at a new, empty, migrated database and
    return a label for the results. Call before anything imports models."""
    if kind == "sqlite":
        OUT.mkdir(exist_ok=True)
        path = OUT / f"{name}.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        url = f"sqlite:///{path}"
    else:
        base = os.environ.get(PG_ENV)
        if not base:
            raise RuntimeError("PostgreSQL is not available for the benchmarks")
        import psycopg

        with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
        url = f"{base}/{name}"
    os.environ["DATABASE_URL"] = url
    os.environ["DEBUG"] = "false"
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.dev")
    import django
    from django.core.management import call_command

    django.setup()
    started = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    print(f"  [{kind}] migrated {name} in {time.perf_counter() - started:.1f} s", flush=True)
    return "SQLite" if kind == "sqlite" else "PostgreSQL"


def postgres_available() -> bool:
    return bool(os.environ.get(PG_ENV))
