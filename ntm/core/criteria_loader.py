"""Read one criteria-set YAML file into a :class:`CriteriaSet`.

The file is composed into YAML nodes (not plain dicts) so that every error can
name its line; unknown keys, wrong types, duplicate codes, thresholds for an
unknown region and comparisons that do not fit a value type are all errors.
The format is described for authors in ``docs/criteria-format.md``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import NoReturn, TypeVar

import yaml
from yaml.constructor import SafeConstructor

from ntm.core.bounds import Bounds
from ntm.core.criteria_model import (
    ALLOWED_COMPARISONS,
    Agency,
    AllCriteria,
    Applicability,
    ClassDef,
    Classification,
    ClassificationKind,
    Comparison,
    ConditionMet,
    Confidence,
    CountBand,
    CriteriaSet,
    Criterion,
    CriterionGroup,
    DerivedThreshold,
    FactDef,
    JudgedUnit,
    LegalDocument,
    Level,
    Measure,
    MinCriteria,
    Requirement,
    SetMet,
    SourceRef,
    ThresholdEntry,
    ValueType,
)
from ntm.core.errors import CriteriaSetError
from ntm.core.messages import Text, gettext_noop, message
from ntm.core.thresholds import check_threshold_value, matching_entries
from ntm.core.untrusted.refusal import FileRefused
from ntm.core.untrusted.text_files import YAML_LIMITS, file_size_check, yaml_bounds_check

_SET_CODE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_NUMERIC = frozenset({ValueType.PERCENT, ValueType.NUMBER, ValueType.COUNT})
_E = TypeVar("_E", JudgedUnit, ValueType, Comparison, Confidence, ClassificationKind)


@dataclass(frozen=True)
class _Map:
    """A YAML mapping whose keys were checked, with the node kept for lines."""

    node: yaml.MappingNode
    items: dict[str, yaml.Node]

    def __contains__(self, key: str) -> bool:
        return key in self.items

    def get(self, key: str) -> yaml.Node | None:
        return self.items.get(key)

    def __getitem__(self, key: str) -> yaml.Node:
        return self.items[key]


class _Reader:
    def __init__(self, file: str) -> None:
        self.file = file
        self._constructor = SafeConstructor()

    def fail(self, node: yaml.Node, problem: Text, **params: object) -> NoReturn:
        """Refuse the file at ``node``: ``problem`` is a marked template (with
        ``params``) or a :class:`Message`."""
        if params and isinstance(problem, str):
            problem = message(problem, **params)
        raise CriteriaSetError(self.file, node.start_mark.line + 1, problem)

    def mapping(
        self, node: yaml.Node, what: Text, required: Sequence[str], optional: Sequence[str] = ()
    ) -> _Map:
        if not isinstance(node, yaml.MappingNode):
            self.fail(node, gettext_noop("%(what)s: cần một bảng «khóa: giá trị»"), what=what)
        items: dict[str, yaml.Node] = {}
        allowed = [*required, *optional]
        for key_node, value_node in node.value:
            key = self.scalar(key_node)
            if not isinstance(key, str):
                self.fail(
                    key_node,
                    gettext_noop("%(what)s: khóa phải là chữ, không phải %(key)r"),
                    what=what,
                    key=key,
                )
            if key in items:
                self.fail(
                    key_node,
                    gettext_noop("%(what)s: khóa «%(key)s» bị lặp"),
                    what=what,
                    key=key,
                )
            if key not in allowed:
                self.fail(
                    key_node,
                    gettext_noop("%(what)s: khóa không hợp lệ «%(key)s» (được phép: %(allowed)s)"),
                    what=what,
                    key=key,
                    allowed=", ".join(allowed),
                )
            items[key] = value_node
        missing = [k for k in required if k not in items]
        if missing:
            self.fail(
                node,
                gettext_noop("%(what)s: thiếu khóa %(items)s"),
                what=what,
                items=", ".join(f"«{k}»" for k in missing),
            )
        return _Map(node, items)

    def scalar(self, node: yaml.Node) -> object:
        if not isinstance(node, yaml.ScalarNode):
            self.fail(node, gettext_noop("cần một giá trị đơn, không phải danh sách hay bảng"))
        return self._constructor.construct_object(node)

    def seq(self, node: yaml.Node, what: Text, *, allow_empty: bool = False) -> list[yaml.Node]:
        if not isinstance(node, yaml.SequenceNode):
            self.fail(node, gettext_noop("%(what)s: cần một danh sách"), what=what)
        if not node.value and not allow_empty:
            self.fail(node, gettext_noop("%(what)s: danh sách không được rỗng"), what=what)
        return list(node.value)

    def text(self, node: yaml.Node, what: Text) -> str:
        value = self.scalar(node)
        if not isinstance(value, str) or not value.strip():
            self.fail(
                node,
                gettext_noop("%(what)s: cần một chuỗi chữ, không phải %(value)r"),
                what=what,
                value=value,
            )
        return value.strip()

    def opt_text(self, m: _Map, key: str, what: Text) -> str | None:
        node = m.get(key)
        if node is None or self.scalar(node) is None:
            return None
        return self.text(node, f"{what}.{key}")

    def integer(self, node: yaml.Node, what: Text) -> int:
        value = self.scalar(node)
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(
                node,
                gettext_noop("%(what)s: cần một số nguyên, không phải %(value)r"),
                what=what,
                value=value,
            )
        return value

    def boolean(self, node: yaml.Node, what: Text) -> bool:
        value = self.scalar(node)
        if not isinstance(value, bool):
            self.fail(
                node,
                gettext_noop("%(what)s: cần true hoặc false, không phải %(value)r"),
                what=what,
                value=value,
            )
        return value

    def day(self, node: yaml.Node, what: Text) -> date:
        value = self.scalar(node)
        if not isinstance(value, date):
            self.fail(
                node,
                gettext_noop("%(what)s: cần một ngày dạng YYYY-MM-DD, không phải %(value)r"),
                what=what,
                value=value,
            )
        return value

    def code(self, node: yaml.Node, what: Text) -> str:
        """Codes are strings: unquoted 17.10 would silently become 17.1."""
        value = self.scalar(node)
        if not isinstance(value, str) or not value.strip():
            self.fail(
                node,
                gettext_noop('%(what)s: mã phải là chuỗi; viết trong ngoặc kép, ví dụ "17.10"'),
                what=what,
            )
        return value.strip()

    def unique(self, seen: set[str], code: str, node: yaml.Node, what: Text) -> None:
        if code in seen:
            self.fail(
                node,
                gettext_noop("%(what)s: mã «%(code)s» bị trùng"),
                what=what,
                code=code,
            )
        seen.add(code)


class _SetParser:
    def __init__(self, reader: _Reader) -> None:
        self.r = reader
        self.documents: dict[str, LegalDocument] = {}
        self.classification: Classification | None = None
        self.first_year = 0
        self.last_year = 0
        self.facts: dict[str, FactDef] = {}
        self.measure_codes: set[str] = set()

    # -- top level -----------------------------------------------------------
    def parse(self, root: yaml.Node) -> CriteriaSet:
        r = self.r
        m = self._top_mapping(root)
        code = self._set_code(m)
        unit_type = self._enum(m["unit_type"], JudgedUnit, "unit_type")
        self._period(m["period"])
        valid_from, valid_to = self._validity(m)
        self._documents(m["documents"])
        legal_basis = tuple(
            self._document_ref(n, "legal_basis") for n in r.seq(m["legal_basis"], "legal_basis")
        )
        self.classification = self._classification(m["classification"])
        if "facts" in m:
            self._facts(m["facts"])
        groups = self._criterion_groups(m["criterion_groups"]) if "criterion_groups" in m else ()
        criteria = self._criteria(m["criteria"], {g.code for g in groups})
        conditions = self._conditions(m)
        bands: tuple[CountBand, ...] = ()
        bands_source: SourceRef | None = None
        if "count_bands" in m:
            bands, bands_source = self._count_bands(m["count_bands"], len(criteria))
        levels: tuple[Level, ...] = ()
        if "levels" in m:
            levels = self._levels(m["levels"], code, criteria, conditions)
        return CriteriaSet(
            code=code,
            name=r.text(m["name"], "name"),
            unit_type=unit_type,
            first_year=self.first_year,
            last_year=self.last_year,
            valid_from=valid_from,
            valid_to=valid_to,
            documents=tuple(self.documents.values()),
            legal_basis=legal_basis,
            classification=self.classification,
            criteria=criteria,
            source_file=self.r.file,
            facts=tuple(self.facts.values()),
            criterion_groups=groups,
            conditions=conditions,
            count_bands=bands,
            count_bands_source=bands_source,
            levels=levels,
            note=r.opt_text(m, "note", message(gettext_noop("bộ tiêu chí"))),
        )

    def _top_mapping(self, root: yaml.Node) -> _Map:
        """The file's top-level keys, checked."""
        return self.r.mapping(
            root,
            message(gettext_noop("bộ tiêu chí")),
            [
                "code",
                "name",
                "unit_type",
                "period",
                "valid_from",
                "documents",
                "legal_basis",
                "classification",
                "criteria",
            ],
            [
                "valid_to",
                "note",
                "facts",
                "criterion_groups",
                "count_bands",
                "conditions",
                "levels",
            ],
        )

    def _set_code(self, m: _Map) -> str:
        code = self.r.text(m["code"], "code")
        if not _SET_CODE.fullmatch(code):
            self.r.fail(
                m["code"],
                gettext_noop("code: «%(code)s» chỉ gồm chữ thường không dấu, số và gạch nối"),
                code=code,
            )
        return code

    def _period(self, node: yaml.Node) -> None:
        """Set the first and last year the set covers."""
        r = self.r
        period = r.mapping(node, "period", ["from", "to"])
        self.first_year = r.integer(period["from"], "period.from")
        self.last_year = r.integer(period["to"], "period.to")
        if self.last_year < self.first_year:
            r.fail(period.node, gettext_noop("period: năm kết thúc trước năm bắt đầu"))

    def _validity(self, m: _Map) -> tuple[date, date | None]:
        """``valid_from`` and the optional ``valid_to``, in order."""
        r = self.r
        valid_from = r.day(m["valid_from"], "valid_from")
        valid_to = None
        if m.get("valid_to") is not None and r.scalar(m["valid_to"]) is not None:
            valid_to = r.day(m["valid_to"], "valid_to")
            if valid_to < valid_from:
                r.fail(m["valid_to"], gettext_noop("valid_to: trước valid_from"))
        return valid_from, valid_to

    def _conditions(self, m: _Map) -> tuple[Measure, ...]:
        if "conditions" not in m:
            return ()
        return tuple(
            self._measure(n, "conditions") for n in self.r.seq(m["conditions"], "conditions")
        )

    def _enum(self, node: yaml.Node, kind: type[_E], what: Text) -> _E:
        value = self.r.scalar(node)
        try:
            return kind(str(value))
        except ValueError:
            allowed = ", ".join(f"«{k.value}»" for k in kind)
            self.r.fail(
                node,
                gettext_noop("%(what)s: giá trị «%(value)s» không hợp lệ (được phép: %(allowed)s)"),
                what=what,
                value=value,
                allowed=allowed,
            )

    # -- documents and sources ---------------------------------------------------
    def _documents(self, node: yaml.Node) -> None:
        r = self.r
        for item in r.seq(node, "documents"):
            m = r.mapping(
                item, "documents[]", ["id", "citation", "title", "issued"], ["url", "note"]
            )
            doc_id = r.text(m["id"], "documents.id")
            if doc_id in self.documents:
                r.fail(
                    m["id"],
                    gettext_noop("documents: mã «%(document)s» bị trùng"),
                    document=doc_id,
                )
            issued = None if r.scalar(m["issued"]) is None else r.day(m["issued"], "issued")
            self.documents[doc_id] = LegalDocument(
                id=doc_id,
                citation=r.text(m["citation"], "documents.citation"),
                title=r.text(m["title"], "documents.title"),
                issued=issued,
                url=r.opt_text(m, "url", "documents"),
                note=r.opt_text(m, "note", "documents"),
            )

    def _document_ref(self, node: yaml.Node, what: Text) -> LegalDocument:
        doc_id = self.r.text(node, what)
        if doc_id not in self.documents:
            self.r.fail(
                node,
                gettext_noop("%(what)s: văn bản «%(document)s» không có trong «documents»"),
                what=what,
                document=doc_id,
            )
        return self.documents[doc_id]

    def _source(self, node: yaml.Node, what: Text) -> SourceRef:
        r = self.r
        m = r.mapping(node, what, ["doc", "tag", "verified"], ["detail", "seen_in"])
        tag = self._enum(m["tag"], Confidence, f"{what}.tag")
        verified = r.boolean(m["verified"], f"{what}.verified")
        if verified != (tag is Confidence.VERIFIED):
            r.fail(
                m["verified"],
                gettext_noop(
                    "%(what)s: verified phải là %(expected)s với tag «%(tag)s» (chỉ giá "
                    "trị tag V mới được coi là đã xác minh)"
                ),
                what=what,
                expected=str(tag is Confidence.VERIFIED).lower(),
                tag=tag.value,
            )
        return SourceRef(
            document=self._document_ref(m["doc"], f"{what}.doc"),
            tag=tag,
            verified=verified,
            detail=r.opt_text(m, "detail", what),
            seen_in=r.opt_text(m, "seen_in", what),
        )

    def _agency(self, node: yaml.Node | None, what: Text) -> Agency | None:
        if node is None:
            return None
        m = self.r.mapping(node, what, ["national", "province", "tag"])
        return Agency(
            national=self.r.text(m["national"], f"{what}.national"),
            province=self.r.text(m["province"], f"{what}.province"),
            tag=self._enum(m["tag"], Confidence, f"{what}.tag"),
        )

    # -- classification, facts, groups ---------------------------------------------
    def _classification(self, node: yaml.Node) -> Classification:
        r = self.r
        m = r.mapping(node, "classification", ["kind", "label", "classes"], ["note"])
        seen: set[str] = set()
        classes = []
        for item in r.seq(m["classes"], "classification.classes"):
            c = r.mapping(item, "classification.classes[]", ["code", "name"], ["description"])
            code = r.code(c["code"], "classification.classes.code")
            r.unique(seen, code, c["code"], "classification.classes")
            classes.append(
                ClassDef(code, r.text(c["name"], "name"), r.opt_text(c, "description", ""))
            )
        return Classification(
            kind=self._enum(m["kind"], ClassificationKind, "classification.kind"),
            label=r.text(m["label"], "classification.label"),
            classes=tuple(classes),
            note=r.opt_text(m, "note", "classification"),
        )

    def _facts(self, node: yaml.Node) -> None:
        for item in self.r.seq(node, "facts"):
            m = self.r.mapping(item, "facts[]", ["code", "name"])
            code = self.r.code(m["code"], "facts.code")
            if code in self.facts:
                self.r.fail(m["code"], gettext_noop("facts: mã «%(code)s» bị trùng"), code=code)
            self.facts[code] = FactDef(code, self.r.text(m["name"], "facts.name"))

    def _criterion_groups(self, node: yaml.Node) -> tuple[CriterionGroup, ...]:
        seen: set[str] = set()
        groups = []
        for item in self.r.seq(node, "criterion_groups"):
            m = self.r.mapping(item, "criterion_groups[]", ["code", "name"])
            code = self.r.code(m["code"], "criterion_groups.code")
            self.r.unique(seen, code, m["code"], "criterion_groups")
            groups.append(CriterionGroup(code, self.r.text(m["name"], "criterion_groups.name")))
        return tuple(groups)

    def _count_bands(
        self, node: yaml.Node, n_criteria: int
    ) -> tuple[tuple[CountBand, ...], SourceRef]:
        r = self.r
        m = r.mapping(node, "count_bands", ["source", "bands"])
        bands: list[CountBand] = []
        for item in r.seq(m["bands"], "count_bands.bands"):
            b = r.mapping(item, "count_bands.bands[]", ["from", "label"])
            lower = r.integer(b["from"], "count_bands.from")
            if not bands and lower != 0:
                r.fail(b["from"], gettext_noop("count_bands: khoảng đầu tiên phải bắt đầu từ 0"))
            if bands and lower <= bands[-1].lower:
                r.fail(b["from"], gettext_noop("count_bands: các mốc «from» phải tăng dần"))
            if lower > n_criteria:
                r.fail(
                    b["from"],
                    gettext_noop("count_bands: mốc %(lower)s vượt số tiêu chí (%(criteria)s)"),
                    lower=lower,
                    criteria=n_criteria,
                )
            bands.append(CountBand(lower, r.text(b["label"], "count_bands.label")))
        return tuple(bands), self._source(m["source"], "count_bands.source")

    # -- criteria and measures -------------------------------------------------------
    def _criteria(self, node: yaml.Node, group_codes: set[str]) -> tuple[Criterion, ...]:
        r = self.r
        seen: set[str] = set()
        criteria = []
        for item in r.seq(node, "criteria"):
            m = r.mapping(
                item,
                "criteria[]",
                ["code", "name", "indicators"],
                ["group", "agency", "source", "note"],
            )
            raw = r.scalar(m["code"])
            if isinstance(raw, bool) or not isinstance(raw, (int, str)) or not str(raw).strip():
                r.fail(
                    m["code"],
                    gettext_noop("criteria.code: cần số hoặc chuỗi, không phải %(raw)r"),
                    raw=raw,
                )
            code = str(raw).strip()
            r.unique(seen, code, m["code"], "criteria")
            what = message(gettext_noop("tiêu chí %(code)s"), code=code)
            group = None
            if "group" in m:
                group = r.code(m["group"], f"{what}.group")
                if group not in group_codes:
                    r.fail(
                        m["group"],
                        gettext_noop("%(what)s: nhóm «%(group)s» không có trong criterion_groups"),
                        what=what,
                        group=group,
                    )
            agency = self._agency(m.get("agency"), f"{what}.agency")
            indicators = tuple(
                self._measure(n, what, agency) for n in r.seq(m["indicators"], f"{what}.indicators")
            )
            criteria.append(
                Criterion(
                    code=code,
                    name=r.text(m["name"], f"{what}.name"),
                    indicators=indicators,
                    group=group,
                    agency=agency,
                    source=self._source(m["source"], f"{what}.source") if "source" in m else None,
                    note=r.opt_text(m, "note", what),
                )
            )
        return tuple(criteria)

    def _measure(self, node: yaml.Node, parent: Text, agency: Agency | None = None) -> Measure:
        r = self.r
        m = self._measure_mapping(node, parent)
        code = self._measure_code(m, parent)
        what = message(gettext_noop("chỉ tiêu %(code)s"), code=code)
        vtype = self._enum(m["type"], ValueType, f"{what}.type")
        comparison = self._comparison(m, vtype, what)
        options = self._options(m, vtype, what)
        source = self._source(m["source"], f"{what}.source")
        measure = Measure(
            code=code,
            name=r.text(m["name"], f"{what}.name"),
            value_type=vtype,
            comparison=comparison,
            source=source,
            unit=r.opt_text(m, "unit", what),
            options=options,
            applicability=self._applicability(m, what),
            agency=self._agency(m.get("agency"), f"{what}.agency") or agency,
            note=r.opt_text(m, "note", what),
            short=r.opt_text(m, "short", what),
            counted=r.boolean(m["counted"], f"{what}.counted") if "counted" in m else True,
        )
        if "bounds" in m:  # before the thresholds: they must lie in the domain
            measure = replace(measure, bounds=self._bounds(m["bounds"], vtype, what))
        return self._with_rule(m, measure, what)

    def _bounds(self, node: yaml.Node, vtype: ValueType, what: Text) -> Bounds:
        """``bounds: {min, max, plausible_min, plausible_max, source}``; the
        defaults of the value type and unit fill what is not given."""
        r = self.r
        where = f"{what}.bounds"
        keys = ("min", "max", "plausible_min", "plausible_max")
        m = r.mapping(node, where, [], [*keys, "source"])
        if vtype not in _NUMERIC:
            r.fail(node, gettext_noop("%(what)s: chỉ chỉ tiêu dạng số có «bounds»"), what=what)
        numbers: dict[str, Decimal | None] = {}
        for key in keys:
            raw = r.scalar(m[key]) if key in m else None
            if raw is not None and (isinstance(raw, bool) or not isinstance(raw, (int, float))):
                r.fail(m[key], gettext_noop("%(what)s.%(key)s: cần một số"), what=where, key=key)
            numbers[key] = (
                None if raw is None else Decimal(repr(raw) if isinstance(raw, float) else raw)
            )
        source = self._source(m["source"], f"{where}.source") if "source" in m else None
        try:
            return Bounds(
                numbers["min"],
                numbers["max"],
                numbers["plausible_min"],
                numbers["plausible_max"],
                citation=source.citation if source else None,
                verified=source.verified if source else False,
            )
        except ValueError as exc:
            r.fail(node, f"{where}: {exc}")

    def _measure_mapping(self, node: yaml.Node, parent: Text) -> _Map:
        """The indicator's keys, checked."""
        return self.r.mapping(
            node,
            message(gettext_noop("%(parent)s: chỉ tiêu"), parent=parent),
            ["code", "name", "type", "source"],
            [
                "comparison",
                "unit",
                "options",
                "applies_if",
                "applies_unless",
                "thresholds",
                "derived",
                "agency",
                "note",
                "counted",
                "bounds",
                "short",
            ],
        )

    def _measure_code(self, m: _Map, parent: Text) -> str:
        """The indicator's code, unique across the whole set."""
        code = self.r.code(m["code"], f"{parent}: code")
        if code in self.measure_codes:
            self.r.fail(
                m["code"],
                gettext_noop("%(parent)s: mã chỉ tiêu «%(code)s» bị trùng trong bộ"),
                parent=parent,
                code=code,
            )
        self.measure_codes.add(code)
        return code

    def _comparison(self, m: _Map, vtype: ValueType, what: Text) -> Comparison:
        """The comparison given (yes/no indicators default to equality), if it fits ``vtype``."""
        r = self.r
        if "comparison" in m:
            comparison = self._enum(m["comparison"], Comparison, f"{what}.comparison")
        elif vtype is ValueType.BOOLEAN:
            comparison = Comparison.EQ
        else:
            r.fail(
                m.node,
                gettext_noop("%(what)s: thiếu khóa «comparison» (bắt buộc với kiểu %(type)s)"),
                what=what,
                type=vtype.value,
            )
        if comparison not in ALLOWED_COMPARISONS[vtype]:
            allowed = ", ".join(sorted(c.value for c in ALLOWED_COMPARISONS[vtype]))
            r.fail(
                m.get("comparison") or m.node,
                gettext_noop(
                    "%(what)s: phép so sánh «%(comparison)s» không dùng được cho kiểu "
                    "%(type)s (được phép: %(allowed)s)"
                ),
                what=what,
                comparison=comparison.value,
                type=vtype.value,
                allowed=allowed,
            )
        return comparison

    def _with_rule(self, m: _Map, measure: Measure, what: Text) -> Measure:
        """``measure`` with its thresholds or derived threshold."""
        r = self.r
        if "thresholds" in m and "derived" in m:
            r.fail(
                m["derived"],
                gettext_noop("%(what)s: chỉ dùng một trong hai khóa «thresholds» và «derived»"),
                what=what,
            )
        if "derived" in m:
            return replace(measure, derived=self._derived(m["derived"], measure, what))
        if "thresholds" in m:
            entries = tuple(
                self._threshold(n, measure, what)
                for n in r.seq(m["thresholds"], f"{what}.thresholds", allow_empty=True)
            )
            self._check_overlaps(entries, m["thresholds"], what)
            return replace(measure, thresholds=entries)
        if measure.value_type is ValueType.BOOLEAN:
            # A yes/no indicator is met when "Đạt": its own source is the
            # rule, unless even that is unknown ("?").
            source = measure.source
            implicit = None if source.tag is Confidence.UNKNOWN else True
            return replace(measure, thresholds=(ThresholdEntry(implicit, None, None, source),))
        r.fail(
            m.node,
            gettext_noop("%(what)s: thiếu «thresholds» (ghi value: null nếu chưa biết ngưỡng)"),
            what=what,
        )

    def _options(self, m: _Map, vtype: ValueType, what: Text) -> tuple[str, ...]:
        node = m.get("options")
        if vtype is not ValueType.ENUM:
            if node is not None:
                self.r.fail(
                    node,
                    gettext_noop("%(what)s: chỉ kiểu enum mới có «options»"),
                    what=what,
                )
            return ()
        if node is None:
            self.r.fail(
                m.node,
                gettext_noop("%(what)s: kiểu enum cần danh sách «options»"),
                what=what,
            )
        seen: set[str] = set()
        options = []
        for item in self.r.seq(node, f"{what}.options"):
            option = self.r.text(item, f"{what}.options")
            self.r.unique(seen, option, item, f"{what}.options")
            options.append(option)
        if len(options) < 2:
            self.r.fail(
                node,
                gettext_noop("%(what)s: «options» cần ít nhất hai giá trị"),
                what=what,
            )
        return tuple(options)

    def _applicability(self, m: _Map, what: Text) -> Applicability | None:
        if "applies_if" in m and "applies_unless" in m:
            self.r.fail(
                m["applies_unless"],
                gettext_noop("%(what)s: chỉ dùng một trong applies_if/applies_unless"),
                what=what,
            )
        for key, expected in (("applies_if", True), ("applies_unless", False)):
            if key in m:
                fact = self.r.code(m[key], f"{what}.{key}")
                if fact not in self.facts:
                    self.r.fail(
                        m[key],
                        gettext_noop(
                            "%(what)s.%(key)s: thông tin «%(fact)s» không có trong «facts»"
                        ),
                        what=what,
                        key=key,
                        fact=fact,
                    )
                return Applicability(fact, expected)
        return None

    def _class_list(self, node: yaml.Node, what: Text) -> tuple[str, ...] | None:
        assert self.classification is not None
        if isinstance(node, yaml.ScalarNode) and self.r.scalar(node) == "all":
            return None
        codes = []
        for item in self.r.seq(node, what):
            code = self.r.code(item, what)
            if code not in self.classification.codes:
                self.r.fail(
                    item,
                    gettext_noop(
                        "%(what)s: không có %(classification)s «%(code)s» (hợp lệ: %(codes)s)"
                    ),
                    what=what,
                    classification=self.classification.label,
                    code=code,
                    codes=", ".join(self.classification.codes),
                )
            codes.append(code)
        return tuple(codes)

    def _years(self, node: yaml.Node, what: Text) -> tuple[int, ...]:
        items = self.r.seq(node, what) if isinstance(node, yaml.SequenceNode) else [node]
        years = []
        for item in items:
            year = self.r.integer(item, what)
            if not self.first_year <= year <= self.last_year:
                self.r.fail(
                    item,
                    gettext_noop(
                        "%(what)s: năm %(year)s ngoài giai đoạn %(first_year)s-%(last_year)s"
                    ),
                    what=what,
                    year=year,
                    first_year=self.first_year,
                    last_year=self.last_year,
                )
            years.append(year)
        return tuple(years)

    def _threshold(self, node: yaml.Node, measure: Measure, what: Text) -> ThresholdEntry:
        r = self.r
        assert self.classification is not None
        class_key = self.classification.kind.value + "s"  # "regions" or "groups"
        m = r.mapping(
            node, f"{what}.thresholds[]", ["value"], [class_key, "years", "source", "note"]
        )
        classes = self._class_list(m[class_key], f"{what}.{class_key}") if class_key in m else None
        years = self._years(m["years"], f"{what}.years") if "years" in m else None
        source = self._source(m["source"], f"{what}.source") if "source" in m else measure.source
        raw = r.scalar(m["value"]) if isinstance(m["value"], yaml.ScalarNode) else None
        value = None
        if raw is not None or isinstance(m["value"], yaml.SequenceNode):
            if source.tag is Confidence.UNKNOWN:
                r.fail(
                    m["value"],
                    gettext_noop("%(what)s: ngưỡng có tag «?» thì value phải là null"),
                    what=what,
                )
            if source.tag is Confidence.RECALLED and measure.value_type in _NUMERIC:
                r.fail(
                    m["value"],
                    gettext_noop(
                        "%(what)s: số liệu nhớ lại (tag R) không được mã hoá thành ngưỡng; để "
                        "value: null và ghi số nhớ lại vào «note»"
                    ),
                    what=what,
                )
            if isinstance(m["value"], yaml.SequenceNode):
                raw = [r.scalar(n) for n in m["value"].value]
            try:
                value = check_threshold_value(measure, raw)
            except ValueError as exc:
                r.fail(m["value"], f"{what}: {exc}")
        return ThresholdEntry(value, classes, years, source, r.opt_text(m, "note", what))

    def _check_overlaps(
        self, entries: tuple[ThresholdEntry, ...], node: yaml.Node, what: Text
    ) -> None:
        """Each (region/group, year) cell must have one most specific entry:
        one that is at least as specific as every other on both axes."""
        assert self.classification is not None

        def spec(e: ThresholdEntry) -> tuple[bool, bool]:
            return (e.classes is not None, e.years is not None)

        for class_code in self.classification.codes:
            for year in range(self.first_year, self.last_year + 1):
                found = matching_entries(entries, class_code, year)
                if not found:
                    continue
                top, others = spec(found[0]), found[1:]
                if any(
                    spec(e) == top or spec(e)[0] > top[0] or spec(e)[1] > top[1] for e in others
                ):
                    self.r.fail(
                        node,
                        gettext_noop(
                            "%(what)s: hai ngưỡng cùng áp dụng cho %(classification)s "
                            "%(class_code)s năm %(year)s; hãy tách rõ vùng/nhóm hoặc năm"
                        ),
                        what=what,
                        classification=self.classification.label,
                        class_code=class_code,
                        year=year,
                    )

    def _derived(self, node: yaml.Node, measure: Measure, what: Text) -> DerivedThreshold:
        r = self.r
        m = r.mapping(node, f"{what}.derived", ["set", "indicator", "factor", "source"])
        if measure.value_type not in _NUMERIC or measure.comparison is Comparison.IN:
            r.fail(
                node,
                gettext_noop("%(what)s: ngưỡng suy ra chỉ dùng cho chỉ tiêu dạng số"),
                what=what,
            )
        factor = r.scalar(m["factor"])
        if isinstance(factor, bool) or not isinstance(factor, (int, float)) or factor <= 0:
            r.fail(
                m["factor"],
                gettext_noop("%(what)s.derived.factor: cần một số dương, không phải %(factor)r"),
                what=what,
                factor=factor,
            )
        return DerivedThreshold(
            set_code=r.text(m["set"], f"{what}.derived.set"),
            measure_code=r.code(m["indicator"], f"{what}.derived.indicator"),
            factor=Decimal(repr(factor)) if isinstance(factor, float) else Decimal(factor),
            source=self._source(m["source"], f"{what}.derived.source"),
        )

    # -- levels -----------------------------------------------------------------------------
    def _levels(
        self,
        node: yaml.Node,
        set_code: str,
        criteria: tuple[Criterion, ...],
        conditions: tuple[Measure, ...],
    ) -> tuple[Level, ...]:
        r = self.r
        seen: set[str] = set()
        levels = []
        for item in r.seq(node, "levels"):
            m = r.mapping(item, "levels[]", ["code", "name", "source", "requires"], ["note"])
            code = r.code(m["code"], "levels.code")
            r.unique(seen, code, m["code"], "levels")
            what = message(gettext_noop("mức %(code)s"), code=code)
            requirements = tuple(
                self._requirement(n, what, set_code, criteria, conditions)
                for n in r.seq(m["requires"], f"{what}.requires")
            )
            levels.append(
                Level(
                    code=code,
                    name=r.text(m["name"], f"{what}.name"),
                    requirements=requirements,
                    source=self._source(m["source"], f"{what}.source"),
                    note=r.opt_text(m, "note", what),
                )
            )
        return tuple(levels)

    def _requirement(
        self,
        node: yaml.Node,
        what: Text,
        set_code: str,
        criteria: tuple[Criterion, ...],
        conditions: tuple[Measure, ...],
    ) -> Requirement:
        r = self.r
        if isinstance(node, yaml.ScalarNode) and r.scalar(node) == "all_criteria":
            return AllCriteria()
        kinds = ["all_criteria", "min_criteria", "set_met", "condition"]
        m = r.mapping(node, f"{what}.requires[]", [], [*kinds, "source"])
        present = [k for k in kinds if k in m]
        if len(present) != 1:
            r.fail(
                node,
                gettext_noop("%(what)s: mỗi yêu cầu cần đúng một trong %(kinds)s"),
                what=what,
                kinds=", ".join(kinds),
            )
        kind = present[0]
        source = self._source(m["source"], f"{what}.source") if "source" in m else None
        if kind == "all_criteria":
            if not r.boolean(m[kind], f"{what}.all_criteria"):
                r.fail(
                    m[kind],
                    gettext_noop("%(what)s: all_criteria chỉ nhận giá trị true"),
                    what=what,
                )
            return AllCriteria(source)
        if kind == "condition":
            code = r.code(m[kind], f"{what}.condition")
            if code not in {c.code for c in conditions}:
                r.fail(
                    m[kind],
                    gettext_noop("%(what)s: điều kiện «%(code)s» không có trong «conditions»"),
                    what=what,
                    code=code,
                )
            return ConditionMet(code, source)
        if kind == "set_met":
            code = r.text(m[kind], f"{what}.set_met")
            if code == set_code:
                r.fail(
                    m[kind],
                    gettext_noop("%(what)s: set_met không được trỏ về chính bộ này"),
                    what=what,
                )
            return SetMet(code, source)
        return self._min_criteria(m[kind], what, criteria, source)

    def _min_criteria(
        self, node: yaml.Node, what: Text, criteria: tuple[Criterion, ...], source: SourceRef | None
    ) -> MinCriteria:
        r = self.r
        codes = [c.code for c in criteria]
        of: tuple[str, ...] | None = None
        if isinstance(node, yaml.MappingNode):
            m = r.mapping(node, f"{what}.min_criteria", ["count", "of"])
            count_node = m["count"]
            of_list = []
            for item in r.seq(m["of"], f"{what}.min_criteria.of"):
                raw = r.scalar(item)
                if str(raw) not in codes:
                    r.fail(
                        item,
                        gettext_noop("%(what)s: tiêu chí «%(raw)s» không có trong bộ"),
                        what=what,
                        raw=raw,
                    )
                of_list.append(str(raw))
            of = tuple(of_list)
        else:
            count_node = node
        count = r.integer(count_node, f"{what}.min_criteria")
        if not 1 <= count <= len(of if of is not None else codes):
            r.fail(
                count_node,
                gettext_noop("%(what)s: min_criteria %(count)s ngoài khoảng 1..%(most)s"),
                what=what,
                count=count,
                most=len(of or codes),
            )
        return MinCriteria(count, of, source)


# libyaml when the wheel has it (2-3x faster); both give nodes with line marks.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def parse_criteria_set(text: str, file: str) -> CriteriaSet:
    """Parse YAML ``text``; ``file`` names it in errors."""
    try:
        yaml_bounds_check(text, file)
        root = yaml.compose(text, Loader=_LOADER)
    except FileRefused as exc:
        raise CriteriaSetError(file, None, exc.text) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        raise CriteriaSetError(
            file, line, message(gettext_noop("YAML không hợp lệ: %(problem)s"), problem=exc.problem)
        ) from None
    if root is None:
        raise CriteriaSetError(file, None, gettext_noop("tệp rỗng"))
    return _SetParser(_Reader(file)).parse(root)


def load_criteria_set(path: str | Path) -> CriteriaSet:
    """Load one criteria-set file."""
    p = Path(path)
    try:
        file_size_check(p, YAML_LIMITS.max_bytes)
        text = p.read_text(encoding="utf-8")
    except FileRefused as exc:
        raise CriteriaSetError(str(p), None, exc.text) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise CriteriaSetError(
            str(p), None, message(gettext_noop("không đọc được tệp: %(error)s"), error=exc)
        ) from None
    return parse_criteria_set(text, str(p))


def load_criteria_sets(paths: Iterable[str | Path]) -> list[CriteriaSet]:
    return [load_criteria_set(p) for p in paths]
