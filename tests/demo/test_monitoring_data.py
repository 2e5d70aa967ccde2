"""The synthetic demo data (số liệu minh họa) that `make demo` loads: calibrated
on Lạng Sơn's 2023 plan, consistent with the thresholds it supplies, written
with the invariants of the real services, reproducible and idempotent.

The data is loaded once for the module, inside a transaction rolled back at
the end; each test runs in a savepoint of it, as usual."""

from __future__ import annotations

import datetime as dt
import json
import random
from collections import Counter, defaultdict
from decimal import Decimal
from io import StringIO
from itertools import pairwise

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import Avg, Count

from ntm.core.values import parse_value
from ntm.criteria.models import ThresholdRevision
from ntm.criteria.selectors import criteria_catalog
from ntm.demo.dataset import DEFAULT_SEED
from ntm.demo.errors import DemoError
from ntm.demo.generator import demo_generate
from ntm.demo.loader import demo_communes, demo_monitoring_load
from ntm.demo.thresholds import DEMO_THRESHOLDS
from ntm.jobs.models import Job
from ntm.monitoring.evaluations import report_explain
from ntm.monitoring.models import (
    Evaluation,
    EvaluationCriterion,
    EvaluationLevel,
    IndicatorValue,
    Recognition,
    Report,
    ReportEvent,
    ValueChange,
)

pytestmark = pytest.mark.django_db
SET = "xa-ntm-2021-2025"
PERIODS = ["2022", "2023-Q1", "2023-Q2", "2023-Q3", "2023-Q4"]
# The plan's figures (plan-lang-son-2023.yaml), written out again on purpose.
BASELINE = [65, 82, 175, 147, 71, 66, 156, 132, 129, 80, 73, 104, 77, 181, 101, 154, 80, 119, 175]
TARGETS = [163, 92, 177, 157, 81, 76, 159, 142, 139, 90, 83, 124, 87, 181, 111, 164, 90, 129, 177]
CRITERIA = [str(n) for n in range(1, 20)]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    from ntm.criteria.services import criteria_load
    from ntm.demo.accounts import demo_users_ensure
    from ntm.units.management.commands.units import DEFAULT_CSV
    from ntm.units.services import units_import

    with django_db_blocker.unblock(), transaction.atomic():
        units_import(path=DEFAULT_CSV)
        criteria_load()
        demo_users_ensure()
        result = demo_monitoring_load(seed=DEFAULT_SEED)
        print(f"\n{result.message}")
        # Check the deferred foreign keys once here (PostgreSQL), not again
        # at the end of every test.
        connection.check_constraints()
        yield result
        transaction.set_rollback(True)


def met_counts(period: str) -> dict[str, int]:
    """Communes meeting each criterion, counted from the stored rows."""
    rows = (
        EvaluationCriterion.objects.filter(
            evaluation__criteria_set__code=SET, evaluation__report__period__code=period, met=True
        )
        .values_list("code")
        .annotate(n=Count("pk"))
    )
    found = dict(rows)
    return {c: found.get(c, 0) for c in CRITERIA}


def criteria_met_by_unit(period: str) -> dict[int, int]:
    return dict(
        Evaluation.objects.filter(criteria_set__code=SET, report__period__code=period).values_list(
            "report__unit_id", "criteria_met_count"
        )
    )


def table_sizes() -> dict[str, int]:
    models = (
        Report,
        IndicatorValue,
        ValueChange,
        ReportEvent,
        Evaluation,
        EvaluationCriterion,
        EvaluationLevel,
        Recognition,
        ThresholdRevision,
        Job,
    )
    return {m.__name__: m.objects.count() for m in models}


def test_the_load_is_complete_and_quick(demo):
    assert demo.loaded
    assert demo.reports == 181 * 5
    assert demo.values > 70_000
    assert demo.revisions == len(DEMO_THRESHOLDS)
    assert demo.recognitions == 85 + 17
    assert demo.seconds < 60, demo.message  # ~5-10 s here; the budget is ~20 s


def test_end_of_2022_matches_the_plan_baseline(demo):
    assert Report.objects.filter(period__code="2022").count() == 181
    assert set(Report.objects.filter(period__code="2022").values_list("status", flat=True)) == {
        "approved"
    }
    assert list(met_counts("2022").values()) == BASELINE
    average = Evaluation.objects.filter(
        criteria_set__code=SET, report__period__code="2022"
    ).aggregate(a=Avg("criteria_met_count"))["a"]
    assert round(average, 2) == round(sum(BASELINE) / 181, 2) == 11.97


def test_stored_results_are_what_the_scalar_engine_says(demo):
    rng = random.Random(5)
    reports = list(Report.objects.select_related("unit", "period").order_by("pk"))
    sample = rng.sample(reports, 30) + [
        r for r in reports if r.unit.code == "6244" and r.period.code == "2023-Q4"
    ]
    for report in sample:
        scalar = report_explain(report)
        stored = Evaluation.objects.filter(report=report).select_related("criteria_set")
        assert {e.criteria_set.code for e in stored} == set(scalar)
        for evaluation in stored:
            expected = scalar[evaluation.criteria_set.code]
            assert evaluation.criteria_met_count == expected.criteria_met_count
            assert {c.code: c.met for c in evaluation.criteria.all()} == {
                c.code: c.met for c in expected.criteria
            }
            assert evaluation.verdicts == {
                m.code: int(m.verdict) for m in (*expected.indicators, *expected.conditions)
            }
            assert set(evaluation.levels.values_list("code", flat=True)) == set(
                expected.levels_reached
            )
        if report.period.code != "2023-Q4" or report.unit.code != "6244":
            # Complete reports: nothing is missing, every threshold is known.
            verdicts = [m.verdict for r in scalar.values() for m in (*r.indicators, *r.conditions)]
            assert not {2, 3} & {int(v) for v in verdicts}


def test_unmet_criteria_have_an_indicator_that_falls_short(demo):
    catalog = criteria_catalog()
    cset = catalog.get(SET)
    draft = Report.objects.get(unit__code="6244", period__code="2023-Q4").pk
    shortfalls = 0
    for report_id, verdicts in Evaluation.objects.filter(criteria_set__code=SET).values_list(
        "report_id", "verdicts"
    ):
        if report_id != draft:  # the demo commune's draft has blanks on purpose
            assert set(verdicts.values()) <= {0, 1, 4}  # never missing, never "no threshold"
        shortfalls += sum(v == 0 for v in verdicts.values())
    assert shortfalls > 1000
    # A failing rate falls short by a plausible margin, not to zero.
    values = IndicatorValue.objects.filter(
        indicator__criteria_set__code=SET, report__period__code="2022"
    ).values_list("indicator__code", "value")
    for code, value in values:
        measure = cset.measure(code)
        if str(measure.value_type) != "percent" or str(measure.comparison) != ">=":
            continue
        if code in ("5.2", "5.3"):
            continue  # 0 of 2 schools at level 1 is a real case
        threshold = cset.threshold(code, "TDMNPB", 2022).value
        if value < threshold:
            assert value >= 0.4 * threshold, (code, value, threshold)


def test_recognitions_and_the_gap_to_the_new_set(demo):
    active = Recognition.objects.filter(revoked_on__isnull=True)
    assert active.filter(level="ntm").count() == 85
    assert active.filter(level="nang_cao").count() == 17
    ntm = {r.unit_id: r for r in active.filter(level="ntm")}
    for advanced in active.filter(level="nang_cao"):
        assert advanced.unit_id in ntm  # an advanced commune is also NTM
        assert ntm[advanced.unit_id].decision_date < advanced.decision_date
    real = {
        (r.unit.name, r.unit.parent.name): (r.decision_number, r.decision_date.isoformat())
        for r in active.filter(level="nang_cao", decision_date="2023-01-26").select_related(
            "unit__parent"
        )
    }
    assert real == {
        ("Xã Chi Lăng", "Huyện Tràng Định"): ("99/QĐ-UBND", "2023-01-26"),
        ("Xã Sơn Hà", "Huyện Hữu Lũng"): ("103/QĐ-UBND", "2023-01-26"),
        ("Xã Bắc Lãng", "Huyện Đình Lập"): ("105/QĐ-UBND", "2023-01-26"),
    }
    synthetic = active.exclude(decision_date="2023-01-26")
    assert synthetic.count() == 85 + 17 - 3
    for r in synthetic:
        assert r.decision_number.startswith("Số liệu minh họa ")
        assert "minh họa" in r.note
        assert 2016 <= r.decision_date.year <= 2022
    assert set(
        synthetic.filter(decision_date__year__lt=2022, level="ntm").values_list(
            "criteria_set", flat=True
        )
    ) == {"Bộ tiêu chí 2016-2020 (QĐ 1980/QĐ-TTg)"}

    counts = criteria_met_by_unit("2022")
    recognised = [counts[u] for u in ntm]
    others = [n for u, n in counts.items() if u not in ntm]
    short = [n for n in recognised if n < 19]
    assert len(short) >= 20  # the point of the 2023 plan
    assert sum(recognised) / len(recognised) > sum(others) / len(others) + 3
    # The three real advanced communes meet the 2021-2025 sets in full.
    levels = set(
        EvaluationLevel.objects.filter(
            evaluation__report__period__code="2022",
            evaluation__report__unit__name__in=["Xã Chi Lăng", "Xã Sơn Hà", "Xã Bắc Lãng"],
            evaluation__report__unit__parent__name__in=[
                "Huyện Tràng Định",
                "Huyện Hữu Lũng",
                "Huyện Đình Lập",
            ],
        ).values_list("evaluation__report__unit__name", "code")
    )
    for name in ("Xã Chi Lăng", "Xã Sơn Hà", "Xã Bắc Lãng"):
        assert {(name, "ntm"), (name, "ntm-nang-cao")} <= levels


def test_stronger_places_score_higher(demo):
    by_district: dict[str, list[int]] = defaultdict(list)
    counts = criteria_met_by_unit("2022")
    for report in Report.objects.filter(period__code="2022").select_related("unit__parent"):
        by_district[report.unit.parent.name].append(counts[report.unit_id])
    mean = {d: sum(v) / len(v) for d, v in by_district.items()}
    assert mean["Thành phố Lạng Sơn"] > mean["Huyện Bình Gia"] + 4
    flat = (mean["Huyện Chi Lăng"] + mean["Huyện Hữu Lũng"] + mean["Huyện Cao Lộc"]) / 3
    remote = (mean["Huyện Bình Gia"] + mean["Huyện Văn Quan"] + mean["Huyện Tràng Định"]) / 3
    assert flat > remote + 2


def test_a_few_communes_under_5_criteria_at_the_end_of_2022(demo):
    below = {p: sum(n < 5 for n in criteria_met_by_unit(p).values()) for p in PERIODS}
    assert 3 <= below["2022"] <= 7
    assert below["2023-Q4"] < below["2022"]


def test_2023_quarters_move_toward_the_targets(demo):
    counts = {p: met_counts(p) for p in PERIODS}
    for i, code in enumerate(CRITERIA):
        path = [counts[p][code] for p in PERIODS]
        assert path == sorted(path), (code, path)  # monotone
        assert abs(path[-1] - TARGETS[i]) <= 9, (code, path)
    q4 = [counts["2023-Q4"][c] for c in CRITERIA]
    assert 1 <= sum(a > t for a, t in zip(q4, TARGETS, strict=True)) <= 2
    assert sum(a < t for a, t in zip(q4, TARGETS, strict=True)) >= 5
    # Criterion 1 (+98 planned): roughly a quarter of the way each quarter.
    gained = [counts[p]["1"] - BASELINE[0] for p in PERIODS[1:]]
    total = gained[-1]
    for quarter, share in zip(gained, (0.25, 0.5, 0.75, 1.0), strict=True):
        assert abs(quarter / total - share) <= 0.12, gained
    # Nobody loses a criterion, except two realistic setbacks.
    met: dict[str, set[tuple[int, str]]] = {}
    for p in PERIODS:
        met[p] = set(
            EvaluationCriterion.objects.filter(
                evaluation__criteria_set__code=SET, evaluation__report__period__code=p, met=True
            ).values_list("evaluation__report__unit_id", "code")
        )
    lost = sum(len(met[a] - met[b]) for a, b in pairwise(PERIODS))
    assert 1 <= lost <= 2


def test_2023_q4_is_caught_mid_appraisal(demo):
    for period in PERIODS[:-1]:
        assert set(Report.objects.filter(period__code=period).values_list("status", flat=True)) == {
            "approved"
        }
    statuses = Counter(
        Report.objects.filter(period__code="2023-Q4").values_list("status", flat=True)
    )
    assert statuses["approved"] > 90
    assert statuses["appraised"] and statuses["submitted"] and statuses["draft"]
    tan_lien = Report.objects.get(unit__code="6244", period__code="2023-Q4")
    assert tan_lien.status == "draft" and tan_lien.editable
    assert not tan_lien.events.exists()
    main_indicators = tan_lien.values.filter(indicator__criteria_set__code=SET).count()
    complete = Report.objects.get(unit__code="6244", period__code="2023-Q3")
    assert 0 < main_indicators < complete.values.filter(indicator__criteria_set__code=SET).count()
    waiting = Report.objects.filter(
        period__code="2023-Q4", status="submitted", unit__parent__name="Huyện Cao Lộc"
    )
    assert waiting.count() >= 2


def test_values_are_what_the_shared_parser_reads(demo):
    catalog = criteria_catalog()
    rows = IndicatorValue.objects.values_list(
        "pk",
        "indicator__criteria_set__code",
        "indicator__code",
        "raw_text",
        "value",
        "version",
        "updated_by",
    )
    kinds: Counter[str] = Counter()
    for _pk, set_code, code, raw, value, version, author in rows:
        measure = catalog.get(set_code).measure(code)
        parsed = parse_value(raw, measure)
        assert parsed == value and type(parsed) is type(value), (set_code, code, raw, value)
        assert version == 1 and author is None
        kind = str(measure.value_type)
        kinds[kind] += 1
        if kind == "boolean":
            assert raw in ("Đạt", "Không đạt")
        elif kind == "percent":
            assert "." not in raw and 0 <= value <= 100
            assert -Decimal(raw.replace(",", ".")).as_tuple().exponent <= 2
        elif kind == "count":
            assert isinstance(value, int)
    assert kinds["boolean"] and kinds["percent"] and kinds["number"] and kinds["enum"]
    assert any("," in raw for *_, raw, _v, _ver, _a in rows)  # Vietnamese decimal comma
    # One history row per value, as value_save writes it.
    assert ValueChange.objects.count() == IndicatorValue.objects.count()
    assert not ValueChange.objects.exclude(reason="Số liệu minh họa (tạo tự động)").exists()
    assert not ValueChange.objects.exclude(version=1).exists()
    assert ValueChange.objects.values("value").distinct().count() == IndicatorValue.objects.count()


def test_workflow_events_for_every_status_step(demo):
    steps = {
        "draft": [],
        "submitted": [("draft", "submitted")],
        "appraised": [("draft", "submitted"), ("submitted", "appraised")],
        "approved": [("draft", "submitted"), ("submitted", "appraised"), ("appraised", "approved")],
    }
    events = defaultdict(list)
    for report_id, frm, to, actor, reason, at in ReportEvent.objects.order_by(
        "at", "pk"
    ).values_list("report_id", "from_status", "to_status", "actor", "reason", "at"):
        assert actor is None and reason == "Số liệu minh họa"
        events[report_id].append((frm, to, at))
    for report in Report.objects.all():
        chain = events.get(report.pk, [])
        assert [(f, t) for f, t, _ in chain] == steps[report.status]
        if chain:
            assert report.status_changed_at == chain[-1][2]
            assert chain[0][2].date() >= report.period.end - dt.timedelta(days=7)


def test_facts_decide_which_indicators_were_entered(demo):
    values = defaultdict(set)
    for report_id, code in IndicatorValue.objects.filter(
        indicator__criteria_set__code=SET, report__period__code="2022"
    ).values_list("report_id", "indicator__code"):
        values[report_id].add(code)
    crafts = schools = 0
    for report in Report.objects.filter(period__code="2022"):
        craft = report.facts["has_traditional_craft"]
        many = report.facts["more_than_3_schools"]
        crafts += craft
        schools += many
        assert ("13.4" in values[report.pk]) == craft
        assert ("5.2" in values[report.pk]) == many
        assert ("5.3" in values[report.pk]) != many
        assert not {"13.5", "14.3", "18.6"} & values[report.pk]  # not counted
    assert 5 < crafts < 60 and 20 < schools < 100


def test_unknown_thresholds_come_as_unverified_demo_revisions(demo):
    revisions = ThresholdRevision.objects.filter(document_number="Số liệu minh họa")
    assert revisions.count() == len(DEMO_THRESHOLDS)
    for revision in revisions:
        assert not revision.verified and revision.created_by is None
        assert "minh họa" in revision.note and revision.classes == ["TDMNPB"]
    catalog = criteria_catalog()
    for set_code in ("xa-ntm-2021-2025", "xa-ntm-nang-cao-2021-2025", "xa-ntm-kieu-mau-2021-2025"):
        cset = catalog.get(set_code)
        for measure in cset.iter_measures():
            if not measure.counted:
                continue
            for year in (2022, 2023):
                threshold = cset.threshold(measure.code, "TDMNPB", year)
                assert threshold is not None and threshold.value is not None, measure.code
    report = Report.objects.get(unit__code="6244", period__code="2022")
    reason = report_explain(report)[SET].indicator("2.1").reason
    assert "Số liệu minh họa" in reason


def test_loading_again_changes_nothing(demo, capsys):
    before = table_sizes()
    again = demo_monitoring_load(seed=DEFAULT_SEED)
    assert not again.loaded and "đã có" in again.message
    call_command("demo_monitoring")
    assert "không nạp lại" in capsys.readouterr().out
    assert table_sizes() == before


def test_json_output_and_the_old_thresholds_option(demo):
    out, err = StringIO(), StringIO()
    call_command("demo_monitoring", "--format", "json", "--nguong", stdout=out, stderr=err)
    data = json.loads(out.getvalue())
    assert data["loaded"] is False and data["seed"] == DEFAULT_SEED
    assert data["thresholds"] and {"criteria_set", "indicator", "value"} <= set(
        data["thresholds"][0]
    )
    assert "--nguong đã cũ" in err.getvalue() and "dùng --thresholds" in err.getvalue()


def test_the_same_seed_gives_the_same_values_and_another_seed_others(demo):
    catalog, communes = criteria_catalog(), demo_communes()
    plan = demo_generate(catalog, communes, DEFAULT_SEED)
    stored: dict[tuple[str, str], dict[tuple[str, str], str]] = defaultdict(dict)
    for unit, period, set_code, code, raw in IndicatorValue.objects.values_list(
        "report__unit__code",
        "report__period__code",
        "indicator__criteria_set__code",
        "indicator__code",
        "raw_text",
    ):
        stored[(unit, period)][(set_code, code)] = raw
    for p, period in enumerate(PERIODS):
        for i, commune in enumerate(plan.communes):
            assert stored[(commune.code, period)] == plan.values[p][i]
    other = demo_generate(catalog, communes, 7)
    assert other.counts(0) == plan.counts(0)  # calibrated whatever the seed
    assert other.values != plan.values
    assert (other.met != plan.met).any()


def test_another_seed_replaces_the_demo_data_and_real_data_is_never_touched(demo):
    replaced = demo_monitoring_load(seed=7)
    assert replaced.loaded and replaced.revisions == 0
    sizes = table_sizes()
    assert sizes["Report"] == 905 and sizes["Recognition"] == 102
    assert sizes["ValueChange"] == sizes["IndicatorValue"] == replaced.values
    assert list(met_counts("2022").values()) == BASELINE
    # Reports of the demo periods without the demo's marker are someone's data.
    Job.objects.filter(kind="demo").update(kind="khac")
    with pytest.raises(DemoError, match="không phải số liệu minh họa"):
        demo_monitoring_load(seed=DEFAULT_SEED)
