"""The manifest of a backup (``manifest.json``, the archive's last member):
what it holds and how to check it before anything is written.

``format``/``format_version`` say how to read the archive (version 1: one
JSON-lines member per table under ``db/``, uploaded files under ``media/``);
``app_version`` and ``migrations`` say which code wrote it; ``tables`` lists
the tables in the order they are restored, with their columns and row
counts; ``members`` gives the size and SHA-256 of every other member. The
checksums find a damaged or altered archive; they do not prove who wrote it
(keep backups where only operators can write)."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import metadata
from typing import Any

from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from django.utils.translation import gettext as _

from ntm.ops.errors import ArchiveRefused, RestoreRefused

FORMAT = "ntm-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"


def app_version() -> str:
    try:
        return metadata.version("ntm")
    except metadata.PackageNotFoundError:  # run from a checkout not installed
        return "0+unknown"


def migration_state() -> dict[str, list[str]]:
    """The migrations applied to this database, by app."""
    state: dict[str, list[str]] = {}
    for app, name in sorted(MigrationRecorder(connection).applied_migrations()):
        state.setdefault(app, []).append(name)
    return state


@dataclass(frozen=True)
class TableEntry:
    model: str
    member: str
    columns: list[str]
    rows: int


def manifest_build(
    tables: list[TableEntry], members: dict[str, dict[str, Any]], media: int
) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "app_version": app_version(),
        "created_at": timezone.now().isoformat(timespec="seconds"),
        "database_vendor": connection.vendor,
        "migrations": migration_state(),
        "tables": [t.__dict__ for t in tables],
        "media_files": media,
        "members": members,
    }


def _table(raw: Any) -> TableEntry:
    if not isinstance(raw, dict):
        raise ArchiveRefused(_("Tệp kê khai không hợp lệ: danh sách bảng hỏng."))
    try:
        entry = TableEntry(str(raw["model"]), str(raw["member"]), list(raw["columns"]), raw["rows"])
    except (KeyError, TypeError) as exc:
        raise ArchiveRefused(_("Tệp kê khai không hợp lệ: danh sách bảng hỏng.")) from exc
    if not isinstance(entry.rows, int) or not all(isinstance(c, str) for c in entry.columns):
        raise ArchiveRefused(_("Tệp kê khai không hợp lệ: danh sách bảng hỏng."))
    return entry


def manifest_tables(manifest: dict[str, Any]) -> list[TableEntry]:
    """The tables of a manifest already read, after checking its format."""
    if manifest.get("format") != FORMAT:
        raise ArchiveRefused(_("Đây không phải tệp sao lưu của hệ thống NTM."))
    version = manifest.get("format_version")
    if version != FORMAT_VERSION:
        raise ArchiveRefused(
            _(
                "Tệp sao lưu theo định dạng %(found)s, phiên bản này đọc định dạng %(known)s: "
                "hãy khôi phục bằng phiên bản NTM %(app)s đã tạo ra nó."
            )
            % {"found": version, "known": FORMAT_VERSION, "app": manifest.get("app_version")}
        )
    tables = manifest.get("tables")
    if not isinstance(tables, list) or not isinstance(manifest.get("members"), dict):
        raise ArchiveRefused(_("Tệp kê khai không hợp lệ: danh sách bảng hỏng."))
    return [_table(t) for t in tables]


def migrations_check(manifest: dict[str, Any]) -> None:
    """Refuse a backup of another schema, saying what to do."""
    theirs = {(a, n) for a, names in (manifest.get("migrations") or {}).items() for n in names}
    ours = {(a, n) for a, names in migration_state().items() for n in names}
    if not ours:
        raise RestoreRefused(
            _("Cơ sở dữ liệu chưa có bảng: chạy «ntm migrate» trước rồi khôi phục lại.")
        )
    apps_of_backup = {a for a, _n in theirs}
    ours = {(a, n) for a, n in ours if a in apps_of_backup}
    version = manifest.get("app_version")
    if theirs - ours:
        missing = ", ".join(f"{a}.{n}" for a, n in sorted(theirs - ours)[:5])
        raise RestoreRefused(
            _(
                "Tệp sao lưu mới hơn cơ sở dữ liệu này (thiếu các bước chuyển đổi %(missing)s). "
                "Hãy cài phiên bản NTM %(version)s hoặc mới hơn, chạy «ntm migrate», "
                "rồi khôi phục lại."
            )
            % {"missing": missing, "version": version}
        )
    if ours - theirs:
        extra = ", ".join(f"{a}.{n}" for a, n in sorted(ours - theirs)[:5])
        raise RestoreRefused(
            _(
                "Tệp sao lưu cũ hơn cơ sở dữ liệu này (chưa có các bước chuyển đổi %(extra)s). "
                "Hãy khôi phục vào một cơ sở dữ liệu trống bằng phiên bản NTM %(version)s "
                "đã tạo ra nó, rồi cài phiên bản mới và chạy «ntm migrate»."
            )
            % {"extra": extra, "version": version}
        )
