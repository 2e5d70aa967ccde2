"""Reading an uploaded workbook without trusting it: the size is checked
here, then everything that touches the content (the checks of
:mod:`ntm.core.untrusted`, python-calamine, the cell formats) runs in a child
process with hard limits of memory and time (:mod:`ntm.exchange.workbook_parse`).
A refusal comes back as :class:`WorkbookRefused` with a Vietnamese message
naming the limit and its value; nothing is written, and this process' memory
does not grow with the file."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from ntm.core.numbers_vi import format_number_vi
from ntm.core.untrusted.limited_child import run_limited
from ntm.core.untrusted.limits import UploadLimits
from ntm.core.untrusted.refusal import FileRefused
from ntm.errors import NtmError, translate_core_error
from ntm.exchange import layout as L
from ntm.exchange.workbook_parse import Sheet, workbook_parse
from ntm.upload_limits import upload_limits

__all__ = ["Sheet", "TemplateMeta", "Workbook", "WorkbookRefused", "workbook_read"]


class WorkbookRefused(NtmError):
    """The file cannot be imported at all; the message (Vietnamese) says why.
    ``code`` says which rule refused it (``workbook_over_limit``, ...)."""

    code = "workbook_refused"


@dataclass(frozen=True)
class TemplateMeta:
    """What the hidden sheet says about the template the file came from."""

    sheet: str
    version: str
    set_code: str
    period_code: str
    scope_code: str
    data_sheet: str
    created_at: str
    created_by: str
    # unit code → indicator code → (version, raw text) as pre-filled
    prefilled: dict[str, dict[str, tuple[int, str]]]


@dataclass
class Workbook:
    filename: str
    kind: str  # "xlsx", "xls" or "ods"
    sheets: list[Sheet]
    meta: TemplateMeta | None


def size_text(n_bytes: int) -> str:
    return f"{format_number_vi(n_bytes / 1024 / 1024, 1)} MB"


def cell_text(value: Any) -> str:
    """A cell as header or code text: numbers without a trailing ``.0``."""
    if value is None:
        return ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, str):
        return value.replace("\u00a0", " ").strip()
    return str(value)


def too_large(name: str, size: int, limits: UploadLimits) -> str:
    return _(
        "Tệp «%(name)s» có dung lượng %(size)s, vượt giới hạn %(limit)s. Hãy xoá ảnh, "
        "trang tính không cần thiết hoặc chia thành nhiều tệp (ví dụ mỗi huyện một tệp)."
    ) % {"name": name, "size": size_text(size), "limit": size_text(limits.max_bytes)}


def workbook_read(data: bytes, filename: str, limits: UploadLimits | None = None) -> Workbook:
    """Every sheet of the file, with the template metadata when present."""
    limits = limits or upload_limits()
    name = filename.replace("\\", "/").rsplit("/", 1)[-1] or _("tệp")
    if len(data) > limits.max_bytes:
        raise WorkbookRefused(too_large(name, len(data), limits), code="workbook_over_limit")
    if not data:
        raise WorkbookRefused(_("Tệp «%(name)s» rỗng.") % {"name": name}, code="workbook_empty")
    try:
        kind, sheets = run_limited(
            workbook_parse,
            (data, name, limits),
            name=name,
            limits=limits,
            preload=("ntm.exchange.workbook_parse",),
        )
    except FileRefused as exc:
        raise WorkbookRefused(translate_core_error(exc), code=exc.code) from exc
    if not sheets:
        raise WorkbookRefused(_("Tệp «%(name)s» không có trang tính nào.") % {"name": name})
    return Workbook(name, kind, sheets, _meta(sheets))


def _meta(sheets: list[Sheet]) -> TemplateMeta | None:
    """The template's hidden metadata, found by its marker (not its name)."""
    for sheet in sheets:
        if cell_text(sheet.cell(0, 0)) != L.META_MARKER:
            continue
        keys: dict[str, str] = {}
        codes: list[str] = []
        prefilled: dict[str, dict[str, tuple[int, str]]] = {}
        for row in sheet.rows[1:]:
            label = cell_text(row[0]) if row else ""
            if not label:
                continue
            if label in L.META_KEYS:
                keys[label] = cell_text(row[1]) if len(row) > 1 else ""
            elif label == L.META_CODES_LABEL:
                codes = [cell_text(v) for v in row[1:]]
            elif codes:
                cells: dict[str, tuple[int, str]] = {}
                for code, packed in zip(codes, row[1:], strict=False):
                    version, _sep, raw = str(packed).partition("|")
                    if code and version.isdigit():
                        cells[code] = (int(version), raw)
                prefilled[label] = cells
        return TemplateMeta(
            sheet=sheet.name,
            version=keys.get("phien_ban", ""),
            set_code=keys.get("bo_tieu_chi", ""),
            period_code=keys.get("ky", ""),
            scope_code=keys.get("pham_vi", ""),
            data_sheet=keys.get("trang_so_lieu", ""),
            created_at=keys.get("tao_luc", ""),
            created_by=keys.get("tao_boi", ""),
            prefilled=prefilled,
        )
    return None
