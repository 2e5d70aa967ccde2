"""Reading a backup archive as untrusted input, before anything is written.

The archive is read once, as a stream, into a private staging folder whose
file names are our own numbers (never the member names), with hard limits:
at most ``NTM_RESTORE_MAX_MEMBERS`` members and ``NTM_RESTORE_MAX_BYTES``
bytes once decompressed (counted on the decompressed stream itself, so a
gzip bomb or a forged size stops at the limit); only regular files and
folders; names relative, without ``..``, under ``db/`` or ``media/``. Then
every member must match the manifest's size and SHA-256, and the manifest
must list no member that is missing."""

from __future__ import annotations

import gzip
import hashlib
import json
import tarfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.utils.translation import gettext as _

from ntm.core.numbers_vi import format_number_vi
from ntm.ops.errors import ArchiveRefused
from ntm.ops.manifest import MANIFEST

PREFIXES = ("db", "media")
MAX_MANIFEST_BYTES = 64 * 1024 * 1024
_COPY = 1024 * 1024
# Tar headers (512 bytes, a few more for a long name) around each member:
# the decompressed stream may exceed the members' bytes by this much per
# member seen so far (so the allowance cannot be claimed ahead).
_HEADER_ALLOWANCE = 4096
_END_ALLOWANCE = 64 * 1024  # the end-of-archive blocks and padding


class _Bounded:
    """A read-only stream that refuses to give more than ``limit`` bytes."""

    def __init__(self, inner: IO[bytes], limit: int) -> None:
        self._inner = inner
        self.limit = limit
        self.count = 0

    def read(self, size: int = -1) -> bytes:
        room = self.limit - self.count + 1
        data = self._inner.read(room if size < 0 or size > room else size)
        self.count += len(data)
        if self.count > self.limit:
            raise ArchiveRefused(
                _("Tệp sao lưu giải nén vượt quá giới hạn %(limit)s byte (NTM_RESTORE_MAX_BYTES).")
                % {"limit": format_number_vi(settings.NTM_RESTORE_MAX_BYTES)}
            )
        return data


@dataclass
class StagedArchive:
    """The members read, in a staging folder, with the manifest."""

    manifest: dict[str, Any]
    files: dict[str, Path] = field(default_factory=dict)  # member name -> staged file

    def media_names(self) -> list[str]:
        return sorted(n.removeprefix("media/") for n in self.files if n.startswith("media/"))


def member_name(raw: str) -> str:
    """A member's name if it is safe to use, else a refusal."""
    parts = raw.split("/")  # not PurePosixPath: it would drop "." and "" silently
    unsafe = (
        not raw
        or raw.startswith("/")
        or "\\" in raw
        or "\x00" in raw
        or any(p in ("..", ".", "") for p in parts)
        or ":" in parts[0]
    )
    if unsafe:
        raise ArchiveRefused(
            _("Tệp sao lưu có thành phần «%(name)s» trỏ ra ngoài thư mục khôi phục.")
            % {"name": raw[:200]}
        )
    if raw != MANIFEST and (len(parts) < 2 or parts[0] not in PREFIXES):
        raise ArchiveRefused(_("Tệp sao lưu có thành phần lạ «%(name)s».") % {"name": raw[:200]})
    return raw


def _copy(source: IO[bytes], target: Path) -> tuple[int, str]:
    digest = hashlib.sha256()
    size = 0
    with target.open("wb") as out:
        while chunk := source.read(_COPY):
            digest.update(chunk)
            out.write(chunk)
            size += len(chunk)
    return size, digest.hexdigest()


def _check_member(member: tarfile.TarInfo, count: int) -> None:
    if count > settings.NTM_RESTORE_MAX_MEMBERS:
        raise ArchiveRefused(
            _("Tệp sao lưu có quá %(limit)s thành phần (NTM_RESTORE_MAX_MEMBERS).")
            % {"limit": format_number_vi(settings.NTM_RESTORE_MAX_MEMBERS)}
        )
    if not (member.isreg() or member.isdir()):
        raise ArchiveRefused(
            _("Tệp sao lưu có thành phần «%(name)s» không phải tệp thường (liên kết, thiết bị).")
            % {"name": member.name[:200]}
        )


def _stage_members(path: Path, staging: Path) -> tuple[dict[str, tuple[Path, int, str]], int]:
    found: dict[str, tuple[Path, int, str]] = {}
    limit = settings.NTM_RESTORE_MAX_BYTES
    count = 0
    with gzip.open(path, "rb") as raw:
        stream = _Bounded(raw, limit + _HEADER_ALLOWANCE + _END_ALLOWANCE)  # type: ignore[arg-type]
        with tarfile.open(fileobj=stream, mode="r|") as tar:  # type: ignore[call-overload]
            for member in tar:
                count += 1
                stream.limit = limit + _HEADER_ALLOWANCE * (count + 1) + _END_ALLOWANCE
                _check_member(member, count)
                name = member_name(member.name)
                if member.isdir():
                    continue
                if name in found:
                    raise ArchiveRefused(
                        _("Tệp sao lưu có hai thành phần cùng tên «%(name)s».") % {"name": name}
                    )
                source = tar.extractfile(member)
                if source is None:  # pragma: no cover - isreg() members always have data
                    continue
                target = staging / f"{len(found):08d}"
                found[name] = (target, *_copy(source, target))
    return found, sum(size for _path, size, _digest in found.values())


def archive_stage(path: Path, staging: Path) -> StagedArchive:
    """Read and check the archive into ``staging``; raises ArchiveRefused."""
    try:
        found, total = _stage_members(path, staging)
    except (tarfile.TarError, OSError, EOFError, zlib.error) as exc:
        raise ArchiveRefused(
            _("Không đọc được tệp sao lưu %(path)s: %(error)s") % {"path": path, "error": exc}
        ) from exc
    if total > settings.NTM_RESTORE_MAX_BYTES:
        raise ArchiveRefused(
            _("Tệp sao lưu giải nén vượt quá giới hạn %(limit)s byte (NTM_RESTORE_MAX_BYTES).")
            % {"limit": format_number_vi(settings.NTM_RESTORE_MAX_BYTES)}
        )
    if MANIFEST not in found or found[MANIFEST][1] > MAX_MANIFEST_BYTES:
        raise ArchiveRefused(_("Tệp sao lưu không có tệp kê khai (manifest.json)."))
    try:
        manifest = json.loads(found.pop(MANIFEST)[0].read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise ArchiveRefused(_("Tệp kê khai (manifest.json) hỏng.")) from exc
    if not isinstance(manifest, dict) or not isinstance(manifest.get("members"), dict):
        raise ArchiveRefused(_("Tệp kê khai (manifest.json) hỏng."))
    _checksums_check(manifest["members"], found)
    return StagedArchive(manifest, {name: p for name, (p, _s, _d) in found.items()})


def _checksums_check(listed: dict[str, Any], found: dict[str, tuple[Path, int, str]]) -> None:
    missing = sorted(set(listed) - set(found))
    if missing:
        raise ArchiveRefused(
            _("Tệp sao lưu thiếu thành phần «%(name)s» mà tệp kê khai liệt kê.")
            % {"name": missing[0]}
        )
    for name, (_path, size, digest) in sorted(found.items()):
        expected = listed.get(name)
        if not isinstance(expected, dict):
            raise ArchiveRefused(
                _("Tệp sao lưu có thành phần «%(name)s» không có trong tệp kê khai.")
                % {"name": name}
            )
        if expected.get("size") != size or expected.get("sha256") != digest:
            raise ArchiveRefused(
                _(
                    "Thành phần «%(name)s» không khớp mã kiểm tra SHA-256 của tệp kê khai: "
                    "tệp sao lưu bị hỏng hoặc bị sửa. Không khôi phục gì."
                )
                % {"name": name}
            )
