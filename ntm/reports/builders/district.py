"""The district's report on its communes (UBND huyện)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from ntm.core.text import fold
from ntm.reports import letterhead
from ntm.reports.builders import figures, planned
from ntm.reports.builders.common import (
    BuildRequest,
    ReportError,
    area_figures,
    lower_first,
    main_set_of,
    period_context,
)
from ntm.reports.render import DocumentParts

TEMPLATE = "bao-cao-huyen.docx"


def build(request: BuildRequest) -> DocumentParts:
    district = request.unit
    if not district.is_district:
        raise ReportError(
            _("%(district)s không phải đơn vị cấp huyện.") % {"district": district.name}
        )
    area = area_figures(request)
    dash, period, baseline, base = area.dash, area.period, area.baseline, area.base
    plan = planned.area_targets(district, period)
    issuer = letterhead.people_committee(district)
    total = figures.area_rows(dash)[1]
    ky = period_context(period, baseline, asked=request.period_code)
    title = _("Báo cáo kết quả xây dựng nông thôn mới %(district)s, %(period)s") % {
        "district": district.name,
        "period": ky["ten"],
    }
    context = {
        "vb": request.letterhead(issuer),
        "ky": ky,
        "don_vi": {"ten": district.name, "ten_thuong": lower_first(district.name)},
        "bo_tieu_chi": {"ten": main_set_of(dash).name, "so_tieu_chi": dash.n_criteria},
        "tq": figures.summary(dash, base),
        "tieu_chi": figures.criteria_rows(dash, base, plan.criteria if plan else None),
        "nhom": figures.band_rows(dash, base),
        "muc_dat": figures.level_rows(dash, base),
        "xa_moi_dat": figures.newly_reached(dash, base),
        "xa": figures.commune_rows(dash, base, plan.targeted if plan else None),
        "cot": figures.headers(dash),
        "tong": total,
        "ke_hoach": plan.context if plan else None,
        "co_ke_hoach": plan is not None,
        "cong_nhan_chua_dat": [
            {
                "stt": i,
                "ten": c.name,
                "so_tieu_chi": c.met,
                "chua_dat": ", ".join(c.missing),
            }
            for i, c in enumerate(dash.recognition.recognised_short, start=1)
        ],
    }
    charts = {
        "tieu_chi": (
            figures.criteria_chart(
                dash,
                base,
                title=_("Số xã đạt từng tiêu chí, %(district)s") % {"district": district.name},
                targets=plan.criteria_targets if plan else None,
            ),
            160.0,
        ),
        "nhom": (
            figures.bands_chart(dash, base, title=_("Số xã theo số tiêu chí đạt")),
            150.0,
        ),
    }
    return DocumentParts(
        template=TEMPLATE,
        context=context,
        title=title,
        filename=f"bao-cao-{'-'.join(fold(district.name).split())}-{ky['ma']}",
        charts=charts,
    )
