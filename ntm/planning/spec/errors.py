"""A problem of a plan file: the path of the field and a Vietnamese reason.

The validators of ``fields`` refuse a value with ``refuse(reason)``; pydantic
reports it with the ``loc`` of the field, which ``field_errors`` turns into
the path a person reads (``sections[I.2].targets[tc1].value``). Pydantic's
own errors (a missing field, a key the format does not have) get their
Vietnamese reason here, so that its English text never reaches the user."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _
from pydantic_core import ErrorDetails, PydanticCustomError

# The error type of every refusal written by this package; its reason is in
# ``ctx`` (not in the message template, which pydantic would format).
REFUSED = "plan_field"


@dataclass(frozen=True)
class FieldError:
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


def refuse(reason: str) -> PydanticCustomError:
    """The error a validator raises to refuse a value with ``reason``."""
    return PydanticCustomError(REFUSED, "{reason}", {"reason": reason})


def _pydantic_reason(kind: str) -> str:
    """The Vietnamese reason of one of pydantic's own error types. Every value
    goes through a validator of ``fields``, so only the first three are
    expected; the rest keep pydantic's English out if a model changes."""
    if kind == "missing":
        return _("bắt buộc, chưa có")
    if kind in ("extra_forbidden", "invalid_key"):
        return _("trường không có trong định dạng")
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return _("cần một bảng (mapping) YAML")
    if kind.startswith("string"):
        return _("cần một đoạn chữ")
    if kind.startswith("list"):
        return _("cần một danh sách")
    if kind.startswith("bool"):
        return _("cần true hoặc false")
    if kind.startswith(("int", "float", "decimal")):
        return _("cần một số")
    if kind.startswith("date"):
        return _("cần ngày dạng 08/9/2021 hoặc 2021-09-08")
    return _("giá trị không hợp lệ")


def field_path(prefix: str, loc: Iterable[int | str]) -> str:
    """``("targets", 0, "value")`` under ``sections[I]`` →
    ``sections[I].targets[0].value``."""
    path = prefix
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += f".{part}" if path else str(part)
    return path


def field_errors(prefix: str, errors: Iterable[ErrorDetails]) -> list[FieldError]:
    """Pydantic's errors of the part of the file at ``prefix``, as FieldErrors."""
    out = []
    for error in errors:
        loc = error["loc"]
        if error["type"] == REFUSED:
            message = str((error.get("ctx") or {})["reason"])
        else:
            message = _pydantic_reason(error["type"])
        if loc and error["type"] in ("extra_forbidden", "invalid_key"):
            loc = (*loc[:-1], str(loc[-1]))  # a key of the file (YAML allows `1:`), not an index
        out.append(FieldError(field_path(prefix, loc), message))
    return out


class Problems:
    """Every problem of a file, in the order found: a person fixes the whole
    file in one pass."""

    def __init__(self) -> None:
        self.items: list[FieldError] = []

    def add(self, path: str, message: str) -> None:
        self.items.append(FieldError(path, message))

    def add_read(self, prefix: str, errors: Iterable[ErrorDetails]) -> None:
        self.items.extend(field_errors(prefix, errors))
