"""Word from a template, PDF from the Word file.

The .docx comes from a docxtpl template (``ntm/reports/doc_templates/``) and
the context a builder prepared. The PDF is LibreOffice's conversion of that
very .docx, so the PDF and the signed Word file have the same text, tables
and page layout (Times New Roman is rendered with the metric-compatible
Liberation Serif). Every conversion gets its own LibreOffice profile
directory, because two conversions sharing a profile silently lose one
result, and a time limit after which the whole process group is killed."""

from __future__ import annotations

import io
import os
import shutil
import signal
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage
from jinja2 import Environment, Template

from ntm.errors import NtmError
from ntm.reports.docformat import regrid_tables

TEMPLATES_DIR = Path(__file__).resolve().parent / "doc_templates"
PDF_TIMEOUT_SECONDS = 180
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class PdfError(NtmError):
    """The PDF could not be made; the message (Vietnamese) says why."""

    code = "pdf"


@dataclass
class DocumentParts:
    """What a builder hands to the renderer: the template, its variables and
    the charts (PNG) it places, by name, with their printed width."""

    template: str
    context: dict[str, Any]
    title: str
    filename: str  # without extension
    charts: dict[str, tuple[bytes, float]] = field(default_factory=dict)


def template_path(name: str) -> Path:
    """The office's own copy of a template when the operator set
    ``NTM_REPORT_TEMPLATES_DIR`` and put one there, else the shipped one."""
    override = getattr(settings, "NTM_REPORT_TEMPLATES_DIR", None)
    if override and (Path(override) / name).is_file():
        return Path(override) / name
    return TEMPLATES_DIR / name


class _Fields(dict[str, Any]):
    """A dict whose keys read as attributes: templates write ``r.ten`` and
    Jinja tries the attribute first (a failed attribute lookup per cell of a
    181-row annex costs more than the rest of the rendering)."""

    def __getattr__(self, name: str) -> Any:
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None


def _fields(value: Any) -> Any:
    if isinstance(value, dict):
        return _Fields({k: _fields(v) for k, v in value.items()})
    if isinstance(value, list):
        return [_fields(v) for v in value]
    return value


class _CompiledOnce(Environment):
    """Compiles each template part once per process (the same template
    yields the same source; only the variables change)."""

    def __init__(self) -> None:
        super().__init__(autoescape=True)
        self._compiled: dict[str, Template] = {}

    def from_string(self, source: Any, globals: Any = None, template_class: Any = None) -> Any:
        if globals is not None or template_class is not None or not isinstance(source, str):
            return super().from_string(source, globals, template_class)
        compiled = self._compiled.get(source)
        if compiled is None:
            if len(self._compiled) >= COMPILED_KEPT:
                self._compiled.clear()
            compiled = self._compiled[source] = super().from_string(source)
        return compiled


COMPILED_KEPT = 32
_ENVIRONMENT = _CompiledOnce()


def render_docx(parts: DocumentParts) -> bytes:
    tpl = DocxTemplate(template_path(parts.template))
    context = _fields(parts.context)
    context["bieu_do"] = {
        name: InlineImage(tpl, io.BytesIO(png), width=Mm(width_mm))
        for name, (png, width_mm) in parts.charts.items()
    }
    tpl.render(context, jinja_env=_ENVIRONMENT, autoescape=True)
    regrid_tables(tpl.docx)
    out = io.BytesIO()
    tpl.save(out)
    return out.getvalue()


def soffice_binary() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def docx_to_pdf(docx: bytes, *, timeout: float = PDF_TIMEOUT_SECONDS) -> bytes:
    binary = soffice_binary()
    if binary is None:
        raise PdfError(_("Máy chủ chưa cài LibreOffice (gói libreoffice-writer-nogui)."))
    with tempfile.TemporaryDirectory(prefix="ntm-pdf-") as work:
        workdir = Path(work)
        source = workdir / "van-ban.docx"
        source.write_bytes(docx)
        profile = workdir / "profile"
        command = [
            binary,
            "--headless",
            "--norestore",
            "--nolockcheck",
            f"-env:UserInstallation={profile.as_uri()}",
            "--convert-to",
            "pdf",
            "--outdir",
            str(workdir),
            str(source),
        ]
        env = {**os.environ, "HOME": str(workdir)}
        process = subprocess.Popen(
            command,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
            start_new_session=True,  # its own process group, killed as a whole on timeout
        )
        try:
            stderr = process.communicate(timeout=timeout)[1]
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            raise PdfError(
                _("LibreOffice không chuyển xong sang PDF trong %(timeout)s giây.")
                % {"timeout": int(timeout)}
            ) from None
        result = workdir / "van-ban.pdf"
        if process.returncode != 0 or not result.exists():
            detail = stderr.decode("utf-8", "replace").strip().splitlines()
            raise PdfError(
                _("LibreOffice không chuyển được tệp sang PDF")
                + (f": {detail[-1]}" if detail else ".")
            )
        return result.read_bytes()
