"""A department's report on the criteria it is responsible for (sở, ngành
phụ trách tiêu chí, quarterly to the steering committee through the office)."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.utils.translation import gettext as _

from ntm.core.criteria_model import CriteriaSet as CoreSet
from ntm.core.criteria_model import Criterion
from ntm.core.evaluation import Verdict
from ntm.core.numbers_vi import format_number_vi
from ntm.core.text import fold
from ntm.criteria.selectors import criteria_set_table
from ntm.monitoring.dashboards import Dashboard
from ntm.monitoring.models import Period
from ntm.reports import letterhead
from ntm.reports.builders import figures, planned
from ntm.reports.builders.common import (
    DASH,
    BuildRequest,
    ReportError,
    area_figures,
    count_of,
    lower_first,
    main_set_of,
    period_context,
    province_of,
    share,
)
from ntm.reports.render import DocumentParts
from ntm.reports.selectors import indicator_verdicts
from ntm.units.models import AdminUnit

TEMPLATE = "bao-cao-so-nganh.docx"
MISSING = (Verdict.MISSING_VALUE, Verdict.MISSING_THRESHOLD)
Verdicts = dict[str, dict[str, int]]  # commune code → indicator code → verdict


def _asked(request: BuildRequest) -> tuple[str, list[str]]:
    """The department's name and the criteria it asks about, both required."""
    organisation = str(request.params.get("organisation", "")).strip()
    wanted = [str(c) for c in request.params.get("criteria", [])]
    if not organisation or not wanted:
        raise ReportError(_("Báo cáo của sở, ngành cần tên cơ quan và các tiêu chí phụ trách."))
    return organisation, wanted


def _codes(main: CoreSet, wanted: list[str]) -> list[str]:
    """The criteria asked for, in the set's order; refused if the set lacks one."""
    known = {c.code for c in main.criteria}
    unknown = [c for c in wanted if c not in known]
    if unknown:
        raise ReportError(
            _("%(criteria_set)s không có tiêu chí %(unknown)s.")
            % {"criteria_set": main.name, "unknown": ", ".join(unknown)}
        )
    return [c.code for c in main.criteria if c.code in wanted]


def _thresholds(main: CoreSet, scope: AdminUnit, period: Period) -> dict[str, str]:
    """Indicator code → the threshold shown for the scope's region and the year."""
    region = scope.region or "TDMNPB"
    return {
        row.measure.code: row.shown
        for block in criteria_set_table(main, region, period.year)
        for row in block.rows
    }


def _indicators(
    criterion: Criterion, verdicts: Verdicts, thresholds: dict[str, str], total: int
) -> list[dict[str, Any]]:
    """Communes meeting, failing and missing each indicator of ``criterion``;
    missing counts both missing values and communes without any approved
    figures, so that the three columns add up to every commune."""
    indicators = []
    without_data = total - len(verdicts)
    for measure in criterion.indicators:
        counts = Counter(v.get(measure.code) for v in verdicts.values())
        met = counts[Verdict.MET] + counts[Verdict.NOT_APPLICABLE]
        indicators.append(
            {
                "ma": measure.code,
                "ten": measure.name,
                "nguong": thresholds.get(measure.code, DASH),
                "dat": format_number_vi(met),
                "khong_dat": format_number_vi(counts[Verdict.NOT_MET]),
                "thieu": format_number_vi(sum(counts[v] for v in MISSING) + without_data),
                "ty_le": share(met, total),
            }
        )
    return indicators


def _short_communes(
    dash: Dashboard, codes: list[str], by_code: dict[str, Criterion], verdicts: Verdicts
) -> list[dict[str, Any]]:
    """Communes missing one of ``codes``, with the indicators they fail."""
    short: list[dict[str, Any]] = []
    for r in dash.communes:
        if r.status.met is None:
            continue
        missing = [c for c in codes if r.criteria.get(c) is False]
        if not missing:
            continue
        failing = [
            m.code
            for c in missing
            for m in by_code[c].indicators
            if verdicts.get(r.status.code, {}).get(m.code)
            not in (Verdict.MET, Verdict.NOT_APPLICABLE)
        ]
        short.append(
            {
                "stt": len(short) + 1,
                "ten": r.status.name,
                "huyen": r.status.district,
                "tieu_chi": ", ".join(missing),
                "chi_tieu": ", ".join(failing),
            }
        )
    return short


def _only(row: dict[str, Any], pick: list[int]) -> dict[str, Any]:
    """``row`` with its criteria columns (``tc``) narrowed to the ``pick`` positions."""
    return {**row, "tc": [row["tc"][i] for i in pick]}


def _charts(
    dash: Dashboard,
    base: Dashboard | None,
    codes: list[str],
    plan: planned.PlanPart | None,
    organisation: str,
) -> dict[str, tuple[Any, float]]:
    targets = {c: t for c, t in (plan.criteria_targets if plan else {}).items() if c in codes}
    chart_dash = _subset(dash, codes)
    chart_base = _subset(base, codes) if base else None
    return {
        "tieu_chi": (
            figures.criteria_chart(
                chart_dash,
                chart_base,
                title=_("Số xã đạt các tiêu chí do %(organisation)s phụ trách")
                % {"organisation": organisation},
                targets=targets or None,
            ),
            150.0,
        )
    }


def build(request: BuildRequest) -> DocumentParts:
    scope = request.unit
    organisation, wanted = _asked(request)
    area = area_figures(request, base_communes=False)
    dash, period, baseline, base = area.dash, area.period, area.baseline, area.base
    main = main_set_of(dash)
    codes = _codes(main, wanted)
    by_code = {c.code: c for c in main.criteria}
    plan = planned.area_targets(scope, period)
    all_rows = {
        r["ma"]: r for r in figures.criteria_rows(dash, base, plan.criteria if plan else None)
    }
    verdicts = indicator_verdicts(scope, period, main.code)
    thresholds = _thresholds(main, scope, period)
    total = dash.total.communes
    criteria = []
    for code in codes:
        indicators = _indicators(by_code[code], verdicts, thresholds, total)
        physical = [r for r in (plan.context["vat_chat"] if plan else []) if r["tieu_chi"] == code]
        criteria.append({**all_rows[code], "chi_tieu": indicators, "vat_chat": physical})
    areas, tong = figures.area_rows(dash)
    index = [c.code for c in main.criteria]
    pick = [index.index(c) for c in codes]
    short = _short_communes(dash, codes, by_code, verdicts)
    province = province_of(scope)
    ky = period_context(period, baseline, asked=request.period_code)
    issuer = letterhead.department(province, organisation)
    criteria_text = ", ".join(codes)
    context = {
        "vb": request.letterhead(issuer),
        "ky": ky,
        "so": {"ten": organisation, "tieu_chi": criteria_text, "so_tieu_chi": len(codes)},
        "pham_vi": {
            "ten": scope.name,
            "ten_thuong": lower_first(scope.name),
            "so_xa": format_number_vi(total),
        },
        "bo_tieu_chi": {"ten": main.name, "so_tieu_chi": len(main.criteria)},
        "tq": figures.summary(dash, base),
        "tieu_chi": criteria,
        "huyen": [_only(a, pick) for a in areas],
        "tong": _only(tong, pick),
        "cot": {"tc": codes},
        "xa_chua_dat": short,
        "so_xa_chua_dat": count_of(len(short), total),
        "co_ke_hoach": plan is not None,
    }
    return DocumentParts(
        template=TEMPLATE,
        context=context,
        title=(
            _("Báo cáo kết quả thực hiện tiêu chí %(criteria_text)s (%(organisation)s), %(period)s")
            % {"criteria_text": criteria_text, "organisation": organisation, "period": ky["ten"]}
        ),
        filename=f"bao-cao-{'-'.join(fold(organisation).split())}-{ky['ma']}",
        charts=_charts(dash, base, codes, plan, organisation),
    )


class _Subset:
    """A dashboard seen through some of its criteria (for the chart)."""

    def __init__(self, dash: Any, codes: list[str]) -> None:
        self._dash = dash
        self._codes = codes

    def __getattr__(self, name: str) -> Any:
        return getattr(self._dash, name)

    @property
    def criteria(self) -> list[Any]:
        return [c for c in self._dash.criteria if c.code in self._codes]


def _subset(dash: Any, codes: list[str]) -> Any:
    return _Subset(dash, codes)
