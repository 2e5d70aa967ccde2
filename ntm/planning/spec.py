"""Reading a plan file (YAML, format ``ntm-ke-hoach/1``) into a checked,
immutable description, and writing a stored plan back in the same form.

Nothing here writes to the database. Every problem is collected with the
path of the field and a Vietnamese reason, so that a person fixes the whole
file in one pass; a file with any problem is not imported at all. The format
is described for users in ``docs/huong-dan/ke-hoach.md``."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from ntm.core.criteria_catalog import CriteriaCatalog
from ntm.core.criteria_model import JudgedUnit
from ntm.core.errors import CriteriaLookupError, ValueParseError
from ntm.core.numbers_vi import parse_number_text
from ntm.core.periods import PeriodError, parse_period
from ntm.planning.measures import MEASURES, REPORTED, measure_params
from ntm.planning.models import Comparison, TargetKind
from ntm.units.models import DISTRICT_TYPES

FORMAT = "ntm-ke-hoach/1"
FIELDS = ("value", "max", "added", "baseline", "of", "share")
# {tc1.value}, {advanced.added:02}
PLACEHOLDER = re.compile(r"\{([a-z][a-z0-9_]*)\.([a-z]+)(?::(02))?\}")
_BRACE = re.compile(r"\{[^{}]*\}")
_KEY = re.compile(r"^[a-z][a-z0-9_]*$")
_SECTION = re.compile(r"^[IVX]+(\.\d+)*$")

_ROOT_KEYS = {
    "format",
    "code",
    "title",
    "issuer",
    "unit",
    "year",
    "criteria_set",
    "communes_in_scope",
    "baseline_period",
    "preamble",
    "legal_basis",
    "sections",
    "closing",
}
_BASIS_KEYS = {"kind", "number", "date", "issuer", "title"}
_SECTION_KEYS = {"code", "title", "text", "targets"}
_TARGET_KEYS = {
    "key",
    "kind",
    "label",
    "text",
    "criterion",
    "comparison",
    "value",
    "max",
    "of",
    "added",
    "baseline",
    "share",
    "unit",
    "total",
    "unit_code",
    "criteria_set",
    "criteria",
    "complete_in_year",
    "items",
    "measure",
    "responsible",
    "note",
}


@dataclass(frozen=True)
class FieldError:
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


@dataclass(frozen=True)
class BasisSpec:
    kind: str
    number: str
    date: dt.date
    issuer: str
    title: str


@dataclass(frozen=True)
class SectionSpec:
    code: str
    title: str
    text: str


@dataclass(frozen=True)
class TargetSpec:
    key: str
    kind: str
    label: str
    section: str
    text: str = ""
    criterion: str = ""
    comparison: str = Comparison.AT_LEAST
    value: Decimal | None = None
    value_max: Decimal | None = None
    of_total: int | None = None
    added: Decimal | None = None
    baseline: Decimal | None = None
    share_printed: str = ""
    unit: str = ""
    is_total: bool = False
    subject_unit: str = ""
    details: Mapping[str, Any] = field(default_factory=dict)
    measure: str = REPORTED
    measure_params: Mapping[str, Any] = field(default_factory=dict)
    responsible: str = ""
    note: str = ""
    # Fields the file wrote (a placeholder to a field that failed to read is
    # not reported twice).
    given: frozenset[str] = field(default=frozenset(), compare=False, repr=False)


@dataclass(frozen=True)
class PlanSpec:
    code: str
    title: str
    issuer: str
    unit: str
    year: int
    criteria_set: str
    communes_in_scope: int
    baseline_period: str
    preamble: str
    closing: str
    legal_basis: tuple[BasisSpec, ...]
    sections: tuple[SectionSpec, ...]
    targets: tuple[TargetSpec, ...]

    def target(self, key: str) -> TargetSpec:
        return next(t for t in self.targets if t.key == key)


@dataclass(frozen=True)
class UnitInfo:
    code: str
    name: str
    type: str
    path: str


@dataclass
class Lookups:
    """What the checks need from outside the file."""

    catalog: CriteriaCatalog
    unit: Callable[[str], UnitInfo | None]


class _Errors:
    def __init__(self) -> None:
        self.items: list[FieldError] = []

    def add(self, path: str, message: str) -> None:
        self.items.append(FieldError(path, message))


def _text(value: Any, path: str, errors: _Errors, *, required: bool = False) -> str:
    if value is None:
        if required:
            errors.add(path, _("bắt buộc, chưa có"))
        return ""
    if isinstance(value, (dict, list, bool)):
        errors.add(path, _("cần một đoạn chữ"))
        return ""
    text = str(value).strip()
    if required and not text:
        errors.add(path, _("bắt buộc, đang để trống"))
    return text


def _number(value: Any, path: str, errors: _Errors) -> Decimal | None:
    """A figure: a YAML number, or text in Vietnamese or international form.
    Figures of a plan are never negative."""
    if value is None:
        return None
    number: Decimal
    if isinstance(value, bool):
        errors.add(path, _("cần một số, không phải đúng/sai"))
        return None
    if isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, float):
        number = Decimal(repr(value))
    elif isinstance(value, str):
        try:
            number = parse_number_text(value.strip().replace(" ", ""), integer=False)
        except ValueParseError as exc:
            errors.add(path, str(exc))
            return None
    else:
        errors.add(path, _("cần một số"))
        return None
    if not number.is_finite():
        errors.add(path, _("cần một số hữu hạn"))
        return None
    if number < 0:
        errors.add(path, _("số âm (%(n)s) không hợp lệ trong kế hoạch") % {"n": value})
        return None
    return number


def _integer(value: Any, path: str, errors: _Errors) -> int | None:
    number = _number(value, path, errors)
    if number is None:
        return None
    if number != number.to_integral_value():
        errors.add(path, _("cần một số nguyên"))
        return None
    return int(number)


def _date(value: Any, path: str, errors: _Errors) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
            try:
                return dt.datetime.strptime(value.strip(), fmt).date()
            except ValueError:
                continue
    errors.add(path, _("cần ngày dạng 08/9/2021 hoặc 2021-09-08"))
    return None


def _unknown_keys(raw: Mapping[str, Any], known: set[str], path: str, errors: _Errors) -> None:
    for key in sorted(set(raw) - known, key=str):
        errors.add(f"{path}.{key}" if path else str(key), _("trường không có trong định dạng"))


def _codes(value: Any, path: str, errors: _Errors) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, (str, int)) for v in value):
        errors.add(path, _("cần danh sách số thứ tự tiêu chí"))
        return []
    return [str(v) for v in value]


def _share_text(value: Any, path: str, errors: _Errors) -> str:
    """A printed share kept as printed ("90,05", "42", "8,0"), so that its
    precision is known; the % sign is optional."""
    if value is None:
        return ""
    text = str(value).strip().rstrip("%").strip()
    number = _number(text, path, errors)
    if number is None:
        return ""
    if number > 100:
        errors.add(path, _("tỷ lệ %(s)s%% vượt quá 100%%") % {"s": text})
        return ""
    return text.replace(".", ",")


def parse_plan(raw: Any, lookups: Lookups) -> tuple[PlanSpec | None, list[FieldError]]:
    """The plan described by a parsed YAML document, or the list of problems."""
    errors = _Errors()
    if not isinstance(raw, dict):
        errors.add("", _("tệp phải là một bảng (mapping) YAML ở mức ngoài cùng"))
        return None, errors.items
    if raw.get("format") != FORMAT:
        errors.add("format", _("cần «%(f)s»") % {"f": FORMAT})
    _unknown_keys(raw, _ROOT_KEYS, "", errors)
    code = _text(raw.get("code"), "code", errors, required=True)
    if code and not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", code):
        errors.add("code", _("chỉ dùng chữ không dấu, số, dấu chấm, gạch ngang"))
    title = _text(raw.get("title"), "title", errors, required=True)
    issuer = _text(raw.get("issuer"), "issuer", errors, required=True)
    unit_code = _text(raw.get("unit"), "unit", errors, required=True)
    year = _integer(raw.get("year"), "year", errors)
    if year is None or not 2000 <= year <= 2100:
        errors.add("year", _("cần năm của kế hoạch, ví dụ 2023"))
        year = year or 0
    set_code = _text(raw.get("criteria_set"), "criteria_set", errors, required=True)
    communes = _integer(raw.get("communes_in_scope"), "communes_in_scope", errors)
    if not communes:
        errors.add("communes_in_scope", _("cần số xã trong phạm vi kế hoạch (lớn hơn 0)"))
        communes = 0
    baseline_period = _text(raw.get("baseline_period"), "baseline_period", errors)
    if baseline_period:
        try:
            baseline_period = parse_period(baseline_period).code
        except PeriodError as exc:
            errors.add("baseline_period", str(exc))

    unit = lookups.unit(unit_code) if unit_code else None
    if unit_code and unit is None:
        errors.add(
            "unit",
            _("chưa có đơn vị hành chính mã «%(c)s» (chạy: ntm units import)") % {"c": unit_code},
        )
    cset = None
    if set_code:
        try:
            cset = lookups.catalog.get(set_code)
        except CriteriaLookupError:
            errors.add("criteria_set", _("không có bộ tiêu chí «%(c)s»") % {"c": set_code})
        else:
            if cset.unit_type != JudgedUnit.COMMUNE:
                errors.add("criteria_set", _("cần một bộ tiêu chí cấp xã"))
            elif year and year not in cset.years:
                errors.add(
                    "criteria_set",
                    _("bộ %(c)s áp dụng %(a)s-%(b)s, không áp dụng cho năm %(y)s")
                    % {"c": set_code, "a": cset.first_year, "b": cset.last_year, "y": year},
                )

    basis: list[BasisSpec] = []
    raw_basis = raw.get("legal_basis") or []
    if not isinstance(raw_basis, list):
        errors.add("legal_basis", _("cần danh sách văn bản"))
        raw_basis = []
    for i, item in enumerate(raw_basis):
        path = f"legal_basis[{i}]"
        if not isinstance(item, dict):
            errors.add(path, _("cần kind, number, date, issuer, title"))
            continue
        _unknown_keys(item, _BASIS_KEYS, path, errors)
        date = _date(item.get("date"), f"{path}.date", errors)
        spec = BasisSpec(
            kind=_text(item.get("kind"), f"{path}.kind", errors, required=True),
            number=_text(item.get("number"), f"{path}.number", errors, required=True),
            date=date or dt.date(1900, 1, 1),
            issuer=_text(item.get("issuer"), f"{path}.issuer", errors, required=True),
            title=_text(item.get("title"), f"{path}.title", errors, required=True),
        )
        basis.append(spec)

    sections: list[SectionSpec] = []
    targets: list[TargetSpec] = []
    target_paths: dict[str, str] = {}
    text_paths: list[tuple[str, str]] = []
    raw_sections = raw.get("sections")
    if not isinstance(raw_sections, list) or not raw_sections:
        errors.add("sections", _("cần danh sách các mục của kế hoạch"))
        raw_sections = []
    seen_sections: set[str] = set()
    for i, item in enumerate(raw_sections):
        path = f"sections[{i}]"
        if not isinstance(item, dict):
            errors.add(path, _("cần code, title (và text, targets)"))
            continue
        s_code = _text(item.get("code"), f"{path}.code", errors, required=True)
        if s_code:
            path = f"sections[{s_code}]"
            if not _SECTION.match(s_code):
                errors.add(f"{path}.code", _("cần dạng I, I.2, II.9.1"))
            if s_code in seen_sections:
                errors.add(f"{path}.code", _("mục bị trùng"))
            seen_sections.add(s_code)
        _unknown_keys(item, _SECTION_KEYS, path, errors)
        text = _text(item.get("text"), f"{path}.text", errors)
        if text:
            text_paths.append((f"{path}.text", text))
        sections.append(
            SectionSpec(
                s_code, _text(item.get("title"), f"{path}.title", errors, required=True), text
            )
        )
        raw_targets = item.get("targets") or []
        if not isinstance(raw_targets, list):
            errors.add(f"{path}.targets", _("cần danh sách chỉ tiêu"))
            continue
        for j, t in enumerate(raw_targets):
            target = _target(
                t, f"{path}.targets[{j}]", s_code, errors, lookups, cset, communes, year, unit
            )
            if target is None:
                continue
            t_path = f"{path}.targets[{target.key}]"
            if target.key in target_paths:
                errors.add(f"{t_path}.key", _("mã chỉ tiêu bị trùng"))
                continue
            target_paths[target.key] = t_path
            targets.append(target)
            if target.text:
                text_paths.append((f"{t_path}.text", target.text))

    _check_funding(targets, target_paths, errors)
    by_key = {t.key: t for t in targets}
    for path, text in [
        *text_paths,
        ("preamble", str(raw.get("preamble") or "")),
        ("closing", str(raw.get("closing") or "")),
    ]:
        _check_placeholders(text, path, by_key, errors)

    if errors.items:
        return None, errors.items
    return (
        PlanSpec(
            code=code,
            title=title,
            issuer=issuer,
            unit=unit_code,
            year=year,
            criteria_set=set_code,
            communes_in_scope=communes,
            baseline_period=baseline_period,
            preamble=_text(raw.get("preamble"), "preamble", errors),
            closing=_text(raw.get("closing"), "closing", errors),
            legal_basis=tuple(basis),
            sections=tuple(sections),
            targets=tuple(targets),
        ),
        [],
    )


_FIELD_ATTR = {
    "value": "value",
    "max": "value_max",
    "added": "added",
    "baseline": "baseline",
    "of": "of_total",
    "share": "share_printed",
}


def _check_placeholders(
    text: str, path: str, by_key: Mapping[str, TargetSpec], errors: _Errors
) -> None:
    for match in _BRACE.finditer(text):
        found = PLACEHOLDER.fullmatch(match.group(0))
        if found is None:
            errors.add(path, _("chỗ điền «%(p)s» không đúng dạng {mã.value}") % {"p": match[0]})
            continue
        key, name = found.group(1), found.group(2)
        target = by_key.get(key)
        if target is None:
            errors.add(
                path, _("chỗ điền «%(p)s»: không có chỉ tiêu «%(k)s»") % {"p": match[0], "k": key}
            )
        elif name not in _FIELD_ATTR:
            errors.add(
                path,
                _("chỗ điền «%(p)s»: trường «%(f)s» không có; dùng %(all)s")
                % {"p": match[0], "f": name, "all": ", ".join(FIELDS)},
            )
        elif getattr(target, _FIELD_ATTR[name]) in (None, "") and name not in target.given:
            errors.add(
                path,
                _("chỗ điền «%(p)s»: chỉ tiêu «%(k)s» không có %(f)s")
                % {"p": match[0], "k": key, "f": name},
            )


def _target(
    raw: Any,
    path: str,
    section: str,
    errors: _Errors,
    lookups: Lookups,
    cset: Any,
    communes: int,
    year: int,
    plan_unit: UnitInfo | None,
) -> TargetSpec | None:
    if not isinstance(raw, dict):
        errors.add(path, _("cần một chỉ tiêu (key, kind, label, ...)"))
        return None
    key = _text(raw.get("key"), f"{path}.key", errors, required=True)
    if key:
        path = path.rsplit("[", 1)[0] + f"[{key}]"
        if not _KEY.match(key):
            errors.add(f"{path}.key", _("chỉ dùng chữ thường không dấu, số, dấu gạch dưới"))
    _unknown_keys(raw, _TARGET_KEYS, path, errors)
    kind = _text(raw.get("kind"), f"{path}.kind", errors, required=True)
    if kind and kind not in TargetKind.values:
        errors.add(
            f"{path}.kind",
            _("«%(k)s» không hợp lệ; chọn: %(all)s")
            % {"k": kind, "all": ", ".join(TargetKind.values)},
        )
    comparison = _text(raw.get("comparison"), f"{path}.comparison", errors) or Comparison.AT_LEAST
    if comparison not in Comparison.values:
        errors.add(
            f"{path}.comparison",
            _("«%(c)s» không hợp lệ; chọn: %(all)s")
            % {"c": comparison, "all": ", ".join(Comparison.values)},
        )
    value = _number(raw.get("value"), f"{path}.value", errors)
    value_max = _number(raw.get("max"), f"{path}.max", errors)
    if comparison == Comparison.BETWEEN:
        if value is None or value_max is None:
            errors.add(f"{path}.max", _("chỉ tiêu dạng khoảng cần cả value (mức dưới) và max"))
        elif value_max < value:
            errors.add(
                f"{path}.max",
                _("mức trên %(b)s nhỏ hơn mức dưới %(a)s") % {"a": value, "b": value_max},
            )
    elif value_max is not None:
        errors.add(f"{path}.max", _("chỉ dùng max với comparison: between"))
    of_total = _integer(raw.get("of"), f"{path}.of", errors)
    added = _number(raw.get("added"), f"{path}.added", errors)
    baseline = _number(raw.get("baseline"), f"{path}.baseline", errors)
    share = _share_text(raw.get("share"), f"{path}.share", errors)
    criterion = _text(raw.get("criterion"), f"{path}.criterion", errors)
    if kind == TargetKind.CRITERION and not criterion:
        errors.add(f"{path}.criterion", _("chỉ tiêu theo tiêu chí cần số thứ tự tiêu chí"))
    if criterion and cset is not None and criterion not in {c.code for c in cset.criteria}:
        errors.add(
            f"{path}.criterion",
            _("không có tiêu chí «%(c)s» trong bộ %(s)s") % {"c": criterion, "s": cset.code},
        )
    total = raw.get("total", False)
    if not isinstance(total, bool):
        errors.add(f"{path}.total", _("cần true hoặc false"))
        total = False
    if total and kind != TargetKind.FUNDING:
        errors.add(f"{path}.total", _("chỉ dòng nguồn vốn mới có total"))
    if kind == TargetKind.FUNDING and raw.get("value") is None:
        errors.add(f"{path}.value", _("nguồn vốn cần số tiền"))

    details: dict[str, Any] = {}
    subject = ""
    if kind == TargetKind.DISTRICT:
        subject, details = _district(raw, path, errors, lookups, plan_unit, value, of_total)
    else:
        for name in ("unit_code", "criteria_set", "criteria", "complete_in_year"):
            if name in raw:
                errors.add(f"{path}.{name}", _("chỉ dùng cho chỉ tiêu cấp huyện (kind: district)"))
    if "items" in raw:
        items = raw["items"]
        if not isinstance(items, list) or not all(isinstance(x, str) for x in items):
            errors.add(f"{path}.items", _("cần danh sách các mục (chữ)"))
        else:
            details["items"] = [x.strip() for x in items]

    measure_code, params = _measure(raw.get("measure"), path, errors, criterion, cset, lookups)
    defn = MEASURES.get(measure_code)
    if (defn is not None and defn.counts_communes) or kind == TargetKind.CRITERION:
        for name, figure in (("value", value), ("added", added), ("baseline", baseline)):
            if figure is not None and communes and figure > communes:
                errors.add(
                    f"{path}.{name}",
                    _("%(n)s xã vượt quá số xã trong phạm vi kế hoạch (%(c)s)")
                    % {"n": figure, "c": communes},
                )
    if of_total is not None and value is not None and value > of_total:
        errors.add(
            f"{path}.value",
            _("tổng %(v)s lớn hơn số được tính trên (%(o)s)") % {"v": value, "o": of_total},
        )
    return TargetSpec(
        key=key,
        kind=kind,
        label=_text(raw.get("label"), f"{path}.label", errors, required=True),
        section=section,
        text=_text(raw.get("text"), f"{path}.text", errors),
        criterion=criterion,
        comparison=comparison,
        value=value,
        value_max=value_max,
        of_total=of_total,
        added=added,
        baseline=baseline,
        share_printed=share,
        unit=_text(raw.get("unit"), f"{path}.unit", errors),
        is_total=bool(total),
        subject_unit=subject,
        details=details,
        measure=measure_code,
        measure_params=params,
        responsible=_text(raw.get("responsible"), f"{path}.responsible", errors),
        note=_text(raw.get("note"), f"{path}.note", errors),
        given=frozenset(str(k) for k in raw),
    )


def _district(
    raw: Mapping[str, Any],
    path: str,
    errors: _Errors,
    lookups: Lookups,
    plan_unit: UnitInfo | None,
    value: Decimal | None,
    of_total: int | None,
) -> tuple[str, dict[str, Any]]:
    code = _text(raw.get("unit_code"), f"{path}.unit_code", errors, required=True)
    unit = lookups.unit(code) if code else None
    if code and (unit is None or unit.type not in DISTRICT_TYPES):
        errors.add(f"{path}.unit_code", _("không có huyện, thành phố mã «%(c)s»") % {"c": code})
    elif (
        unit is not None
        and plan_unit is not None
        and not unit.path.startswith(plan_unit.path + "/")
    ):
        errors.add(
            f"{path}.unit_code",
            _("%(u)s không thuộc %(p)s") % {"u": unit.name, "p": plan_unit.name},
        )
    set_code = _text(raw.get("criteria_set"), f"{path}.criteria_set", errors, required=True)
    codes: set[str] = set()
    if set_code:
        try:
            dset = lookups.catalog.get(set_code)
        except CriteriaLookupError:
            errors.add(f"{path}.criteria_set", _("không có bộ tiêu chí «%(c)s»") % {"c": set_code})
        else:
            if dset.unit_type != JudgedUnit.DISTRICT:
                errors.add(f"{path}.criteria_set", _("cần một bộ tiêu chí cấp huyện"))
            codes = {c.code for c in dset.criteria}
            if of_total is not None and of_total != len(dset.criteria):
                errors.add(
                    f"{path}.of",
                    _("bộ %(s)s có %(n)s tiêu chí, không phải %(o)s")
                    % {"s": set_code, "n": len(dset.criteria), "o": of_total},
                )
    details: dict[str, Any] = {"criteria_set": set_code}
    for name in ("criteria", "complete_in_year"):
        listed = _codes(raw.get(name, []), f"{path}.{name}", errors)
        unknown = [c for c in listed if codes and c not in codes]
        if unknown:
            errors.add(
                f"{path}.{name}",
                _("không có tiêu chí %(c)s trong bộ %(s)s")
                % {"c": ", ".join(unknown), "s": set_code},
            )
        details[name] = listed
    if value is not None and details["criteria"] and len(details["criteria"]) != value:
        errors.add(
            f"{path}.criteria",
            _("liệt kê %(n)s tiêu chí nhưng chỉ tiêu là %(v)s")
            % {"n": len(details["criteria"]), "v": value},
        )
    missing = [c for c in details["complete_in_year"] if c not in details["criteria"]]
    if missing:
        errors.add(
            f"{path}.complete_in_year",
            _("tiêu chí %(c)s hoàn thành trong năm nhưng không có trong danh sách đạt cuối năm")
            % {"c": ", ".join(missing)},
        )
    return code, details


def _measure(
    raw: Any,
    path: str,
    errors: _Errors,
    criterion: str,
    cset: Any,
    lookups: Lookups,
) -> tuple[str, dict[str, Any]]:
    if raw is None:
        return REPORTED, {}
    if isinstance(raw, str):
        raw = {"kind": raw}
    if not isinstance(raw, dict) or "kind" not in raw:
        errors.add(f"{path}.measure", _("cần {kind: ..., tham số}"))
        return REPORTED, {}
    code = str(raw["kind"])
    defn = MEASURES.get(code)
    if defn is None:
        errors.add(
            f"{path}.measure.kind",
            _("cách đo «%(m)s» không có; các cách đo: %(all)s")
            % {"m": code, "all": ", ".join(sorted(MEASURES))},
        )
        return REPORTED, {}
    given = {k: v for k, v in raw.items() if k != "kind"}
    params, problems = measure_params(
        defn, given, {"criterion": criterion}, cset.code if cset is not None else ""
    )
    for name, reason in problems:
        errors.add(f"{path}.measure.{name}", reason)
    set_code = params.get("set")
    pset = None
    if set_code:
        try:
            pset = lookups.catalog.get(set_code)
        except CriteriaLookupError:
            errors.add(f"{path}.measure.set", _("không có bộ tiêu chí «%(c)s»") % {"c": set_code})
    pset = pset or cset
    if (
        "criterion" in given
        and pset is not None
        and params["criterion"] not in {c.code for c in pset.criteria}
    ):
        errors.add(
            f"{path}.measure.criterion",
            _("không có tiêu chí «%(c)s» trong bộ %(s)s")
            % {"c": params["criterion"], "s": pset.code},
        )
    if "indicator" in params and pset is not None and not pset.has_measure(params["indicator"]):
        errors.add(
            f"{path}.measure.indicator",
            _("không có chỉ tiêu «%(c)s» trong bộ %(s)s")
            % {"c": params["indicator"], "s": pset.code},
        )
    return code, params


def _check_funding(targets: list[TargetSpec], paths: Mapping[str, str], errors: _Errors) -> None:
    funding = [t for t in targets if t.kind == TargetKind.FUNDING]
    totals = [t for t in funding if t.is_total]
    if funding and len(totals) != 1:
        errors.add(
            paths[funding[0].key],
            _("kế hoạch vốn cần đúng một dòng tổng (total: true), đang có %(n)s")
            % {"n": len(totals)},
        )


# -- writing a stored plan back in the file's form ------------------------------------


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
