"""The parts of a plan file (format ``ntm-ke-hoach/1``) as pydantic models:
which fields each part has (no other: ``extra="forbid"``), which are
required, and what each may hold (``fields``).

The lists of parts (legal basis, sections, targets) are read one item at a
time by ``read``, each with its model, so that one broken item neither hides
the problems of the others nor shifts the paths that name them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar, Generic, TypeVar

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator
from pydantic_core import ErrorDetails

from ntm.planning.models import Comparison
from ntm.planning.spec.errors import refuse
from ntm.planning.spec.fields import (
    FAILED,
    BasisList,
    Codes,
    ComparisonCode,
    Count,
    Day,
    Figure,
    Flag,
    Format,
    Items,
    Kind,
    Measure,
    PeriodCode,
    RequiredText,
    SectionList,
    Share,
    TargetList,
    Text,
)


class _Part(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    # What the part is made of, said (translated) when the file has something
    # else there.
    shape: ClassVar[str] = gettext_noop("cần một bảng (mapping) YAML")

    @model_validator(mode="before")
    @classmethod
    def _mapping(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            raise refuse(_(cls.shape))
        return data


class PlanFile(_Part):
    shape = gettext_noop("tệp phải là một bảng (mapping) YAML ở mức ngoài cùng")

    format: Format = Field(None, validate_default=True)
    code: RequiredText
    title: RequiredText
    issuer: RequiredText
    unit: RequiredText
    # Year and communes are checked in ``read`` (a wrong figure is refused
    # there too, as "the plan's year" it cannot be).
    year: Count = None
    criteria_set: RequiredText
    communes_in_scope: Count = None
    baseline_period: PeriodCode = ""
    # Not validated: a preamble or closing that is not text has always been
    # read as empty rather than refused (see ``read.loose_text``).
    preamble: object = None
    legal_basis: BasisList = []
    sections: SectionList = Field(None, validate_default=True)
    closing: object = None


class BasisFile(_Part):
    shape = gettext_noop("cần kind, number, date, issuer, title")

    kind: RequiredText
    number: RequiredText
    date: Day = Field(None, validate_default=True)
    issuer: RequiredText
    title: RequiredText


class SectionFile(_Part):
    shape = gettext_noop("cần code, title (và text, targets)")

    code: RequiredText
    title: RequiredText
    text: Text = ""
    targets: TargetList = []


# Fields only a district's target has; read with ``DistrictFile`` only there.
DISTRICT_FIELDS = ("unit_code", "criteria_set", "criteria", "complete_in_year")


class TargetFile(_Part):
    shape = gettext_noop("cần một chỉ tiêu (key, kind, label, ...)")

    key: RequiredText
    kind: Kind
    label: RequiredText
    text: Text = ""
    criterion: Text = ""
    comparison: ComparisonCode = Comparison.AT_LEAST
    value: Figure = None
    max: Figure = None
    of: Count = None
    added: Figure = None
    baseline: Figure = None
    share: Share = ""
    unit: Text = ""
    total: Flag = False
    unit_code: object = None
    criteria_set: object = None
    criteria: object = None
    complete_in_year: object = None
    items: Items = None
    measure: Measure = None
    responsible: Text = ""
    note: Text = ""


class DistrictFile(_Part):
    """The fields of ``DISTRICT_FIELDS`` of a target of kind ``district``."""

    unit_code: RequiredText
    criteria_set: RequiredText
    criteria: Codes = []
    complete_in_year: Codes = []


P = TypeVar("P", bound=_Part)


@dataclass
class Read(Generic[P]):
    """A part read with its model: the model (None when the part is not even
    a mapping) and pydantic's errors, locations relative to the part."""

    model: P | None
    errors: list[ErrorDetails]

    @property
    def failed(self) -> set[str]:
        """Fields whose value was refused (read as nothing)."""
        return {str(e["loc"][0]) for e in self.errors if e["loc"]}


def read_part(model: type[P], raw: object) -> Read[P]:
    """Validate ``raw`` with ``model``, collecting every problem: a refused
    value is replaced by ``FAILED`` (an unknown key dropped) and the part read
    again, so that the result still holds every field that was readable."""
    errors: list[ErrorDetails] = []
    data = raw
    # Pydantic reports keys that are not text before anything else, then the
    # fields; a repaired field is never refused again: three passes at most.
    for _pass in range(3):
        try:
            return Read(model.model_validate(data), errors)
        except ValidationError as exc:
            found = exc.errors(include_url=False)
            errors.extend(found)
            if not isinstance(data, dict) or any(not e["loc"] for e in found):
                return Read(None, errors)
            data = _repaired(data, found)
    return Read(None, errors)  # pragma: no cover - see the loop


def _repaired(data: dict[Any, Any], errors: list[ErrorDetails]) -> dict[str, Any]:
    out = {k: v for k, v in data.items() if isinstance(k, str)}
    for error in errors:
        name = error["loc"][0]
        if error["type"] in ("extra_forbidden", "invalid_key"):
            out.pop(str(name), None)
        else:
            out[str(name)] = FAILED
    return out
