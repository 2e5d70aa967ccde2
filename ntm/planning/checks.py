"""Consistency checks of a plan: do its figures agree with each other, with
the document's own precision, with its district parts and with the communes
it covers? Each discrepancy names the rule, states both numbers and says
why it matters.

Levels: an *error* is a figure the plan cannot hold together with its other
figures (a total that is not baseline + added, a target above the communes
in scope, district parts that do not reach the province's figure); a
*warning* is a figure that is consistent once it is read the way it was
meant (a share truncated instead of rounded, a count of recognitions that
is not a count of communes meeting every criterion) or that the reference
data cannot support yet. ``ntm plan check`` exits non-zero on errors only.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from enum import StrEnum

from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ntm.core.errors import CriteriaLookupError, ValueParseError
from ntm.core.numbers_vi import format_number_vi, parse_number_text
from ntm.criteria.selectors import criteria_catalog
from ntm.planning.figures import num
from ntm.planning.measures import MEASURES
from ntm.planning.models import Comparison, Level, Plan, Target, TargetedCommune, TargetKind
from ntm.planning.services import cascade_amount, cascade_sources
from ntm.units.models import DISTRICT_TYPES, AdminUnit
from ntm.units.selectors import unit_programme_communes


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"

    @property
    def label(self) -> str:
        return str(SEVERITY_LABELS[self])


SEVERITY_LABELS = {Severity.ERROR: gettext_lazy("Lỗi"), Severity.WARNING: gettext_lazy("Cảnh báo")}

RULES = {
    "tong": gettext_lazy("Tổng = mốc đầu năm + số tăng thêm"),
    "ty-le": gettext_lazy("Tỷ lệ in = tổng / số xã, theo độ chính xác của văn bản"),
    "nguon-von": gettext_lazy("Tổng và tỷ lệ các nguồn vốn"),
    "phan-bo-huyen": gettext_lazy("Phần giao các huyện cộng lại bằng chỉ tiêu của tỉnh"),
    "xa-phan-dau": gettext_lazy("Số xã phấn đấu đã chọn so với chỉ tiêu"),
    "ham-y": gettext_lazy("Mục tiêu chung so với các chỉ tiêu theo tiêu chí"),
    "kha-thi": gettext_lazy("Chỉ tiêu không vượt số xã trong phạm vi"),
    "pham-vi": gettext_lazy("Phạm vi kế hoạch so với danh mục đơn vị hành chính"),
}


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: Severity
    target: str  # target key, "" for the plan as a whole
    message: str
    stated: str  # the plan's figure, as printed
    expected: str  # the figure it is compared with

    @property
    def rule_label(self) -> str:
        return str(RULES[self.rule])

    def __str__(self) -> str:
        where = f" [{self.target}]" if self.target else ""
        return f"{self.severity.label.upper()} {self.rule}{where}: {self.message}"


@dataclass
class CheckReport:
    plan: Plan
    findings: list[Finding] = field(default_factory=list)
    passed: list[str] = field(default_factory=list)  # checks that found nothing, said plainly

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is Severity.WARNING]

    def for_target(self, key: str) -> list[Finding]:
        return [f for f in self.findings if f.target == key]

    def add(
        self, rule: str, severity: Severity, target: str, message: str, stated: str, expected: str
    ) -> None:
        self.findings.append(Finding(rule, severity, target, message, stated, expected))


def _label(t: Target) -> str:
    if t.kind == TargetKind.CRITERION:
        return _("Tiêu chí %(c)s (%(l)s)") % {"c": t.criterion, "l": t.label}
    return t.label


def _exact_text(x: Decimal) -> str:
    """A computed share with enough digits to see the rounding: 90,0552…"""
    shown = format_number_vi(x, 4)
    return shown if x == x.quantize(Decimal("0.0001")) else shown + "…"


def _share_rule(
    report: CheckReport, rule: str, t: Target, part: Decimal, whole: Decimal, what: str
) -> None:
    """Compare a printed share with part/whole rounded to the printed
    number of decimals. Off by one unit in the last printed place is a
    rounding warning; more is an error."""
    try:
        printed = parse_number_text(t.share_printed, integer=False)
    except ValueParseError:
        report.add(
            rule,
            Severity.ERROR,
            t.key,
            _("tỷ lệ in «%(s)s» không đọc được") % {"s": t.share_printed},
            t.share_printed,
            "",
        )
        return
    decimals = len(t.share_printed.partition(",")[2])
    unit = Decimal(1).scaleb(-decimals)
    exact = part * 100 / whole
    rounded = exact.quantize(unit, rounding=ROUND_HALF_UP)
    if printed == rounded:
        return
    truncated = exact.quantize(unit, rounding=ROUND_DOWN)
    diff = abs(printed - rounded)
    places = _("%(n)s chữ số thập phân") % {"n": decimals} if decimals else _("số nguyên")
    base = _(
        "%(label)s: tỷ lệ in %(printed)s%% nhưng %(what)s = %(exact)s%%, làm tròn đến "
        "%(places)s là "
        "%(rounded)s%%"
    ) % {
        "label": _label(t),
        "printed": t.share_printed,
        "what": what,
        "exact": _exact_text(exact),
        "places": places,
        "rounded": format_number_vi(rounded, decimals),
    }
    if diff <= unit:
        why = (
            _("văn bản cắt bớt chữ số thay vì làm tròn")
            if printed == truncated
            else _("sai số làm tròn")
        )
        report.add(
            rule,
            Severity.WARNING,
            t.key,
            base
            + _(" (lệch %(d)s điểm %%; %(why)s).")
            % {"d": format_number_vi(diff, decimals), "why": why},
            f"{t.share_printed}%",
            f"{format_number_vi(rounded, decimals)}%",
        )
    else:
        report.add(
            rule,
            Severity.ERROR,
            t.key,
            base + _(" (lệch %(d)s điểm %%).") % {"d": format_number_vi(diff, decimals)},
            f"{t.share_printed}%",
            f"{format_number_vi(rounded, decimals)}%",
        )


def plan_check(plan: Plan) -> CheckReport:
    """Every rule on one plan (a province plan also checks its district
    parts and its targeted communes)."""
    report = CheckReport(plan)
    targets = list(plan.targets.select_related("subject_unit").order_by("position"))
    _totals(report, targets)
    _shares(report, targets)
    _funding(report, targets)
    _feasible(report, plan, targets)
    _implied(report, plan, targets)
    _scope(report, plan, targets)
    if plan.is_province_plan:
        _districts(report, plan, targets)
        _targeted(report, plan, targets)
    return report


def _totals(report: CheckReport, targets: Iterable[Target]) -> None:
    checked = 0
    for t in targets:
        if t.value is None or t.added is None or t.baseline is None:
            continue
        checked += 1
        if t.baseline + t.added != t.value:
            report.add(
                "tong",
                Severity.ERROR,
                t.key,
                _("%(label)s: tổng %(v)s khác mốc %(b)s + tăng thêm %(a)s = %(s)s.")
                % {
                    "label": _label(t),
                    "v": num(t.value),
                    "b": num(t.baseline),
                    "a": num(t.added),
                    "s": num(t.baseline + t.added),
                },
                num(t.value),
                num(t.baseline + t.added),
            )
    if checked and not [f for f in report.findings if f.rule == "tong"]:
        report.passed.append(
            _("%(n)s chỉ tiêu có tổng = mốc đầu năm + số tăng thêm.") % {"n": checked}
        )


def _shares(report: CheckReport, targets: Iterable[Target]) -> None:
    checked = 0
    for t in targets:
        if not t.share_printed or t.kind == TargetKind.FUNDING or t.value is None:
            continue
        if not t.of_total:
            continue
        checked += 1
        _share_rule(
            report,
            "ty-le",
            t,
            t.value,
            Decimal(t.of_total),
            f"{num(t.value)}/{num(t.of_total)}",
        )
    if checked:
        off = len([f for f in report.findings if f.rule == "ty-le"])
        report.passed.append(
            _("%(ok)s/%(n)s tỷ lệ in khớp tổng / số xã ở độ chính xác của văn bản.")
            % {"ok": checked - off, "n": checked}
        )


def _funding(report: CheckReport, targets: Iterable[Target]) -> None:
    funding = [t for t in targets if t.kind == TargetKind.FUNDING]
    total = next((t for t in funding if t.is_total), None)
    sources = [t for t in funding if not t.is_total and t.value is not None]
    if total is None or total.value is None or not sources:
        return
    summed = sum((t.value for t in sources), Decimal(0))
    if abs(summed - total.value) > Decimal("0.0005"):
        report.add(
            "nguon-von",
            Severity.ERROR,
            total.key,
            _("Tổng các nguồn vốn %(parts)s = %(s)s %(u)s, khác tổng in %(t)s %(u)s.")
            % {
                "parts": " + ".join(num(t.value) for t in sources),
                "s": num(summed),
                "t": num(total.value),
                "u": total.unit,
            },
            num(total.value),
            num(summed),
        )
    else:
        report.passed.append(
            _("Tổng các nguồn vốn %(parts)s = %(t)s %(u)s, khớp tổng in.")
            % {
                "parts": " + ".join(num(t.value) for t in sources),
                "t": num(total.value),
                "u": total.unit,
            }
        )
    before = len(report.findings)
    shares = [t for t in sources if t.share_printed]
    for t in shares:
        _share_rule(
            report,
            "nguon-von",
            t,
            t.value,
            total.value,
            f"{num(t.value)}/{num(total.value)}",
        )
    if shares and len(shares) == len(sources):
        printed = [parse_number_text(t.share_printed, integer=False) for t in shares]
        decimals = max(len(t.share_printed.partition(",")[2]) for t in shares)
        tolerance = Decimal(len(shares)) * Decimal(1).scaleb(-decimals) / 2
        if abs(sum(printed) - 100) > tolerance:
            report.add(
                "nguon-von",
                Severity.WARNING,
                total.key,
                _("Các tỷ lệ in của nguồn vốn cộng lại %(s)s%%, không phải 100%%.")
                % {"s": format_number_vi(sum(printed), decimals)},
                f"{format_number_vi(sum(printed), decimals)}%",
                "100%",
            )
    if shares and len(report.findings) == before:
        report.passed.append(
            _("Tỷ lệ in của %(n)s nguồn vốn khớp số tiền / tổng và cộng lại 100%%.")
            % {"n": len(shares)}
        )


def _commune_count_targets(targets: Iterable[Target]) -> list[Target]:
    out = []
    for t in targets:
        defn = MEASURES.get(t.measure)
        if t.kind == TargetKind.CRITERION or (defn is not None and defn.counts_communes):
            out.append(t)
    return out


def _feasible(report: CheckReport, plan: Plan, targets: list[Target]) -> None:
    n = Decimal(plan.communes_in_scope)
    before = len(report.findings)
    for t in _commune_count_targets(targets):
        if t.measure == "border_communes":
            continue  # compared with the unit flags (scope)
        for figure in (t.value, t.value_max):
            if figure is not None and figure > n:
                report.add(
                    "kha-thi",
                    Severity.ERROR,
                    t.key,
                    _("%(label)s: %(v)s xã vượt quá %(n)s xã trong phạm vi kế hoạch.")
                    % {"label": _label(t), "v": num(figure), "n": num(n)},
                    num(figure),
                    f"≤ {num(n)}",
                )
        if t.of_total and t.of_total != plan.communes_in_scope and t.kind == TargetKind.CRITERION:
            report.add(
                "kha-thi",
                Severity.ERROR,
                t.key,
                _("%(label)s: tính trên %(o)s xã nhưng kế hoạch có %(n)s xã trong phạm vi.")
                % {"label": _label(t), "o": t.of_total, "n": num(n)},
                num(t.of_total),
                num(n),
            )
        if t.added is not None and t.baseline is not None and t.added > n - t.baseline:
            report.add(
                "kha-thi",
                Severity.ERROR,
                t.key,
                _("%(label)s: thêm %(a)s xã nhưng chỉ còn %(r)s xã chưa đạt (%(n)s - mốc %(b)s).")
                % {
                    "label": _label(t),
                    "a": num(t.added),
                    "r": num(n - t.baseline),
                    "n": num(n),
                    "b": num(t.baseline),
                },
                num(t.added),
                f"≤ {num(n - t.baseline)}",
            )
    for t in targets:
        if (
            t.kind == TargetKind.DISTRICT
            and t.value is not None
            and t.of_total
            and t.value > t.of_total
        ):
            report.add(
                "kha-thi",
                Severity.ERROR,
                t.key,
                _("%(label)s: %(v)s tiêu chí vượt quá %(o)s tiêu chí của bộ.")
                % {"label": t.label, "v": num(t.value), "o": t.of_total},
                num(t.value),
                f"≤ {t.of_total}",
            )
    catalog = criteria_catalog()
    for t in targets:
        defn = MEASURES.get(t.measure)
        if defn is None or defn.averages is None:
            continue
        set_code = (
            plan.criteria_set if defn.averages == "plan" else t.measure_params.get(defn.averages)
        )
        try:
            n_criteria = len(catalog.get(set_code or plan.criteria_set).criteria)
        except CriteriaLookupError:
            continue
        top = t.value_max if t.value_max is not None else t.value
        if top is not None and top > n_criteria:
            report.add(
                "kha-thi",
                Severity.ERROR,
                t.key,
                _("%(label)s: bình quân %(v)s tiêu chí/xã nhưng bộ %(s)s chỉ có %(n)s tiêu chí.")
                % {"label": t.label, "v": num(top), "s": set_code, "n": n_criteria},
                num(top),
                f"≤ {n_criteria}",
            )
    if len(report.findings) == before:
        report.passed.append(
            _("Không chỉ tiêu nào vượt số xã trong phạm vi (%(n)s xã) hay số tiêu chí của bộ.")
            % {"n": num(n)}
        )


def _by_measure(targets: Iterable[Target], code: str, **params: str) -> list[Target]:
    return [
        t
        for t in targets
        if t.measure == code and all(t.measure_params.get(k) == v for k, v in params.items())
    ]


def _implied(report: CheckReport, plan: Plan, targets: list[Target]) -> None:
    catalog = criteria_catalog()
    try:
        cset = catalog.get(plan.criteria_set)
    except CriteriaLookupError:
        return
    per_criterion: dict[str, Target] = {}
    for t in targets:
        if t.kind == TargetKind.CRITERION and t.value is not None and t.criterion:
            per_criterion.setdefault(t.criterion, t)
    n = Decimal(plan.communes_in_scope)
    codes = [c.code for c in cset.criteria]
    complete = all(c in per_criterion for c in codes)
    names = {c.code: c.name for c in cset.criteria}

    if complete and n:
        total = sum((per_criterion[c].value for c in codes), Decimal(0))
        implied = total / n
        shown = format_number_vi(implied, 2)
        for t in _by_measure(targets, "avg_criteria"):
            if t.measure_params.get("set", plan.criteria_set) != plan.criteria_set:
                continue
            if t.measure_params.get("among") == "recognised_ntm":
                continue
            low = t.value
            high = t.value_max if t.comparison == Comparison.BETWEEN else None
            if t.comparison in (Comparison.AT_MOST,):
                low, high = None, t.value
            goal = (
                f"{num(t.value)} - {num(t.value_max)}"
                if high is not None and low is not None
                else num(t.value)
            )
            if (low is not None and implied < low) or (high is not None and implied > high):
                report.add(
                    "ham-y",
                    Severity.ERROR,
                    t.key,
                    _(
                        "Các chỉ tiêu theo tiêu chí cộng lại %(s)s lượt xã đạt tiêu chí, tức bình "
                        "quân %(a)s tiêu chí/xã trên %(n)s xã, ngoài mục tiêu «%(l)s» %(g)s."
                    )
                    % {"s": num(total), "a": shown, "n": num(n), "l": t.label, "g": goal},
                    goal,
                    shown,
                )
            else:
                report.passed.append(
                    _(
                        "Các chỉ tiêu theo tiêu chí cộng lại %(s)s lượt xã đạt tiêu chí, bình quân "
                        "%(a)s tiêu chí/xã trên %(n)s xã, trong mục tiêu %(g)s tiêu chí/xã."
                    )
                    % {"s": num(total), "a": shown, "n": num(n), "g": goal}
                )
        for t in _by_measure(targets, "communes_below"):
            k = int(t.measure_params.get("criteria", 0))
            allowed = t.value or Decimal(0)
            needed = (n - allowed) * k
            if total < needed:
                report.add(
                    "ham-y",
                    Severity.ERROR,
                    t.key,
                    _(
                        "«%(l)s»: để mọi xã (trừ %(a)s) đạt ít nhất %(k)s tiêu chí cần tối thiểu "
                        "%(need)s lượt xã đạt tiêu chí, các chỉ tiêu theo tiêu chí chỉ có %(s)s."
                    )
                    % {
                        "l": t.label,
                        "a": num(allowed),
                        "k": k,
                        "need": num(needed),
                        "s": num(total),
                    },
                    num(total),
                    f"≥ {num(needed)}",
                )

    if not per_criterion:
        return
    low_code = min(
        per_criterion, key=lambda c: (per_criterion[c].value, codes.index(c) if c in codes else 99)
    )
    smallest = per_criterion[low_code].value
    where = _("tiêu chí %(c)s (%(name)s) chỉ có %(m)s xã đạt") % {
        "c": low_code,
        "name": names.get(low_code, ""),
        "m": num(smallest),
    }
    full = len(codes)

    for t in _by_measure(targets, "recognised", level=Level.NTM):
        if t.value is not None and t.value > smallest:
            report.add(
                "ham-y",
                Severity.WARNING,
                t.key,
                _(
                    "%(label)s %(v)s/%(n)s không thể hiểu là %(v)s xã đạt đủ %(f)s/%(f)s tiêu chí "
                    "theo bộ %(set)s: %(where)s, nên theo chính các chỉ tiêu của kế hoạch nhiều "
                    "nhất %(m)s xã đạt đủ mọi tiêu chí cuối năm. Con số %(v)s chỉ đứng được khi "
                    "tính theo quyết định công nhận (công nhận không phải đánh giá): ít nhất "
                    "%(gap)s xã trong đó là xã đã công nhận theo bộ tiêu chí trước (giai đoạn "
                    "2016-2020) chưa đạt đủ "
                    "bộ mới. Hệ thống đo chỉ tiêu này bằng quyết định công nhận còn hiệu lực và "
                    "theo dõi riêng số xã đã công nhận nhưng chưa đạt đủ tiêu chí."
                )
                % {
                    "label": t.label,
                    "v": num(t.value),
                    "n": num(t.of_total or n),
                    "f": full,
                    "set": plan.criteria_set,
                    "where": where,
                    "m": num(smallest),
                    "gap": num(t.value - smallest),
                },
                num(t.value),
                f"≤ {num(smallest)}",
            )
        if t.added is not None and t.added > smallest:
            report.add(
                "ham-y",
                Severity.ERROR,
                t.key,
                _(
                    "%(label)s: thêm %(a)s xã đạt chuẩn trong năm, mỗi xã phải đạt đủ %(f)s tiêu "
                    "chí, nhưng %(where)s."
                )
                % {"label": t.label, "a": num(t.added), "f": full, "where": where},
                num(t.added),
                f"≤ {num(smallest)}",
            )
    for code in ("level_communes", "recognised_in_year"):
        for t in _by_measure(targets, code, level=Level.NTM):
            if t.value is not None and t.value > smallest:
                report.add(
                    "ham-y",
                    Severity.ERROR,
                    t.key,
                    _("%(label)s: %(v)s xã phải đạt đủ %(f)s tiêu chí, nhưng %(where)s.")
                    % {"label": t.label, "v": num(t.value), "f": full, "where": where},
                    num(t.value),
                    f"≤ {num(smallest)}",
                )

    ntm = _by_measure(targets, "recognised", level=Level.NTM)
    advanced = _by_measure(targets, "recognised", level=Level.ADVANCED)
    model = _by_measure(targets, "recognised_in_year", level=Level.MODEL)
    for a in advanced:
        if a.added is not None and a.added > smallest:
            report.add(
                "ham-y",
                Severity.ERROR,
                a.key,
                _(
                    "%(label)s: thêm %(v)s xã nâng cao, mỗi xã phải đạt đủ bộ xã NTM, "
                    "nhưng %(where)s."
                )
                % {"label": a.label, "v": num(a.added), "where": where},
                num(a.added),
                f"≤ {num(smallest)}",
            )
        for t in ntm:
            if a.value is not None and t.value is not None and a.value > t.value:
                report.add(
                    "ham-y",
                    Severity.ERROR,
                    a.key,
                    _("%(a)s (%(av)s) nhiều hơn %(t)s (%(tv)s): xã nâng cao phải là xã đạt chuẩn.")
                    % {"a": a.label, "av": num(a.value), "t": t.label, "tv": num(t.value)},
                    num(a.value),
                    f"≤ {num(t.value)}",
                )
        for m in model:
            if m.value is not None and a.value is not None and m.value > a.value:
                report.add(
                    "ham-y",
                    Severity.ERROR,
                    m.key,
                    _(
                        "%(m)s (%(mv)s) nhiều hơn %(a)s (%(av)s): xã kiểu mẫu phải đạt "
                        "chuẩn nâng cao."
                    )
                    % {"m": m.label, "mv": num(m.value), "a": a.label, "av": num(a.value)},
                    num(m.value),
                    f"≤ {num(a.value)}",
                )
    for t in _by_measure(targets, "indicator_communes"):
        if t.measure_params.get("set", plan.criteria_set) != plan.criteria_set:
            continue
        try:
            criterion = cset.criterion_of(t.measure_params.get("indicator", "")).code
        except CriteriaLookupError:
            continue
        parent = per_criterion.get(criterion)
        if parent is not None and t.value is not None and t.value < parent.value:
            report.add(
                "ham-y",
                Severity.ERROR,
                t.key,
                _(
                    "%(l)s: %(v)s xã đạt chỉ tiêu %(i)s, ít hơn %(p)s xã đạt tiêu chí %(c)s "
                    "(xã đạt "
                    "tiêu chí phải đạt mọi chỉ tiêu của nó)."
                )
                % {
                    "l": t.label,
                    "v": num(t.value),
                    "i": t.measure_params.get("indicator"),
                    "p": num(parent.value),
                    "c": criterion,
                },
                num(t.value),
                f"≥ {num(parent.value)}",
            )
    districts = unit_programme_communes(plan.unit).values("parent_id").distinct().count()
    for t in _by_measure(targets, "districts_min_full_recognised"):
        if t.value is None or not districts:
            continue
        needed = t.value * districts
        if needed > smallest:
            report.add(
                "ham-y",
                Severity.ERROR,
                t.key,
                _("%(l)s: cần %(need)s xã đạt đủ tiêu chí (%(v)s × %(d)s huyện), nhưng %(where)s.")
                % {
                    "l": t.label,
                    "need": num(needed),
                    "v": num(t.value),
                    "d": districts,
                    "where": where,
                },
                num(needed),
                f"≤ {num(smallest)}",
            )
    if not [f for f in report.findings if f.rule == "ham-y" and f.severity is Severity.ERROR]:
        report.passed.append(
            _(
                "Số xã đạt chuẩn mới, xã nâng cao, xã kiểu mẫu, xã hoàn thiện 19/19 theo huyện và "
                "các chỉ tiêu thành phần không vượt %(m)s xã (chỉ tiêu nhỏ nhất: tiêu chí %(c)s)."
            )
            % {"m": num(smallest), "c": low_code}
        )


def _scope(report: CheckReport, plan: Plan, targets: list[Target]) -> None:
    counts = unit_programme_communes(plan.unit).aggregate(
        n=Count("pk"), border=Count("pk", filter=Q(border=True))
    )
    if counts["n"] != plan.communes_in_scope:
        report.add(
            "pham-vi",
            Severity.WARNING,
            "",
            _(
                "Kế hoạch tính trên %(p)s xã, danh mục đơn vị hành chính hiện có %(d)s xã thuộc "
                "Chương trình trong %(u)s."
            )
            % {"p": plan.communes_in_scope, "d": counts["n"], "u": plan.unit.name},
            num(plan.communes_in_scope),
            num(counts["n"]),
        )
    else:
        report.passed.append(
            _("Số xã trong phạm vi (%(n)s) khớp danh mục đơn vị hành chính.") % {"n": counts["n"]}
        )
    for t in _by_measure(targets, "border_communes"):
        if t.value is None or Decimal(counts["border"]) == t.value:
            continue
        report.add(
            "pham-vi",
            Severity.WARNING,
            t.key,
            _(
                "Kế hoạch nêu %(v)s xã biên giới, danh mục đơn vị hành chính hiện đánh dấu "
                "%(b)s xã biên giới trong %(n)s xã: bình quân tiêu chí của xã biên giới chưa tính "
                "đúng được; cần cập nhật thuộc tính «biên giới» của các xã."
            )
            % {"v": num(t.value), "b": counts["border"], "n": counts["n"]},
            num(t.value),
            num(counts["border"]),
        )


def _districts(report: CheckReport, plan: Plan, targets: list[Target]) -> None:
    children = list(plan.children.select_related("unit").prefetch_related("targets"))
    if not children:
        return
    n_districts = (
        AdminUnit.objects.filter(parent=plan.unit, type__in=DISTRICT_TYPES)
        .filter(pk__in=unit_programme_communes(plan.unit).values("parent_id"))
        .count()
    )
    parts: dict[str, list[Decimal]] = defaultdict(list)
    over: list[tuple[Plan, Target]] = []
    for child in children:
        for t in child.targets.all():
            if t.value is not None:
                parts[t.key].append(t.value)
                if t.value > child.communes_in_scope:
                    over.append((child, t))
    before = len(report.findings)
    for child, t in over:
        report.add(
            "kha-thi",
            Severity.ERROR,
            t.key,
            _("%(d)s: %(v)s xã cho «%(l)s» vượt quá %(n)s xã của huyện.")
            % {"d": child.unit.name, "v": num(t.value), "l": t.label, "n": child.communes_in_scope},
            num(t.value),
            f"≤ {child.communes_in_scope}",
        )
    for source in cascade_sources(plan):
        got = parts.get(source.key)
        amount = cascade_amount(source)
        if not got or amount is None:
            continue
        summed = sum(got, Decimal(0))
        if summed == amount:
            continue
        if summed < amount:
            partial = len(got) < n_districts
            report.add(
                "phan-bo-huyen",
                Severity.WARNING if partial else Severity.ERROR,
                source.key,
                (
                    _(
                        "%(l)s: mới giao %(g)s/%(n)s huyện, cộng lại %(s)s xã, chưa đủ %(a)s "
                        "xã của tỉnh."
                    )
                    if partial
                    else _(
                        "%(l)s: phần giao %(g)s huyện cộng lại %(s)s xã, ít hơn %(a)s xã của tỉnh."
                    )
                )
                % {
                    "l": _label(source),
                    "g": len(got),
                    "n": n_districts,
                    "s": num(summed),
                    "a": num(amount),
                },
                num(amount),
                num(summed),
            )
        else:
            report.add(
                "phan-bo-huyen",
                Severity.WARNING,
                source.key,
                _("%(l)s: phần giao các huyện cộng lại %(s)s xã, nhiều hơn %(a)s xã của tỉnh.")
                % {"l": _label(source), "s": num(summed), "a": num(amount)},
                num(amount),
                num(summed),
            )
    if len(report.findings) == before:
        report.passed.append(
            _("Phần giao của %(n)s huyện cộng lại khớp các chỉ tiêu của tỉnh.")
            % {"n": len(children)}
        )


def _targeted(report: CheckReport, plan: Plan, targets: list[Target]) -> None:
    chosen = dict(
        TargetedCommune.objects.filter(plan=plan)
        .values("level")
        .annotate(n=Count("pk"))
        .values_list("level", "n")
    )
    for level, n in chosen.items():
        need = None
        label = ""
        for t in targets:
            if t.measure_params.get("level") != level:
                continue
            if t.measure == "recognised" and t.added is not None:
                need, label = t.added, t.label
            elif t.measure == "recognised_in_year" and t.value is not None:
                need, label = t.value, t.label
        if need is None or n >= need:
            continue
        report.add(
            "xa-phan-dau",
            Severity.WARNING,
            "",
            _("Mới chọn %(n)s xã phấn đấu «%(lv)s», chỉ tiêu «%(l)s» cần thêm %(need)s xã.")
            % {"n": n, "lv": Level(level).label, "l": label, "need": num(need)},
            num(need),
            str(n),
        )
