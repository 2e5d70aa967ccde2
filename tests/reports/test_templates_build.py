"""`ntm report templates [--check]`: the committed Word templates are what
the builders of ntm/reports/templates_build/ make, so CI catches a template
edited by hand or a builder changed without regenerating."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from django.core.management import call_command

from ntm.reports.render import TEMPLATES_DIR
from ntm.reports.templates_build import BUILDERS, same_content, stale_templates, write_templates


def test_the_committed_templates_are_up_to_date():
    out = io.StringIO()
    call_command("report", "templates", "--check", stdout=out)
    assert "đã được cập nhật" in out.getvalue()
    assert stale_templates() == []


def test_every_committed_template_has_a_builder():
    assert sorted(BUILDERS) == sorted(p.name for p in TEMPLATES_DIR.glob("*.docx"))


def _rezip(path: Path, *, edit: str = "", date_time=(2030, 6, 1, 12, 0, 0)) -> None:
    """Write ``path`` again with other zip times; ``edit`` is appended to
    the text of the document, the way a hand edit in Word would change it."""
    with zipfile.ZipFile(path) as archive:
        parts = [(item.filename, archive.read(item)) for item in archive.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts:
            if edit and name == "word/document.xml":
                data = data.replace(b"</w:t>", edit.encode() + b"</w:t>", 1)
            archive.writestr(zipfile.ZipInfo(name, date_time=date_time), data)


def test_check_names_the_templates_edited_or_missing(tmp_path):
    written = write_templates(tmp_path)
    assert [p.name for p in written] == list(BUILDERS)
    assert stale_templates(tmp_path) == []
    _rezip(tmp_path / "bao-cao-xa.docx", edit=" (sửa tay)")
    (tmp_path / "ke-hoach-nam.docx").unlink()
    assert stale_templates(tmp_path) == ["bao-cao-xa.docx", "ke-hoach-nam.docx"]


def test_zip_times_and_compression_do_not_count(tmp_path):
    write_templates(tmp_path)
    copy = tmp_path / "bao-cao-huyen.docx"
    _rezip(copy)
    assert copy.read_bytes() != (TEMPLATES_DIR / copy.name).read_bytes()
    assert same_content(copy, TEMPLATES_DIR / copy.name)
    copy.write_bytes(b"not a zip")
    assert not same_content(copy, TEMPLATES_DIR / copy.name)
