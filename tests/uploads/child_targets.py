"""Readers that misbehave, run by the limited child in the tests (a module
without Django, importable by the child)."""

from __future__ import annotations

import time


def allocate(n_bytes: int) -> int:
    """Holds ``n_bytes`` at once, as a reader expanding a crafted file would."""
    block = bytearray(n_bytes)
    return len(block)


def spin() -> None:
    """Burns CPU for ever."""
    n = 0
    while True:
        n += 1


def sleep() -> None:
    """Blocks without using CPU (the wall clock must catch it)."""
    time.sleep(3600)


def echo(value: object) -> object:
    return value


def fail() -> None:
    raise KeyError("a reader's own error")
