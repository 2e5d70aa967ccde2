"""The template files: which builder makes which file, reproducible bytes,
writing them and telling which committed ones are out of date."""

from __future__ import annotations

import datetime as dt
import io
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

from docx.document import Document as DocxDocument

from ntm.reports import docformat
from ntm.reports.render import TEMPLATES_DIR
from ntm.reports.templates_build import commune, department, district, progress, yearly_plan

BUILDERS: dict[str, Callable[[DocxDocument], None]] = {
    "bao-cao-tien-do.docx": progress.build,
    "bao-cao-so-nganh.docx": department.build,
    "bao-cao-huyen.docx": district.build,
    "bao-cao-xa.docx": commune.build,
    "ke-hoach-nam.docx": yearly_plan.build,
}

# Fixed times, in the document properties and inside the zip, so that every
# build of a template gives the same bytes.
FIXED_MOMENT = dt.datetime(2023, 1, 1)
FIXED_ZIP_TIME = (2023, 1, 1, 0, 0, 0)


def build(name: str) -> bytes:
    """The .docx bytes of the template ``name`` (a key of :data:`BUILDERS`)."""
    doc = docformat.new_document()
    BUILDERS[name](doc)
    properties = doc.core_properties
    properties.author = "NTM"
    properties.last_modified_by = "NTM"
    properties.title = name.removesuffix(".docx")
    properties.created = properties.modified = FIXED_MOMENT
    properties.revision = 1
    out = io.BytesIO()
    doc.save(out)
    return _reproducible(out.getvalue())


def _reproducible(docx: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(docx))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=FIXED_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, source.read(item.filename))
    return out.getvalue()


def write_templates(folder: Path = TEMPLATES_DIR) -> list[Path]:
    """(Re)write every template into ``folder``; the paths written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name in BUILDERS:
        path = folder / name
        path.write_bytes(build(name))
        written.append(path)
    return written


def stale_templates(folder: Path = TEMPLATES_DIR) -> list[str]:
    """The names of the templates in ``folder`` that are missing or differ
    from what the builders make now (built in a temporary folder)."""
    with tempfile.TemporaryDirectory(prefix="ntm-templates-") as fresh:
        write_templates(Path(fresh))
        return [name for name in BUILDERS if not same_content(folder / name, Path(fresh) / name)]


def same_content(committed: Path, fresh: Path) -> bool:
    """Whether two .docx files hold the same parts with the same bytes.
    The zip container itself is not compared: another zlib may compress
    the same parts into other bytes."""
    if not committed.is_file():
        return False
    try:
        return _parts(committed) == _parts(fresh)
    except zipfile.BadZipFile:
        return False


def _parts(path: Path) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(path) as archive:
        return [(item.filename, archive.read(item)) for item in archive.infolist()]
