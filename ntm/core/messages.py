"""Text the core shows people, translatable without importing Django.

The core raises errors whose message is a :class:`Message`: a Vietnamese
template with named parameters. ``str()`` gives the Vietnamese text (the
source language, what the CLI and the logs show); Django code translates the
template at its boundary (:func:`ntm.errors.translate_core_error`), so an
English user gets an English message. Like Django's lazy strings, ``str()``
of a message renders it when it is shown: once Django has installed its
``gettext`` (:func:`install_translator`, in ``ntm.web``'s ``ready()``), in the
active language; a reason text computed once and cached thus shows in the
language of each page that shows it.

Templates are marked with :func:`gettext_noop`, the name ``makemessages``
looks for, so they reach the catalogue.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType


def gettext_noop(message: str) -> str:
    """Marks ``message`` for the catalogue; returns it unchanged."""
    return message


def _same(text: str) -> str:
    return text


_translator: Callable[[str], str] = _same


def install_translator(translate: Callable[[str], str]) -> None:
    """Render every message with ``translate`` (Django's ``gettext``) from now on."""
    global _translator
    _translator = translate


@dataclass(frozen=True)
class Message:
    """A template such as ``«%(text)s» không phải là số`` and its parameters.

    A parameter may itself be a :class:`Message` (a phrase such as "một số
    không âm" inside a sentence); it is translated with the sentence. Without
    parameters the template is not %-formatted, so a lone ``%`` stays."""

    template: str
    params: Mapping[str, object] = field(default_factory=lambda: MappingProxyType({}))

    def render(self, translate: Callable[[str], str] = _same) -> str:
        text = translate(self.template)
        if not self.params:
            return text
        return text % {
            name: value.render(translate) if isinstance(value, Message) else value
            for name, value in self.params.items()
        }

    def __str__(self) -> str:
        return self.render(_translator)


Text = str | Message
"""What the core accepts where a message goes: a marked template or a Message."""


def message(template: str, **params: object) -> Message:
    return Message(template, MappingProxyType(params))


class CoreError(Exception):
    """Base of the core's errors: a stable ``code`` and a :class:`Message`.

    ``exc.text`` is the message; ``str(exc)`` renders it (in Vietnamese, or
    in the active language once Django has installed its translator)."""

    code: str = "core_error"

    def __init__(self, template: str | Message, /, **params: object) -> None:
        self.text = template if isinstance(template, Message) else message(template, **params)
        super().__init__(self.text.render())

    @property
    def params(self) -> Mapping[str, object]:
        return self.text.params

    def __str__(self) -> str:
        return str(self.text)
