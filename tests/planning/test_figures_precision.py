"""A plan's figures follow the precision rules of their quantity: an average
of criteria per commune is written with two decimals everywhere (13,29), so
"12,547" never stands beside "12,19"; other figures as entered."""

from __future__ import annotations

from decimal import Decimal

from ntm.monitoring.models import Period
from ntm.planning.measures import Actual
from ntm.planning.models import Target
from ntm.planning.progress.judgement import Judgement, Status
from ntm.planning.progress.rows import Row, TrendPoint


def row(measure: str, unit: str, value: str, baseline: str) -> Row:
    return Row(
        target=Target(key="x", measure=measure, unit=unit),
        goal="",
        actual=Actual(Decimal(value)),
        baseline=Decimal(baseline),
        baseline_source="",
        judgement=Judgement(Status.ON_TRACK, Decimal("13.5"), Decimal("0.953")),
        trend=[TrendPoint(Period(code="2022"), Decimal(baseline))],
        how="",
    )


def test_averages_of_criteria_have_two_decimals_everywhere() -> None:
    r = row("avg_criteria", "tiêu chí/xã", "12.547", "12.19")
    assert (r.actual_text, r.baseline_text, r.gap_text, r.expected_text) == (
        "12,55",
        "12,19",
        "0,95",
        "13,50",
    )
    assert [p.text for p in r.trend_shown] == ["12,19"]


def test_other_figures_keep_what_was_entered() -> None:
    money = row("reported", "tỷ đồng", "406.982", "100")
    assert (money.actual_text, money.baseline_text) == ("406,982", "100")
