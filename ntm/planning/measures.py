"""How the actual of a target is measured: a small registry, one function per
computed measure, and the context they read monitoring data through.

Rules every computed measure follows (the same as the dashboards):

* the official basis of every figure (``measure_context``): at a period,
  each commune's latest approved evaluation at or before it, in the same
  criteria set, carried forward when older; a commune never approved has
  no data (it meets nothing and fails nothing), and the coverage
  (communes with data / communes in scope) is shown beside the figure;
* the communes in scope are the rural communes (xã) in the programme below
  the plan's unit (the province, or one district);
* recognition is not evaluation: ``recognised`` counts decisions in force at
  the end of the period (``monitoring.Recognition``), ``level_communes``
  counts communes whose approved figures reach a level.

Each family of figures is read once for every period at once, so a plan
page costs the same number of queries for one period or twelve, for 18 or
181 communes. To add a measure: write a function
``(ctx, params) -> {period_id: Actual}`` decorated with ``@measure(...)``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ntm.core.criteria_catalog import CriteriaCatalog
from ntm.core.criteria_model import CriteriaSet as CoreSet
from ntm.core.criteria_model import JudgedUnit
from ntm.criteria.selectors import set_label
from ntm.planning.measure_context import NO_APPROVED_DATA, Actual, MeasureContext
from ntm.planning.models import RECOGNITION_LEVELS, Level

__all__ = ["MEASURES", "REPORTED", "Actual", "MeasureContext", "MeasureDef", "level_set"]
# Level of a plan (and of Recognition) → the level code in the criteria sets.
# The upgrade is judged on the NTM level of the set of the year.
LEVEL_CODES = {
    Level.NTM: "ntm",
    Level.ADVANCED: "ntm-nang-cao",
    Level.MODEL: "ntm-kieu-mau",
    Level.UPGRADE: "ntm",
}


@dataclass(frozen=True)
class Param:
    name: str
    kind: type = str
    required: bool = True
    choices: tuple[str, ...] = ()
    default_from: str | None = None  # target field giving the default ("criterion")
    default_plan_set: bool = False  # defaults to the plan's criteria set


Compute = Callable[["MeasureContext", dict[str, Any]], dict[int, Actual]]


@dataclass(frozen=True)
class MeasureDef:
    code: str
    label: Any  # lazy Vietnamese text; may use {params}
    params: tuple[Param, ...]
    compute: Compute | None  # None: reported by the responsible body
    counts_communes: bool = False  # a number of communes (≤ communes in scope)
    averages: str | None = None  # param naming the set whose criteria are averaged
    flow: str | None = None  # the measure counting what is added during the year
    is_flow: bool = False  # counts from zero each year

    def describe(self, params: dict[str, Any]) -> str:
        # A set is named as people read it, never by its code.
        shown = {k: set_label(v) if k == "set" else v for k, v in params.items()}
        return str(self.label).format(**shown)


MEASURES: dict[str, MeasureDef] = {}


def measure(
    code: str,
    label: Any,
    *,
    params: Sequence[Param] = (),
    counts_communes: bool = False,
    averages: str | None = None,
    flow: str | None = None,
    is_flow: bool = False,
) -> Callable[[Compute], Compute]:
    def register(fn: Compute) -> Compute:
        MEASURES[code] = MeasureDef(
            code, label, tuple(params), fn, counts_communes, averages, flow, is_flow
        )
        return fn

    return register


REPORTED = "reported"
MEASURES[REPORTED] = MeasureDef(
    REPORTED, gettext_lazy("Cơ quan phụ trách báo cáo, kèm minh chứng"), (), None
)


def level_set(catalog: CriteriaCatalog, level: str, year: int) -> tuple[CoreSet, str] | None:
    """The commune set holding ``level`` in ``year``, with the level's code."""
    code = LEVEL_CODES.get(Level(level))
    if code is None:
        return None
    for cset in catalog.sets_for(JudgedUnit.COMMUNE, year):
        if any(lv.code == code for lv in cset.levels):
            return cset, code
    return None


def _dec(x: float) -> Decimal:
    return Decimal(repr(round(x, 4)))


# -- the measures ----------------------------------------------------------------------


@measure(
    "criterion_communes",
    gettext_lazy("Số xã đạt tiêu chí {criterion} (số liệu đã phê duyệt)"),
    params=[Param("criterion", default_from="criterion")],
    counts_communes=True,
    flow="criterion_communes_new",
)
def criterion_communes(ctx: MeasureContext, p: dict[str, Any]) -> dict[int, Actual]:
    return ctx.per_period(lambda pid: ctx.counted(pid, ctx.criterion_met(pid, p["criterion"])))


@measure(
    "criterion_communes_new",
    gettext_lazy("Số xã đạt tiêu chí {criterion} mà ở kỳ mốc chưa đạt (số liệu đã phê duyệt)"),
    params=[Param("criterion", default_from="criterion")],
    counts_communes=True,
    is_flow=True,
)
def criterion_communes_new(ctx: MeasureContext, p: dict[str, Any]) -> dict[int, Actual]:
    def one(pid: int) -> Actual:
        new = ctx.criteria_new(pid, p["criterion"])
        if new is None:
            return Actual(None, detail=_("chưa có kỳ mốc để so sánh"))
        if ctx.baseline is not None and pid == ctx.baseline.pk:
            return Actual(Decimal(0))
        return ctx.counted(pid, new)

    return ctx.per_period(one)


@measure(
    "indicator_communes",
    gettext_lazy("Số xã đạt chỉ tiêu {indicator} (số liệu đã phê duyệt)"),
    params=[Param("indicator"), Param("set", required=False, default_plan_set=True)],
    counts_communes=True,
)
def indicator_communes(ctx: MeasureContext, p: dict[str, Any]) -> dict[int, Actual]:
    return ctx.per_period(
        lambda pid: ctx.counted(pid, ctx.indicator_met(pid, p["set"], p["indicator"]), p["set"])
    )


@measure(
    "avg_criteria",
    gettext_lazy("Bình quân số tiêu chí đạt/xã của bộ tiêu chí {set} ({among_label})"),
    params=[
        Param("set", required=False, default_plan_set=True),
        Param("among", required=False, choices=("all", "recognised_ntm")),
    ],
    averages="set",
)
def avg_criteria(ctx: MeasureContext, p: dict[str, Any]) -> dict[int, Actual]:
    recognised = True if p.get("among") == "recognised_ntm" else None

    def one(pid: int) -> Actual:
        h = ctx.hist(pid, p["set"])
        n = h.communes(recognised=recognised)
        if n == 0:
            return Actual(None, 0, ctx.communes["total"], str(NO_APPROVED_DATA))
        return Actual(
            _dec(h.met_sum(recognised=recognised) / n),
            n,
            ctx.communes["total"],
            _("trên %(communes)s xã có số liệu đã phê duyệt") % {"communes": n},
        )

    return ctx.per_period(one)


@measure(
    "communes_below",
    gettext_lazy("Số xã đạt dưới {criteria} tiêu chí (trong các xã có số liệu đã phê duyệt)"),
    params=[Param("criteria", kind=int)],
    counts_communes=True,
)
def communes_below(ctx: MeasureContext, p: dict[str, Any]) -> dict[int, Actual]:
    return ctx.per_period(
        lambda pid: ctx.counted(pid, ctx.hist(pid, ctx.plan_set).below(int(p["criteria"])))
    )


@measure(
    "border_avg_criteria",
    gettext_lazy("Bình quân số tiêu chí đạt của các xã biên giới (số liệu đã phê duyệt)"),
    averages="plan",
)
def border_avg_criteria(ctx: MeasureContext, p: dict[str, Any]) -> dict[int, Actual]:
    def one(pid: int) -> Actual:
        h = ctx.hist(pid, ctx.plan_set)
        n = h.communes(border=True)
        flagged = ctx.communes["border"]
        if n == 0:
            detail = (
                _("chưa có xã biên giới nào có số liệu đã phê duyệt")
                if flagged
                else _("chưa có xã nào được đánh dấu là xã biên giới")
            )
            return Actual(None, 0, flagged, detail)
        return Actual(_dec(h.met_sum(border=True) / n), n, flagged)

    return ctx.per_period(one)


@measure(
    "border_communes",
    gettext_lazy("Số xã được đánh dấu là xã biên giới trong danh mục đơn vị hành chính"),
    counts_communes=True,
)
def border_communes(ctx: MeasureContext, p: dict[str, Any]) -> dict[int, Actual]:
    flagged = ctx.communes["border"]
    if flagged == 0:  # the attribute is unset, not zero border communes
        missing = Actual(None, detail=_("chưa có xã nào được đánh dấu là xã biên giới"))
        return ctx.per_period(lambda pid: missing)
    return ctx.per_period(lambda pid: Actual(Decimal(flagged)))


@measure(
    "level_communes",
    gettext_lazy("Số xã có số liệu đã phê duyệt đạt mức «{level}»"),
    params=[Param("level", choices=tuple(RECOGNITION_LEVELS))],
    counts_communes=True,
)
def level_communes(ctx: MeasureContext, p: dict[str, Any]) -> dict[int, Actual]:
    found = level_set(ctx.catalog, p["level"], ctx.year)
    if found is None:
        return ctx.per_period(lambda pid: Actual(None))
    cset, code = found
    return ctx.per_period(lambda pid: ctx.counted(pid, ctx.level_met(pid, cset.code, code)))


def _recognition_measure(index: int) -> Compute:
    def compute(ctx: MeasureContext, p: dict[str, Any]) -> dict[int, Actual]:
        any_rows, counts = ctx._recognitions

        def one(pid: int) -> Actual:
            if not any_rows:
                return Actual(None, detail=_("chưa nhập quyết định công nhận nào"))
            # no coverage: a decision is a fact, not a report; the total is
            # the communes in scope, for "15/20"
            return Actual(Decimal(counts[(pid, p["level"])][index]), total=ctx.communes["total"])

        return ctx.per_period(one)

    return compute


measure(
    "recognised",
    gettext_lazy("Số xã có quyết định công nhận «{level}» còn hiệu lực cuối kỳ"),
    params=[Param("level", choices=tuple(RECOGNITION_LEVELS))],
    counts_communes=True,
    flow="recognised_in_year",
)(_recognition_measure(0))
measure(
    "recognised_in_year",
    gettext_lazy("Số xã được công nhận «{level}» trong năm, đến cuối kỳ"),
    params=[Param("level", choices=tuple(RECOGNITION_LEVELS))],
    counts_communes=True,
    is_flow=True,
)(_recognition_measure(1))


@measure(
    "districts_min_full_recognised",
    gettext_lazy(
        "Ở huyện ít nhất, số xã đạt chuẩn giai đoạn 2016-2021 do huyện chọn đã hoàn thiện đủ "
        "tiêu chí bộ mới trong năm (số liệu đã phê duyệt)"
    ),
)
def districts_min_full_recognised(ctx: MeasureContext, p: dict[str, Any]) -> dict[int, Actual]:
    """A change, not a stock: a named commune counts once its official status
    meets every criterion of the plan's set while it did not at the baseline."""
    districts = ctx.district_names

    def one(pid: int) -> Actual:
        per = ctx.district_upgraded(pid)
        if per is None:
            return Actual(None, detail=_("chưa có kỳ mốc để so sánh"))
        if not districts:
            return Actual(None)
        missing = [name for code, name in districts.items() if code not in per]
        if missing:
            return Actual(
                None,
                detail=_("huyện chưa chọn xã: %(districts)s") % {"districts": ", ".join(missing)},
            )
        done = [d for _n, d in per.values()]
        return Actual(
            Decimal(min(done)),
            detail=_("%(done)s/%(named)s xã được chọn đã hoàn thiện")
            % {"done": sum(done), "named": sum(n for n, _d in per.values())},
        )

    return ctx.per_period(one)


def measure_params(
    defn: MeasureDef, given: dict[str, Any], target_fields: dict[str, Any], plan_set: str
) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """Fill a measure's parameters from the file and the target; returns the
    parameters and (param, reason) errors."""
    params: dict[str, Any] = {}
    errors: list[tuple[str, str]] = []
    known = {p.name for p in defn.params}
    for name in sorted(set(given) - known):
        errors.append(
            (name, _("tham số không có ở cách đo «%(measure)s»") % {"measure": defn.code})
        )
    for param in defn.params:
        value = given.get(param.name)
        if value is None and param.default_from:
            value = target_fields.get(param.default_from) or None
        if value is None and param.default_plan_set:
            value = plan_set
        if value is None:
            if param.required:
                errors.append((param.name, _("thiếu tham số")))
            continue
        if param.kind is int:
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                errors.append((param.name, _("cần một số nguyên không âm")))
                continue
        else:
            value = str(value)
        if param.choices and value not in param.choices:
            errors.append(
                (
                    param.name,
                    _("«%(value)s» không hợp lệ; chọn một trong: %(choices)s")
                    % {"value": value, "choices": ", ".join(param.choices)},
                )
            )
            continue
        params[param.name] = value
    return params, errors


LEVEL_LABELS = {level.value: str(level.label) for level in Level}
AMONG_LABELS = {
    "all": gettext_lazy("mọi xã có số liệu"),
    "recognised_ntm": gettext_lazy("các xã đã được công nhận đạt chuẩn NTM"),
}


def measure_description(code: str, params: dict[str, Any]) -> str:
    """A Vietnamese sentence saying how a target's actual is obtained."""
    defn = MEASURES.get(code)
    if defn is None:
        return code
    shown = dict(params)
    if "level" in shown:
        shown["level"] = LEVEL_LABELS.get(shown["level"], shown["level"])
    shown["among_label"] = str(AMONG_LABELS.get(params.get("among") or "all", ""))
    try:
        return defn.describe(shown)
    except (KeyError, IndexError):
        return str(defn.label)
