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
from ntm.core.thresholds import check_threshold_value, matching_entries

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

    def fail(self, node: yaml.Node, message: str) -> NoReturn:
        raise CriteriaSetError(self.file, node.start_mark.line + 1, message)

    def mapping(
        self, node: yaml.Node, what: str, required: Sequence[str], optional: Sequence[str] = ()
    ) -> _Map:
        if not isinstance(node, yaml.MappingNode):
            self.fail(node, f"{what}: cần một bảng «khóa: giá trị»")
        items: dict[str, yaml.Node] = {}
        allowed = [*required, *optional]
        for key_node, value_node in node.value:
            key = self.scalar(key_node)
            if not isinstance(key, str):
                self.fail(key_node, f"{what}: khóa phải là chữ, không phải {key!r}")
            if key in items:
                self.fail(key_node, f"{what}: khóa «{key}» bị lặp")
            if key not in allowed:
                self.fail(
                    key_node, f"{what}: khóa không hợp lệ «{key}» (được phép: {', '.join(allowed)})"
                )
            items[key] = value_node
        missing = [k for k in required if k not in items]
        if missing:
            self.fail(node, f"{what}: thiếu khóa {', '.join(f'«{k}»' for k in missing)}")
        return _Map(node, items)

    def scalar(self, node: yaml.Node) -> object:
        if not isinstance(node, yaml.ScalarNode):
            self.fail(node, "cần một giá trị đơn, không phải danh sách hay bảng")
        return self._constructor.construct_object(node)

    def seq(self, node: yaml.Node, what: str, *, allow_empty: bool = False) -> list[yaml.Node]:
        if not isinstance(node, yaml.SequenceNode):
            self.fail(node, f"{what}: cần một danh sách")
        if not node.value and not allow_empty:
            self.fail(node, f"{what}: danh sách không được rỗng")
        return list(node.value)

    def text(self, node: yaml.Node, what: str) -> str:
        value = self.scalar(node)
        if not isinstance(value, str) or not value.strip():
            self.fail(node, f"{what}: cần một chuỗi chữ, không phải {value!r}")
        return value.strip()

    def opt_text(self, m: _Map, key: str, what: str) -> str | None:
        node = m.get(key)
        if node is None or self.scalar(node) is None:
            return None
        return self.text(node, f"{what}.{key}")

    def integer(self, node: yaml.Node, what: str) -> int:
        value = self.scalar(node)
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(node, f"{what}: cần một số nguyên, không phải {value!r}")
        return value

    def boolean(self, node: yaml.Node, what: str) -> bool:
        value = self.scalar(node)
        if not isinstance(value, bool):
            self.fail(node, f"{what}: cần true hoặc false, không phải {value!r}")
        return value

    def day(self, node: yaml.Node, what: str) -> date:
        value = self.scalar(node)
        if not isinstance(value, date):
            self.fail(node, f"{what}: cần một ngày dạng YYYY-MM-DD, không phải {value!r}")
        return value

    def code(self, node: yaml.Node, what: str) -> str:
        """Codes are strings: unquoted 17.10 would silently become 17.1."""
        value = self.scalar(node)
        if not isinstance(value, str) or not value.strip():
            self.fail(node, f'{what}: mã phải là chuỗi; viết trong ngoặc kép, ví dụ "17.10"')
        return value.strip()

    def unique(self, seen: set[str], code: str, node: yaml.Node, what: str) -> None:
        if code in seen:
            self.fail(node, f"{what}: mã «{code}» bị trùng")
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
        m = r.mapping(
            root,
            "bộ tiêu chí",
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
        code = r.text(m["code"], "code")
        if not _SET_CODE.fullmatch(code):
            r.fail(m["code"], f"code: «{code}» chỉ gồm chữ thường không dấu, số và gạch nối")
        unit_type = self._enum(m["unit_type"], JudgedUnit, "unit_type")
        period = r.mapping(m["period"], "period", ["from", "to"])
        self.first_year = r.integer(period["from"], "period.from")
        self.last_year = r.integer(period["to"], "period.to")
        if self.last_year < self.first_year:
            r.fail(period.node, "period: năm kết thúc trước năm bắt đầu")
        valid_from = r.day(m["valid_from"], "valid_from")
        valid_to = None
        if m.get("valid_to") is not None and r.scalar(m["valid_to"]) is not None:
            valid_to = r.day(m["valid_to"], "valid_to")
            if valid_to < valid_from:
                r.fail(m["valid_to"], "valid_to: trước valid_from")
        self._documents(m["documents"])
        legal_basis = tuple(
            self._document_ref(n, "legal_basis") for n in r.seq(m["legal_basis"], "legal_basis")
        )
        self.classification = self._classification(m["classification"])
        if "facts" in m:
            self._facts(m["facts"])
        groups = self._criterion_groups(m["criterion_groups"]) if "criterion_groups" in m else ()
        criteria = self._criteria(m["criteria"], {g.code for g in groups})
        conditions: tuple[Measure, ...] = ()
        if "conditions" in m:
            conditions = tuple(
                self._measure(n, "conditions") for n in r.seq(m["conditions"], "conditions")
            )
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
            note=r.opt_text(m, "note", "bộ tiêu chí"),
        )

    def _enum(self, node: yaml.Node, kind: type[_E], what: str) -> _E:
        value = self.r.scalar(node)
        try:
            return kind(str(value))
        except ValueError:
            allowed = ", ".join(f"«{k.value}»" for k in kind)
            self.r.fail(node, f"{what}: giá trị «{value}» không hợp lệ (được phép: {allowed})")

    # -- documents and sources ---------------------------------------------------
    def _documents(self, node: yaml.Node) -> None:
        r = self.r
        for item in r.seq(node, "documents"):
            m = r.mapping(
                item, "documents[]", ["id", "citation", "title", "issued"], ["url", "note"]
            )
            doc_id = r.text(m["id"], "documents.id")
            if doc_id in self.documents:
                r.fail(m["id"], f"documents: mã «{doc_id}» bị trùng")
            issued = None if r.scalar(m["issued"]) is None else r.day(m["issued"], "issued")
            self.documents[doc_id] = LegalDocument(
                id=doc_id,
                citation=r.text(m["citation"], "documents.citation"),
                title=r.text(m["title"], "documents.title"),
                issued=issued,
                url=r.opt_text(m, "url", "documents"),
                note=r.opt_text(m, "note", "documents"),
            )

    def _document_ref(self, node: yaml.Node, what: str) -> LegalDocument:
        doc_id = self.r.text(node, what)
        if doc_id not in self.documents:
            self.r.fail(node, f"{what}: văn bản «{doc_id}» không có trong «documents»")
        return self.documents[doc_id]

    def _source(self, node: yaml.Node, what: str) -> SourceRef:
        r = self.r
        m = r.mapping(node, what, ["doc", "tag", "verified"], ["detail", "seen_in"])
        tag = self._enum(m["tag"], Confidence, f"{what}.tag")
        verified = r.boolean(m["verified"], f"{what}.verified")
        if verified != (tag is Confidence.VERIFIED):
            r.fail(
                m["verified"],
                f"{what}: verified phải là {str(tag is Confidence.VERIFIED).lower()} với tag "
                f"«{tag.value}» (chỉ giá trị tag V mới được coi là đã xác minh)",
            )
        return SourceRef(
            document=self._document_ref(m["doc"], f"{what}.doc"),
            tag=tag,
            verified=verified,
            detail=r.opt_text(m, "detail", what),
            seen_in=r.opt_text(m, "seen_in", what),
        )

    def _agency(self, node: yaml.Node | None, what: str) -> Agency | None:
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
                self.r.fail(m["code"], f"facts: mã «{code}» bị trùng")
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
                r.fail(b["from"], "count_bands: khoảng đầu tiên phải bắt đầu từ 0")
            if bands and lower <= bands[-1].lower:
                r.fail(b["from"], "count_bands: các mốc «from» phải tăng dần")
            if lower > n_criteria:
                r.fail(b["from"], f"count_bands: mốc {lower} vượt số tiêu chí ({n_criteria})")
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
                r.fail(m["code"], f"criteria.code: cần số hoặc chuỗi, không phải {raw!r}")
            code = str(raw).strip()
            r.unique(seen, code, m["code"], "criteria")
            what = f"tiêu chí {code}"
            group = None
            if "group" in m:
                group = r.code(m["group"], f"{what}.group")
                if group not in group_codes:
                    r.fail(m["group"], f"{what}: nhóm «{group}» không có trong criterion_groups")
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

    def _measure(self, node: yaml.Node, parent: str, agency: Agency | None = None) -> Measure:
        r = self.r
        m = r.mapping(
            node,
            f"{parent}: chỉ tiêu",
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
            ],
        )
        code = r.code(m["code"], f"{parent}: code")
        if code in self.measure_codes:
            r.fail(m["code"], f"{parent}: mã chỉ tiêu «{code}» bị trùng trong bộ")
        self.measure_codes.add(code)
        what = f"chỉ tiêu {code}"
        vtype = self._enum(m["type"], ValueType, f"{what}.type")
        if "comparison" in m:
            comparison = self._enum(m["comparison"], Comparison, f"{what}.comparison")
        elif vtype is ValueType.BOOLEAN:
            comparison = Comparison.EQ
        else:
            r.fail(m.node, f"{what}: thiếu khóa «comparison» (bắt buộc với kiểu {vtype.value})")
        if comparison not in ALLOWED_COMPARISONS[vtype]:
            allowed = ", ".join(sorted(c.value for c in ALLOWED_COMPARISONS[vtype]))
            r.fail(
                m.get("comparison") or m.node,
                f"{what}: phép so sánh «{comparison.value}» không dùng được cho kiểu "
                f"{vtype.value} (được phép: {allowed})",
            )
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
            counted=r.boolean(m["counted"], f"{what}.counted") if "counted" in m else True,
        )
        if "thresholds" in m and "derived" in m:
            r.fail(m["derived"], f"{what}: chỉ dùng một trong hai khóa «thresholds» và «derived»")
        if "derived" in m:
            return replace(measure, derived=self._derived(m["derived"], measure, what))
        if "thresholds" in m:
            entries = tuple(
                self._threshold(n, measure, what)
                for n in r.seq(m["thresholds"], f"{what}.thresholds", allow_empty=True)
            )
            self._check_overlaps(entries, m["thresholds"], what)
            return replace(measure, thresholds=entries)
        if vtype is ValueType.BOOLEAN:
            # A yes/no indicator is met when "Đạt": its own source is the
            # rule, unless even that is unknown ("?").
            implicit = None if source.tag is Confidence.UNKNOWN else True
            return replace(measure, thresholds=(ThresholdEntry(implicit, None, None, source),))
        r.fail(m.node, f"{what}: thiếu «thresholds» (ghi value: null nếu chưa biết ngưỡng)")

    def _options(self, m: _Map, vtype: ValueType, what: str) -> tuple[str, ...]:
        node = m.get("options")
        if vtype is not ValueType.ENUM:
            if node is not None:
                self.r.fail(node, f"{what}: chỉ kiểu enum mới có «options»")
            return ()
        if node is None:
            self.r.fail(m.node, f"{what}: kiểu enum cần danh sách «options»")
        seen: set[str] = set()
        options = []
        for item in self.r.seq(node, f"{what}.options"):
            option = self.r.text(item, f"{what}.options")
            self.r.unique(seen, option, item, f"{what}.options")
            options.append(option)
        if len(options) < 2:
            self.r.fail(node, f"{what}: «options» cần ít nhất hai giá trị")
        return tuple(options)

    def _applicability(self, m: _Map, what: str) -> Applicability | None:
        if "applies_if" in m and "applies_unless" in m:
            self.r.fail(
                m["applies_unless"], f"{what}: chỉ dùng một trong applies_if/applies_unless"
            )
        for key, expected in (("applies_if", True), ("applies_unless", False)):
            if key in m:
                fact = self.r.code(m[key], f"{what}.{key}")
                if fact not in self.facts:
                    self.r.fail(m[key], f"{what}.{key}: thông tin «{fact}» không có trong «facts»")
                return Applicability(fact, expected)
        return None

    def _class_list(self, node: yaml.Node, what: str) -> tuple[str, ...] | None:
        assert self.classification is not None
        if isinstance(node, yaml.ScalarNode) and self.r.scalar(node) == "all":
            return None
        codes = []
        for item in self.r.seq(node, what):
            code = self.r.code(item, what)
            if code not in self.classification.codes:
                self.r.fail(
                    item,
                    f"{what}: không có {self.classification.label} «{code}» "
                    f"(hợp lệ: {', '.join(self.classification.codes)})",
                )
            codes.append(code)
        return tuple(codes)

    def _years(self, node: yaml.Node, what: str) -> tuple[int, ...]:
        items = self.r.seq(node, what) if isinstance(node, yaml.SequenceNode) else [node]
        years = []
        for item in items:
            year = self.r.integer(item, what)
            if not self.first_year <= year <= self.last_year:
                self.r.fail(
                    item, f"{what}: năm {year} ngoài giai đoạn {self.first_year}-{self.last_year}"
                )
            years.append(year)
        return tuple(years)

    def _threshold(self, node: yaml.Node, measure: Measure, what: str) -> ThresholdEntry:
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
                r.fail(m["value"], f"{what}: ngưỡng có tag «?» thì value phải là null")
            if source.tag is Confidence.RECALLED and measure.value_type in _NUMERIC:
                r.fail(
                    m["value"],
                    f"{what}: số liệu nhớ lại (tag R) không được mã hoá thành ngưỡng; "
                    f"để value: null và ghi số nhớ lại vào «note»",
                )
            if isinstance(m["value"], yaml.SequenceNode):
                raw = [r.scalar(n) for n in m["value"].value]
            try:
                value = check_threshold_value(measure, raw)
            except ValueError as exc:
                r.fail(m["value"], f"{what}: {exc}")
        return ThresholdEntry(value, classes, years, source, r.opt_text(m, "note", what))

    def _check_overlaps(
        self, entries: tuple[ThresholdEntry, ...], node: yaml.Node, what: str
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
                        f"{what}: hai ngưỡng cùng áp dụng cho {self.classification.label} "
                        f"{class_code} năm {year}; hãy tách rõ vùng/nhóm hoặc năm",
                    )

    def _derived(self, node: yaml.Node, measure: Measure, what: str) -> DerivedThreshold:
        r = self.r
        m = r.mapping(node, f"{what}.derived", ["set", "indicator", "factor", "source"])
        if measure.value_type not in _NUMERIC or measure.comparison is Comparison.IN:
            r.fail(node, f"{what}: ngưỡng suy ra chỉ dùng cho chỉ tiêu dạng số")
        factor = r.scalar(m["factor"])
        if isinstance(factor, bool) or not isinstance(factor, (int, float)) or factor <= 0:
            r.fail(m["factor"], f"{what}.derived.factor: cần một số dương, không phải {factor!r}")
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
            what = f"mức {code}"
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
        what: str,
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
            r.fail(node, f"{what}: mỗi yêu cầu cần đúng một trong {', '.join(kinds)}")
        kind = present[0]
        source = self._source(m["source"], f"{what}.source") if "source" in m else None
        if kind == "all_criteria":
            if not r.boolean(m[kind], f"{what}.all_criteria"):
                r.fail(m[kind], f"{what}: all_criteria chỉ nhận giá trị true")
            return AllCriteria(source)
        if kind == "condition":
            code = r.code(m[kind], f"{what}.condition")
            if code not in {c.code for c in conditions}:
                r.fail(m[kind], f"{what}: điều kiện «{code}» không có trong «conditions»")
            return ConditionMet(code, source)
        if kind == "set_met":
            code = r.text(m[kind], f"{what}.set_met")
            if code == set_code:
                r.fail(m[kind], f"{what}: set_met không được trỏ về chính bộ này")
            return SetMet(code, source)
        return self._min_criteria(m[kind], what, criteria, source)

    def _min_criteria(
        self, node: yaml.Node, what: str, criteria: tuple[Criterion, ...], source: SourceRef | None
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
                    r.fail(item, f"{what}: tiêu chí «{raw}» không có trong bộ")
                of_list.append(str(raw))
            of = tuple(of_list)
        else:
            count_node = node
        count = r.integer(count_node, f"{what}.min_criteria")
        if not 1 <= count <= len(of if of is not None else codes):
            r.fail(count_node, f"{what}: min_criteria {count} ngoài khoảng 1..{len(of or codes)}")
        return MinCriteria(count, of, source)


# libyaml when the wheel has it (2-3x faster); both give nodes with line marks.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def parse_criteria_set(text: str, file: str) -> CriteriaSet:
    """Parse YAML ``text``; ``file`` names it in errors."""
    try:
        root = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        raise CriteriaSetError(file, line, f"YAML không hợp lệ: {exc.problem}") from None
    if root is None:
        raise CriteriaSetError(file, None, "tệp rỗng")
    return _SetParser(_Reader(file)).parse(root)


def load_criteria_set(path: str | Path) -> CriteriaSet:
    """Load one criteria-set file."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CriteriaSetError(str(p), None, f"không đọc được tệp: {exc}") from None
    return parse_criteria_set(text, str(p))


def load_criteria_sets(paths: Iterable[str | Path]) -> list[CriteriaSet]:
    return [load_criteria_set(p) for p in paths]
