"""What a zip (an .xlsx, .xlsm or .ods) holds, checked from its central
directory before a byte is unpacked: number of members, unpacked size and
compression ratio. Reading a member later is bounded by the size it declares
(``zipfile`` stops there and checks the CRC), so a member that lies about its
size is refused as damaged, never unpacked past the limit."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator

from ntm.core.messages import gettext_noop
from ntm.core.untrusted.limits import MB, UploadLimits
from ntm.core.untrusted.refusal import DAMAGED, FileRefused, count_text, mb_text

# Below this unpacked size a high ratio is harmless (a page of empty cells
# compresses a hundredfold); above it, the ratio limit applies.
RATIO_FLOOR_BYTES = 1 * MB
CHUNK = 64 * 1024


def damaged(name: str) -> FileRefused:
    return FileRefused(
        gettext_noop("Tệp «%(name)s» bị hỏng (không giải nén được)."), code=DAMAGED, name=name
    )


def zip_open(data: bytes, name: str, limits: UploadLimits) -> zipfile.ZipFile:
    """The archive, once its directory is within every limit."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        NotImplementedError,
        ValueError,
        EOFError,
        OSError,
    ) as exc:
        raise damaged(name) from exc
    if len(infos) > limits.max_zip_members:
        raise FileRefused(
            gettext_noop(
                "Tệp «%(name)s» chứa %(count)s thành phần nén, vượt giới hạn %(limit)s thành phần."
            ),
            name=name,
            count=count_text(len(infos)),
            limit=count_text(limits.max_zip_members),
        )
    total = sum(info.file_size for info in infos)
    if total > limits.max_uncompressed_bytes:
        raise FileRefused(
            gettext_noop(
                "Tệp «%(name)s» khi giải nén lớn %(size)s, vượt giới hạn %(limit)s "
                "(giới hạn dung lượng giải nén)."
            ),
            name=name,
            size=mb_text(total),
            limit=mb_text(limits.max_uncompressed_bytes),
        )
    _check_ratio(name, total, len(data), limits)
    for info in infos:
        if info.file_size > RATIO_FLOOR_BYTES:
            _check_ratio(name, info.file_size, info.compress_size, limits)
    return archive


def _check_ratio(name: str, unpacked: int, packed: int, limits: UploadLimits) -> None:
    if unpacked <= RATIO_FLOOR_BYTES:
        return
    ratio = unpacked / max(packed, 1)
    if ratio > limits.max_ratio:
        raise FileRefused(
            gettext_noop(
                "Tệp «%(name)s» có tỉ lệ nén %(ratio)s lần, vượt giới hạn %(limit)s lần "
                "(dấu hiệu của tệp «bom nén»)."
            ),
            name=name,
            ratio=count_text(round(ratio)),
            limit=count_text(limits.max_ratio),
        )


def member_chunks(archive: zipfile.ZipFile, info: zipfile.ZipInfo, name: str) -> Iterator[bytes]:
    """A member's bytes, chunk by chunk; a damaged member is refused."""
    try:
        with archive.open(info) as stream:
            while chunk := stream.read(CHUNK):
                yield chunk
    except (zipfile.BadZipFile, NotImplementedError, RuntimeError, EOFError, OSError) as exc:
        raise damaged(name) from exc
    except Exception as exc:  # zlib.error and friends from a corrupt deflate stream
        raise damaged(name) from exc
