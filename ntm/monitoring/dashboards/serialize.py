"""Plain data for ``ntm status --format json``."""

from __future__ import annotations

from typing import Any

from ntm.monitoring.dashboards.figures import CriterionFigure, Dashboard, TrendRow, share_of
from ntm.monitoring.dashboards.scorecard import Scorecard


def dashboard_as_dict(dash: Dashboard) -> dict[str, Any]:
    t = dash.total
    r = dash.recognition
    return {
        "scope": {"code": dash.scope.code, "name": dash.scope.name},
        "period": dash.period.code if dash.period else None,
        "criteria_set": dash.main_set.code if dash.main_set else None,
        "coverage": dash.coverage.as_dict(),
        "communes": t.communes,
        "reported": t.reported,
        "unreported": t.unreported,
        "average_criteria": _round(t.avg),
        "meeting_all_criteria": t.full,
        "criteria": [
            {
                "code": c.code,
                "name": c.name,
                "met": c.met,
                "not_met": c.not_met,
                "total": c.total,
                "share": round(c.share, 2),
                "coverage": _criterion_coverage(c),
            }
            for c in dash.criteria
        ],
        "levels": [
            {
                "code": lv.code,
                "set": lv.set_code,
                "name": lv.name,
                "communes": t.levels.get(lv.key, 0),
                "share": round(share_of(t.levels.get(lv.key, 0), t.communes), 2),
            }
            for lv in dash.levels
        ],
        "bands": [
            {"label": b.label, "communes": b.count, "share": round(b.share, 2)} for b in dash.bands
        ],
        "border": {
            "flagged": t.border_flagged,
            "reported": t.border_reported,
            "average_criteria": _round(t.border_avg),
        },
        "recognitions": {
            "recognised_ntm": r.recognised,
            "meeting_all_criteria": r.meeting_all,
            "recognised_meeting_all": r.recognised_meeting_all,
            "recognised_short": [
                {"code": c.code, "name": c.name, "criteria_met": c.met, "missing": list(c.missing)}
                for c in r.recognised_short
            ],
            "recognised_without_approved_report": [c.code for c in r.recognised_unreported],
            "meeting_all_not_recognised": [c.code for c in r.meeting_all_not_recognised],
        },
        "districts": [
            {
                "code": a.code,
                "name": a.name,
                "communes": a.communes,
                "reported": a.reported,
                "carried_forward": a.carried,
                "average_criteria": _round(a.avg),
                "meeting_all_criteria": a.full,
                "levels": {lv.code: a.levels.get(lv.key, 0) for lv in dash.levels},
                "border_flagged": a.border_flagged,
                "border_average_criteria": _round(a.border_avg),
                "criteria": {c.code: a.criteria.get(c.code, 0) for c in dash.criteria},
            }
            for a in dash.areas
        ],
        "unreported_communes": [c.code for c in dash.unreported],
        "trend": [_trend_row(t_) for t_ in dash.trend],
    }


def _criterion_coverage(c: CriterionFigure) -> dict[str, int]:
    return {
        "communes": c.total,
        "with_data": c.with_data,
        "carried_forward": c.carried,
        "without_data": c.without_data,
    }


def _trend_row(t: TrendRow) -> dict[str, Any]:
    return {
        "period": t.period.code,
        "with_data": t.reported,
        "carried_forward": t.carried,
        "average_criteria": _round(t.avg),
        "meeting_all_criteria": t.full,
    }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def scorecard_as_dict(card: Scorecard) -> dict[str, Any]:
    return {
        "unit": {"code": card.unit.code, "name": card.unit.name},
        "period": card.period.code if card.period else None,
        "report_status": card.report.status if card.report else None,
        "criteria_set": card.main_set.code if card.main_set else None,
        "criteria_met": card.met,
        "criteria_total": card.n_criteria,
        "band": card.band,
        "criteria": [
            {
                "code": c.code,
                "name": c.name,
                "met": c.met,
                "indicators": [
                    {
                        "code": i.code,
                        "verdict": i.verdict.label,
                        "value": i.value_text,
                        "threshold": i.threshold_text,
                        "reason": i.reason,
                    }
                    for i in c.indicators
                ],
            }
            for c in card.criteria
        ],
        "levels": [
            {"code": lv.code, "set": lv.set_code, "name": lv.name, "reached": lv.reached}
            for lv in card.levels
        ],
        "next_level": None
        if card.next_level is None
        else {
            "code": card.next_level.level.code,
            "name": card.next_level.level.name,
            "criteria": [c.code for c in card.next_level.criteria],
            "conditions": [i.code for i in card.next_level.conditions],
        },
        "history": [
            {
                "period": h.period.code,
                "status": h.status,
                "criteria_met": h.met,
                "levels": list(h.levels),
            }
            for h in card.history
        ],
        "recognitions": [
            {
                "level": r.level,
                "decision": r.decision_number,
                "date": r.decision_date.isoformat(),
                "revoked_on": r.revoked_on.isoformat() if r.revoked_on else None,
            }
            for r in card.recognitions
        ],
    }
