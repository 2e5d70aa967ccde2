"""What values an indicator can take, and what values are believable.

Every numeric indicator has two ranges, both inclusive:

* the **domain**: what the quantity can be at all (a percentage is 0-100, a
  count or an income is not negative). A value outside is refused;
* the **plausible range**: what a real commune reports. A value outside is a
  likely typing error (an income of 10^18 million đồng per person): it is
  saved only when the person confirms it.

Both are data: an indicator's ``bounds`` in its criteria-set file
(``docs/criteria-format.md``), else the defaults below by value type and
unit, so every indicator has bounds. A bound taken from a legal text carries
its citation; every default here is a plausibility bound chosen by us and
unverified against any legal text, except the percentage domain, which is the
definition of a percentage.

Beyond any indicator's domain, the storage limits hold for every number
(:data:`MAX_DIGITS`, :data:`MAX_DECIMAL_PLACES`): they keep each value within
what the database, the decimal arithmetic and the pages can handle.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ntm.core.messages import Message, gettext_noop, message
from ntm.core.numbers_vi import MAX_DECIMAL_PLACES, MAX_DIGITS, format_number_vi

__all__ = ["MAX_DECIMAL_PLACES", "MAX_DIGITS", "Bounds", "default_bounds"]

# The largest magnitude a value may have: MAX_DIGITS - MAX_DECIMAL_PLACES
# digits before the decimal point (10^12 - 1 with the defaults).
MAX_MAGNITUDE = Decimal(10) ** (MAX_DIGITS - MAX_DECIMAL_PLACES) - 1


@dataclass(frozen=True)
class Bounds:
    """Domain ``[minimum, maximum]`` and plausible range
    ``[plausible_min, plausible_max]``; ``None`` leaves that side open (up to
    the storage limits)."""

    minimum: Decimal | None = None
    maximum: Decimal | None = None
    plausible_min: Decimal | None = None
    plausible_max: Decimal | None = None
    # Where the bounds come from: a legal citation, or None for bounds chosen
    # by us (unverified).
    citation: str | None = None
    verified: bool = False

    def __post_init__(self) -> None:
        if self.minimum is not None and self.maximum is not None and self.minimum > self.maximum:
            raise ValueError(
                str(
                    message(
                        gettext_noop("giới hạn dưới %(low)s lớn hơn giới hạn trên %(high)s"),
                        low=self.minimum,
                        high=self.maximum,
                    )
                )
            )
        low, high = self.plausible_min, self.plausible_max
        if low is not None and high is not None and low > high:
            raise ValueError(
                str(
                    message(
                        gettext_noop("khoảng hợp lý: %(low)s lớn hơn %(high)s"), low=low, high=high
                    )
                )
            )
        for bound in (low, high):
            if bound is not None and not self.in_domain(bound):
                raise ValueError(
                    str(
                        message(
                            gettext_noop("khoảng hợp lý: %(bound)s nằm ngoài miền giá trị"),
                            bound=bound,
                        )
                    )
                )

    @property
    def low(self) -> Decimal:
        """The domain's lower end, storage limit included."""
        return -MAX_MAGNITUDE if self.minimum is None else max(self.minimum, -MAX_MAGNITUDE)

    @property
    def high(self) -> Decimal:
        return MAX_MAGNITUDE if self.maximum is None else min(self.maximum, MAX_MAGNITUDE)

    def in_domain(self, number: Decimal) -> bool:
        return self.low <= number <= self.high

    def domain_problem(self, number: Decimal, shown: str) -> Message | None:
        """Why ``number`` (shown as ``shown``) cannot be a value, or None."""
        if number < self.low:
            return message(
                gettext_noop("%(number)s nhỏ hơn giá trị nhỏ nhất cho phép (%(minimum)s)"),
                number=shown,
                minimum=format_number_vi(self.low),
            )
        if number > self.high:
            return message(
                gettext_noop("%(number)s lớn hơn giá trị lớn nhất cho phép (%(maximum)s)"),
                number=shown,
                maximum=format_number_vi(self.high),
            )
        return None

    def plausible(self, number: Decimal) -> bool:
        low, high = self.plausible_min, self.plausible_max
        return (low is None or number >= low) and (high is None or number <= high)

    def plausible_text(self) -> str:
        """``10 - 200``, ``≤ 1.000``, ``≥ 10``: the plausible range as shown."""
        low, high = self.plausible_min, self.plausible_max
        if low is not None and high is not None:
            return f"{format_number_vi(low)} - {format_number_vi(high)}"
        if high is not None:
            return f"≤ {format_number_vi(high)}"
        if low is not None:
            return f"≥ {format_number_vi(low)}"
        return ""


_ZERO = Decimal(0)
# A percentage is 0-100 by definition.
_PERCENT = Bounds(minimum=_ZERO, maximum=Decimal(100))

# Plausible ranges by unit (as written in the files' ``unit``), chosen by us
# (unverified): a commune's figure outside is most likely a typing error.
UNIT_DEFAULTS: dict[str, Bounds] = {
    # Rural income per person: our estimate of what a commune of the province
    # reports (unverified), wide on both sides.
    # i18n: data (units as the criteria files write them)
    "triệu đồng/người/năm": Bounds(_ZERO, None, Decimal(10), Decimal(200)),
    # Public green land per person.
    "m²/người": Bounds(_ZERO, None, None, Decimal(1000)),  # i18n: data
    # Road lengths of one commune.
    "km": Bounds(_ZERO, None, None, Decimal(1000)),
}
# By value type, when the unit has no entry.
TYPE_DEFAULTS: dict[str, Bounds] = {
    "percent": _PERCENT,
    "count": Bounds(_ZERO, None, None, Decimal(100_000)),
    "number": Bounds(_ZERO, None, None, Decimal(1_000_000)),
}


def default_bounds(value_type: str, unit: str | None) -> Bounds | None:
    """The bounds of an indicator whose file gives none; None for yes/no and
    list indicators (no number to bound)."""
    if value_type == "percent":
        return _PERCENT
    if unit and unit in UNIT_DEFAULTS:
        return UNIT_DEFAULTS[unit]
    return TYPE_DEFAULTS.get(value_type)
