"""Vietnamese number forms: reading typed numbers and writing them back.

Vietnamese writes ``5.103,888`` (dot for thousands, comma for decimals); data
also arrives in international form (``90.05``, ``1,234.5``). The rules, which
``docs/criteria-format.md`` repeats for users:

* the decimal separator is ``,`` (Vietnamese) or ``.`` (international);
* the thousands separator is ``.`` (Vietnamese), or ``,`` only in a full
  international number (``1,234.5`` or ``1,234,567``), never on its own;
* hence a single ``,`` is always a decimal comma (``1,234`` is 1.234), while a
  single ``.`` followed by exactly three digits (``1.234``) reads two ways:
  1234 in Vietnamese form, 1.234 in international form. It is ambiguous for
  values that may have decimals, and means 1234 for integers (a count cannot
  be 1.234).
"""

from __future__ import annotations

import math
import re
from decimal import ROUND_HALF_UP, Context, Decimal, InvalidOperation, localcontext

from ntm.core.errors import ValueParseError
from ntm.core.messages import gettext_noop, message

_BODY = re.compile(r"[0-9](?:[0-9.,]*[0-9])?")
_DEFAULT_MAX_DECIMALS = 6

# Storage limits of every value (the bounded decimal context): at most
# MAX_DIGITS digits, MAX_DECIMAL_PLACES of them after the decimal point, and
# no more than MAX_INPUT_CHARS characters typed. Indicator domains
# (ntm.core.bounds) narrow them further.
MAX_DIGITS = 18
MAX_DECIMAL_PLACES = 6
MAX_INPUT_CHARS = 40
# Formatting: numbers of up to _FORMAT_MAX_EXPONENT digits before the point
# are written out; larger ones read "giá trị ngoài phạm vi". The context's
# precision holds such a number with its decimals, so nothing overflows.
_FORMAT_MAX_EXPONENT = 30
_FORMAT_CONTEXT = Context(prec=_FORMAT_MAX_EXPONENT + 2 * _DEFAULT_MAX_DECIMALS + 20)


def _is_grouped(text: str, separator: str) -> bool:
    """``1.234.567`` style: a 1-3 digit head without a leading zero, then
    groups of exactly three digits."""
    head, *groups = text.split(separator)
    return (
        1 <= len(head) <= 3
        and head[0] != "0"
        and bool(groups)
        and all(len(g) == 3 and g.isdigit() for g in groups)
        and head.isdigit()
    )


def shorten(text: str) -> str:
    """``text`` cut to MAX_INPUT_CHARS characters for a message."""
    return text if len(text) <= MAX_INPUT_CHARS else text[:MAX_INPUT_CHARS] + "…"


def parse_number_text(text: str, *, integer: bool) -> Decimal:
    """Read ``text`` (already stripped of spaces and any ``%``) as a number
    within the storage limits (:func:`check_digits`).

    ``integer`` says whether the value can only be a whole number (a count):
    it resolves ``1.234`` to 1234 instead of rejecting it as ambiguous."""
    if len(text) > MAX_INPUT_CHARS:
        raise ValueParseError(
            gettext_noop("«%(text)s» quá dài: một giá trị có tối đa %(limit)s ký tự"),
            text=shorten(text),
            limit=MAX_INPUT_CHARS,
        )
    return check_digits(_parse_number_text(text, integer=integer), text)


def check_digits(number: Decimal, text: str | None = None) -> Decimal:
    """``number`` if it is finite and has at most MAX_DIGITS digits,
    MAX_DECIMAL_PLACES of them decimals (trailing zeros aside); ``-0``
    becomes ``0``. Else :class:`ValueParseError` naming the limit."""
    shown = f"«{shorten(text)}»" if text is not None else None
    if not number.is_finite():
        raise ValueParseError(
            gettext_noop("%(number)s không phải là số hữu hạn"), number=shown or str(number)
        )
    if number.is_zero():
        return Decimal(0)
    with localcontext(_FORMAT_CONTEXT):
        _sign, digits, exponent = number.normalize().as_tuple()
    assert isinstance(exponent, int)  # finite
    if len(digits) + exponent > MAX_DIGITS - MAX_DECIMAL_PLACES:
        raise ValueParseError(
            gettext_noop("%(number)s quá lớn: phần nguyên có tối đa %(limit)s chữ số"),
            number=shown or format_number_vi(number),
            limit=MAX_DIGITS - MAX_DECIMAL_PLACES,
        )
    if -exponent > MAX_DECIMAL_PLACES:
        raise ValueParseError(
            gettext_noop(
                "%(number)s có quá nhiều chữ số thập phân: tối đa %(limit)s chữ số sau dấu phẩy"
            ),
            number=shown or _plain(number),
            limit=MAX_DECIMAL_PLACES,
        )
    return number


def _plain(number: Decimal) -> str:
    with localcontext(_FORMAT_CONTEXT):
        return shorten(f"{number:f}")


def _parse_number_text(text: str, *, integer: bool) -> Decimal:
    sign = ""
    body = text
    if body[:1] in "+-":
        sign, body = ("-" if body[0] == "-" else ""), body[1:]
    if not _BODY.fullmatch(body):
        raise ValueParseError(gettext_noop("«%(text)s» không phải là số hợp lệ"), text=text)
    dots, commas = body.count("."), body.count(",")
    if dots and commas:
        decimal_sep = "," if body.rfind(",") > body.rfind(".") else "."
        group_sep = "." if decimal_sep == "," else ","
        whole, _, fraction = body.rpartition(decimal_sep)
        if decimal_sep in whole or not _is_grouped(whole, group_sep):
            raise ValueParseError(
                gettext_noop(
                    "«%(text)s» không phải là số hợp lệ: dấu ngăn cách hàng nghìn đặt sai chỗ "
                    "(ví dụ đúng: 5.103,888 hoặc 5,103.888)"
                ),
                text=text,
            )
        digits = whole.replace(group_sep, "") + "." + fraction
    elif dots + commas == 0:
        digits = body
    elif commas > 1 or dots > 1:
        sep = "," if commas else "."
        if not _is_grouped(body, sep):
            raise ValueParseError(
                gettext_noop(
                    "«%(text)s» không phải là số hợp lệ: dấu ngăn cách hàng nghìn đặt sai chỗ"
                ),
                text=text,
            )
        digits = body.replace(sep, "")
    elif commas == 1:
        digits = body.replace(",", ".")
    else:
        head, _, tail = body.partition(".")
        if _is_grouped(body, "."):
            if not integer:
                raise ValueParseError(
                    gettext_noop(
                        "«%(text)s» không rõ nghĩa: có thể là %(decimal)s (dấu chấm thập phân "
                        "kiểu quốc tế) hoặc %(whole)s (dấu chấm ngăn cách hàng nghìn kiểu Việt "
                        "Nam). Hãy viết %(decimal)s nếu là số thập phân, %(whole)s nếu là số "
                        "nguyên."
                    ),
                    text=text,
                    decimal=f"{head},{tail}",
                    whole=f"{head}{tail}",
                )
            digits = head + tail
        else:
            digits = body
    try:
        return Decimal(sign + digits)
    except InvalidOperation as exc:  # pragma: no cover - the regex rules this out
        raise ValueParseError(
            gettext_noop("«%(text)s» không phải là số hợp lệ"), text=text
        ) from exc


def _group_thousands(digits: str) -> str:
    head = len(digits) % 3 or 3
    parts = [digits[:head]] + [digits[i : i + 3] for i in range(head, len(digits), 3)]
    return ".".join(parts)


def format_number_vi(x: float | int | Decimal, decimals: int | None = None) -> str:
    """``5103.888`` → ``5.103,888``. With ``decimals`` the value is rounded
    half-up to that many places and padded (``format_number_vi(2, 1)`` →
    ``2,0``); without, up to six places are kept and trailing zeros dropped, so
    a computed ``51.700000000000003`` prints as ``51,7``."""
    if isinstance(x, float) and (x != x or x in (float("inf"), float("-inf"))):
        raise ValueError(str(message(gettext_noop("không định dạng được số %(number)r"), number=x)))
    places = _DEFAULT_MAX_DECIMALS if decimals is None else decimals
    if places < 0 or places > 2 * _DEFAULT_MAX_DECIMALS:
        raise ValueError(gettext_noop("decimals phải từ 0 đến 12"))
    # A local context: a stored value of any size is written or replaced by
    # a notice, never an InvalidOperation (the default context holds 28 digits).
    with localcontext(_FORMAT_CONTEXT):
        value = x if isinstance(x, Decimal) else Decimal(repr(x) if isinstance(x, float) else x)
        if not value.is_finite() or (
            not value.is_zero() and value.adjusted() >= _FORMAT_MAX_EXPONENT
        ):
            return str(message(gettext_noop("giá trị ngoài phạm vi")))
        rounded = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
        text = f"{abs(rounded):f}"
        negative = rounded < 0
    whole, _, fraction = text.partition(".")
    if decimals is None:
        fraction = fraction.rstrip("0")
    sign = "-" if negative and (whole.strip("0") or fraction.strip("0")) else ""
    return sign + _group_thousands(whole) + ("," + fraction if fraction else "")


def format_percent_vi(x: float | int | Decimal, decimals: int | None = None) -> str:
    """A percentage given in points (``90.05`` means 90,05 %) → ``90,05%``."""
    text = format_number_vi(x, decimals)
    return text + "%" if text[-1:].isdigit() else text


# -- one formatter per kind of quantity ------------------------------------------------
# The precision rules of every user-facing number (pages, documents, the
# command line, the text cells of exports): our own choice, applied
# everywhere so that "12,547" never stands beside "12,19".
PERCENT_DECIMALS = 2  # up to two decimals: 90,05%, 90,1%, 90%
AVERAGE_DECIMALS = 2  # always two: 13,29 criteria per commune, 14,00
MONEY_DECIMALS = 3  # up to three, in tỷ đồng (a million đồng): 5.103,888
SECONDS_DECIMALS = 2  # a duration in seconds: 3,99 giây


Number = float | int | Decimal
UNKNOWN = "—"  # a figure that is not known


def _safe(x: Number, places: int, *, up_to: bool) -> str:
    """Rounded half-up to ``places`` decimals (trailing zeros dropped when
    ``up_to``); never raises: a non-finite float reads as out of range."""
    if isinstance(x, float) and not math.isfinite(x):
        x = Decimal(str(x))
    text = format_number_vi(x, places)
    if up_to and "," in text:
        text = text.rstrip("0").rstrip(",")
    return text


def format_up_to(x: Number | None, places: int) -> str:
    """A measured quantity (a gap to a threshold, in the indicator's unit):
    up to ``places`` decimals, ``12,5``."""
    return UNKNOWN if x is None else _safe(x, places, up_to=True)


def format_count(n: Number | None) -> str:
    """A count of things (communes, values, bytes): a whole number, ``5.103``."""
    return UNKNOWN if n is None else _safe(n, 0, up_to=False)


def format_percent(x: Number | None) -> str:
    """A share in points (``90.05`` is 90,05 %): up to two decimals, ``90,05%``."""
    if x is None:
        return UNKNOWN
    text = _safe(x, PERCENT_DECIMALS, up_to=True)
    return text + "%" if text[-1:].isdigit() else text


def format_average(x: Number | None) -> str:
    """An average (criteria per commune): always two decimals, ``13,29``."""
    return UNKNOWN if x is None else _safe(x, AVERAGE_DECIMALS, up_to=False)


def format_money(x: Number | None) -> str:
    """An amount in tỷ đồng: up to three decimals, ``5.103,888``."""
    return UNKNOWN if x is None else _safe(x, MONEY_DECIMALS, up_to=True)


def format_seconds(x: Number | None) -> str:
    """A duration in seconds: two decimals, ``3,99``."""
    return UNKNOWN if x is None else _safe(x, SECONDS_DECIMALS, up_to=False)
