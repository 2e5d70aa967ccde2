"""Texts written now and read later, possibly in another language: an import's
preview and result, a background job's title and progress.

Such a text is stored as its Vietnamese source msgid (marked with
``gettext_noop`` where it is written, so ``make messages`` extracts it) and
its named parameters, and translated when it is shown. A parameter may
itself be a ``Message`` (a refusal quoted inside a failure), translated
with it, or a list of them (suggestions), shown separated by "; ". Rows
written before texts were stored this way hold plain text, shown as it is.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext


@dataclass(frozen=True)
class Message:
    """A msgid (Vietnamese, with named placeholders) and its parameters."""

    msgid: str
    params: dict[str, Any] = field(default_factory=dict)

    def _render(self, template: str, translate: bool) -> str:
        if not self.params:  # a msgid without placeholders is never %-formatted
            return template

        def text(value: Any) -> Any:
            if isinstance(value, Message):
                return value.translated() if translate else value.source()
            if isinstance(value, list):
                return "; ".join(str(text(v)) for v in value)
            return value

        return template % {k: text(v) for k, v in self.params.items()}

    def source(self) -> str:
        """The Vietnamese text, as it was written."""
        return self._render(self.msgid, translate=False)

    def translated(self) -> str:
        """The text in the active language."""
        return self._render(gettext(self.msgid), translate=True)

    def __str__(self) -> str:
        return self.translated()

    def to_json(self) -> dict[str, Any]:
        return {"msgid": self.msgid, "params": {k: _dump(v) for k, v in self.params.items()}}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Message:
        return cls(data["msgid"], {k: _load(v) for k, v in data.get("params", {}).items()})


def _dump(value: Any) -> Any:
    if isinstance(value, Message):
        return value.to_json()
    if isinstance(value, list):
        return [_dump(v) for v in value]
    return value


def _load(value: Any) -> Any:
    if isinstance(value, dict) and "msgid" in value:
        return Message.from_json(value)
    if isinstance(value, list):
        return [_load(v) for v in value]
    return value


def stored(text: Message | str) -> tuple[str, dict[str, Any]]:
    """What to write: the Vietnamese text (read as it is by the admin, the
    command line and old code) and the JSON to translate it from."""
    if isinstance(text, Message):
        return text.source(), text.to_json()
    return text, {}


def shown(text: str, source: dict[str, Any] | None) -> str:
    """A stored text in the active language; plain text when nothing says
    how to translate it (rows written before, free text typed by a person)."""
    return Message.from_json(source).translated() if source else text
