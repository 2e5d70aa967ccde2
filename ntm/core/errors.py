"""Errors raised by the pure core. Each has a ``code`` and a
:class:`~ntm.core.messages.Message` whose Vietnamese template is translated
where Django shows it; they reach the people who enter data and write
criteria sets."""

from __future__ import annotations

from ntm.core.messages import CoreError, Message, gettext_noop, message


class CriteriaSetError(CoreError, ValueError):
    """A criteria-set file is malformed. Always names the file and the line."""

    code = "criteria_set"

    def __init__(self, file: str, line: int | None, problem: str | Message) -> None:
        self.file = file
        self.line = line
        self.message = str(problem)  # the problem alone, without the file and line
        if line is None:
            where = message(gettext_noop("%(file)s: %(problem)s"), file=file, problem=problem)
        else:
            where = message(
                gettext_noop("%(file)s, dòng %(line)s: %(problem)s"),
                file=file,
                line=line,
                problem=problem,
            )
        super().__init__(where)


class CriteriaLookupError(CoreError, LookupError):
    """An unknown set code, region/group code, year or indicator code."""

    code = "criteria_lookup"


class RevisionError(CoreError, ValueError):
    """A threshold revision does not fit the set it targets."""

    code = "threshold_revision"


class ValueParseError(CoreError, ValueError):
    """A raw value (typed, imported or pasted) cannot be read unambiguously."""

    code = "value_parse"
