"""Stored evaluations: equal to the scalar engine, recomputed when values or
thresholds change, and recording which revisions they used."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from ntm.criteria.selectors import criteria_catalog
from ntm.criteria.services import threshold_revise
from ntm.jobs.models import Job
from ntm.monitoring.evaluations import evaluations_recompute, report_explain
from ntm.monitoring.models import Evaluation
from ntm.units.models import AdminUnit

pytestmark = pytest.mark.django_db
SET = "xa-ntm-2021-2025"


def random_values(rng: random.Random) -> dict[str, str]:
    cset = criteria_catalog().get(SET)
    values = {}
    for measure in cset.indicators:
        if rng.random() < 0.15:
            continue  # missing
        kind = str(measure.value_type)
        if kind == "boolean":
            values[measure.code] = rng.choice(["Đạt", "Không đạt"])
        elif kind == "percent":
            values[measure.code] = rng.choice(
                ["50", "49,99", "100", "24", f"{rng.uniform(0, 100):.2f}"]
            )
        elif kind == "count":
            values[measure.code] = str(rng.randint(0, 5))
        elif kind == "enum":
            values[measure.code] = rng.choice(measure.options)
        else:
            values[measure.code] = f"{rng.uniform(0, 80):.1f}"
    return values


def test_stored_results_equal_the_scalar_engine(fill_report):
    rng = random.Random(7)
    communes = list(AdminUnit.objects.filter(type="xa", in_programme=True).order_by("code")[:12])
    reports = [
        fill_report(
            unit,
            "2022",
            random_values(rng),
            facts={
                "has_traditional_craft": rng.random() < 0.3,
                "more_than_3_schools": rng.random() < 0.5,
            },
        )
        for unit in communes
    ]
    for report in reports:
        scalar = report_explain(report)
        for evaluation in Evaluation.objects.filter(report=report).select_related("criteria_set"):
            expected = scalar[evaluation.criteria_set.code]
            assert evaluation.criteria_met_count == expected.criteria_met_count
            assert evaluation.verdicts == {
                m.code: int(m.verdict) for m in (*expected.indicators, *expected.conditions)
            }
            assert {c.code: c.met for c in evaluation.criteria.all()} == {
                c.code: c.met for c in expected.criteria
            }
            assert set(evaluation.levels.values_list("code", flat=True)) == set(
                expected.levels_reached
            )


def test_a_threshold_revision_re_evaluates_in_the_background(
    fill_report, tan_lien, monitoring_world, django_capture_on_commit_callbacks
):
    report = fill_report(tan_lien, "2022", {"2.1": "85", "2.2": "90", "2.3": "90", "2.4": "90"})
    evaluation = Evaluation.objects.get(report=report, criteria_set__code=SET)
    assert evaluation.verdicts["2.1"] == 3  # missing threshold
    assert evaluation.revisions_count == 0
    with django_capture_on_commit_callbacks(execute=True):
        revision = threshold_revise(
            user=monitoring_world["vpdp"],
            set_code=SET,
            indicator_code="2.1",
            raw_value="80",
            classes=None,
            years=None,
            document_number="1/QĐ-UBND",
            document_date=dt.date(2023, 1, 5),
        )
    job = Job.objects.get(kind="recompute")
    assert job.status == Job.Status.DONE and job.done == job.total >= 1
    evaluation = Evaluation.objects.get(report=report, criteria_set__code=SET)
    assert evaluation.verdicts["2.1"] == 1
    assert (evaluation.revisions_count, evaluation.revisions_last_id) == (1, revision.pk)


def test_recompute_all_is_idempotent(fill_report, tan_lien):
    fill_report(tan_lien, "2022", {"15.4": "55"})
    before = list(
        Evaluation.objects.order_by("criteria_set__code").values_list(
            "criteria_set__code", "criteria_met_count", "verdicts"
        )
    )
    assert evaluations_recompute() == 1
    after = list(
        Evaluation.objects.order_by("criteria_set__code").values_list(
            "criteria_set__code", "criteria_met_count", "verdicts"
        )
    )
    assert before == after
