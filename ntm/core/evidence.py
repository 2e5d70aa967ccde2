"""Checks on an uploaded evidence file (PDF, image, office document), shared
by every place that accepts one. The type is read from the bytes: the leading
bytes must match the extension, and an office file's zip must hold the part
its format requires (a Word file renamed .xlsx is refused); the browser's
content type is never trusted. The name is cleaned and shortened to 200
bytes of UTF-8, on a character boundary, keeping the extension."""

from __future__ import annotations

import hashlib
import io
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Protocol

from ntm.core.messages import CoreError, gettext_noop
from ntm.core.untrusted.refusal import mb_text

MAX_EVIDENCE_BYTES = 10 * 1024 * 1024  # the default of NTM_EVIDENCE_MAX_MB
MAX_NAME_BYTES = 200  # the name column holds 200 characters; a file system 255 bytes
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
# The part (or the OpenDocument mimetype) that makes a zip a file of this type.
ZIP_MARKERS: dict[str, str] = {
    "docx": "word/document.xml",
    "xlsx": "xl/workbook.xml",
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
}
CONTENT_TYPES: dict[str, str] = {
    "pdf": "application/pdf",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "doc": "application/msword",
    "xls": "application/vnd.ms-excel",
}
EVIDENCE_EXTENSIONS = tuple(SIGNATURES)
HEAD_BYTES = 16


class EvidenceRefused(CoreError, ValueError):
    """The file is refused; the message says why."""

    code = "evidence_refused"


def evidence_name(path: str) -> str:
    """The file name without any directory a browser may send, without
    control characters, in NFC (as typed on Windows; macOS sends NFD), at
    most ``MAX_NAME_BYTES`` bytes of UTF-8 with its extension kept."""
    name = path.replace("\\", "/").rsplit("/", 1)[-1]
    name = unicodedata.normalize("NFC", name)
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip()
    return shorten_name(name, MAX_NAME_BYTES)


def shorten_name(name: str, max_bytes: int) -> str:
    """``name`` cut to ``max_bytes`` of UTF-8 on a character boundary, the
    extension kept whole (an extension longer than 16 bytes is no extension)."""
    if len(name.encode()) <= max_bytes:
        return name
    stem, dot, extension = name.rpartition(".")
    suffix = dot + extension if stem and len(extension.encode()) <= 16 else ""
    stem = stem if suffix else name
    room = max_bytes - len(suffix.encode())
    cut = stem.encode()[:room].decode("utf-8", errors="ignore").rstrip()
    return cut + suffix


def evidence_check(name: str, size: int | None, head: bytes, max_bytes: int) -> str:
    """The extension of an accepted file; refuses a type we do not take, an
    empty file, a file over ``max_bytes``, or content that does not match."""
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
    if size > max_bytes:
        raise EvidenceRefused(
            gettext_noop("Tệp «%(name)s» có dung lượng %(size)s: vượt giới hạn %(limit)s."),
            name=name,
            size=mb_text(size),
            limit=mb_text(max_bytes),
        )
    if not head.startswith(SIGNATURES[extension]):
        raise _wrong_format(name, extension)
    return extension


def _wrong_format(name: str, extension: str) -> EvidenceRefused:
    return EvidenceRefused(
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
    name: str  # cleaned and shortened; the file is saved under it
    sha256: str
    size: int
    content_type: str  # from the checked type, never from the browser


def evidence_accept(upload: Upload, max_bytes: int = MAX_EVIDENCE_BYTES) -> AcceptedEvidence:
    """Check an uploaded evidence file (:func:`evidence_check`, and an office
    zip's parts) and fingerprint it, leaving it rewound for the caller to save
    under ``name``. Raises :class:`EvidenceRefused`."""
    name = evidence_name(upload.name or "")
    extension = evidence_check(name, upload.size, upload.read(HEAD_BYTES), max_bytes)
    upload.seek(0)
    digest = hashlib.sha256()
    buffer = io.BytesIO() if extension in ZIP_MARKERS else None
    for chunk in upload.chunks():
        digest.update(chunk)
        if buffer is not None:
            buffer.write(chunk)
    upload.seek(0)
    if buffer is not None and not _zip_has_marker(buffer, ZIP_MARKERS[extension]):
        raise _wrong_format(name, extension)
    return AcceptedEvidence(
        name=name,
        sha256=digest.hexdigest(),
        size=upload.size or 0,
        content_type=CONTENT_TYPES[extension],
    )


def _zip_has_marker(buffer: io.BytesIO, marker: str) -> bool:
    """Whether the zip holds ``marker`` as a part, or as its OpenDocument
    mimetype (a few bytes, read with a bound). Only the directory is read."""
    try:
        with zipfile.ZipFile(buffer) as archive:
            if not marker.startswith("application/"):
                return marker in archive.namelist()
            with archive.open("mimetype") as part:
                return part.read(len(marker) + 1).strip() == marker.encode()
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, EOFError):
        return False
    except Exception:  # a corrupt deflate stream (zlib.error)
        return False
