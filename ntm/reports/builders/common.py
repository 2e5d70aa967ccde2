"""What every document builder shares: the request, the period and its
baseline, figures written the Vietnamese way, and the texts of periods."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from ntm.core.criteria_model import CriteriaSet as CoreSet
from ntm.core.numbers_vi import format_count, format_number_vi, format_percent
from ntm.core.periods import PeriodError, parse_period
from ntm.dates import format_date
from ntm.errors import NtmError
from ntm.monitoring.dashboards import Dashboard, DashboardError, dashboard_build, period_sort_key
from ntm.monitoring.models import Period
from ntm.reports.letterhead import Issuer, letterhead_context
from ntm.units.models import AdminUnit

ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")
DASH = "—"


class ReportError(NtmError):
    """A document that cannot be made; the message (Vietnamese) says why."""

    code = "report"


@dataclass(frozen=True)
class BuildRequest:
    """Everything a builder needs; the same for the web, a task and the CLI."""

    kind: str
    unit: AdminUnit
    period_code: str = ""
    params: dict[str, Any] = field(default_factory=dict)
    # The document's date: None leaves "ngày ... tháng ... năm ..." for the
    # clerk who issues it, never today's date on a report of a past period.
    day: dt.date | None = None

    @property
    def number(self) -> str:
        return str(self.params.get("number", "") or "")

    @property
    def signer(self) -> str:
        return str(self.params.get("signer", "") or "")

    def letterhead(self, issuer: Issuer, kind_symbol: str = "BC") -> dict[str, Any]:
        """The ``vb`` variables: the issuer's letterhead, this request's
        number, date and signer."""
        return letterhead_context(
            issuer, kind_symbol=kind_symbol, day=self.day, number=self.number, signer=self.signer
        )


# -- figures ------------------------------------------------------------------------------


def num(value: float | int | None, decimals: int | None = None) -> str:
    return DASH if value is None else format_number_vi(value, decimals)


def count_of(part: int, whole: int) -> str:
    """ "95/181"."""
    return f"{format_count(part)}/{format_count(whole)}"


def share(part: int, whole: int) -> str:
    """ "52,49%" (of the communes in scope)."""
    return format_percent(100 * part / whole if whole else 0)


def change_text(now: int | None, before: int | None, unit: str | None = None) -> str:
    """ "tăng 10 xã", "giảm 2 xã", "không thay đổi"; "—" without a baseline."""
    if now is None or before is None:
        return DASH
    unit = _("xã") if unit is None else unit
    delta = now - before
    if delta > 0:
        return (_("tăng %(delta)s %(unit)s") % {"delta": format_count(delta), "unit": unit}).strip()
    if delta < 0:
        return (
            _("giảm %(delta)s %(unit)s") % {"delta": format_count(-delta), "unit": unit}
        ).strip()
    return _("không thay đổi")


def signed(delta: int | None) -> str:
    if delta is None:
        return DASH
    return f"+{format_count(delta)}" if delta > 0 else format_count(delta)


def join_names(names: list[str], *, limit: int | None = None) -> str:
    if limit is not None and len(names) > limit:
        return ", ".join(names[:limit]) + (
            _(" và %(others)s xã khác") % {"others": format_count(len(names) - limit)}
        )
    return ", ".join(names)


def short_commune(name: str) -> str:
    return name.removeprefix("Xã ")  # i18n: data (the type word of a legal name)


# -- periods ------------------------------------------------------------------------------


def period_text(period: Period) -> str:
    """ "quý II năm 2023", "năm 2023", "tháng 3 năm 2023"."""
    if period.kind == Period.Kind.QUARTER:
        return _("quý %(quarter)s năm %(year)s") % {
            "quarter": ROMAN[period.number - 1],
            "year": period.year,
        }
    if period.kind == Period.Kind.MONTH:
        return _("tháng %(number)s năm %(year)s") % {"number": period.number, "year": period.year}
    return _("năm %(year)s") % {"year": period.year}


def baseline_text(period: Period) -> str:
    """How the baseline is named in sentences: "cuối năm 2022"."""
    if period.kind == Period.Kind.YEAR:
        return _("cuối năm %(year)s") % {"year": period.year}
    return _("cuối %(period)s") % {"period": period_text(period)}


def baseline_period(dash: Dashboard) -> Period | None:
    """The latest period with approved figures that ended before the report's
    year began: the end of the previous year for an annual or a quarterly
    report, so that "newly" means "since the plan's baseline"."""
    if dash.period is None:
        return None
    start = dt.date(dash.period.year, 1, 1)
    before = [p for p in dash.periods if p.end < start]
    return max(before, key=period_sort_key) if before else None


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def lower_first(text: str) -> str:
    """ "Huyện Cao Lộc" → "huyện Cao Lộc" (inside a sentence)."""
    return text[:1].lower() + text[1:]


def resolve_period_code(unit: AdminUnit, code: str, *, drafts: bool = False) -> str | None:
    """The period whose figures a document reads. An annual document for a
    year without a yearly period reads the year's latest period with figures
    (its fourth quarter, usually): offices write the annual report from the
    figures at the end of the year."""
    if not code.strip():
        return None
    try:
        spec = parse_period(code)
    except PeriodError as exc:
        raise ReportError(str(exc)) from exc
    if spec.kind != "nam":
        return spec.code
    from ntm.reports.selectors import periods_with_figures

    periods = periods_with_figures(unit, spec.year, drafts=drafts)
    if any(p.code == spec.code for p in periods) or not periods:
        return spec.code
    return max(periods, key=period_sort_key).code


def period_context(period: Period, baseline: Period | None, *, asked: str = "") -> dict[str, Any]:
    """``ky``: the period as the document names it. ``asked`` is the code the
    person asked for when it differs from the period read (an annual report
    from the fourth quarter's figures)."""
    named = period
    if asked and asked != period.code:
        spec = parse_period(asked)
        named = Period(
            code=spec.code,
            kind=spec.kind,
            year=spec.year,
            number=spec.number,
            start=spec.start,
            end=spec.end,
        )
    return {
        "ma": named.code,
        "ten": period_text(named),
        "ky_so_lieu": period_text(period),
        "so_lieu_khac_ky": named.code != period.code,
        "ten_hoa": _capital(period_text(named)),
        "nam": named.year,
        "la_nam": named.kind == Period.Kind.YEAR,
        "den_ngay": format_date(period.end),
        "ky_goc": baseline_text(baseline) if baseline else "",
        "ky_goc_hoa": _capital(baseline_text(baseline)) if baseline else _("Kỳ gốc"),
        "co_ky_goc": baseline is not None,
    }


def province_of(unit: AdminUnit) -> AdminUnit:
    """The province a unit belongs to (the unit itself for a province)."""
    if unit.parent_id is None:
        return unit
    code = unit.path.split("/")[0]
    province = AdminUnit.objects.filter(code=code).first()
    if province is None:  # pragma: no cover - every path starts at a stored root
        raise ReportError(_("Không tìm thấy tỉnh của %(unit)s.") % {"unit": unit.name})
    return province


def require_figures(dash: Dashboard, what: str) -> Period:
    """The dashboard's period, or a Vietnamese refusal when the scope has no
    approved figures for it (a report of zeros would mislead)."""
    if dash.period is None:
        raise ReportError(
            _("%(what)s chưa có số liệu đã được phê duyệt ở kỳ nào.") % {"what": what}
        )
    if dash.total.reported == 0:
        raise ReportError(
            _("%(what)s chưa có số liệu đã được phê duyệt trong %(period)s.")
            % {"what": what, "period": period_text(dash.period)}
        )
    return dash.period


def main_set_of(dash: Dashboard) -> CoreSet:
    """The criteria set the dashboard's figures were evaluated against. The
    builders read it after :func:`require_figures`; a dashboard without one
    stops them here, as it always did."""
    assert dash.main_set is not None
    return dash.main_set


@dataclass(frozen=True)
class AreaFigures:
    """What a report on an area reads: the dashboard of the period, that
    period, and the baseline's dashboard to say what is new."""

    dash: Dashboard
    period: Period
    baseline: Period | None
    base: Dashboard | None


def area_figures(request: BuildRequest, *, base_communes: bool = True) -> AreaFigures:
    """The figures of ``request.unit`` for the period asked, refused in
    Vietnamese when there are no approved figures."""
    unit = request.unit
    try:
        code = resolve_period_code(unit, request.period_code)
        dash = dashboard_build(unit, code, communes=True)
        period = require_figures(dash, unit.name)
        baseline = baseline_period(dash)
        base = dashboard_build(unit, baseline.code, communes=base_communes) if baseline else None
    except DashboardError as exc:
        raise ReportError(str(exc)) from exc
    return AreaFigures(dash, period, baseline, base)
