"""Checks on an uploaded evidence file (PDF, image, office document), shared
by every place that accepts one. The leading bytes are checked against the
extension: the browser's content type is not trusted."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Protocol

from ntm.core.messages import CoreError, gettext_noop

MAX_EVIDENCE_BYTES = 10 * 1024 * 1024
_ZIP = (b"PK\x03\x04",)
_OLE = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)
SIGNATURES: dict[str, tuple[bytes, ...]] = {
    "pdf": (b"%PDF-",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "docx": _ZIP,
    "xlsx": _ZIP,
    "odt": _ZIP,
    "ods": _ZIP,
    "doc": _OLE,
    "xls": _OLE,
}
EVIDENCE_EXTENSIONS = tuple(SIGNATURES)
HEAD_BYTES = 16


class EvidenceRefused(CoreError, ValueError):
    """The file is refused; the message says why."""

    code = "evidence_refused"


def evidence_name(path: str) -> str:
    """The file name without any directory a browser may send."""
    return path.replace("\\", "/").rsplit("/", 1)[-1]


def evidence_check(name: str, size: int | None, head: bytes) -> None:
    """Refuse a file of a type we do not take, empty or over 10 MB, or whose
    content does not match its extension."""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in SIGNATURES:
        raise EvidenceRefused(
            gettext_noop(
                "Tệp «%(name)s» không được nhận: chỉ nhận PDF, ảnh (JPG, PNG), Word, Excel, "
                "OpenDocument."
            ),
            name=name,
        )
    if not size:
        raise EvidenceRefused(gettext_noop("Tệp «%(name)s» rỗng."), name=name)
    if size > MAX_EVIDENCE_BYTES:
        raise EvidenceRefused(gettext_noop("Tệp «%(name)s» quá lớn: tối đa 10 MB."), name=name)
    if not head.startswith(SIGNATURES[extension]):
        raise EvidenceRefused(
            gettext_noop("Tệp «%(name)s» không đúng định dạng %(format)s."),
            name=name,
            format=extension.upper(),
        )


class Upload(Protocol):
    """What an accepted file offers (Django's ``UploadedFile`` does)."""

    @property
    def name(self) -> str | None: ...

    @property
    def size(self) -> int | None: ...

    def read(self, n: int = -1, /) -> bytes: ...

    def seek(self, offset: int, whence: int = 0, /) -> int: ...

    def chunks(self, chunk_size: int | None = None) -> Iterator[bytes]: ...


@dataclass(frozen=True)
class AcceptedEvidence:
    name: str  # without any directory; the file is saved under it
    sha256: str
    size: int


def evidence_accept(upload: Upload) -> AcceptedEvidence:
    """Check an uploaded evidence file (:func:`evidence_check`) and fingerprint
    it, leaving it rewound for the caller to save under ``name``. Raises
    :class:`EvidenceRefused`."""
    name = evidence_name(upload.name or "")
    evidence_check(name, upload.size, upload.read(HEAD_BYTES))
    upload.seek(0)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return AcceptedEvidence(name=name, sha256=digest.hexdigest(), size=upload.size or 0)
