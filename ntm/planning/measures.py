"""How the actual of a target is measured: a small registry, one function per
computed measure, and the context they read monitoring data through.

Rules every computed measure follows (the same as the dashboards):

* only approved reports count; a commune without approved figures for a
  period meets nothing in it, and the coverage (communes with approved
  figures / communes in scope) is shown beside the figure;
* the communes in scope are the rural communes (xã) in the programme below
  the plan's unit (the province, or one district);
* recognition is not evaluation: ``recognised`` counts decisions in force at
  the end of the period (``monitoring.Recognition``), ``level_communes``
  counts communes whose approved figures reach a level.

Each family of figures is read once for every period at once (one grouped
query), so a plan page costs the same number of queries for one period or
twelve, for 18 or 181 communes. To add a measure: write a function
``(ctx, params) -> {period_id: Actual}`` decorated with ``@measure(...)``.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import BooleanField, Count, Exists, F, Func, OuterRef, Q
from django.db.models.sql.compiler import SQLCompiler
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ntm.core.criteria_catalog import CriteriaCatalog
from ntm.core.criteria_model import CriteriaSet as CoreSet
from ntm.core.criteria_model import JudgedUnit
from ntm.core.evaluation import Verdict
from ntm.criteria.selectors import criteria_catalog, set_label
from ntm.monitoring.models import (
    Evaluation,
    EvaluationCriterion,
    EvaluationLevel,
    Period,
    Recognition,
    ReportStatus,
)
from ntm.planning.models import Level
from ntm.units.models import AdminUnit, UnitType
from ntm.units.selectors import unit_programme_communes

APPROVED = ReportStatus.APPROVED
# Level of a plan (and of Recognition) → the level code in the criteria sets.
LEVEL_CODES = {Level.NTM: "ntm", Level.ADVANCED: "ntm-nang-cao", Level.MODEL: "ntm-kieu-mau"}


@dataclass(frozen=True)
class Actual:
    """A measured figure for one period; ``value`` None means no data."""

    value: Decimal | None
    reported: int | None = None  # communes with approved figures
    total: int | None = None  # communes in scope
    detail: str = ""


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


class VerdictMet(Func):
    """True where the stored verdict of one indicator is "met" (1). The key
    is quoted in the JSON path, so that "7" or "10" name keys, not array
    positions (which Django's key transforms would make of them)."""

    output_field = BooleanField()

    def __init__(self, code: str) -> None:
        self.code = code
        super().__init__(F("verdicts"))

    def as_sql(
        self,
        compiler: SQLCompiler,
        connection: BaseDatabaseWrapper,
        function: str | None = None,
        template: str | None = None,
        arg_joiner: str | None = None,
        **extra_context: Any,
    ) -> tuple[str, tuple[Any, ...]]:
        sql, params = compiler.compile(self.source_expressions[0])
        if connection.vendor == "postgresql":
            return f"(({sql} -> %s) = '{int(Verdict.MET)}'::jsonb)", (*params, self.code)
        return f"(JSON_EXTRACT({sql}, %s) = {int(Verdict.MET)})", (*params, f'$."{self.code}"')


def _commune_q(prefix: str, scope: AdminUnit) -> Q:
    return Q(
        **{
            f"{prefix}type": UnitType.COMMUNE,
            f"{prefix}in_programme": True,
            f"{prefix}path__startswith": scope.path + "/",
        }
    )


def _in_force(level: str, end: dt.date) -> Q:
    return Q(level=level, decision_date__lte=end) & (
        Q(revoked_on__isnull=True) | Q(revoked_on__gt=end)
    )


@dataclass
class _Hist:
    """Communes with approved figures of one set in one period, by criteria
    met, border flag and NTM recognition in force."""

    rows: list[tuple[int, bool, bool, int]] = field(default_factory=list)

    def communes(self, *, border: bool | None = None, recognised: bool | None = None) -> int:
        return sum(
            n
            for _c, b, r, n in self.rows
            if (border is None or b == border) and (recognised is None or r == recognised)
        )

    def met_sum(self, *, border: bool | None = None, recognised: bool | None = None) -> int:
        return sum(
            c * n
            for c, b, r, n in self.rows
            if (border is None or b == border) and (recognised is None or r == recognised)
        )

    def below(self, criteria: int) -> int:
        return sum(n for c, _b, _r, n in self.rows if c < criteria)

    def full(self, n_criteria: int) -> int:
        return sum(n for c, _b, _r, n in self.rows if c >= n_criteria)


class MeasureContext:
    """Monitoring figures of one scope for a set of periods, each family read
    once (and only when a measure asks for it)."""

    def __init__(
        self,
        *,
        scope: AdminUnit,
        year: int,
        plan_set: str,
        periods: Sequence[Period],
        baseline: Period | None = None,
        catalog: CriteriaCatalog | None = None,
        sets: Sequence[str] = (),
        indicators: Sequence[tuple[str, str]] = (),
        new_criteria: Sequence[str] | None = None,
    ) -> None:
        """``sets`` and ``indicators`` (set, code) name what the measures to
        be computed will ask for, so that each family is one query; a
        measure asking for more still gets it, in one more query."""
        self.scope = scope
        self.sets = sorted({plan_set, *sets})
        self.indicators = sorted(set(indicators))
        # criteria whose "newly met" counts are wanted (None: all of them)
        self.new_criteria = None if new_criteria is None else sorted(set(new_criteria))
        self.year = year
        self.plan_set = plan_set
        self.periods = [p for p in periods if p.pk is not None]
        self.baseline = baseline if baseline is not None and baseline.pk is not None else None
        self.catalog = catalog or criteria_catalog()
        self._ids = [p.pk for p in self.periods]
        if self.baseline is not None and self.baseline.pk not in self._ids:
            self._ids.append(self.baseline.pk)
        self._by_id = {
            p.pk: p for p in [*self.periods, *([self.baseline] if self.baseline else [])]
        }

    def n_criteria(self, set_code: str) -> int:
        return len(self.catalog.get(set_code).criteria)

    def _approved(self, prefix: str = "report__") -> Q:
        return _commune_q(f"{prefix}unit__", self.scope) & Q(
            **{f"{prefix}status": APPROVED, f"{prefix}period_id__in": self._ids}
        )

    # -- families -------------------------------------------------------------------
    @cached_property
    def communes(self) -> dict[str, int]:
        return unit_programme_communes(self.scope).aggregate(
            total=Count("pk"),
            border=Count("pk", filter=Q(border=True)),
            districts=Count("parent_id", distinct=True),
        )

    @cached_property
    def _hist(self) -> dict[tuple[int, str], _Hist]:
        recognised = Recognition.objects.filter(
            Q(revoked_on__isnull=True) | Q(revoked_on__gt=OuterRef("report__period__end")),
            unit=OuterRef("report__unit"),
            level=Level.NTM,
            decision_date__lte=OuterRef("report__period__end"),
        )
        out: dict[tuple[int, str], _Hist] = defaultdict(_Hist)
        for r in (
            Evaluation.objects.filter(self._approved(), criteria_set__code__in=self.sets)
            .annotate(rec=Exists(recognised))
            .values(
                "report__period_id",
                "criteria_set__code",
                "criteria_met_count",
                "report__unit__border",
                "rec",
            )
            .annotate(n=Count("pk"))
            .order_by()
        ):
            key = (r["report__period_id"], r["criteria_set__code"])
            out[key].rows.append(
                (r["criteria_met_count"], r["report__unit__border"], r["rec"], r["n"])
            )
        return out

    def hist(self, period_id: int, set_code: str) -> _Hist:
        if set_code not in self.sets:  # not announced: read it too
            self.sets.append(set_code)
            self.__dict__.pop("_hist", None)
        return self._hist.get((period_id, set_code), _Hist())

    @cached_property
    def _criteria(self) -> dict[tuple[int, str, str], int]:
        return {
            (r["evaluation__report__period_id"], r["evaluation__criteria_set__code"], r["code"]): r[
                "n"
            ]
            for r in EvaluationCriterion.objects.filter(self._approved("evaluation__report__"))
            .filter(met=True, evaluation__criteria_set__code=self.plan_set)
            .values("evaluation__report__period_id", "evaluation__criteria_set__code", "code")
            .annotate(n=Count("pk"))
            .order_by()
        }

    @cached_property
    def _levels(self) -> dict[tuple[int, str, str], int]:
        return {
            (r["evaluation__report__period_id"], r["evaluation__criteria_set__code"], r["code"]): r[
                "n"
            ]
            for r in EvaluationLevel.objects.filter(self._approved("evaluation__report__"))
            .values("evaluation__report__period_id", "evaluation__criteria_set__code", "code")
            .annotate(n=Count("pk"))
            .order_by()
        }

    def indicator_met(self, period_id: int, set_code: str, code: str) -> int:
        """Communes whose approved evaluation has indicator ``code`` met."""
        if (set_code, code) not in self.indicators:
            self.indicators.append((set_code, code))
            self.__dict__.pop("_indicators", None)
        return self._indicators.get((period_id, set_code, code), 0)

    @cached_property
    def _indicators(self) -> dict[tuple[int, str, str], int]:
        """One grouped query: per period and set, a count per indicator."""
        out: dict[tuple[int, str, str], int] = {}
        for set_code in sorted({s for s, _c in self.indicators}):
            codes = [c for s, c in self.indicators if s == set_code]
            counts = {f"m{i}": Count("pk", filter=VerdictMet(code)) for i, code in enumerate(codes)}
            for r in (
                Evaluation.objects.filter(self._approved(), criteria_set__code=set_code)
                .values("report__period_id")
                .annotate(**counts)
                .order_by()
            ):
                row: Mapping[str, Any] = r  # the counts' keys are made up above
                for i, code in enumerate(codes):
                    out[(row["report__period_id"], set_code, code)] = row[f"m{i}"]
        return out

    @cached_property
    def _recognitions(self) -> tuple[bool, dict[tuple[int, str], tuple[int, int]]]:
        """Decisions in force at each period's end and decided during the
        year up to it, per level: one grouped query (decisions by level and
        dates), folded here over the few periods."""
        rows = list(
            Recognition.objects.filter(_commune_q("unit__", self.scope))
            .values("level", "decision_date", "revoked_on")
            .annotate(n=Count("pk"))
            .order_by()
        )
        start = dt.date(self.year, 1, 1)
        counts: dict[tuple[int, str], tuple[int, int]] = {}
        for pid in self._ids:
            end = self._by_id[pid].end
            for level in Level.values:
                mine = [r for r in rows if r["level"] == level and r["decision_date"] <= end]
                in_force = sum(
                    r["n"] for r in mine if r["revoked_on"] is None or r["revoked_on"] > end
                )
                in_year = sum(r["n"] for r in mine if r["decision_date"] >= start)
                counts[(pid, level)] = (in_force, in_year)
        return bool(rows), counts

    @cached_property
    def _district_full(self) -> dict[int, dict[int, int]]:
        """Per period, the recognised communes of each district meeting every
        criterion of the plan's set (districts without one are absent)."""
        n = self.n_criteria(self.plan_set)
        recognised = Recognition.objects.filter(
            Q(revoked_on__isnull=True) | Q(revoked_on__gt=OuterRef("report__period__end")),
            unit=OuterRef("report__unit"),
            level=Level.NTM,
            decision_date__lte=OuterRef("report__period__end"),
        )
        per: dict[int, dict[int, int]] = defaultdict(dict)
        for r in (
            Evaluation.objects.filter(
                self._approved(), criteria_set__code=self.plan_set, criteria_met_count__gte=n
            )
            .filter(Exists(recognised))
            .values("report__period_id", "report__unit__parent_id")
            .annotate(n=Count("pk"))
            .order_by()
        ):
            district_id = r["report__unit__parent_id"]
            if district_id is not None:  # a commune always has its district
                per[r["report__period_id"]][district_id] = r["n"]
        return per

    def _criteria_new(self, set_code: str) -> dict[tuple[int, str], int] | None:
        """Criteria newly met per period (None without a baseline period)."""
        cache: dict[str, dict[tuple[int, str], int] | None]
        cache = self.__dict__.setdefault("_new_cache", {})
        if set_code not in cache:
            if self.baseline is None:
                cache[set_code] = None
            else:
                met_before = EvaluationCriterion.objects.filter(
                    evaluation__report__unit=OuterRef("evaluation__report__unit"),
                    evaluation__report__period_id=self.baseline.pk,
                    evaluation__report__status=APPROVED,
                    evaluation__criteria_set__code=set_code,
                    code=OuterRef("code"),
                    met=True,
                )
                wanted = Q() if self.new_criteria is None else Q(code__in=self.new_criteria)
                cache[set_code] = {
                    (r["evaluation__report__period_id"], r["code"]): r["n"]
                    for r in EvaluationCriterion.objects.filter(
                        wanted,
                        self._approved("evaluation__report__"),
                        evaluation__criteria_set__code=set_code,
                        met=True,
                    )
                    .exclude(evaluation__report__period_id=self.baseline.pk)
                    .filter(~Exists(met_before))
                    .values("evaluation__report__period_id", "code")
                    .annotate(n=Count("pk"))
                    .order_by()
                }
        return cache[set_code]

    # -- helpers for measures -------------------------------------------------------
    def covered(self, period_id: int, set_code: str | None = None) -> tuple[int, int]:
        """(communes with approved figures, communes in scope) for a period."""
        return (
            self.hist(period_id, set_code or self.plan_set).communes(),
            self.communes["total"],
        )

    def per_period(self, fn: Callable[[int], Actual]) -> dict[int, Actual]:
        return {pid: fn(pid) for pid in self._ids}

    def counted(self, pid: int, value: int, set_code: str | None = None) -> Actual:
        """A count of communes, or no data when nobody has approved figures."""
        reported, total = self.covered(pid, set_code)
        if reported == 0:
            return Actual(None, reported, total)
        return Actual(Decimal(value), reported, total)


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
    return ctx.per_period(
        lambda pid: ctx.counted(pid, ctx._criteria.get((pid, ctx.plan_set, p["criterion"]), 0))
    )


@measure(
    "criterion_communes_new",
    gettext_lazy("Số xã đạt tiêu chí {criterion} mà ở kỳ mốc chưa đạt (số liệu đã phê duyệt)"),
    params=[Param("criterion", default_from="criterion")],
    counts_communes=True,
    is_flow=True,
)
def criterion_communes_new(ctx: MeasureContext, p: dict[str, Any]) -> dict[int, Actual]:
    if ctx.new_criteria is not None and p["criterion"] not in ctx.new_criteria:
        ctx.new_criteria.append(p["criterion"])  # not announced: read it too
        ctx.__dict__.get("_new_cache", {}).pop(ctx.plan_set, None)
    new = ctx._criteria_new(ctx.plan_set)

    def one(pid: int) -> Actual:
        if new is None:
            return Actual(None, detail=_("chưa có kỳ mốc để so sánh"))
        if ctx.baseline is not None and pid == ctx.baseline.pk:
            return Actual(Decimal(0))
        return ctx.counted(pid, new.get((pid, p["criterion"]), 0))

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
            return Actual(None, 0, ctx.communes["total"])
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
            detail = "" if flagged else _("chưa có xã nào được đánh dấu là xã biên giới")
            return Actual(None, 0, flagged, detail)
        return Actual(_dec(h.met_sum(border=True) / n), n, flagged)

    return ctx.per_period(one)


@measure(
    "border_communes",
    gettext_lazy("Số xã được đánh dấu là xã biên giới trong danh mục đơn vị hành chính"),
    counts_communes=True,
)
def border_communes(ctx: MeasureContext, p: dict[str, Any]) -> dict[int, Actual]:
    flagged = Decimal(ctx.communes["border"])
    return ctx.per_period(lambda pid: Actual(flagged))


@measure(
    "level_communes",
    gettext_lazy("Số xã có số liệu đã phê duyệt đạt mức «{level}»"),
    params=[Param("level", choices=tuple(Level.values))],
    counts_communes=True,
)
def level_communes(ctx: MeasureContext, p: dict[str, Any]) -> dict[int, Actual]:
    found = level_set(ctx.catalog, p["level"], ctx.year)
    if found is None:
        return ctx.per_period(lambda pid: Actual(None))
    cset, code = found
    return ctx.per_period(lambda pid: ctx.counted(pid, ctx._levels.get((pid, cset.code, code), 0)))


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
    params=[Param("level", choices=tuple(Level.values))],
    counts_communes=True,
    flow="recognised_in_year",
)(_recognition_measure(0))
measure(
    "recognised_in_year",
    gettext_lazy("Số xã được công nhận «{level}» trong năm, đến cuối kỳ"),
    params=[Param("level", choices=tuple(Level.values))],
    counts_communes=True,
    is_flow=True,
)(_recognition_measure(1))


@measure(
    "districts_min_full_recognised",
    gettext_lazy(
        "Ít nhất bao nhiêu xã đã công nhận đạt chuẩn và đạt đủ tiêu chí bộ mới ở mỗi huyện "
        "(huyện ít nhất)"
    ),
)
def districts_min_full_recognised(ctx: MeasureContext, p: dict[str, Any]) -> dict[int, Actual]:
    per = ctx._district_full
    districts = ctx.communes["districts"]

    def one(pid: int) -> Actual:
        if not districts or ctx.covered(pid)[0] == 0:
            return Actual(None)
        counts = list(per.get(pid, {}).values())
        having = len(counts)
        return Actual(
            Decimal(min(counts) if having == districts else 0),
            detail=_("%(having)s/%(total)s huyện, thành phố đã có")
            % {"having": having, "total": districts},
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
