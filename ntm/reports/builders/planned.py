"""The plan's side of the documents: the targets of the plan in force for a
period and their actuals, as ``ntm.planning.progress.plan_progress``
measures them (one rule for the plan pages and the documents).

A document about a unit reads that unit's plan for the period's year: the
province's plan, or the district's part of it (cascaded targets). Without
one the documents carry the monitoring figures alone."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from ntm.core.numbers_vi import format_number_vi
from ntm.monitoring.models import Period
from ntm.planning.figures import num, share_text
from ntm.planning.models import Level, Plan, TargetedCommune, TargetKind
from ntm.planning.progress import Progress, ProgressError, Row, Status, plan_progress
from ntm.units.models import AdminUnit

DASH = "—"
# Kinds of targets shown with the overall targets (section I.1 of a report).
OVERALL_KINDS = (TargetKind.OVERALL, TargetKind.DISTRICT, TargetKind.THEMATIC)


@dataclass
class PlanPart:
    plan: Plan
    progress: Progress
    context: dict[str, Any]  # ``ke_hoach`` in the templates
    criteria: dict[str, dict[str, str]] = field(default_factory=dict)  # code → plan cells
    criteria_targets: dict[str, int] = field(default_factory=dict)  # code → communes (charts)
    targeted: dict[str, list[str]] = field(default_factory=dict)  # commune code → levels


def plan_for(unit: AdminUnit, year: int) -> Plan | None:
    return Plan.objects.select_related("unit", "parent").filter(unit=unit, year=year).first()


def _row(i: int, row: Row) -> dict[str, Any]:
    return {
        "stt": i,
        "ma": row.target.key,
        "ten": row.target.label,
        "ke_hoach": row.goal,
        "thuc_hien": row.actual_text,
        "danh_gia": row.status.label,
        "tieu_chi": row.target.criterion,
    }


def _amount(value: Decimal | None) -> str:
    return num(value) if value is not None else DASH


def _funding(rows: list[Row], plan: Plan) -> tuple[list[dict[str, Any]], str]:
    total = next((r for r in rows if r.target.is_total), None)
    sources = [r for r in rows if not r.target.is_total]
    lines = [
        {
            "stt": i,
            "ten": r.target.label,
            "ke_hoach": _amount(r.target.value),
            "ty_le": share_text(r.target.share_printed) or DASH,
            "thuc_hien": _amount(r.actual.value)
            if r.actual.value is not None
            else _("Chưa có số liệu"),
        }
        for i, r in enumerate(sources, start=1)
    ]
    if total is not None:
        lines.append(
            {
                "stt": "",
                "ten": _("Tổng cộng"),
                "ke_hoach": _amount(total.target.value),
                "ty_le": "100%",
                "thuc_hien": _amount(total.actual.value)
                if total.actual.value is not None
                else _("Chưa có số liệu"),
            }
        )
    summary = ""
    if total is not None and total.target.value is not None:
        summary = _(
            "Tổng nhu cầu các nguồn vốn để thực hiện Chương trình năm %(year)s theo kế hoạch là "
            "%(target)s %(unit)s"
        ) % {
            "year": plan.year,
            "target": num(total.target.value),
            "unit": total.target.unit or _("tỷ đồng"),
        }
        summary += (
            _("; thực hiện đến nay: %(actual)s %(unit)s.")
            % {"actual": num(total.actual.value), "unit": total.target.unit or _("tỷ đồng")}
            if total.actual.value is not None
            else _("; chưa có số liệu thực hiện được báo cáo.")
        )
    return lines, summary


def _targeted(plan: Plan) -> dict[str, list[str]]:
    out: dict[str, list[str]] = defaultdict(list)
    for code, level in TargetedCommune.objects.filter(plan=plan.parent or plan).values_list(
        "unit__code", "level"
    ):
        out[code].append(str(Level(level).label))
    return dict(out)


def area_targets(unit: AdminUnit, period: Period) -> PlanPart | None:
    """The plan of ``unit`` for the period's year against its actuals at the
    end of ``period`` (the period whose figures the document reads)."""
    plan = plan_for(unit, period.year)
    if plan is None:
        return None
    try:
        progress = plan_progress(plan, period.code, scope=unit)
    except ProgressError:
        return None
    by_kind: dict[str, list[Row]] = defaultdict(list)
    for row in progress.rows:
        by_kind[row.target.kind].append(row)
    overall = [r for kind in OVERALL_KINDS for r in by_kind.get(kind, [])]
    criteria: dict[str, dict[str, str]] = {}
    targets: dict[str, int] = {}
    for r in by_kind.get(TargetKind.CRITERION, []):
        t = r.target
        if not t.criterion or t.value is None:
            continue
        criteria[t.criterion] = {
            "ke_hoach": f"{format_number_vi(t.value)}/{format_number_vi(t.of_total)}"
            if t.of_total
            else num(t.value),
            "ke_hoach_ty_le": share_text(t.share_printed) or DASH,
            "ke_hoach_tang": num(t.added) if t.added is not None else DASH,
            "danh_gia": r.status.label,
        }
        targets[t.criterion] = int(t.value)
    funding, funding_summary = _funding(by_kind.get(TargetKind.FUNDING, []), plan)
    at_risk = [r.target.label for r in progress.rows if r.status in (Status.AT_RISK, Status.MISSED)]
    context = {
        "ma": plan.code,
        "ten": plan.title,
        "co_quan": plan.issuer,
        "can_cu": _("%(title)s của %(issuer)s") % {"title": plan.title, "issuer": plan.issuer},
        "nam": plan.year,
        "ky_danh_gia": str(progress.period),
        "muc_tieu": [_row(i, r) for i, r in enumerate(overall, start=1)],
        "vat_chat": [
            _row(i, r) for i, r in enumerate(by_kind.get(TargetKind.PHYSICAL, []), start=1)
        ],
        "nguon_von": funding,
        "nguon_von_tom_tat": funding_summary,
        "co_nguon_von": bool(funding),
        "nguy_co": at_risk,
        "so_dat": sum(r.status == Status.ACHIEVED for r in progress.rows),
        "so_chi_tieu": len(progress.rows),
    }
    return PlanPart(
        plan=plan,
        progress=progress,
        context=context,
        criteria=criteria,
        criteria_targets=targets,
        targeted=_targeted(plan),
    )
