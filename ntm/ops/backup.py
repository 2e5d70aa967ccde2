"""``ntm backup``: the database and the uploaded files in one ``.tar.gz``.

Members: ``db/NNN-<app.model>.jsonl`` (a table, one JSON array a row),
``media/<name>`` (every file of the default storage: evidence, uploaded
workbooks, generated reports), then ``manifest.json``
(:mod:`ntm.ops.manifest`). The tables are read in one read-only transaction
(a consistent snapshot while the application keeps running: repeatable read
on PostgreSQL, a deferred read transaction on SQLite, which in WAL mode does
not block writers). The archive is written under a temporary name and renamed
when complete, so a scheduled backup never leaves a half file under the final
name."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tarfile
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from django.core.files.storage import Storage, default_storage
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ntm.core.numbers_vi import format_number_vi
from ntm.ops.manifest import MANIFEST, TableEntry, manifest_build
from ntm.ops.tables import backed_up_models, column_names, model_label, rows_as_json

Say = Callable[[str], None]  # a progress line, already translated


@dataclass(frozen=True)
class BackupResult:
    path: Path
    size: int
    tables: int
    rows: int
    media_files: int
    seconds: float


def default_archive_name() -> str:
    return f"ntm-{timezone.localtime():%Y%m%d-%H%M%S}.tar.gz"


@contextlib.contextmanager
def _snapshot() -> Iterator[None]:
    """One consistent read of every table."""
    if connection.vendor == "postgresql" and connection.get_autocommit():
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            yield
        return
    if connection.vendor == "sqlite" and connection.get_autocommit():
        # Not atomic(): a write transaction would hold the write lock throughout.
        with connection.cursor() as cursor:
            cursor.execute("BEGIN DEFERRED")
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("COMMIT")
        return
    yield  # already inside a transaction (tests): its snapshot is the one


def _dump_tables(folder: Path, say: Say) -> tuple[list[TableEntry], dict[str, Any]]:
    tables: list[TableEntry] = []
    members: dict[str, Any] = {}
    with _snapshot():
        for n, model in enumerate(backed_up_models(), start=1):
            label = model_label(model)
            member = f"db/{n:03d}-{label}.jsonl"
            digest, size, rows = hashlib.sha256(), 0, 0
            with (folder / member.replace("/", "_")).open("wb") as out:
                for line in rows_as_json(model):
                    data = (line + "\n").encode("utf-8")
                    digest.update(data)
                    out.write(data)
                    size += len(data)
                    rows += 1
            tables.append(TableEntry(label, member, column_names(model), rows))
            members[member] = {"size": size, "sha256": digest.hexdigest()}
            say(_("  %(table)s: %(rows)s dòng") % {"table": label, "rows": format_number_vi(rows)})
    return tables, members


def storage_names(storage: Storage, folder: str = "") -> Iterator[str]:
    """Every file name of a storage, folders walked."""
    try:
        dirs, files = storage.listdir(folder)
    except FileNotFoundError:  # no upload yet: the media folder does not exist
        return
    for name in sorted(files):
        yield f"{folder}/{name}" if folder else name
    for sub in sorted(dirs):
        yield from storage_names(storage, f"{folder}/{sub}" if folder else sub)


class _Hashing:
    def __init__(self, inner: IO[bytes]) -> None:
        self.inner = inner
        self.digest = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        data = self.inner.read(size)
        self.digest.update(data)
        return data


def _add_file(tar: tarfile.TarFile, name: str, size: int, source: IO[bytes]) -> str:
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = size, int(time.time()), 0o600
    hashing = _Hashing(source)
    tar.addfile(info, hashing)
    return hashing.digest.hexdigest()


def _add_media(tar: tarfile.TarFile, members: dict[str, Any], say: Say) -> int:
    count = 0
    for name in storage_names(default_storage):
        member = f"media/{name}"
        with default_storage.open(name, "rb") as source:
            size = default_storage.size(name)
            members[member] = {"size": size, "sha256": _add_file(tar, member, size, source)}
        count += 1
    say(_("  %(files)s tệp đính kèm") % {"files": format_number_vi(count)})
    return count


def backup_create(*, path: Path, say: Say) -> BackupResult:
    """Write the archive at ``path`` (its folder is created)."""
    started = time.perf_counter()
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    with tempfile.TemporaryDirectory(prefix="ntm-backup-") as work:
        folder = Path(work)
        say(_("Đọc cơ sở dữ liệu…"))
        tables, members = _dump_tables(folder, say)
        say(_("Ghi tệp sao lưu và các tệp đính kèm…"))
        with tarfile.open(partial, "w:gz", compresslevel=6) as tar:
            for entry in tables:
                staged = folder / entry.member.replace("/", "_")
                with staged.open("rb") as source:
                    _add_file(tar, entry.member, members[entry.member]["size"], source)
            media = _add_media(tar, members, say)
            data = json.dumps(
                manifest_build(tables, members, media), ensure_ascii=False, indent=1
            ).encode("utf-8")
            with tempfile.TemporaryFile() as manifest:
                manifest.write(data)
                manifest.seek(0)
                _add_file(tar, MANIFEST, len(data), manifest)
    os.replace(partial, path)
    return BackupResult(
        path=path,
        size=path.stat().st_size,
        tables=len(tables),
        rows=sum(t.rows for t in tables),
        media_files=media,
        seconds=time.perf_counter() - started,
    )
