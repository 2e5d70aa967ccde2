"""A department's report on the criteria it is responsible for (sở, ngành
phụ trách tiêu chí, quarterly to the steering committee through the office)."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.utils.translation import gettext as _

from ntm.core.evaluation import Verdict
from ntm.core.numbers_vi import format_number_vi
from ntm.core.text import fold
from ntm.criteria.selectors import criteria_set_table
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

TEMPLATE = "bao-cao-so-nganh.docx"
MISSING = (Verdict.MISSING_VALUE, Verdict.MISSING_THRESHOLD)


def build(request: BuildRequest) -> DocumentParts:
    scope = request.unit
    organisation = str(request.params.get("organisation", "")).strip()
    wanted = [str(c) for c in request.params.get("criteria", [])]
    if not organisation or not wanted:
        raise ReportError(_("Báo cáo của sở, ngành cần tên cơ quan và các tiêu chí phụ trách."))
    area = area_figures(request, base_communes=False)
    dash, period, baseline, base = area.dash, area.period, area.baseline, area.base
    main = main_set_of(dash)
    known = {c.code for c in main.criteria}
    unknown = [c for c in wanted if c not in known]
    if unknown:
        raise ReportError(
            _("%(criteria_set)s không có tiêu chí %(unknown)s.")
            % {"criteria_set": main.name, "unknown": ", ".join(unknown)}
        )
    codes = [c.code for c in main.criteria if c.code in wanted]
    by_code = {c.code: c for c in main.criteria}
    plan = planned.area_targets(scope, period)
    all_rows = {
        r["ma"]: r for r in figures.criteria_rows(dash, base, plan.criteria if plan else None)
    }
    verdicts = indicator_verdicts(scope, period, main.code)
    region = scope.region or "TDMNPB"
    thresholds = {
        row.measure.code: row.shown
        for block in criteria_set_table(main, region, period.year)
        for row in block.rows
    }
    total = dash.total.communes
    criteria = []
    for code in codes:
        criterion = by_code[code]
        indicators = []
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
                    "thieu": format_number_vi(sum(counts[v] for v in MISSING)),
                    "ty_le": share(met, total),
                }
            )
        physical = [r for r in (plan.context["vat_chat"] if plan else []) if r["tieu_chi"] == code]
        criteria.append({**all_rows[code], "chi_tieu": indicators, "vat_chat": physical})
    areas, tong = figures.area_rows(dash)
    index = [c.code for c in main.criteria]
    pick = [index.index(c) for c in codes]

    def only(row: dict[str, Any]) -> dict[str, Any]:
        return {**row, "tc": [row["tc"][i] for i in pick]}

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
        "huyen": [only(a) for a in areas],
        "tong": only(tong),
        "cot": {"tc": codes},
        "xa_chua_dat": short,
        "so_xa_chua_dat": count_of(len(short), total),
        "co_ke_hoach": plan is not None,
    }
    targets = {c: t for c, t in (plan.criteria_targets if plan else {}).items() if c in codes}
    chart_dash = _subset(dash, codes)
    chart_base = _subset(base, codes) if base else None
    charts = {
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
    return DocumentParts(
        template=TEMPLATE,
        context=context,
        title=(
            _("Báo cáo kết quả thực hiện tiêu chí %(criteria_text)s (%(organisation)s), %(period)s")
            % {"criteria_text": criteria_text, "organisation": organisation, "period": ky["ten"]}
        ),
        filename=f"bao-cao-{'-'.join(fold(organisation).split())}-{ky['ma']}",
        charts=charts,
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
