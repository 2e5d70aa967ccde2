"""The coordination office's quarterly or annual progress report: results
against the plan's targets, communes by group, communes newly meeting each
level, with annexes by district and by commune, and charts."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from ntm.core.numbers_vi import format_number_vi
from ntm.monitoring.dashboards import Dashboard
from ntm.monitoring.models import Period
from ntm.reports import letterhead
from ntm.reports.builders import figures, planned
from ntm.reports.builders.common import (
    BuildRequest,
    ReportError,
    area_figures,
    count_of,
    join_names,
    lower_first,
    main_set_of,
    num,
    period_context,
    period_text,
    short_commune,
)
from ntm.reports.render import DocumentParts

TEMPLATE = "bao-cao-tien-do.docx"
LOWEST = 3  # criteria named as lagging in the assessment
UNREPORTED_LISTED = 15  # communes without approved figures named in the body (all in annex III)


def _assessment(
    dash: Dashboard,
    period: Period,
    base: Dashboard | None,
    baseline_name: str,
    plan: planned.PlanPart | None,
) -> dict[str, Any]:
    """Plain findings the office reads, edits and completes: what rose, what
    lags, which communes still have no approved figures."""
    t = dash.total
    good: list[str] = []
    weak: list[str] = []
    tasks: list[str] = []
    if t.avg is not None:
        sentence = _("Bình quân đạt %(average)s tiêu chí/xã") % {"average": t.avg_text}
        if base and base.total.avg is not None:
            delta = t.avg - base.total.avg
            word = _("tăng") if delta >= 0 else _("giảm")
            sentence += _(", %(word)s %(delta)s tiêu chí so với %(baseline)s") % {
                "word": word,
                "delta": format_number_vi(abs(delta), 2),
                "baseline": baseline_name,
            }
        good.append(sentence + ".")
    ranked = sorted(dash.criteria, key=lambda c: (-c.share, int(c.code)))
    high = [c for c in ranked if c.share >= 80][:4]
    if high:
        good.append(
            _("Các tiêu chí có tỷ lệ xã đạt cao: ")
            + "; ".join(
                _("tiêu chí số %(criterion)s - %(criterion_name)s (%(percent)s)")
                % {"criterion": c.code, "criterion_name": c.name, "percent": c.percent_text}
                for c in high
            )
            + "."
        )
    if dash.areas:
        best = max(dash.areas, key=lambda a: a.avg or 0)
        worst = min(dash.areas, key=lambda a: a.avg if a.avg is not None else 99)
        if best.avg is not None:
            good.append(
                _("%(district)s có bình quân tiêu chí cao nhất (%(average)s tiêu chí/xã).")
                % {"district": best.name, "average": best.avg_text}
            )
        if worst.avg is not None and worst is not best:
            weak.append(
                _("%(district)s có bình quân tiêu chí thấp nhất (%(average)s tiêu chí/xã).")
                % {"district": worst.name, "average": worst.avg_text}
            )
    if plan is not None:
        p = plan.context
        good.append(
            _("Có %(met)s/%(targets)s chỉ tiêu của kế hoạch năm %(year)s đã đạt.")
            % {
                "met": format_number_vi(p["so_dat"]),
                "targets": format_number_vi(p["so_chi_tieu"]),
                "year": p["nam"],
            }
        )
        if p["nguy_co"]:
            weak.append(
                _("Các chỉ tiêu có nguy cơ không đạt hoặc không đạt kế hoạch: ")
                + "; ".join(p["nguy_co"])
                + "."
            )
    low = sorted(dash.criteria, key=lambda c: (c.share, int(c.code)))[:LOWEST]
    if low:
        names = "; ".join(
            _("tiêu chí số %(criterion)s - %(criterion_name)s (%(percent)s)")
            % {"criterion": c.code, "criterion_name": c.name, "percent": c.percent_text}
            for c in low
        )
        weak.append(_("Các tiêu chí có tỷ lệ xã đạt thấp: %(names)s.") % {"names": names})
        tasks.append(
            _("Tập trung chỉ đạo, ưu tiên nguồn lực cho các tiêu chí có tỷ lệ xã đạt thấp: ")
            + ", ".join(
                _("tiêu chí số %(criterion)s - %(criterion_name)s")
                % {"criterion": c.code, "criterion_name": c.name}
                for c in low
            )
            + "."
        )
    short = dash.recognition.recognised_short
    if short:
        weak.append(
            _(
                "Còn %(short)s xã đã được công nhận đạt chuẩn nông thôn mới nhưng chưa đạt đủ "
                "%(criteria)s tiêu chí theo %(criteria_set)s."
            )
            % {
                "short": format_number_vi(len(short)),
                "criteria": dash.n_criteria,
                "criteria_set": main_set_of(dash).name,
            }
        )
        tasks.append(
            _(
                "Chỉ đạo %(short)s xã đã được công nhận đạt chuẩn nông thôn mới rà soát, bổ sung, "
                "hoàn thiện các tiêu chí còn thiếu theo bộ tiêu chí hiện hành."
            )
            % {"short": format_number_vi(len(short))}
        )
    if dash.unreported:
        weak.append(
            _("Còn %(unreported)s xã chưa có số liệu được phê duyệt trong %(period)s.")
            % {
                "unreported": format_number_vi(len(dash.unreported)),
                "period": period_text(period),
            }
        )
        tasks.append(
            _("Đôn đốc các huyện thẩm định, hoàn thiện số liệu của các xã chưa được phê duyệt.")
        )
    return {"noi_bat": good, "han_che": weak, "nhiem_vu": tasks}


def build(request: BuildRequest) -> DocumentParts:
    province = request.unit
    if province.parent_id is not None:
        raise ReportError(_("Báo cáo tiến độ của Văn phòng Điều phối được lập cho cấp tỉnh."))
    area = area_figures(request)
    dash, period, baseline, base = area.dash, area.period, area.baseline, area.base
    plan = planned.area_targets(province, period)
    ky = period_context(period, baseline, asked=request.period_code)
    areas, total = figures.area_rows(dash)
    unreported = [
        # i18n: data (the type word of a legal name)
        f"{short_commune(c.name)} ({c.district.removeprefix('Huyện ')})"
        for c in dash.unreported
    ]
    context = {
        "vb": request.letterhead(letterhead.coordination_office(province)),
        "ky": ky,
        "pham_vi": {
            "ten": province.name,
            "ten_thuong": lower_first(province.name),
            "so_xa": format_number_vi(dash.total.communes),
        },
        "bo_tieu_chi": {"ten": main_set_of(dash).name, "so_tieu_chi": dash.n_criteria},
        "tq": figures.summary(dash, base),
        "tieu_chi": figures.criteria_rows(dash, base, plan.criteria if plan else None),
        "nhom": figures.band_rows(dash, base),
        "muc_dat": figures.level_rows(dash, base),
        "xa_moi_dat": figures.newly_reached(dash, base),
        "xa": figures.commune_rows(dash, base, plan.targeted if plan else None),
        "huyen": areas,
        "tong": total,
        "cot": figures.headers(dash),
        "cong_nhan_chua_dat": [
            {
                "stt": i,
                "ten": c.name,
                "huyen": c.district,
                "so_tieu_chi": num(c.met),
                "chua_dat": ", ".join(c.missing),
            }
            for i, c in enumerate(dash.recognition.recognised_short, start=1)
        ],
        "chua_co_so_lieu": join_names(unreported, limit=UNREPORTED_LISTED),
        "so_chua_co_so_lieu": count_of(len(unreported), dash.total.communes),
        "danh_gia": _assessment(dash, period, base, ky["ky_goc"] or _("kỳ trước"), plan),
        "co_ke_hoach": plan is not None,
        "ke_hoach": plan.context if plan else None,
    }
    charts = {
        "tieu_chi": (
            figures.criteria_chart(
                dash,
                base,
                title=_("Số xã đạt từng tiêu chí, %(period)s") % {"period": ky["ten"]},
                targets=plan.criteria_targets if plan else None,
            ),
            160.0,
        ),
        "nhom": (figures.bands_chart(dash, base, title=_("Số xã theo số tiêu chí đạt")), 150.0),
        "huyen": (
            figures.districts_chart(dash, title=_("Bình quân số tiêu chí đạt/xã theo huyện")),
            150.0,
        ),
    }
    return DocumentParts(
        template=TEMPLATE,
        context=context,
        title=_("Báo cáo kết quả thực hiện Chương trình MTQG xây dựng nông thôn mới %(period)s")
        % {"period": ky["ten"]},
        filename=f"bao-cao-tien-do-{'nam' if ky['la_nam'] else 'quy'}-{ky['ma']}",
        charts=charts,
    )
