"""`ntm status`: a commune's scorecard, or the figures of the province (or a
district), from approved reports, as text or JSON."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _

from ntm.cli_options import (
    JSON,
    NtmCommand,
    add_format,
    add_period,
    add_unit,
    period_option,
    unit_option,
)
from ntm.core.numbers_vi import format_number_vi
from ntm.monitoring.dashboards import (
    Dashboard,
    Scorecard,
    dashboard_as_dict,
    dashboard_build,
    scorecard_as_dict,
    scorecard_build,
)
from ntm.monitoring.models import ReportStatus


class Command(NtmCommand):
    help = (
        "Tình hình xây dựng nông thôn mới từ số liệu đã phê duyệt: phiếu kết quả của một xã "
        "(--unit MÃ) hoặc số liệu tổng hợp của tỉnh, huyện (--summary [--unit MÃ])."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        add_unit(
            parser,
            help="xã (phiếu kết quả); với --summary: tỉnh hoặc huyện (mặc định: tỉnh)",
            old_names=["--scope"],
        )
        parser.add_argument("--summary", action="store_true", help="số liệu tổng hợp")
        add_period(parser, help="2022, 2023-Q1 hoặc 2023-03 (mặc định: kỳ mới nhất)")
        parser.add_argument(
            "--include-drafts",
            action="store_true",
            help="với --unit: xem cả báo cáo chưa được phê duyệt",
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
        return f"{name} chưa có báo cáo nào được tỉnh phê duyệt."
    if card.report_status_hidden:
        status = ReportStatus(card.report_status_hidden).label
        return (
            f"Báo cáo {card.period} của {name} chưa được tỉnh phê duyệt (trạng thái: "
            f"«{status}»); thêm --include-drafts để xem số liệu chưa duyệt."
        )
    return f"{name} chưa có báo cáo {card.period}."


def _scorecard_lines(card: Scorecard) -> list[str]:
    unit = card.unit
    district = f", {unit.parent.name}" if unit.parent else ""
    assert card.report is not None and card.main_set is not None
    lines = [
        f"{unit.name} ({unit.code}){district} · {card.period} · "
        f"báo cáo: {card.report.get_status_display()}",
        f"Bộ tiêu chí: {card.main_set.name} ({card.main_set.code})",
        f"Số tiêu chí đạt: {card.met}/{card.n_criteria}"
        + (f" · nhóm: {card.band}" if card.band else ""),
        "Mức: "
        + "; ".join(f"{lv.name}: {'đạt' if lv.reached else 'chưa đạt'}" for lv in card.levels),
        "",
        "Tiêu chí:",
    ]
    for c in card.criteria:
        lines.append(f"  {c.code}. {c.name}: {'đạt' if c.met else 'CHƯA ĐẠT'}")
        lines += [f"      {i.verdict.label:<15} {i.reason}" for i in c.indicators]
    if card.conditions:
        lines.append("Điều kiện công nhận:")
        lines += [f"      {i.verdict.label:<15} {i.reason}" for i in card.conditions]
    if card.next_level is not None:
        nl = card.next_level
        missing = ", ".join(c.code for c in nl.criteria)
        lines += ["", f"Còn thiếu để đạt «{nl.level.name}»:"]
        if missing:
            lines.append(f"  tiêu chí chưa đạt: {missing}")
        for c in nl.criteria:
            for i in c.unmet_indicators:
                lines.append(
                    f"  {i.code}: giá trị {i.value_text}, ngưỡng {i.threshold_text} "
                    f"({i.verdict.label})"
                )
        for i in nl.conditions:
            lines.append(
                f"  {i.code}: giá trị {i.value_text}, ngưỡng {i.threshold_text} ({i.verdict.label})"
            )
        lines += [f"  {r.reason}" for r in nl.other]
    lines += ["", "Qua các kỳ:"]
    for h in card.history:
        levels = ", ".join(h.levels) or "—"
        lines.append(f"  {h.period!s:<14} {h.met}/{h.total}  {h.status_label}  mức: {levels}")
    lines += ["", "Quyết định công nhận:"]
    for r in card.recognitions:
        revoked = f", đã thu hồi ngày {r.revoked_on:%d/%m/%Y}" if r.revoked_on else ""
        lines.append(
            f"  {r.get_level_display()} · {r.decision_number} ngày "
            f"{r.decision_date:%d/%m/%Y} ({r.criteria_set}){revoked}"
        )
    if not card.recognitions:
        lines.append("  chưa có")
    return lines


def _avg(value: float | None) -> str:
    return "—" if value is None else format_number_vi(value, 2)


def _dashboard_lines(dash: Dashboard) -> list[str]:
    t = dash.total
    if dash.period is None or dash.main_set is None:
        return [f"{dash.scope.name}: chưa có báo cáo nào được tỉnh phê duyệt."]
    full = dash.full_figure
    lines = [
        f"{dash.scope.name} · {dash.period} · bộ tiêu chí {dash.main_set.code}",
        f"Xã có số liệu đã phê duyệt: {t.reported}/{t.communes} ({dash.coverage_text})",
        f"Bình quân tiêu chí/xã: {t.avg_text}",
        f"{full.label}: {full.count_text} ({full.percent_text})",
    ]
    lines += [f"{f.label}: {f.count_text} ({f.percent_text})" for f in dash.level_figures]
    if not t.border_flagged:
        lines.append("Xã biên giới: chưa có xã nào được đánh dấu.")
    else:
        lines.append(
            f"Xã biên giới: {t.border_flagged} xã, {t.border_reported} có số liệu, "
            f"bình quân {t.border_avg_text} tiêu chí/xã"
        )
    r = dash.recognition
    lines += [
        f"Đang giữ quyết định công nhận NTM: {r.recognised}; đạt đủ tiêu chí: {r.meeting_all}; "
        f"đã công nhận nhưng chưa đạt đủ: {len(r.recognised_short)}",
    ]
    lines += [
        f"  {c.name} ({c.code}): {c.met} tiêu chí, chưa đạt {', '.join(c.missing)}"
        for c in r.recognised_short
    ]
    lines += ["", "Số xã đạt từng tiêu chí:"]
    lines += [
        f"  {c.code:>2}. {c.name:<52} {c.count_text:>9}  {c.percent_text:>7}" for c in dash.criteria
    ]
    lines += ["", "Số xã theo số tiêu chí đạt:"]
    lines += [f"  {b.label:<32} {b.count:>5}  {b.percent_text:>7}" for b in dash.bands]
    if dash.areas and not dash.is_district:
        lines += ["", "Theo huyện (số xã, có số liệu, bình quân, đạt đủ tiêu chí):"]
        lines += [
            f"  {a.name:<24} {a.communes:>4} {a.reported:>4} {_avg(a.avg):>7} {a.full:>4}"
            for a in dash.areas
        ]
    lines += ["", "Qua các kỳ (có số liệu, bình quân, đạt đủ tiêu chí):"]
    lines += [
        f"  {t_.period!s:<14} {t_.reported:>4} {_avg(t_.avg):>7} {t_.full:>4}" for t_ in dash.trend
    ]
    return lines
