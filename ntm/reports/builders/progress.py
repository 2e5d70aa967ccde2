"""The coordination office's quarterly or annual progress report: results
against the plan's targets, communes by group, communes newly meeting each
level, with annexes by district and by commune, and charts."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from ntm.core.numbers_vi import format_average, format_number_vi
from ntm.monitoring.dashboards import CriterionFigure, Dashboard
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


@dataclass
class _Findings:
    """The assessment's three lists, each finding appended in reading order."""

    good: list[str] = field(default_factory=list)  # noi_bat
    weak: list[str] = field(default_factory=list)  # han_che
    tasks: list[str] = field(default_factory=list)  # nhiem_vu


def _criterion_label(c: CriterionFigure) -> str:
    return _("tiêu chí số %(criterion)s - %(criterion_name)s (%(percent)s)") % {
        "criterion": c.code,
        "criterion_name": c.name,
        "percent": c.percent_text,
    }


def _average(found: _Findings, dash: Dashboard, base: Dashboard | None, baseline_name: str) -> None:
    """The average criteria per commune, and its change since the baseline."""
    t = dash.total
    if t.avg is None:
        return
    sentence = _("Bình quân đạt %(average)s tiêu chí/xã") % {"average": t.avg_text}
    if base and base.total.avg is not None:
        delta = t.avg - base.total.avg
        word = _("tăng") if delta >= 0 else _("giảm")
        sentence += _(", %(word)s %(delta)s tiêu chí so với %(baseline)s") % {
            "word": word,
            "delta": format_average(abs(delta)),
            "baseline": baseline_name,
        }
    found.good.append(sentence + ".")


def _high_criteria(found: _Findings, dash: Dashboard) -> None:
    """Up to four criteria most communes meet (80% or more)."""
    ranked = sorted(dash.criteria, key=lambda c: (-c.share, int(c.code)))
    high = [c for c in ranked if c.share >= 80][:4]
    if high:
        found.good.append(
            _("Các tiêu chí có tỷ lệ xã đạt cao: ")
            + "; ".join(_criterion_label(c) for c in high)
            + "."
        )


def _districts(found: _Findings, dash: Dashboard) -> None:
    """The districts with the highest and the lowest average."""
    if not dash.areas:
        return
    best = max(dash.areas, key=lambda a: a.avg or 0)
    worst = min(dash.areas, key=lambda a: a.avg if a.avg is not None else 99)
    if best.avg is not None:
        found.good.append(
            _("%(district)s có bình quân tiêu chí cao nhất (%(average)s tiêu chí/xã).")
            % {"district": best.name, "average": best.avg_text}
        )
    if worst.avg is not None and worst is not best:
        found.weak.append(
            _("%(district)s có bình quân tiêu chí thấp nhất (%(average)s tiêu chí/xã).")
            % {"district": worst.name, "average": worst.avg_text}
        )


def _plan_targets(found: _Findings, plan: planned.PlanPart) -> None:
    """The plan's targets met, and those at risk."""
    p = plan.context
    found.good.append(
        _("Có %(met)s/%(targets)s chỉ tiêu của kế hoạch năm %(year)s đã đạt.")
        % {
            "met": format_number_vi(p["so_dat"]),
            "targets": format_number_vi(p["so_chi_tieu"]),
            "year": p["nam"],
        }
    )
    if p["nguy_co"]:
        found.weak.append(
            _("Các chỉ tiêu có nguy cơ không đạt hoặc không đạt kế hoạch: ")
            + "; ".join(p["nguy_co"])
            + "."
        )


def _low_criteria(found: _Findings, dash: Dashboard) -> None:
    """The LOWEST criteria fewest communes meet, and the task to push them."""
    low = sorted(dash.criteria, key=lambda c: (c.share, int(c.code)))[:LOWEST]
    if not low:
        return
    names = "; ".join(_criterion_label(c) for c in low)
    found.weak.append(_("Các tiêu chí có tỷ lệ xã đạt thấp: %(names)s.") % {"names": names})
    found.tasks.append(
        _("Tập trung chỉ đạo, ưu tiên nguồn lực cho các tiêu chí có tỷ lệ xã đạt thấp: ")
        + ", ".join(
            _("tiêu chí số %(criterion)s - %(criterion_name)s")
            % {"criterion": c.code, "criterion_name": c.name}
            for c in low
        )
        + "."
    )


def _recognised_short(found: _Findings, dash: Dashboard) -> None:
    """Recognised communes that no longer meet every criterion."""
    short = dash.recognition.recognised_short
    if not short:
        return
    found.weak.append(
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
    found.tasks.append(
        _(
            "Chỉ đạo %(short)s xã đã được công nhận đạt chuẩn nông thôn mới rà soát, bổ sung, "
            "hoàn thiện các tiêu chí còn thiếu theo bộ tiêu chí hiện hành."
        )
        % {"short": format_number_vi(len(short))}
    )


def _unreported(found: _Findings, dash: Dashboard, period: Period) -> None:
    """Communes still without approved figures in ``period``."""
    if not dash.unreported:
        return
    found.weak.append(
        _("Còn %(unreported)s xã chưa có số liệu được phê duyệt trong %(period)s.")
        % {
            "unreported": format_number_vi(len(dash.unreported)),
            "period": period_text(period),
        }
    )
    found.tasks.append(
        _("Đôn đốc các huyện thẩm định, hoàn thiện số liệu của các xã chưa được phê duyệt.")
    )


def _assessment(
    dash: Dashboard,
    period: Period,
    base: Dashboard | None,
    baseline_name: str,
    plan: planned.PlanPart | None,
) -> dict[str, Any]:
    """Plain findings the office reads, edits and completes: what rose, what
    lags, which communes still have no approved figures."""
    found = _Findings()
    _average(found, dash, base, baseline_name)
    _high_criteria(found, dash)
    _districts(found, dash)
    if plan is not None:
        _plan_targets(found, plan)
    _low_criteria(found, dash)
    _recognised_short(found, dash)
    _unreported(found, dash, period)
    return {"noi_bat": found.good, "han_che": found.weak, "nhiem_vu": found.tasks}


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
