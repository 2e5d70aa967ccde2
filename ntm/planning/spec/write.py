"""Writing a stored plan back in the form of its file (``ntm plan export``):
the inverse of ``read.parse_plan``."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from ntm.planning.measures import MEASURES, REPORTED
from ntm.planning.models import Comparison, TargetKind
from ntm.planning.spec.plan import FORMAT, PlanSpec, TargetSpec


def _plain(number: Decimal | None) -> int | float | None:
    if number is None:
        return None
    normal = number.normalize()
    if normal == normal.to_integral_value():
        return int(normal)
    return float(normal)


def spec_to_dict(spec: PlanSpec) -> dict[str, Any]:
    """The document a plan file holds (the inverse of ``parse_plan``):
    optional fields left out when empty, defaults left out."""
    out: dict[str, Any] = {
        "format": FORMAT,
        "code": spec.code,
        "title": spec.title,
        "issuer": spec.issuer,
        "unit": spec.unit,
        "year": spec.year,
        "criteria_set": spec.criteria_set,
        "communes_in_scope": spec.communes_in_scope,
    }
    if spec.baseline_period:
        out["baseline_period"] = spec.baseline_period
    if spec.preamble:
        out["preamble"] = spec.preamble
    out["legal_basis"] = [
        {"kind": b.kind, "number": b.number, "date": b.date, "issuer": b.issuer, "title": b.title}
        for b in spec.legal_basis
    ]
    sections = []
    for s in spec.sections:
        item: dict[str, Any] = {"code": s.code, "title": s.title}
        if s.text:
            item["text"] = s.text
        own = [_target_dict(t, spec.criteria_set) for t in spec.targets if t.section == s.code]
        if own:
            item["targets"] = own
        sections.append(item)
    out["sections"] = sections
    if spec.closing:
        out["closing"] = spec.closing
    return out


def _target_dict(t: TargetSpec, plan_set: str) -> dict[str, Any]:
    item: dict[str, Any] = {"key": t.key, "kind": t.kind, "label": t.label}
    optional: Iterable[tuple[str, Any]] = (
        ("criterion", t.criterion),
        ("comparison", "" if t.comparison == Comparison.AT_LEAST else t.comparison),
        ("value", _plain(t.value)),
        ("max", _plain(t.value_max)),
        ("of", t.of_total),
        ("added", _plain(t.added)),
        ("baseline", _plain(t.baseline)),
        ("share", t.share_printed),
        ("unit", t.unit),
        ("total", t.is_total or None),
        ("unit_code", t.subject_unit),
    )
    for name, value in optional:
        if value not in (None, ""):
            item[name] = value
    details = dict(t.details)
    if t.kind == TargetKind.DISTRICT:
        item["criteria_set"] = details.get("criteria_set", "")
        item["criteria"] = list(details.get("criteria", []))
        item["complete_in_year"] = list(details.get("complete_in_year", []))
    if details.get("items"):
        item["items"] = list(details["items"])
    if t.measure != REPORTED:
        defn = MEASURES[t.measure]
        shown = dict(t.measure_params)
        for param in defn.params:  # parameters taken from defaults are not written
            value = shown.get(param.name)
            if (param.default_from and value == t.criterion) or (
                param.default_plan_set and value == plan_set
            ):
                shown.pop(param.name, None)
        item["measure"] = {"kind": t.measure, **shown}
    for name, value in (("responsible", t.responsible), ("note", t.note), ("text", t.text)):
        if value:
            item[name] = value
    return item
