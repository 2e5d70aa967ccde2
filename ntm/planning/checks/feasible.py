"""Figures the plan cannot reach: more communes than are in scope, more
criteria than the set has."""

from __future__ import annotations

from django.utils.translation import gettext as _

from ntm.core.errors import CriteriaLookupError
from ntm.planning.checks.common import commune_count_targets, target_label
from ntm.planning.checks.registry import CheckContext, check
from ntm.planning.checks.report import Severity
from ntm.planning.figures import num
from ntm.planning.measures import MEASURES
from ntm.planning.models import Target, TargetKind


def _above_scope(ctx: CheckContext, t: Target) -> None:
    n = ctx.communes
    for figure in (t.value, t.value_max):
        if figure is not None and figure > n:
            ctx.add(
                Severity.ERROR,
                t.key,
                _("%(label)s: %(figure)s xã vượt quá %(communes)s xã trong phạm vi kế hoạch.")
                % {"label": target_label(t), "figure": num(figure), "communes": num(n)},
                num(figure),
                f"≤ {num(n)}",
            )


def _other_scope(ctx: CheckContext, t: Target) -> None:
    n = ctx.communes
    if t.of_total and t.of_total != ctx.plan.communes_in_scope and t.kind == TargetKind.CRITERION:
        ctx.add(
            Severity.ERROR,
            t.key,
            _(
                "%(label)s: tính trên %(of_total)s xã nhưng kế hoạch có %(communes)s xã trong "
                "phạm vi."
            )
            % {"label": target_label(t), "of_total": t.of_total, "communes": num(n)},
            num(t.of_total),
            num(n),
        )


def _added_beyond_remaining(ctx: CheckContext, t: Target) -> None:
    n = ctx.communes
    if t.added is not None and t.baseline is not None and t.added > n - t.baseline:
        ctx.add(
            Severity.ERROR,
            t.key,
            _(
                "%(label)s: thêm %(added)s xã nhưng chỉ còn %(remaining)s xã chưa đạt "
                "(%(communes)s - mốc %(baseline)s)."
            )
            % {
                "label": target_label(t),
                "added": num(t.added),
                "remaining": num(n - t.baseline),
                "communes": num(n),
                "baseline": num(t.baseline),
            },
            num(t.added),
            f"≤ {num(n - t.baseline)}",
        )


@check("kha-thi/so-xa", rule="kha-thi")
def communes_within_scope(ctx: CheckContext) -> None:
    """Per target, in this order: a figure above the communes in scope, a
    share of another number of communes, more added than remain."""
    for t in commune_count_targets(ctx.targets):
        if t.measure == "border_communes":
            continue  # compared with the unit flags (scope)
        _above_scope(ctx, t)
        _other_scope(ctx, t)
        _added_beyond_remaining(ctx, t)


@check("kha-thi/tieu-chi-huyen", rule="kha-thi")
def district_criteria_within_set(ctx: CheckContext) -> None:
    for t in ctx.targets:
        if (
            t.kind == TargetKind.DISTRICT
            and t.value is not None
            and t.of_total
            and t.value > t.of_total
        ):
            ctx.add(
                Severity.ERROR,
                t.key,
                _("%(label)s: %(value)s tiêu chí vượt quá %(of_total)s tiêu chí của bộ.")
                % {"label": t.label, "value": num(t.value), "of_total": t.of_total},
                num(t.value),
                f"≤ {t.of_total}",
            )


@check("kha-thi/binh-quan", rule="kha-thi")
def average_within_set(ctx: CheckContext) -> None:
    for t in ctx.targets:
        defn = MEASURES.get(t.measure)
        if defn is None or defn.averages is None:
            continue
        set_code = (
            ctx.plan.criteria_set
            if defn.averages == "plan"
            else t.measure_params.get(defn.averages)
        )
        try:
            n_criteria = len(ctx.catalog.get(set_code or ctx.plan.criteria_set).criteria)
        except CriteriaLookupError:
            continue
        top = t.value_max if t.value_max is not None else t.value
        if top is not None and top > n_criteria:
            ctx.add(
                Severity.ERROR,
                t.key,
                _(
                    "%(label)s: bình quân %(average)s tiêu chí/xã nhưng bộ %(set)s chỉ có "
                    "%(criteria)s tiêu chí."
                )
                % {"label": t.label, "average": num(top), "set": set_code, "criteria": n_criteria},
                num(top),
                f"≤ {n_criteria}",
            )


@check("kha-thi/ket-luan", rule="kha-thi")
def feasible_said_plainly(ctx: CheckContext) -> None:
    if not ctx.found("kha-thi/so-xa", "kha-thi/tieu-chi-huyen", "kha-thi/binh-quan"):
        ctx.passed(
            _(
                "Không chỉ tiêu nào vượt số xã trong phạm vi (%(communes)s xã) hay số tiêu chí "
                "của bộ."
            )
            % {"communes": num(ctx.communes)}
        )
