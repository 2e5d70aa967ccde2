"""Errors raised by the pure core. Messages are Vietnamese: they reach the
people who enter data and write criteria sets."""

from __future__ import annotations


class CriteriaSetError(ValueError):
    """A criteria-set file is malformed. Always names the file and the line."""

    def __init__(self, file: str, line: int | None, message: str) -> None:
        self.file = file
        self.line = line
        self.message = message
        where = f"{file}, dòng {line}" if line is not None else file
        super().__init__(f"{where}: {message}")


class CriteriaLookupError(LookupError):
    """An unknown set code, region/group code, year or indicator code."""

    def __str__(self) -> str:  # LookupError would quote the message
        return str(self.args[0]) if self.args else ""


class RevisionError(ValueError):
    """A threshold revision does not fit the set it targets."""


class ValueParseError(ValueError):
    """A raw value (typed, imported or pasted) cannot be read unambiguously."""
