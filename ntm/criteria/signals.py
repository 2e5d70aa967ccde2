"""Signals criteria sends to the apps above it (criteria imports none of them).

``threshold_revised`` is sent once a threshold revision has committed, with
``set_code``: monitoring connects its background re-evaluation. A caller that
re-evaluates by itself afterwards (the demo loader) makes its revisions inside
``threshold_revised_paused()``."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import transaction
from django.dispatch import Signal

# Receivers take (sender, *, set_code: str, **kwargs).
threshold_revised = Signal()

# A context variable, not a global flag: a pause in one thread or task leaves
# the revisions of every other one heard.
_paused: ContextVar[bool] = ContextVar("threshold_revised_paused", default=False)


@contextmanager
def threshold_revised_paused() -> Iterator[None]:
    """Revisions made inside the block send no ``threshold_revised``."""
    token = _paused.set(True)
    try:
        yield
    finally:
        _paused.reset(token)


def threshold_revised_on_commit(*, sender: type, set_code: str) -> None:
    """Send ``threshold_revised`` once the current transaction commits (never
    for a revision rolled back), unless paused here."""
    if _paused.get():
        return
    transaction.on_commit(lambda: threshold_revised.send(sender=sender, set_code=set_code))
