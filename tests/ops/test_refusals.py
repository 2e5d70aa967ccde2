"""A restore refuses, with a Vietnamese message and nothing written, an
archive that is damaged, tampered with or hostile (traversal, links, too many
members or bytes, a gzip bomb), of another schema or format, or a database
that already holds data (unless --replace, which then gives back exactly the
backup)."""

from __future__ import annotations

import gzip
import io
import json
import tarfile
import time
from pathlib import Path

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

from ntm.accounts.models import User
from ntm.monitoring.models import IndicatorValue
from tests.ops import table_rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def archive(source, tmp_path: Path) -> Path:
    path = tmp_path / "ntm.tar.gz"
    call_command("backup", "--out", str(path), stdout=io.StringIO())
    return path


def members_of(path: Path) -> list[tuple[tarfile.TarInfo, bytes]]:
    with tarfile.open(path) as tar:
        return [(m, tar.extractfile(m).read()) for m in tar.getmembers()]  # type: ignore[union-attr]


def write_archive(path: Path, members: list[tuple[tarfile.TarInfo, bytes]]) -> Path:
    with tarfile.open(path, "w:gz") as tar:
        for info, data in members:
            info.size = len(data) if info.isreg() else 0
            tar.addfile(info, io.BytesIO(data) if info.isreg() else None)
    return path


def with_manifest(path: Path, target: Path, change) -> Path:  # type: ignore[no-untyped-def]
    members = members_of(path)
    info, data = members[-1]
    manifest = json.loads(data)
    change(manifest)
    members[-1] = (info, json.dumps(manifest).encode())
    return write_archive(target, members)


def refused(path: Path, *extra: str) -> str:
    with pytest.raises(CommandError) as caught:
        call_command("restore", str(path), *extra, stdout=io.StringIO())
    return str(caught.value)


def snapshot() -> dict[str, object]:
    return {"tables": table_rows.tables(), "media": table_rows.media()}


def test_a_changed_byte_is_refused_before_anything_is_written(archive, tmp_path: Path):
    members = members_of(archive)
    index = next(i for i, (m, _d) in enumerate(members) if "indicatorvalue" in m.name)
    info, data = members[index]
    members[index] = (info, data.replace(b"85.5", b"99.5"))
    tampered = write_archive(tmp_path / "sua.tar.gz", members)
    before = snapshot()
    message = refused(tampered, "--replace")
    assert "không khớp mã kiểm tra SHA-256" in message and "indicatorvalue" in message
    assert snapshot() == before


def test_a_missing_member_or_an_unlisted_one_is_refused(archive, tmp_path: Path):
    members = members_of(archive)
    dropped = write_archive(
        tmp_path / "thieu.tar.gz", [m for m in members if "media/" not in m[0].name]
    )
    assert "thiếu thành phần" in refused(dropped, "--replace")
    extra = tarfile.TarInfo("media/la.txt")
    added = write_archive(tmp_path / "thua.tar.gz", [*members[:-1], (extra, b"x"), members[-1]])
    assert "không có trong tệp kê khai" in refused(added, "--replace")
    assert "không có tệp kê khai" in refused(write_archive(tmp_path / "r.tar.gz", members[:-1]))


@pytest.mark.parametrize(
    "name",
    ["../ngoai.txt", "/tmp/ngoai.txt", "media/../../ngoai.txt", "media/./a", "media\\..\\a", "C:x"],
)
def test_paths_out_of_the_archive_are_refused(archive, tmp_path: Path, name: str):
    members = members_of(archive)
    hostile = write_archive(tmp_path / "h.tar.gz", [(tarfile.TarInfo(name), b"pwned"), *members])
    message = refused(hostile, "--replace")
    assert "trỏ ra ngoài thư mục" in message or "thành phần lạ" in message
    assert not (tmp_path.parent / "ngoai.txt").exists() and not Path("/tmp/ngoai.txt").exists()


@pytest.mark.parametrize("kind", [tarfile.SYMTYPE, tarfile.LNKTYPE, tarfile.FIFOTYPE])
def test_links_and_devices_are_refused(archive, tmp_path: Path, kind: bytes):
    link = tarfile.TarInfo("media/lien-ket")
    link.type, link.linkname = kind, "/etc/passwd"
    hostile = write_archive(tmp_path / "l.tar.gz", [(link, b""), *members_of(archive)])
    assert "không phải tệp thường" in refused(hostile, "--replace")


def test_too_many_members_or_bytes_are_refused(archive):
    with override_settings(NTM_RESTORE_MAX_MEMBERS=10):
        assert "NTM_RESTORE_MAX_MEMBERS" in refused(archive, "--replace")
    with override_settings(NTM_RESTORE_MAX_BYTES=20_000):
        assert "NTM_RESTORE_MAX_BYTES" in refused(archive, "--replace")


def test_a_gzip_bomb_stops_at_the_byte_limit(tmp_path: Path):
    bomb = tmp_path / "bom.tar.gz"
    info = tarfile.TarInfo("media/khong.bin")
    info.size = 300 * 1024**2  # 300 MB of zeros, about 300 KB compressed
    with gzip.open(bomb, "wb", compresslevel=9) as raw, tarfile.open(fileobj=raw, mode="w|") as tar:
        tar.addfile(info, _Zeros(info.size))
    started = time.monotonic()
    with override_settings(NTM_RESTORE_MAX_BYTES=10 * 1024**2):
        assert "NTM_RESTORE_MAX_BYTES" in refused(bomb)
    assert time.monotonic() - started < 5  # generous: it stops after ~10 MB


class _Zeros:
    def __init__(self, size: int) -> None:
        self.left = size

    def read(self, size: int = -1) -> bytes:
        size = self.left if size < 0 else min(size, self.left)
        self.left -= size
        return bytes(size)


def test_a_damaged_file_is_refused(tmp_path: Path):
    assert "Không đọc được" in refused(_write(tmp_path / "hong.tar.gz", b"not a gzip file"))
    assert "Không đọc được" in refused(tmp_path / "khong-co.tar.gz")


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_another_schema_or_format_is_refused_with_instructions(archive, tmp_path: Path):
    newer = with_manifest(
        archive,
        tmp_path / "moi.tar.gz",
        lambda m: m["migrations"]["monitoring"].append("9999_tuong_lai"),
    )
    message = refused(newer, "--replace")
    assert "mới hơn" in message and "ntm migrate" in message and "9999_tuong_lai" in message
    older = with_manifest(
        archive, tmp_path / "cu.tar.gz", lambda m: m["migrations"]["monitoring"].pop()
    )
    assert "cũ hơn" in refused(older, "--replace")
    future = with_manifest(archive, tmp_path / "v2.tar.gz", lambda m: m.update(format_version=2))
    assert "định dạng 2" in refused(future, "--replace")
    other = with_manifest(archive, tmp_path / "k.tar.gz", lambda m: m.update(format="khac"))
    assert "không phải tệp sao lưu" in refused(other, "--replace")


def test_a_database_with_data_is_refused_unless_replace(archive):
    before = snapshot()
    message = refused(archive)
    assert "đã có dữ liệu" in message and "--replace" in message
    assert snapshot() == before


def test_replace_gives_back_exactly_the_backup(archive):
    before = snapshot()
    User.objects.create(username="moi-them")
    IndicatorValue.objects.filter(raw_text="82").update(raw_text="83")
    default_storage.save("minh-chung/sau.txt", ContentFile(b"sau sao luu"))
    session = SessionStore()
    session["x"] = 1
    session.create()
    out = io.StringIO()
    call_command("restore", str(archive), "--replace", stdout=out)
    assert "Đã khôi phục" in out.getvalue()
    after = snapshot()
    assert after["tables"] == before["tables"]
    media = after["media"]
    assert isinstance(media, dict)
    assert {k: v for k, v in media.items() if k != "minh-chung/sau.txt"} == before["media"]
    assert not Session.objects.exists()  # no session of the old database survives
    default_storage.delete("minh-chung/sau.txt")
