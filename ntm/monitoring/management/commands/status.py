"""`ntm status`: a commune's scorecard, or the figures of the province (or a
district), from approved reports, as text or JSON."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ntm.cli_options import (
    JSON,
    NtmCommand,
    add_format,
    add_period,
    add_unit,
    period_option,
    unit_option,
)
from ntm.core.numbers_vi import format_average
from ntm.criteria.selectors import set_label, shown_code
from ntm.monitoring.dashboards import (
    Dashboard,
    IndicatorLine,
    Scorecard,
    dashboard_as_dict,
    dashboard_build,
    scorecard_as_dict,
    scorecard_build,
)
from ntm.monitoring.models import ReportStatus


class Command(NtmCommand):
    help = gettext_lazy(
        "Tình hình xây dựng nông thôn mới từ số liệu đã phê duyệt: phiếu kết quả của một xã "
        "(--unit MÃ) hoặc số liệu tổng hợp của tỉnh, huyện (--summary [--unit MÃ])."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        add_unit(
            parser,
            help=_("xã (phiếu kết quả); với --summary: tỉnh hoặc huyện (mặc định: tỉnh)"),
            old_names=["--scope"],
        )
        parser.add_argument("--summary", action="store_true", help=_("số liệu tổng hợp"))
        add_period(parser, help=_("2022, 2023-Q1 hoặc 2023-03 (mặc định: kỳ mới nhất)"))
        parser.add_argument(
            "--include-drafts",
            action="store_true",
            help=_("với --unit: xem cả báo cáo chưa được phê duyệt"),
        )
        add_format(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["summary"]:
            self._summary(options)
        elif options["unit"]:
            self._unit(options)
        else:
            raise CommandError(_("Hãy chọn một xã (--unit MÃ) hoặc số liệu tổng hợp (--summary)."))

    # -- one commune ----------------------------------------------------------------

    def _unit(self, options: dict[str, Any]) -> None:
        unit = unit_option(options["unit"])
        period = period_option(options["period"])
        card = scorecard_build(unit, period, drafts=options["include_drafts"])
        if card.report is None:
            raise CommandError(_no_report(card))
        if options["format"] == JSON:
            self.write_json(scorecard_as_dict(card))
        else:
            self.stdout.write("\n".join(_scorecard_lines(card)))

    # -- a province or district -------------------------------------------------------

    def _summary(self, options: dict[str, Any]) -> None:
        scope = unit_option(options["unit"], areas_only=True)
        dash = dashboard_build(scope, period_option(options["period"]))
        if options["format"] == JSON:
            self.write_json(dashboard_as_dict(dash))
        else:
            self.stdout.write("\n".join(_dashboard_lines(dash)))


def _no_report(card: Scorecard) -> str:
    name = card.unit.name
    if card.period is None:
        return _("%(unit)s chưa có báo cáo nào được tỉnh phê duyệt.") % {"unit": name}
    if card.report_status_hidden:
        status = ReportStatus(card.report_status_hidden).label
        return _(
            "Báo cáo %(period)s của %(unit)s chưa được tỉnh phê duyệt (trạng thái: "
            "«%(status)s»); thêm --include-drafts để xem số liệu chưa duyệt."
        ) % {"period": card.period, "unit": name, "status": status}
    return _("%(unit)s chưa có báo cáo %(period)s.") % {"unit": name, "period": card.period}


def _met(met: bool) -> str:
    return _("đạt") if met else _("chưa đạt")


def _value_against_threshold(i: IndicatorLine) -> str:
    return _("%(code)s: giá trị %(value)s, ngưỡng %(threshold)s (%(verdict)s)") % {
        "code": shown_code(i.code),
        "value": i.value_text,
        "threshold": i.threshold_text,
        "verdict": i.verdict.label,
    }


def _scorecard_lines(card: Scorecard) -> list[str]:
    unit = card.unit
    district = f", {unit.parent.name}" if unit.parent else ""
    assert card.report is not None and card.main_set is not None
    lines = [
        _("%(unit)s (%(code)s)%(district)s · %(period)s · báo cáo: %(status)s")
        % {
            "unit": unit.name,
            "code": unit.code,
            "district": district,
            "period": card.period,
            "status": card.report.get_status_display(),
        },
        _("Bộ tiêu chí: %(name)s") % {"name": card.main_set.name},
        _("Số tiêu chí đạt: %(met)s/%(total)s") % {"met": card.met, "total": card.n_criteria}
        + (" · " + _("nhóm: %(band)s") % {"band": card.band} if card.band else ""),
        _("Mức: %(levels)s")
        % {"levels": "; ".join(f"{lv.name}: {_met(lv.reached)}" for lv in card.levels)},
        "",
        _("Tiêu chí:"),
    ]
    for c in card.criteria:
        verdict = _("đạt") if c.met else _("CHƯA ĐẠT")
        lines.append(f"  {c.code}. {c.name}: {verdict}")
        lines += [f"      {i.verdict.label:<15} {i.reason}" for i in c.indicators]
    if card.conditions:
        lines.append(_("Điều kiện công nhận:"))
        lines += [f"      {i.verdict.label:<15} {i.reason}" for i in card.conditions]
    if card.next_level is not None:
        nl = card.next_level
        missing = ", ".join(c.code for c in nl.criteria)
        lines += ["", _("Còn thiếu để đạt «%(level)s»:") % {"level": nl.level.name}]
        if missing:
            lines.append("  " + _("tiêu chí chưa đạt: %(criteria)s") % {"criteria": missing})
        for c in nl.criteria:
            lines += ["  " + _value_against_threshold(i) for i in c.unmet_indicators]
        lines += ["  " + _value_against_threshold(i) for i in nl.conditions]
        lines += [f"  {r.reason}" for r in nl.other]
    lines += ["", _("Qua các kỳ:")]
    for h in card.history:
        levels = ", ".join(h.levels) or "—"
        lines.append(
            f"  {h.period!s:<14} {h.met}/{h.total}  {h.status_label}  "
            + _("mức: %(levels)s") % {"levels": levels}
        )
    lines += ["", _("Quyết định công nhận:")]
    for r in card.recognitions:
        decision = _("%(number)s ngày %(date)s") % {
            "number": r.decision_number,
            "date": f"{r.decision_date:%d/%m/%Y}",
        }
        revoked = (
            ", " + _("đã thu hồi ngày %(date)s") % {"date": f"{r.revoked_on:%d/%m/%Y}"}
            if r.revoked_on
            else ""
        )
        lines.append(
            f"  {r.get_level_display()} · {decision} ({set_label(r.criteria_set)}){revoked}"
        )
    if not card.recognitions:
        lines.append("  " + _("chưa có"))
    return lines


def _avg(value: float | None) -> str:
    return format_average(value)


def _dashboard_lines(dash: Dashboard) -> list[str]:
    t = dash.total
    if dash.period is None or dash.main_set is None:
        return [_("%(unit)s: chưa có báo cáo nào được tỉnh phê duyệt.") % {"unit": dash.scope.name}]
    full = dash.full_figure
    lines = [
        _("%(unit)s · %(period)s · bộ tiêu chí %(criteria_set)s")
        % {
            "unit": dash.scope.name,
            "period": dash.period,
            "criteria_set": dash.main_set.short_name,
        },
        _("Xã có số liệu đã phê duyệt: %(reported)s/%(communes)s (%(coverage)s)")
        % {"reported": t.reported, "communes": t.communes, "coverage": dash.coverage_text},
        "  "
        + _(
            "%(current)s xã có báo cáo kỳ này được phê duyệt, %(carried)s xã giữ kết quả "
            "phê duyệt gần nhất của kỳ trước, %(without)s xã chưa có số liệu đã phê duyệt "
            "(không tính là không đạt)"
        )
        % {"current": t.reported - t.carried, "carried": t.carried, "without": t.unreported},
        _("Bình quân tiêu chí/xã: %(average)s") % {"average": t.avg_text},
        f"{full.label}: {full.count_text} ({full.percent_text})",
    ]
    lines += [f"{f.label}: {f.count_text} ({f.percent_text})" for f in dash.level_figures]
    if not t.border_flagged:
        lines.append(_("Xã biên giới: chưa đủ số liệu (chưa có xã nào được đánh dấu)."))
    else:
        lines.append(
            _(
                "Xã biên giới: %(flagged)s xã, %(reported)s có số liệu, "
                "bình quân %(average)s tiêu chí/xã"
            )
            % {
                "flagged": t.border_flagged,
                "reported": t.border_reported,
                "average": t.border_avg_text,
            }
        )
    r = dash.recognition
    lines += [
        _(
            "Đang giữ quyết định công nhận NTM: %(recognised)s; đạt đủ tiêu chí: %(meeting_all)s; "
            "đã công nhận nhưng chưa đạt đủ: %(short)s"
        )
        % {
            "recognised": r.recognised,
            "meeting_all": r.meeting_all,
            "short": len(r.recognised_short),
        },
    ]
    lines += [
        f"  {c.name} ({c.code}): "
        + _("%(met)s tiêu chí, chưa đạt %(missing)s")
        % {"met": c.met, "missing": ", ".join(c.missing)}
        for c in r.recognised_short
    ]
    lines += ["", _("Số xã đạt từng tiêu chí (đạt/tổng số xã, tỷ lệ, số xã có số liệu):")]
    lines += [
        f"  {c.code:>2}. {c.name:<52} {c.count_text:>9}  {c.percent_text:>7}  {c.with_data:>5}"
        for c in dash.criteria
    ]
    lines += ["", _("Số xã theo số tiêu chí đạt:")]
    lines += [f"  {b.label:<32} {b.count:>5}  {b.percent_text:>7}" for b in dash.bands]
    if dash.areas and not dash.is_district:
        lines += ["", _("Theo huyện (số xã, có số liệu, bình quân, đạt đủ tiêu chí):")]
        lines += [
            f"  {a.name:<24} {a.communes:>4} {a.reported:>4} {_avg(a.avg):>7} {a.full:>4}"
            for a in dash.areas
        ]
    lines += [
        "",
        _("Qua các kỳ (có số liệu, trong đó lấy từ kỳ trước, bình quân, đạt đủ tiêu chí):"),
    ]
    lines += [
        f"  {t_.period!s:<14} {t_.reported:>4} {t_.carried:>4} {_avg(t_.avg):>7} {t_.full:>4}"
        for t_ in dash.trend
    ]
    return lines
