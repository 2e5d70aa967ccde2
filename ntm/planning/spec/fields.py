"""What one value of a plan file may be. Each type is an ``Annotated`` plain
validator: it reads the YAML value the way the format allows (a figure in
Vietnamese or international form, two forms of date, ...) and refuses
anything else with a Vietnamese reason.

A value already refused is read a second time as ``FAILED`` (see
``models.read_part``): every validator takes it for "nothing", so that the
other fields of the part are still checked against it, as a person fixing
the file expects every problem at once."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Annotated, Final

from django.utils.translation import gettext as _
from pydantic import PlainValidator

from ntm.core.errors import ValueParseError
from ntm.core.numbers_vi import parse_number_text
from ntm.core.periods import PeriodError, parse_period
from ntm.planning.models import Comparison, TargetKind
from ntm.planning.spec.errors import refuse
from ntm.planning.spec.plan import FORMAT


class _Failed:
    """The value of a field whose problem is already reported."""

    def __repr__(self) -> str:
        return "FAILED"


FAILED: Final = _Failed()


def _text(value: object) -> str:
    if value is None or value is FAILED:
        return ""
    if isinstance(value, (dict, list, bool)):
        raise refuse(_("cần một đoạn chữ"))
    return str(value).strip()


def _required_text(value: object) -> str:
    if value is FAILED:
        return ""
    if value is None:
        raise refuse(_("bắt buộc, chưa có"))
    text = _text(value)
    if not text:
        raise refuse(_("bắt buộc, đang để trống"))
    return text


def read_figure(value: object) -> Decimal:
    """A figure: a YAML number, or text in Vietnamese or international form.
    Figures of a plan are never negative."""
    number: Decimal
    if isinstance(value, bool):
        raise refuse(_("cần một số, không phải đúng/sai"))
    if isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, float):
        number = Decimal(repr(value))
    elif isinstance(value, str):
        text = value.strip().replace(" ", "")
        if not text:  # the core's reader expects a figure, not nothing
            raise refuse(_("cần một số"))
        try:
            number = parse_number_text(text, integer=False)
        except ValueParseError as exc:
            raise refuse(str(exc)) from exc
    else:
        raise refuse(_("cần một số"))
    if not number.is_finite():
        raise refuse(_("cần một số hữu hạn"))
    if number < 0:
        raise refuse(_("số âm (%(number)s) không hợp lệ trong kế hoạch") % {"number": value})
    return number


def _figure(value: object) -> Decimal | None:
    if value is None or value is FAILED:
        return None
    return read_figure(value)


def _count(value: object) -> int | None:
    number = _figure(value)
    if number is None:
        return None
    if number != number.to_integral_value():
        raise refuse(_("cần một số nguyên"))
    return int(number)


def _share(value: object) -> str:
    """A printed share kept as printed ("90,05", "42", "8,0"), so that its
    precision is known; the % sign is optional."""
    if value is None or value is FAILED:
        return ""
    text = str(value).strip().rstrip("%").strip()
    if read_figure(text) > 100:
        raise refuse(_("tỷ lệ %(share)s%% vượt quá 100%%") % {"share": text})
    return text.replace(".", ",")


def _day(value: object) -> dt.date | None:
    """Required: a missing date is refused like a wrong one."""
    if value is FAILED:
        return None
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
            try:
                return dt.datetime.strptime(value.strip(), fmt).date()
            except ValueError:
                continue
    raise refuse(_("cần ngày dạng 08/9/2021 hoặc 2021-09-08"))


def _flag(value: object) -> bool:
    if value is FAILED:
        return False
    if not isinstance(value, bool):
        raise refuse(_("cần true hoặc false"))
    return value


def _codes(value: object) -> list[str]:
    if value is FAILED:
        return []
    if not isinstance(value, list) or not all(isinstance(v, (str, int)) for v in value):
        raise refuse(_("cần danh sách số thứ tự tiêu chí"))
    return [str(v) for v in value]


def _items(value: object) -> list[str] | None:
    if value is FAILED:
        return None
    if not isinstance(value, list) or not all(isinstance(x, str) for x in value):
        raise refuse(_("cần danh sách các mục (chữ)"))
    return [x.strip() for x in value]


def _format(value: object) -> object:
    if value is not FAILED and value != FORMAT:
        raise refuse(_("cần «%(format)s»") % {"format": FORMAT})
    return value


def _period(value: object) -> str:
    """A period code (``2022``, ``2022-Q4``, ``2022-12``), written the one way."""
    text = _text(value)
    if not text:
        return ""
    try:
        return parse_period(text).code
    except PeriodError as exc:
        raise refuse(str(exc)) from exc


def _choice(choices: list[str], default: str = "") -> Callable[[object], str]:
    def read(value: object) -> str:
        text = _text(value) or default
        if text and text not in choices:
            raise refuse(
                _("«%(value)s» không hợp lệ; chọn: %(choices)s")
                % {"value": text, "choices": ", ".join(choices)}
            )
        return text

    return read


_target_kind = _choice(TargetKind.values)


def _kind(value: object) -> str:
    return _target_kind(_required_text(value))


def _measure(value: object) -> dict[str, object] | None:
    """``kind: ...`` with its parameters; a bare name is a measure without any."""
    if value is None or value is FAILED:
        return None
    if isinstance(value, str):
        return {"kind": value}
    if not isinstance(value, dict) or "kind" not in value:
        raise refuse(_("cần {kind: ..., tham số}"))
    return dict(value)


def _list(reason: Callable[[], str], *, empty: bool = True) -> Callable[[object], list[object]]:
    """A list of parts, each read on its own; YAML's empty values are an
    empty list where ``empty`` allows one."""

    def read(value: object) -> list[object]:
        if value is FAILED:
            return []
        if empty and not value:
            return []
        if not isinstance(value, list) or not value:
            raise refuse(reason())
        return value

    return read


Text = Annotated[str, PlainValidator(_text)]
RequiredText = Annotated[str, PlainValidator(_required_text)]
Figure = Annotated[Decimal | None, PlainValidator(_figure)]
Count = Annotated[int | None, PlainValidator(_count)]
Share = Annotated[str, PlainValidator(_share)]
Day = Annotated[dt.date | None, PlainValidator(_day)]
Flag = Annotated[bool, PlainValidator(_flag)]
Codes = Annotated[list[str], PlainValidator(_codes)]
Items = Annotated[list[str] | None, PlainValidator(_items)]
Format = Annotated[object, PlainValidator(_format)]
PeriodCode = Annotated[str, PlainValidator(_period)]
Kind = Annotated[str, PlainValidator(_kind)]
ComparisonCode = Annotated[
    str, PlainValidator(_choice(Comparison.values, default=Comparison.AT_LEAST))
]
Measure = Annotated[dict[str, object] | None, PlainValidator(_measure)]
BasisList = Annotated[list[object], PlainValidator(_list(lambda: _("cần danh sách văn bản")))]
SectionList = Annotated[
    list[object],
    PlainValidator(_list(lambda: _("cần danh sách các mục của kế hoạch"), empty=False)),
]
TargetList = Annotated[list[object], PlainValidator(_list(lambda: _("cần danh sách chỉ tiêu")))]
