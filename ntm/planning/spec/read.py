"""Reading a plan file into a ``PlanSpec``: each part validated by its
model (``models``), then the rules between fields and against the criteria
catalogue and the administrative units, which no single field can check.

Nothing here writes to the database. Every problem is collected with the
path of the field and a Vietnamese reason; a file with any problem gives no
plan at all."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from ntm.core.criteria_model import CriteriaSet, JudgedUnit
from ntm.core.errors import CriteriaLookupError
from ntm.planning.measures import MEASURES, REPORTED, measure_params
from ntm.planning.models import Comparison, TargetKind
from ntm.planning.spec.errors import FieldError, Problems
from ntm.planning.spec.models import (
    DISTRICT_FIELDS,
    BasisFile,
    DistrictFile,
    PlanFile,
    SectionFile,
    TargetFile,
    read_part,
)
from ntm.planning.spec.plan import (
    FIELDS,
    PLACEHOLDER,
    BasisSpec,
    Lookups,
    PlanSpec,
    SectionSpec,
    TargetSpec,
    UnitInfo,
)
from ntm.units.models import DISTRICT_TYPES

_BRACE = re.compile(r"\{[^{}]*\}")
_CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
_KEY = re.compile(r"^[a-z][a-z0-9_]*$")
_SECTION = re.compile(r"^[IVX]+(\.\d+)*$")
# Placeholder field → attribute of TargetSpec.
_FIELD_ATTR = {
    "value": "value",
    "max": "value_max",
    "added": "added",
    "baseline": "baseline",
    "of": "of_total",
    "share": "share_printed",
}


def loose_text(value: object) -> str:
    """A preamble or closing: text, anything else read as empty (as the
    format has always done; it is not refused)."""
    if value is None or isinstance(value, (dict, list, bool)):
        return ""
    return str(value).strip()


def parse_plan(raw: Any, lookups: Lookups) -> tuple[PlanSpec | None, list[FieldError]]:
    """The plan described by a parsed YAML document, or the list of problems."""
    problems = Problems()
    read = read_part(PlanFile, raw)
    problems.add_read("", read.errors)
    plan = read.model
    if plan is None:
        return None, problems.items
    if plan.code and not _CODE.fullmatch(plan.code):
        problems.add("code", _("chỉ dùng chữ không dấu, số, dấu chấm, gạch ngang"))
    year = plan.year
    if year is None or not 2000 <= year <= 2100:
        problems.add("year", _("cần năm của kế hoạch, ví dụ 2023"))
        year = year or 0
    communes = plan.communes_in_scope or 0
    if not communes:
        problems.add("communes_in_scope", _("cần số xã trong phạm vi kế hoạch (lớn hơn 0)"))
    unit = lookups.unit(plan.unit) if plan.unit else None
    if plan.unit and unit is None:
        problems.add(
            "unit",
            _("chưa có đơn vị hành chính mã «%(code)s» (chạy: ntm units import)")
            % {"code": plan.unit},
        )
    reading = _Reading(problems, lookups, _plan_set(plan, year, lookups, problems), communes, unit)
    basis = [_basis(i, item, problems) for i, item in enumerate(plan.legal_basis)]
    for i, item in enumerate(plan.sections):
        reading.section(i, item)
    reading.check_funding()
    texts = [
        *reading.texts,
        ("preamble", str(plan.preamble or "")),
        ("closing", str(plan.closing or "")),
    ]
    for path, text in texts:
        reading.check_placeholders(path, text)
    if problems.items:
        return None, problems.items
    return (
        PlanSpec(
            code=plan.code,
            title=plan.title,
            issuer=plan.issuer,
            unit=plan.unit,
            year=year,
            criteria_set=plan.criteria_set,
            communes_in_scope=communes,
            baseline_period=plan.baseline_period,
            preamble=loose_text(plan.preamble),
            closing=loose_text(plan.closing),
            legal_basis=tuple(b for b in basis if b is not None),
            sections=tuple(reading.sections),
            targets=tuple(reading.targets),
        ),
        [],
    )


def _plan_set(
    plan: PlanFile, year: int, lookups: Lookups, problems: Problems
) -> CriteriaSet | None:
    """The plan's commune criteria set, in force in the plan's year."""
    if not plan.criteria_set:
        return None
    try:
        cset = lookups.catalog.get(plan.criteria_set)
    except CriteriaLookupError:
        problems.add(
            "criteria_set", _("không có bộ tiêu chí «%(code)s»") % {"code": plan.criteria_set}
        )
        return None
    if cset.unit_type != JudgedUnit.COMMUNE:
        problems.add("criteria_set", _("cần một bộ tiêu chí cấp xã"))
    elif year and year not in cset.years:
        problems.add(
            "criteria_set",
            _("bộ %(set)s áp dụng %(first)s-%(last)s, không áp dụng cho năm %(year)s")
            % {"set": cset.code, "first": cset.first_year, "last": cset.last_year, "year": year},
        )
    return cset


def _basis(i: int, raw: object, problems: Problems) -> BasisSpec | None:
    read = read_part(BasisFile, raw)
    problems.add_read(f"legal_basis[{i}]", read.errors)
    item = read.model
    if item is None or item.date is None:
        return None
    return BasisSpec(item.kind, item.number, item.date, item.issuer, item.title)


@dataclass
class _Reading:
    """The sections and targets read so far, and what their rules need."""

    problems: Problems
    lookups: Lookups
    cset: CriteriaSet | None
    communes: int
    plan_unit: UnitInfo | None
    sections: list[SectionSpec] = field(default_factory=list)
    targets: list[TargetSpec] = field(default_factory=list)
    target_paths: dict[str, str] = field(default_factory=dict)
    # (path, text) of every text that may hold placeholders
    texts: list[tuple[str, str]] = field(default_factory=list)
    section_codes: set[str] = field(default_factory=set)

    def add(self, path: str, message: str) -> None:
        self.problems.add(path, message)

    def section(self, i: int, raw: object) -> None:
        read = read_part(SectionFile, raw)
        item = read.model
        code = item.code if item is not None else ""
        # A section is named by its code once it has one, by its place before.
        path = f"sections[{code}]" if code else f"sections[{i}]"
        self.problems.add_read(path, read.errors)
        if item is None:
            return
        if code:
            if not _SECTION.match(code):
                self.add(f"{path}.code", _("cần dạng I, I.2, II.9.1"))
            if code in self.section_codes:
                self.add(f"{path}.code", _("mục bị trùng"))
            self.section_codes.add(code)
        if item.text:
            self.texts.append((f"{path}.text", item.text))
        self.sections.append(SectionSpec(code, item.title, item.text))
        for j, raw_target in enumerate(item.targets):
            target = self.target(f"{path}.targets", j, raw_target, code)
            if target is None:
                continue
            t_path = f"{path}.targets[{target.key}]"
            if target.key in self.target_paths:
                self.add(f"{t_path}.key", _("mã chỉ tiêu bị trùng"))
                continue
            self.target_paths[target.key] = t_path
            self.targets.append(target)
            if target.text:
                self.texts.append((f"{t_path}.text", target.text))

    def target(self, base: str, j: int, raw: object, section: str) -> TargetSpec | None:
        read = read_part(TargetFile, raw)
        t = read.model
        key = t.key if t is not None else ""
        path = f"{base}[{key}]" if key else f"{base}[{j}]"
        self.problems.add_read(path, read.errors)
        if t is None:
            return None
        if key and not _KEY.match(key):
            self.add(f"{path}.key", _("chỉ dùng chữ thường không dấu, số, dấu gạch dưới"))
        self._figures(path, t)
        if t.kind == TargetKind.CRITERION and not t.criterion:
            self.add(f"{path}.criterion", _("chỉ tiêu theo tiêu chí cần số thứ tự tiêu chí"))
        cset = self.cset
        if t.criterion and cset is not None and t.criterion not in _codes(cset):
            self.add(
                f"{path}.criterion",
                _("không có tiêu chí «%(criterion)s» trong bộ %(set)s")
                % {"criterion": t.criterion, "set": cset.code},
            )
        if t.total and t.kind != TargetKind.FUNDING:
            self.add(f"{path}.total", _("chỉ dòng nguồn vốn mới có total"))
        if t.kind == TargetKind.FUNDING and t.value is None and "value" not in read.failed:
            self.add(f"{path}.value", _("nguồn vốn cần số tiền"))
        details: dict[str, Any] = {}
        subject = ""
        if t.kind == TargetKind.DISTRICT:
            subject, details = self.district(path, t)
        else:
            for name in DISTRICT_FIELDS:
                if name in t.model_fields_set:
                    self.add(
                        f"{path}.{name}", _("chỉ dùng cho chỉ tiêu cấp huyện (kind: district)")
                    )
        if t.items is not None:
            details["items"] = t.items
        measure, params = self.measure(path, t.measure, t.criterion)
        self._counts(path, t, measure)
        return TargetSpec(
            key=key,
            kind=t.kind,
            label=t.label,
            section=section,
            text=t.text,
            criterion=t.criterion,
            comparison=t.comparison,
            value=t.value,
            value_max=t.max,
            of_total=t.of,
            added=t.added,
            baseline=t.baseline,
            share_printed=t.share,
            unit=t.unit,
            is_total=t.total,
            subject_unit=subject,
            details=details,
            measure=measure,
            measure_params=params,
            responsible=t.responsible,
            note=t.note,
            given=frozenset(t.model_fields_set),
        )

    def _figures(self, path: str, t: TargetFile) -> None:
        """A range has both ends, in order; only a range has an upper end."""
        if t.comparison == Comparison.BETWEEN:
            if t.value is None or t.max is None:
                self.add(f"{path}.max", _("chỉ tiêu dạng khoảng cần cả value (mức dưới) và max"))
            elif t.max < t.value:
                self.add(
                    f"{path}.max",
                    _("mức trên %(upper)s nhỏ hơn mức dưới %(lower)s")
                    % {"lower": t.value, "upper": t.max},
                )
        elif t.max is not None:
            self.add(f"{path}.max", _("chỉ dùng max với comparison: between"))

    def _counts(self, path: str, t: TargetFile, measure: str) -> None:
        """Counts of communes stay within the plan's communes; a total within
        what it is counted out of."""
        defn = MEASURES.get(measure)
        if (defn is not None and defn.counts_communes) or t.kind == TargetKind.CRITERION:
            for name, figure in (("value", t.value), ("added", t.added), ("baseline", t.baseline)):
                if figure is not None and self.communes and figure > self.communes:
                    self.add(
                        f"{path}.{name}",
                        _("%(figure)s xã vượt quá số xã trong phạm vi kế hoạch (%(communes)s)")
                        % {"figure": figure, "communes": self.communes},
                    )
        if t.of is not None and t.value is not None and t.value > t.of:
            self.add(
                f"{path}.value",
                _("tổng %(value)s lớn hơn số được tính trên (%(of)s)")
                % {"value": t.value, "of": t.of},
            )

    def district(self, path: str, t: TargetFile) -> tuple[str, dict[str, Any]]:
        """The district a district's target is about, and its criteria."""
        given = {name: getattr(t, name) for name in DISTRICT_FIELDS if name in t.model_fields_set}
        read = read_part(DistrictFile, given)
        self.problems.add_read(path, read.errors)
        d = read.model
        if d is None:  # pragma: no cover - ``given`` is a mapping
            return "", {}
        self._district_unit(path, d.unit_code)
        codes: set[str] = set()
        if d.criteria_set:
            try:
                dset = self.lookups.catalog.get(d.criteria_set)
            except CriteriaLookupError:
                self.add(
                    f"{path}.criteria_set",
                    _("không có bộ tiêu chí «%(code)s»") % {"code": d.criteria_set},
                )
            else:
                if dset.unit_type != JudgedUnit.DISTRICT:
                    self.add(f"{path}.criteria_set", _("cần một bộ tiêu chí cấp huyện"))
                codes = _codes(dset)
                if t.of is not None and t.of != len(dset.criteria):
                    self.add(
                        f"{path}.of",
                        _("bộ %(set)s có %(count)s tiêu chí, không phải %(of)s")
                        % {"set": d.criteria_set, "count": len(dset.criteria), "of": t.of},
                    )
        for name, listed in (("criteria", d.criteria), ("complete_in_year", d.complete_in_year)):
            unknown = [c for c in listed if codes and c not in codes]
            if unknown:
                self.add(
                    f"{path}.{name}",
                    _("không có tiêu chí %(criteria)s trong bộ %(set)s")
                    % {"criteria": ", ".join(unknown), "set": d.criteria_set},
                )
        if t.value is not None and d.criteria and len(d.criteria) != t.value:
            self.add(
                f"{path}.criteria",
                _("liệt kê %(count)s tiêu chí nhưng chỉ tiêu là %(value)s")
                % {"count": len(d.criteria), "value": t.value},
            )
        missing = [c for c in d.complete_in_year if c not in d.criteria]
        if missing:
            self.add(
                f"{path}.complete_in_year",
                _(
                    "tiêu chí %(criteria)s hoàn thành trong năm nhưng không có trong danh sách "
                    "đạt cuối năm"
                )
                % {"criteria": ", ".join(missing)},
            )
        details = {
            "criteria_set": d.criteria_set,
            "criteria": d.criteria,
            "complete_in_year": d.complete_in_year,
        }
        return d.unit_code, details

    def _district_unit(self, path: str, code: str) -> None:
        unit = self.lookups.unit(code) if code else None
        plan_unit = self.plan_unit
        if code and (unit is None or unit.type not in DISTRICT_TYPES):
            self.add(
                f"{path}.unit_code",
                _("không có huyện, thành phố mã «%(code)s»") % {"code": code},
            )
        elif (
            unit is not None
            and plan_unit is not None
            and not unit.path.startswith(plan_unit.path + "/")
        ):
            self.add(
                f"{path}.unit_code",
                _("%(district)s không thuộc %(unit)s")
                % {"district": unit.name, "unit": plan_unit.name},
            )

    def measure(
        self, path: str, raw: Mapping[str, object] | None, criterion: str
    ) -> tuple[str, dict[str, Any]]:
        """How the target's actual is measured, with its parameters."""
        if raw is None:
            return REPORTED, {}
        code = str(raw["kind"])
        defn = MEASURES.get(code)
        if defn is None:
            self.add(
                f"{path}.measure.kind",
                _("cách đo «%(measure)s» không có; các cách đo: %(measures)s")
                % {"measure": code, "measures": ", ".join(sorted(MEASURES))},
            )
            return REPORTED, {}
        given = {k: v for k, v in raw.items() if k != "kind"}
        cset = self.cset
        params, problems = measure_params(
            defn, given, {"criterion": criterion}, cset.code if cset is not None else ""
        )
        for name, reason in problems:
            self.add(f"{path}.measure.{name}", reason)
        pset = self._measure_set(path, params.get("set")) or cset
        if pset is None:
            return code, params
        # A measure without a criterion parameter has refused one above.
        named = params.get("criterion") if "criterion" in given else None
        if named is not None and named not in _codes(pset):
            self.add(
                f"{path}.measure.criterion",
                _("không có tiêu chí «%(criterion)s» trong bộ %(set)s")
                % {"criterion": named, "set": pset.code},
            )
        if "indicator" in params and not pset.has_measure(params["indicator"]):
            self.add(
                f"{path}.measure.indicator",
                _("không có chỉ tiêu «%(indicator)s» trong bộ %(set)s")
                % {"indicator": params["indicator"], "set": pset.code},
            )
        return code, params

    def _measure_set(self, path: str, code: str | None) -> CriteriaSet | None:
        if not code:
            return None
        try:
            return self.lookups.catalog.get(code)
        except CriteriaLookupError:
            self.add(f"{path}.measure.set", _("không có bộ tiêu chí «%(code)s»") % {"code": code})
            return None

    def check_funding(self) -> None:
        funding = [t for t in self.targets if t.kind == TargetKind.FUNDING]
        totals = [t for t in funding if t.is_total]
        if funding and len(totals) != 1:
            self.add(
                self.target_paths[funding[0].key],
                _("kế hoạch vốn cần đúng một dòng tổng (total: true), đang có %(count)s")
                % {"count": len(totals)},
            )

    def check_placeholders(self, path: str, text: str) -> None:
        """Every ``{key.field}`` of ``text`` names a target and one of its
        figures that the file gives."""
        by_key = {t.key: t for t in self.targets}
        for match in _BRACE.finditer(text):
            shown = match.group(0)
            found = PLACEHOLDER.fullmatch(shown)
            if found is None:
                self.add(
                    path,
                    _("chỗ điền «%(placeholder)s» không đúng dạng {mã.value}")
                    % {"placeholder": shown},
                )
                continue
            key, name = found.group(1), found.group(2)
            target = by_key.get(key)
            if target is None:
                self.add(
                    path,
                    _("chỗ điền «%(placeholder)s»: không có chỉ tiêu «%(key)s»")
                    % {"placeholder": shown, "key": key},
                )
            elif name not in _FIELD_ATTR:
                self.add(
                    path,
                    _("chỗ điền «%(placeholder)s»: trường «%(field)s» không có; dùng %(fields)s")
                    % {"placeholder": shown, "field": name, "fields": ", ".join(FIELDS)},
                )
            elif getattr(target, _FIELD_ATTR[name]) in (None, "") and name not in target.given:
                self.add(
                    path,
                    _("chỗ điền «%(placeholder)s»: chỉ tiêu «%(key)s» không có %(field)s")
                    % {"placeholder": shown, "key": key, "field": name},
                )


def _codes(cset: CriteriaSet) -> set[str]:
    return {c.code for c in cset.criteria}
