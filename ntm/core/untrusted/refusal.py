"""The refusal of an untrusted file: a stable code and a Vietnamese message
naming the limit and its value. It crosses the process boundary (pickled by
the child, re-raised in the parent), so it rebuilds itself from plain data."""

from __future__ import annotations

from typing import Any

from ntm.core.messages import CoreError, Message, gettext_noop, message
from ntm.core.numbers_vi import format_number_vi

OVER_LIMIT = "workbook_over_limit"
DAMAGED = "workbook_damaged"
FORBIDDEN_XML = "workbook_forbidden_xml"
NOT_A_WORKBOOK = "workbook_not_a_workbook"
PASSWORD = "workbook_password"
PARSE_LIMIT = "workbook_parse_limit"


class FileRefused(CoreError, ValueError):
    """An uploaded file refused before or while it is read; nothing is kept."""

    code = OVER_LIMIT

    def __init__(self, template: str | Message, /, *, code: str = OVER_LIMIT, **params: object):
        super().__init__(template, **params)
        self.code = code

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (self.code, self.text.template, dict(self.text.params)))


def unreadable(name: str, error: str) -> FileRefused:
    """A file the reader could not make sense of (damaged, or not a workbook)."""
    return FileRefused(
        gettext_noop(
            "Không đọc được tệp «%(name)s»: tệp bị hỏng hoặc không phải bảng tính "
            "(%(error)s). Hãy mở bằng Excel hoặc LibreOffice, lưu lại dạng .xlsx "
            "rồi tải lên."
        ),
        code=DAMAGED,
        name=name,
        error=error,
    )


def _rebuild(code: str, template: str, params: dict[str, object]) -> FileRefused:
    return FileRefused(message(template, **params), code=code)


def mb_text(n_bytes: int) -> str:
    """``10,0 MB``: sizes in the Vietnamese number format."""
    return f"{format_number_vi(n_bytes / 1024 / 1024, 1)} MB"


def count_text(n: int) -> str:
    return format_number_vi(n)


def column_name(col: int) -> str:
    """1 → A, 27 → AA, 16384 → XFD."""
    letters = ""
    while col > 0:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return letters or "A"


def cell_name(row: int, col: int) -> str:
    """1-based row and column → ``XFD1048576``."""
    return f"{column_name(col)}{row}"
