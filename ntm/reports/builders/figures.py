"""Figures of an area (the province, a district) for the documents, read from
the dashboards (``ntm.monitoring.dashboards``: one source for every figure
the pages and the documents show) and compared with the baseline period.

Each function returns plain dictionaries with Vietnamese keys: they are the
template variables documented in docs/huong-dan/bao-cao.md."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.utils.translation import gettext as _

from ntm.core.numbers_vi import format_number_vi
from ntm.monitoring.dashboards import CommuneRow, CommuneStatus, Dashboard
from ntm.reports import charts
from ntm.reports.builders.common import (
    DASH,
    change_text,
    count_of,
    main_set_of,
    num,
    share,
    short_commune,
    signed,
)

MET_MARK = "x"
NOT_MET_MARK = ""
NO_DATA_MARK = "–"


def summary(dash: Dashboard, base: Dashboard | None) -> dict[str, Any]:
    """``tq``: the headline figures of the area."""
    t = dash.total
    b = base.total if base else None
    gap = dash.recognition
    return {
        "so_xa": format_number_vi(t.communes),
        "co_so_lieu": count_of(t.reported, t.communes),
        "ty_le_co_so_lieu": share(t.reported, t.communes),
        "chua_co_so_lieu": format_number_vi(t.unreported),
        "lay_ky_truoc": format_number_vi(t.carried),
        "bq_tieu_chi": t.avg_text,
        "bq_tieu_chi_ky_goc": b.avg_text if b else DASH,
        "dat_du": count_of(t.full, t.communes),
        "so_dat_du": t.full,
        "dat_du_ty_le": share(t.full, t.communes),
        "dat_du_ky_goc": count_of(b.full, b.communes) if b else DASH,
        "dat_du_tang_giam": change_text(t.full, b.full if b else None),
        "so_tieu_chi": dash.n_criteria,
        "bien_gioi_so_xa": format_number_vi(t.border_flagged),
        "bien_gioi_bq": t.border_avg_text,
        "bien_gioi_bq_ky_goc": b.border_avg_text if b else DASH,
        "cong_nhan": format_number_vi(gap.recognised),
        "cong_nhan_dat_du": format_number_vi(gap.recognised_meeting_all),
        "cong_nhan_chua_dat_du": format_number_vi(len(gap.recognised_short)),
        "cong_nhan_chua_co_so_lieu": format_number_vi(len(gap.recognised_unreported)),
        "dat_du_chua_cong_nhan": format_number_vi(len(gap.meeting_all_not_recognised)),
    }


def criteria_rows(
    dash: Dashboard, base: Dashboard | None, targets: dict[str, Any] | None = None
) -> list[dict[str, Any]]:
    """``tieu_chi``: communes meeting each criterion, now and at the baseline,
    and the plan's target when there is one (``targets``: code → row)."""
    before = {c.code: c for c in base.criteria} if base else {}
    rows = []
    for c in dash.criteria:
        b = before.get(c.code)
        target = (targets or {}).get(c.code)
        rows.append(
            {
                "ma": c.code,
                "ten": c.name,
                "so_dat": c.met,
                "dat": c.count_text,
                "ty_le": c.percent_text,
                "ky_goc": b.count_text if b else DASH,
                "tang_giam": signed(c.met - b.met) if b else DASH,
                "so_voi_ky_goc": change_text(c.met, b.met if b else None),
                **(target or {"ke_hoach": DASH, "ke_hoach_ty_le": DASH, "danh_gia": DASH}),
            }
        )
    return rows


def band_rows(dash: Dashboard, base: Dashboard | None) -> list[dict[str, Any]]:
    """``nhom``: communes per group of criteria met (and without figures)."""
    before = {b.code: b for b in base.bands} if base else {}
    return [
        {
            "ten": b.label,
            "so_xa": format_number_vi(b.count),
            "ty_le": b.percent_text,
            "ky_goc": format_number_vi(before[b.code].count) if b.code in before else DASH,
            "tang_giam": signed(b.count - before[b.code].count) if b.code in before else DASH,
        }
        for b in dash.bands
    ]


def level_rows(dash: Dashboard, base: Dashboard | None) -> list[dict[str, Any]]:
    """``muc_dat``: communes meeting every criterion, then each level."""
    before = {f.code: f for f in ([base.full_figure, *base.level_figures] if base else [])}
    return [
        {
            "ten": f.label,
            "so_xa": f.count_text,
            "ty_le": f.percent_text,
            "ky_goc": before[f.code].count_text if f.code in before else DASH,
            "tang_giam": change_text(f.count, before[f.code].count if f.code in before else None),
        }
        for f in [dash.full_figure, *dash.level_figures]
    ]


def _reported(rows: Sequence[CommuneRow]) -> set[str]:
    return {r.status.code for r in rows if r.status.met is not None}


def _reached(rows: Sequence[CommuneRow], n_criteria: int) -> dict[str, set[str]]:
    """Level name (and "all criteria") → codes of the communes reaching it."""
    reached: dict[str, set[str]] = {}
    for r in rows:
        if r.status.met is not None and r.status.met == n_criteria:
            reached.setdefault("", set()).add(r.status.code)
        for name in r.levels:
            reached.setdefault(name, set()).add(r.status.code)
    return reached


def newly_reached(dash: Dashboard, base: Dashboard | None) -> list[dict[str, Any]]:
    """``xa_moi_dat``: for every criterion count and level, the communes that
    reach it now and did not at the baseline, and those with approved figures
    in both periods that no longer do (a commune whose figures are not yet
    approved has not lost anything)."""
    if base is None:
        return []
    names = {r.status.code: r.status for r in dash.communes}
    now = _reached(dash.communes, dash.n_criteria)
    before = _reached(base.communes, base.n_criteria)
    both = _reported(dash.communes) & _reported(base.communes)
    out = []
    for key, label in [("", dash.full_figure.label), *[(lv.name, lv.name) for lv in dash.levels]]:
        new = sorted(now.get(key, set()) - before.get(key, set()), key=lambda c: _order(names, c))
        lost = sorted(
            (before.get(key, set()) & both) - now.get(key, set()), key=lambda c: _order(names, c)
        )
        out.append(
            {
                "muc": label,
                "so_moi": format_number_vi(len(new)),
                "moi": ", ".join(_commune_label(names, c) for c in new) or DASH,
                "so_mat": format_number_vi(len(lost)),
                "mat": ", ".join(_commune_label(names, c) for c in lost),
                "co_mat": bool(lost),
            }
        )
    return out


def _order(names: dict[str, Any], code: str) -> tuple[str, str]:
    s = names.get(code)
    return (s.district, s.name) if s else ("", code)


def _commune_label(names: dict[str, Any], code: str) -> str:
    s = names.get(code)
    if s is None:
        return code
    # i18n: data (the type word of a legal name)
    return f"{short_commune(s.name)} ({s.district.removeprefix('Huyện ')})"


def unmet_codes(row: CommuneRow, criteria_codes: Sequence[str]) -> str:
    if row.status.met is None:
        return ""
    return ", ".join(c for c in criteria_codes if row.criteria.get(c) is False)


def _met_text(s: CommuneStatus) -> str:
    """Criteria met, with the period it comes from when carried forward."""
    if s.met is None:
        return DASH
    if s.carried_from is None:
        return num(s.met)
    return f"{num(s.met)} ({str(s.carried_from).lower()})"


def commune_rows(
    dash: Dashboard, base: Dashboard | None, targeted: dict[str, list[str]] | None = None
) -> list[dict[str, Any]]:
    """``xa``: every commune of the area with its figures now and at the
    baseline, and the levels the year's plan targets it for."""
    codes = [c.code for c in dash.criteria]
    before = {r.status.code: r for r in base.communes} if base else {}
    rows = []
    for i, r in enumerate(dash.communes, start=1):
        s = r.status
        b = before.get(s.code)
        reported = s.met is not None
        rows.append(
            {
                "stt": i,
                "ma": s.code,
                "ten": s.name,
                "huyen": s.district,
                "bien_gioi": "x" if s.border else "",
                "trang_thai": s.figures_label,
                "so_tieu_chi": _met_text(s),
                "so_tieu_chi_ky_goc": num(b.status.met) if b and b.status.met is not None else DASH,
                "nhom": r.band or _("Chưa có số liệu đã phê duyệt"),
                "muc_dat": ", ".join(r.levels) or DASH if reported else DASH,
                "cong_nhan": "x" if s.recognised else "",
                "chua_dat": unmet_codes(r, codes) if reported else DASH,
                "phan_dau": ", ".join((targeted or {}).get(s.code, [])),
                "tc": [
                    NO_DATA_MARK
                    if not reported or c not in r.criteria
                    else (MET_MARK if r.criteria[c] else NOT_MET_MARK)
                    for c in codes
                ],
            }
        )
    return rows


def area_rows(dash: Dashboard) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """``huyen`` and ``tong``: per district (and in total) communes, coverage,
    average criteria, levels, groups and communes meeting each criterion."""

    def line(a: Any, stt: int | str) -> dict[str, Any]:
        bands = a.bands + [0] * (len(main_set_of(dash).count_bands) - len(a.bands))
        return {
            "stt": stt,
            "ten": a.name,
            "so_xa": format_number_vi(a.communes),
            "co_so_lieu": format_number_vi(a.reported),
            "bq": a.avg_text,
            "dat_du": format_number_vi(a.full),
            "muc": [format_number_vi(a.levels.get(lv.key, 0)) for lv in dash.levels],
            "nhom": [format_number_vi(n) for n in bands],
            "tc": [format_number_vi(a.criteria.get(c.code, 0)) for c in dash.criteria],
            "bien_gioi": format_number_vi(a.border_flagged),
            "bien_gioi_bq": a.border_avg_text if a.border_flagged else DASH,
        }

    return [line(a, i) for i, a in enumerate(dash.areas, start=1)], line(dash.total, "")


def headers(dash: Dashboard) -> dict[str, Any]:
    """``cot``: the names of repeated columns (levels, groups, criteria)."""
    return {
        # i18n: data (the shared opening of the level names)
        "muc": [lv.name.replace("Xã đạt chuẩn ", "").capitalize() for lv in dash.levels],
        "nhom": [b.label for b in dash.main_set.count_bands] if dash.main_set else [],
        "tc": [c.code for c in dash.criteria],
    }


# -- charts ------------------------------------------------------------------------------


def criteria_chart(
    dash: Dashboard,
    base: Dashboard | None,
    *,
    title: str,
    targets: dict[str, int] | None = None,
) -> bytes:
    before = {c.code: c.met for c in base.criteria} if base else {}
    return charts.bars_horizontal(
        [
            charts.Bar(
                label=f"TC{c.code}. {_clip(c.name)}",
                value=c.met,
                before=before.get(c.code),
                target=(targets or {}).get(c.code),
            )
            for c in dash.criteria
        ],
        title=title,
        axis_label=_("Số xã đạt"),
        now_label=_("Kỳ báo cáo (%(period)s)") % {"period": dash.period}
        if dash.period
        else _("Kỳ báo cáo"),
        before_label=_("Kỳ gốc (%(period)s)") % {"period": base.period}
        if base and base.period
        else "",
        target_label=_("Kế hoạch năm"),
        maximum=dash.total.communes,
    )


def bands_chart(dash: Dashboard, base: Dashboard | None, *, title: str) -> bytes:
    series = []
    if base is not None:
        series.append(
            (
                _("Kỳ gốc (%(period)s)") % {"period": base.period},
                [float(b.count) for b in base.bands],
            )
        )
    series.append(
        (
            _("Kỳ báo cáo (%(period)s)") % {"period": dash.period},
            [float(b.count) for b in dash.bands],
        )
    )
    return charts.bars_grouped(
        [_wrap_band(b.label) for b in dash.bands], series, title=title, axis_label=_("Số xã")
    )


def districts_chart(dash: Dashboard, *, title: str) -> bytes:
    return charts.bars_horizontal(
        [
            # i18n: data (the type word of a legal name)
            charts.Bar(label=a.name.removeprefix("Huyện "), value=round(a.avg or 0, 2))
            for a in dash.areas
        ],
        title=title,
        axis_label=_("Bình quân số tiêu chí/xã"),
        now_label=_("Bình quân tiêu chí/xã"),
        maximum=dash.n_criteria,
        reference=round(dash.total.avg, 2) if dash.total.avg is not None else None,
        reference_label=_("Bình quân chung: %(average)s") % {"average": dash.total.avg_text},
        decimals=2,
    )


def _clip(name: str, limit: int = 34) -> str:
    return name if len(name) <= limit else name[: limit - 1].rstrip() + "…"


def _wrap_band(label: str) -> str:
    words = label.split()
    if len(words) <= 2:
        return label
    half = (len(words) + 1) // 2
    return " ".join(words[:half]) + "\n" + " ".join(words[half:])
