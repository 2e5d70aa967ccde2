"""The commune's report on its criteria (UBND xã): the scorecard in the
administrative format, with every indicator's verdict and reason."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from ntm.core.text import fold
from ntm.dates import format_date
from ntm.monitoring.dashboards import (
    DashboardError,
    IndicatorLine,
    Scorecard,
    scorecard_build,
)
from ntm.monitoring.models import ReportStatus
from ntm.reports import letterhead
from ntm.reports.builders.common import (
    DASH,
    BuildRequest,
    ReportError,
    count_of,
    lower_first,
    period_context,
    period_text,
    resolve_period_code,
)
from ntm.reports.render import DocumentParts
from ntm.units.models import AdminUnit

TEMPLATE = "bao-cao-xa.docx"


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _indicator(line: IndicatorLine) -> dict[str, Any]:
    return {
        "ma": line.code,
        "ten": line.name,
        "gia_tri": line.value_text,
        "nguong": line.threshold_text,
        "ket_qua": _capital(line.verdict.label),
        "dat": line.met,
        "ly_do": line.reason,
    }


def _status_text(card: Scorecard) -> str:
    if card.report is None:
        return DASH
    if card.report.status == ReportStatus.APPROVED:
        return _("Số liệu đã được tỉnh phê duyệt")
    return _("Số liệu chưa được phê duyệt (trạng thái: %(status)s)") % {"status": card.status_label}


def _scorecard(request: BuildRequest) -> Scorecard:
    """The unit's scorecard for the period asked, refused when it has no figures there."""
    unit = request.unit
    drafts = bool(request.params.get("drafts", False))
    try:
        code = resolve_period_code(unit, request.period_code, drafts=drafts)
        card = scorecard_build(unit, code, drafts=drafts)
    except DashboardError as exc:
        raise ReportError(str(exc)) from exc
    if card.period is None or card.report is None or card.main_set is None:
        when = period_text(card.period) if card.period else _("kỳ nào")
        which = _("số liệu") if drafts else _("số liệu đã được phê duyệt")
        raise ReportError(
            _("%(unit)s chưa có %(which)s trong %(when)s.")
            % {"unit": unit.name, "which": which, "when": when}
        )
    return card


def _commune(unit: AdminUnit) -> dict[str, Any]:
    district = unit.parent.name if unit.parent else ""
    return {
        "ten": unit.name,
        "ten_thuong": lower_first(unit.name),
        "huyen": district,
        "huyen_thuong": lower_first(district),
        "bien_gioi": unit.border,
        "dac_biet_kho_khan": unit.extremely_difficult,
    }


def _results(card: Scorecard) -> dict[str, Any]:
    """The headline: criteria met, band, levels reached, criteria unmet."""
    unmet = [c.code for c in card.criteria if not c.met]
    reached = [lv.name for lv in card.levels if lv.reached]
    return {
        "so_tieu_chi_dat": count_of(card.met, card.n_criteria),
        "so_dat": card.met,
        "nhom": card.band or DASH,
        "muc_dat": ", ".join(reached) or _("Chưa đạt mức nào"),
        "chua_dat": ", ".join(unmet) or DASH,
        "so_chua_dat": len(unmet),
    }


def _criteria(card: Scorecard) -> list[dict[str, Any]]:
    return [
        {
            "ma": c.code,
            "ten": c.name,
            "ket_qua": _("Đạt") if c.met else _("Chưa đạt"),
            "dat": c.met,
            "chi_tieu": [_indicator(i) for i in c.indicators],
        }
        for c in card.criteria
    ]


def _levels(card: Scorecard) -> list[dict[str, Any]]:
    return [
        {
            "ten": lv.name,
            "ket_qua": _("Đạt") if lv.reached else _("Chưa đạt"),
            "yeu_cau": [
                {"dat": _("Đạt") if r.satisfied else _("Chưa đạt"), "ly_do": r.reason}
                for r in lv.requirements
            ],
            "chua_dat": [r.reason for r in lv.requirements if not r.satisfied],
        }
        for lv in card.levels
    ]


def _next_level(card: Scorecard) -> dict[str, Any] | None:
    """What is still missing for the next level, if there is one."""
    next_level = card.next_level
    if next_level is None:
        return None
    return {
        "ten": next_level.level.name,
        "bo_tieu_chi": next_level.set_name,
        "tieu_chi": [
            {
                "ma": c.code,
                "ten": c.name,
                "chi_tieu": [_indicator(i) for i in c.unmet_indicators],
            }
            for c in next_level.criteria
        ],
        "dieu_kien": [_indicator(i) for i in next_level.conditions],
        "khac": [r.reason for r in next_level.other],
    }


def _history(card: Scorecard) -> list[dict[str, Any]]:
    return [
        {
            "ky": str(h.period),
            "trang_thai": h.status_label,
            "so_tieu_chi": count_of(h.met, h.total),
            "nhom": h.band or DASH,
            "muc_dat": ", ".join(h.levels) or DASH,
        }
        for h in card.history
    ]


def _recognitions(card: Scorecard) -> list[dict[str, Any]]:
    return [
        {
            "muc": r.get_level_display(),
            "so_qd": r.decision_number,
            "ngay": format_date(r.decision_date),
            "bo_tieu_chi": r.criteria_set,
            "thu_hoi": (
                f"{r.revoked_by} ({r.revoked_on:%d/%m/%Y})" if r.revoked_on else r.revoked_by
            )
            or DASH,
        }
        for r in card.recognitions
    ]


def build(request: BuildRequest) -> DocumentParts:
    unit = request.unit
    card = _scorecard(request)
    assert card.period is not None and card.main_set is not None  # refused otherwise
    ky = period_context(card.period, None, asked=request.period_code)
    commune = _commune(unit)
    context = {
        "vb": request.letterhead(letterhead.people_committee(unit)),
        "ky": ky,
        "xa": commune,
        "bo_tieu_chi": {"ten": card.main_set.name, "so_tieu_chi": card.n_criteria},
        "trang_thai_so_lieu": _status_text(card),
        "da_phe_duyet": card.approved,
        "kq": _results(card),
        "tieu_chi": _criteria(card),
        "dieu_kien": [_indicator(i) for i in card.conditions],
        "muc": _levels(card),
        "co_muc_tiep": card.next_level is not None,
        "muc_tiep": _next_level(card),
        "lich_su": _history(card),
        "cong_nhan": _recognitions(card),
    }
    return DocumentParts(
        template=TEMPLATE,
        context=context,
        title=_("Báo cáo kết quả thực hiện tiêu chí nông thôn mới %(unit)s, %(period)s")
        % {"unit": unit.name, "period": ky["ten"]},
        filename=f"bao-cao-{'-'.join(fold(unit.name).split())}-{ky['ma']}",
    )
