"""Rows in, results out: the pure layer under the CLI and the Excel import.

Each row is (unit code, code, raw value) where the code is an indicator, an
extra condition or a unit fact of the set. Every row is parsed with the shared
parser; if any row is wrong the whole batch is refused with row-numbered
Vietnamese errors, so nothing is guessed or silently dropped.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from ntm.core.criteria_model import CriteriaSet, Value
from ntm.core.errors import ValueParseError
from ntm.core.evaluation import UnitEvaluation, UnitInput, evaluate_unit
from ntm.core.messages import Message, gettext_noop, message
from ntm.core.values import parse_boolean, parse_value


@dataclass(frozen=True)
class RowError:
    row: int
    unit_code: str
    code: str
    raw: object
    message: Message

    def describe(self) -> Message:
        """The error with its row, unit, code and raw value."""
        return message(
            gettext_noop("Dòng %(row)s (%(unit)s, %(code)s, «%(raw)s»): %(problem)s"),
            row=self.row,
            unit=self.unit_code,
            code=self.code,
            raw=self.raw,
            problem=self.message,
        )

    def __str__(self) -> str:
        return str(self.describe())


@dataclass(frozen=True)
class RowsOutcome:
    """Either results (one per unit, in first-seen order) or errors."""

    results: dict[str, UnitEvaluation] = field(default_factory=dict)
    errors: tuple[RowError, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class _Unit:
    values: dict[str, Value | None] = field(default_factory=dict)
    conditions: dict[str, Value | None] = field(default_factory=dict)
    facts: dict[str, bool | None] = field(default_factory=dict)


def evaluate_rows(
    cset: CriteriaSet,
    classification: str,
    year: int,
    rows: Iterable[tuple[str, str, object]],
    *,
    first_row: int = 1,
    sets_met: Mapping[str, Mapping[str, bool]] | None = None,
) -> RowsOutcome:
    """Parse and evaluate ``rows``. ``first_row`` is the number of the first
    row in the user's file (e.g. 2 below a header line); ``sets_met`` gives,
    per unit code, the results of other sets a level requires.

    An unknown region/group or year raises ``CriteriaLookupError`` at once."""
    cset.classification.index(classification)
    cset.check_year(year)
    fact_codes = {f.code for f in cset.facts}
    condition_codes = {m.code for m in cset.conditions}
    units: dict[str, _Unit] = {}
    seen: dict[tuple[str, str], int] = {}
    errors: list[RowError] = []
    for number, (unit_code, code, raw) in enumerate(rows, start=first_row):
        unit_code, code = str(unit_code).strip(), str(code).strip()

        def fail(
            problem: Message, n: int = number, u: str = unit_code, c: str = code, r: object = raw
        ) -> None:
            errors.append(RowError(n, u, c, r, problem))

        if not unit_code:
            fail(message(gettext_noop("thiếu mã đơn vị")))
            continue
        if (unit_code, code) in seen:
            fail(message(gettext_noop("trùng với dòng %(row)s"), row=seen[(unit_code, code)]))
            continue
        seen[(unit_code, code)] = number
        unit = units.setdefault(unit_code, _Unit())
        try:
            if code in fact_codes:
                unit.facts[code] = parse_boolean(raw)
            elif cset.has_measure(code):
                target = unit.conditions if code in condition_codes else unit.values
                target[code] = parse_value(raw, cset.measure(code))
            else:
                fail(
                    message(
                        gettext_noop("bộ tiêu chí %(set)s không có chỉ tiêu «%(code)s»"),
                        set=cset.code,
                        code=code,
                    )
                )
        except ValueParseError as exc:
            fail(exc.text)
    if errors:
        return RowsOutcome(errors=tuple(errors))
    results = {
        code: evaluate_unit(
            cset,
            UnitInput(
                classification,
                year,
                unit.values,
                unit.facts,
                unit.conditions,
                (sets_met or {}).get(code, {}),
            ),
        )
        for code, unit in units.items()
    }
    return RowsOutcome(results=results)
