"""``ntm restore``: a backup back into a database, all or nothing.

Order: the archive is read and checked into a staging folder
(:mod:`ntm.ops.archive_reader`: limits, links, traversal, checksums); the
manifest's format, migration state and tables are compared with this
database; the database must hold no data unless ``replace``. Only then, in one
transaction: the tables are emptied (with ``replace``; sessions and queued
tasks too, so that nothing of the old database acts in the restored one),
every table is loaded in dependency order with the one bulk writer, foreign
keys are checked, PostgreSQL's sequences are moved past the restored ids, and
the uploaded files are written. Any failure rolls the database back."""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.contrib.contenttypes.models import ContentType
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.management.color import no_style
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.db.models import Model
from django.utils.translation import gettext as _

from ntm.bulk import bulk_delete, bulk_insert
from ntm.core.numbers_vi import format_number_vi
from ntm.ops.archive_reader import StagedArchive, archive_stage
from ntm.ops.errors import ArchiveRefused, RestoreRefused
from ntm.ops.manifest import TableEntry, manifest_tables, migrations_check
from ntm.ops.tables import (
    CHUNK,
    MIGRATE_FILLED,
    backed_up_models,
    column_names,
    decode_row,
    model_label,
    row_decoders,
    transient_models,
)

Say = Callable[[str], None]


@dataclass(frozen=True)
class RestoreResult:
    tables: int
    rows: int
    media_files: int
    seconds: float


def _plan(staged: StagedArchive) -> list[tuple[type[Model], TableEntry]]:
    """Each table of the archive with its model, after checking that the
    archive's tables and columns are exactly this database's."""
    tables = manifest_tables(staged.manifest)
    models = {model_label(m): m for m in backed_up_models()}
    listed = [t.model for t in tables]
    if sorted(listed) != sorted(models):
        unknown = sorted(set(listed) ^ set(models))
        raise RestoreRefused(
            _("Các bảng của tệp sao lưu khác với cơ sở dữ liệu này (%(tables)s).")
            % {"tables": ", ".join(unknown[:5])}
        )
    plan = []
    for entry in tables:
        model = models[entry.model]
        if entry.columns != column_names(model) or entry.member not in staged.files:
            raise RestoreRefused(
                _("Bảng %(table)s của tệp sao lưu khác cấu trúc với cơ sở dữ liệu này.")
                % {"table": entry.model}
            )
        plan.append((model, entry))
    return plan


def _data_present(plan: list[tuple[type[Model], TableEntry]], names: list[str]) -> str | None:
    for model, entry in plan:
        if entry.model not in MIGRATE_FILLED and model._base_manager.exists():
            return entry.model
    taken = [n for n in names if default_storage.exists(n)]
    return f"media/{taken[0]}" if taken else None


def _insert(entry: TableEntry, table: str, cols: list[str], batch: list[list[object]]) -> int:
    try:
        return bulk_insert(table, cols, batch)
    except DatabaseError as exc:  # a value the column refuses: the whole restore rolls back
        raise ArchiveRefused(
            _("Bảng %(table)s của tệp sao lưu có giá trị không ghi được: %(error)s")
            % {"table": entry.model, "error": exc}
        ) from exc


def _load_table(model: type[Model], entry: TableEntry, path: Path) -> int:
    decoders = row_decoders(model)
    table = model._meta.db_table
    cols = [str(f.column) for f in model._meta.concrete_fields]
    count, batch = 0, []
    with path.open(encoding="utf-8") as lines:
        for n, line in enumerate(lines, start=1):
            try:
                batch.append(decode_row(decoders, line))
            except (ValueError, TypeError) as exc:
                raise ArchiveRefused(
                    _("Bảng %(table)s, dòng %(row)s của tệp sao lưu không đọc được: %(error)s")
                    % {"table": entry.model, "row": n, "error": exc}
                ) from exc
            if len(batch) >= CHUNK:
                count += _insert(entry, table, cols, batch)
                batch = []
    if batch:
        count += _insert(entry, table, cols, batch)
    if count != entry.rows:
        raise ArchiveRefused(
            _("Bảng %(table)s có %(found)s dòng, tệp kê khai ghi %(listed)s.")
            % {"table": entry.model, "found": count, "listed": entry.rows}
        )
    return count


def _empty(plan: list[tuple[type[Model], TableEntry]], names: list[str], replace: bool) -> None:
    """Tables filled by ``migrate`` always; with ``replace`` everything."""
    for model, entry in reversed(plan):
        if replace or entry.model in MIGRATE_FILLED:
            bulk_delete(model._base_manager.all())
    if replace:
        for model in transient_models():
            bulk_delete(model._base_manager.all())
        for name in names:
            if default_storage.exists(name):
                default_storage.delete(name)


def _write_media(staged: StagedArchive, names: list[str]) -> None:
    for name in names:
        with staged.files[f"media/{name}"].open("rb") as source:
            saved = default_storage.save(name, File(source))
        if saved != name:
            raise RestoreRefused(
                _("Không ghi được tệp đính kèm «%(name)s» đúng tên của nó.") % {"name": name}
            )


def _check_and_reset(models: list[type[Model]]) -> None:
    try:
        connection.check_constraints(table_names=[m._meta.db_table for m in models])
    except IntegrityError as exc:
        raise ArchiveRefused(
            _("Dữ liệu của tệp sao lưu vi phạm khóa ngoại: %(error)s. Không khôi phục gì.")
            % {"error": exc}
        ) from exc
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(sql)


def restore_archive(
    *, path: Path, replace: bool, say: Say, check_only: bool = False
) -> RestoreResult:
    """Restore ``path``; raises ArchiveRefused or RestoreRefused with
    nothing written. ``check_only``: every check, no write."""
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="ntm-restore-") as work:
        say(_("Đọc và kiểm tra tệp sao lưu…"))
        staged = archive_stage(path, Path(work))
        plan = _plan(staged)
        migrations_check(staged.manifest)
        names = staged.media_names()
        say(
            _("Tệp sao lưu hợp lệ: %(tables)s bảng, %(files)s tệp đính kèm, tạo lúc %(when)s.")
            % {
                "tables": len(plan),
                "files": format_number_vi(len(names)),
                "when": staged.manifest.get("created_at"),
            }
        )
        present = None if replace else _data_present(plan, names)
        if present:
            raise RestoreRefused(
                _(
                    "Cơ sở dữ liệu đã có dữ liệu (%(what)s). Khôi phục vào một cơ sở dữ liệu "
                    "trống, hoặc thêm --replace để xóa hết dữ liệu hiện có "
                    "và thay bằng tệp sao lưu."
                )
                % {"what": present}
            )
        if check_only:
            return RestoreResult(len(plan), 0, len(names), time.perf_counter() - started)
        rows = _restore_in_transaction(staged, plan, names, replace, say)
    return RestoreResult(len(plan), rows, len(names), time.perf_counter() - started)


@transaction.atomic
def _restore_in_transaction(
    staged: StagedArchive,
    plan: list[tuple[type[Model], TableEntry]],
    names: list[str],
    replace: bool,
    say: Say,
) -> int:
    _empty(plan, names, replace)
    rows = 0
    for model, entry in plan:
        count = _load_table(model, entry, staged.files[entry.member])
        rows += count
        say(
            _("  %(table)s: %(rows)s dòng")
            % {"table": entry.model, "rows": format_number_vi(count)}
        )
    say(_("Kiểm tra khóa ngoại…"))
    _check_and_reset([m for m, _e in plan])
    say(_("Ghi %(files)s tệp đính kèm…") % {"files": format_number_vi(len(names))})
    _write_media(staged, names)
    ContentType.objects.clear_cache()  # ids may differ from the ones cached before
    return rows
