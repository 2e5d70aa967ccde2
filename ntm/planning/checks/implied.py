"""What the per-criterion targets imply for the plan's overall goals: a
commune meets the standard only by meeting every criterion, so no count of
such communes can exceed the smallest criterion target, and the criterion
targets together fix the average number of criteria per commune."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from ntm.core.errors import CriteriaLookupError
from ntm.core.numbers_vi import format_average
from ntm.criteria.selectors import set_label
from ntm.planning.checks.common import by_measure
from ntm.planning.checks.registry import CheckContext, check
from ntm.planning.checks.report import Severity
from ntm.planning.figures import num
from ntm.planning.models import Comparison, Level, Target
from ntm.units.selectors import unit_programme_communes


def _figure(t: Target) -> Decimal:
    """The figure of a criterion target in ``per_criterion`` (all have one)."""
    assert t.value is not None
    return t.value


def _criterion_passes(ctx: CheckContext) -> Decimal | None:
    """Communes meeting each criterion, summed over the criteria (a commune
    counts once per criterion); None unless every criterion of the set has
    a target and the plan has communes in scope."""
    cset = ctx.criteria_set
    if cset is None or not ctx.communes:
        return None
    codes = [c.code for c in cset.criteria]
    per = ctx.per_criterion
    if not all(c in per for c in codes):
        return None
    return sum((_figure(per[c]) for c in codes), Decimal(0))


@dataclass(frozen=True)
class Weakest:
    """The criterion the fewest communes are to meet this year: no commune
    count that needs every criterion can go beyond it."""

    code: str
    communes: Decimal
    criteria: int  # criteria in the set: "meets every one of them"
    where: str  # said in messages: "criterion 7 (...) has only 120 communes"


def _weakest(ctx: CheckContext) -> Weakest | None:
    cset = ctx.criteria_set
    per = ctx.per_criterion
    if cset is None or not per:
        return None
    codes = [c.code for c in cset.criteria]
    names = {c.code: c.name for c in cset.criteria}
    code = min(per, key=lambda c: (_figure(per[c]), codes.index(c) if c in codes else 99))
    smallest = _figure(per[code])
    where = _("tiêu chí %(criterion)s (%(name)s) chỉ có %(communes)s xã đạt") % {
        "criterion": code,
        "name": names.get(code, ""),
        "communes": num(smallest),
    }
    return Weakest(code, smallest, len(codes), where)


@check("ham-y/binh-quan", rule="ham-y")
def average_from_criteria(ctx: CheckContext) -> None:
    """The average criteria per commune the criterion targets add up to,
    against each average target of the plan's own set."""
    total = _criterion_passes(ctx)
    if total is None:
        return
    n = ctx.communes
    shown = format_average(total / n)
    implied = total / n
    for t in by_measure(ctx.targets, "avg_criteria"):
        if t.measure_params.get("set", ctx.plan.criteria_set) != ctx.plan.criteria_set:
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
        names = {"criterion_passes": num(total), "average": shown, "communes": num(n), "goal": goal}
        if (low is not None and implied < low) or (high is not None and implied > high):
            ctx.add(
                Severity.ERROR,
                t.key,
                _(
                    "Các chỉ tiêu theo tiêu chí cộng lại %(criterion_passes)s lượt xã đạt tiêu "
                    "chí, tức bình quân %(average)s tiêu chí/xã trên %(communes)s xã, ngoài mục "
                    "tiêu «%(label)s» %(goal)s."
                )
                % {**names, "label": t.label},
                goal,
                shown,
            )
        else:
            ctx.passed(
                _(
                    "Các chỉ tiêu theo tiêu chí cộng lại %(criterion_passes)s lượt xã đạt tiêu "
                    "chí, bình quân %(average)s tiêu chí/xã trên %(communes)s xã, trong mục tiêu "
                    "%(goal)s tiêu chí/xã."
                )
                % names
            )


@check("ham-y/xa-duoi-muc", rule="ham-y")
def communes_below_from_criteria(ctx: CheckContext) -> None:
    """ "At most a communes below k criteria" needs (n - a) × k criterion passes."""
    total = _criterion_passes(ctx)
    if total is None:
        return
    for t in by_measure(ctx.targets, "communes_below"):
        k = int(t.measure_params.get("criteria", 0))
        allowed = t.value or Decimal(0)
        needed = (ctx.communes - allowed) * k
        if total < needed:
            ctx.add(
                Severity.ERROR,
                t.key,
                _(
                    "«%(label)s»: để mọi xã (trừ %(allowed)s) đạt ít nhất %(criteria)s tiêu chí "
                    "cần tối thiểu %(needed)s lượt xã đạt tiêu chí, các chỉ tiêu theo tiêu chí "
                    "chỉ có %(criterion_passes)s."
                )
                % {
                    "label": t.label,
                    "allowed": num(allowed),
                    "criteria": k,
                    "needed": num(needed),
                    "criterion_passes": num(total),
                },
                num(total),
                f"≥ {num(needed)}",
            )


@check("ham-y/cong-nhan", rule="ham-y")
def recognised_within_weakest(ctx: CheckContext) -> None:
    """Standard communes at year end (a warning: recognitions under the
    previous set count too) and those added in the year (an error)."""
    weakest = _weakest(ctx)
    if weakest is None:
        return
    smallest, full = weakest.communes, weakest.criteria
    for t in by_measure(ctx.targets, "recognised", level=Level.NTM):
        if t.value is not None and t.value > smallest:
            ctx.add(
                Severity.WARNING,
                t.key,
                _(
                    "%(label)s %(value)s/%(of_total)s không thể hiểu là %(value)s xã đạt đủ "
                    "%(full)s/%(full)s tiêu chí "
                    "theo bộ tiêu chí %(set)s: %(where)s, nên theo chính các chỉ tiêu của kế "
                    "hoạch nhiều nhất %(most)s xã đạt đủ mọi tiêu chí cuối năm. Con số "
                    "%(value)s chỉ đứng được khi "
                    "tính theo quyết định công nhận (công nhận không phải đánh giá): ít nhất "
                    "%(gap)s xã trong đó là xã đã công nhận theo bộ tiêu chí trước (giai đoạn "
                    "2016-2020) chưa đạt đủ "
                    "bộ mới. Hệ thống đo chỉ tiêu này bằng quyết định công nhận còn hiệu lực và "
                    "theo dõi riêng số xã đã công nhận nhưng chưa đạt đủ tiêu chí."
                )
                % {
                    "label": t.label,
                    "value": num(t.value),
                    "of_total": num(t.of_total or ctx.communes),
                    "full": full,
                    "set": set_label(ctx.plan.criteria_set),
                    "where": weakest.where,
                    "most": num(smallest),
                    "gap": num(t.value - smallest),
                },
                num(t.value),
                f"≤ {num(smallest)}",
            )
        if t.added is not None and t.added > smallest:
            ctx.add(
                Severity.ERROR,
                t.key,
                _(
                    "%(label)s: thêm %(added)s xã đạt chuẩn trong năm, mỗi xã phải đạt đủ "
                    "%(full)s tiêu chí, nhưng %(where)s."
                )
                % {"label": t.label, "added": num(t.added), "full": full, "where": weakest.where},
                num(t.added),
                f"≤ {num(smallest)}",
            )


@check("ham-y/dat-chuan", rule="ham-y")
def standard_communes_within_weakest(ctx: CheckContext) -> None:
    weakest = _weakest(ctx)
    if weakest is None:
        return
    for code in ("level_communes", "recognised_in_year"):
        for t in by_measure(ctx.targets, code, level=Level.NTM):
            if t.value is not None and t.value > weakest.communes:
                ctx.add(
                    Severity.ERROR,
                    t.key,
                    _("%(label)s: %(value)s xã phải đạt đủ %(full)s tiêu chí, nhưng %(where)s.")
                    % {
                        "label": t.label,
                        "value": num(t.value),
                        "full": weakest.criteria,
                        "where": weakest.where,
                    },
                    num(t.value),
                    f"≤ {num(weakest.communes)}",
                )


@check("ham-y/nang-cao", rule="ham-y")
def levels_nest(ctx: CheckContext) -> None:
    """Advanced communes are standard communes, model communes are advanced
    ones: per advanced target, in this order, its added communes against
    the weakest criterion, its figure against each standard target, each
    model target against it."""
    weakest = _weakest(ctx)
    if weakest is None:
        return
    smallest = weakest.communes
    ntm = by_measure(ctx.targets, "recognised", level=Level.NTM)
    model = by_measure(ctx.targets, "recognised_in_year", level=Level.MODEL)
    for a in by_measure(ctx.targets, "recognised", level=Level.ADVANCED):
        if a.added is not None and a.added > smallest:
            ctx.add(
                Severity.ERROR,
                a.key,
                _(
                    "%(label)s: thêm %(added)s xã nâng cao, mỗi xã phải đạt đủ bộ xã NTM, "
                    "nhưng %(where)s."
                )
                % {"label": a.label, "added": num(a.added), "where": weakest.where},
                num(a.added),
                f"≤ {num(smallest)}",
            )
        for t in ntm:
            if a.value is not None and t.value is not None and a.value > t.value:
                ctx.add(
                    Severity.ERROR,
                    a.key,
                    _(
                        "%(advanced)s (%(advanced_value)s) nhiều hơn %(standard)s "
                        "(%(standard_value)s): xã nâng cao phải là xã đạt chuẩn."
                    )
                    % {
                        "advanced": a.label,
                        "advanced_value": num(a.value),
                        "standard": t.label,
                        "standard_value": num(t.value),
                    },
                    num(a.value),
                    f"≤ {num(t.value)}",
                )
        for m in model:
            if m.value is not None and a.value is not None and m.value > a.value:
                ctx.add(
                    Severity.ERROR,
                    m.key,
                    _(
                        "%(model)s (%(model_value)s) nhiều hơn %(advanced)s (%(advanced_value)s): "
                        "xã kiểu mẫu phải đạt "
                        "chuẩn nâng cao."
                    )
                    % {
                        "model": m.label,
                        "model_value": num(m.value),
                        "advanced": a.label,
                        "advanced_value": num(a.value),
                    },
                    num(m.value),
                    f"≤ {num(a.value)}",
                )


@check("ham-y/chi-tieu-thanh-phan", rule="ham-y")
def indicators_cover_their_criterion(ctx: CheckContext) -> None:
    """A commune meeting a criterion meets each of its indicators."""
    cset = ctx.criteria_set
    if cset is None or _weakest(ctx) is None:
        return
    for t in by_measure(ctx.targets, "indicator_communes"):
        if t.measure_params.get("set", ctx.plan.criteria_set) != ctx.plan.criteria_set:
            continue
        try:
            criterion = cset.criterion_of(t.measure_params.get("indicator", "")).code
        except CriteriaLookupError:
            continue
        parent = ctx.per_criterion.get(criterion)
        if parent is None or parent.value is None or t.value is None:
            continue
        if t.value < parent.value:
            ctx.add(
                Severity.ERROR,
                t.key,
                _(
                    "%(label)s: %(value)s xã đạt chỉ tiêu %(indicator)s, ít hơn "
                    "%(criterion_communes)s xã đạt tiêu chí %(criterion)s "
                    "(xã đạt "
                    "tiêu chí phải đạt mọi chỉ tiêu của nó)."
                )
                % {
                    "label": t.label,
                    "value": num(t.value),
                    "indicator": t.measure_params.get("indicator"),
                    "criterion_communes": num(parent.value),
                    "criterion": criterion,
                },
                num(t.value),
                f"≥ {num(parent.value)}",
            )


@check("ham-y/theo-huyen", rule="ham-y")
def full_communes_per_district(ctx: CheckContext) -> None:
    """ "k fully compliant communes in every district" needs k × districts."""
    weakest = _weakest(ctx)
    if weakest is None:
        return
    plan = ctx.plan
    districts = unit_programme_communes(plan.unit).values("parent_id").distinct().count()
    for t in by_measure(ctx.targets, "districts_min_full_recognised"):
        if t.value is None or not districts:
            continue
        needed = t.value * districts
        if needed > weakest.communes:
            ctx.add(
                Severity.ERROR,
                t.key,
                _(
                    "%(label)s: cần %(needed)s xã đạt đủ tiêu chí (%(per_district)s × "
                    "%(districts)s huyện), nhưng %(where)s."
                )
                % {
                    "label": t.label,
                    "needed": num(needed),
                    "per_district": num(t.value),
                    "districts": districts,
                    "where": weakest.where,
                },
                num(needed),
                f"≤ {num(weakest.communes)}",
            )


@check("ham-y/ket-luan", rule="ham-y")
def implied_said_plainly(ctx: CheckContext) -> None:
    weakest = _weakest(ctx)
    if weakest is None:
        return
    if not [f for f in ctx.report.findings if f.rule == "ham-y" and f.severity is Severity.ERROR]:
        ctx.passed(
            _(
                "Số xã đạt chuẩn mới, xã nâng cao, xã kiểu mẫu, xã hoàn thiện 19/19 theo huyện và "
                "các chỉ tiêu thành phần không vượt %(most)s xã (chỉ tiêu nhỏ nhất: tiêu chí "
                "%(criterion)s)."
            )
            % {"most": num(weakest.communes), "criterion": weakest.code}
        )
