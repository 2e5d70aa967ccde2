"""Criteria sets in the database, and threshold revisions with citations."""

from __future__ import annotations

import datetime as dt

import pytest
from django.apps import apps

from ntm.core.evaluation import UnitInput, Verdict, evaluate_unit
from ntm.criteria.models import CriteriaSet, Indicator, ThresholdRevision
from ntm.criteria.selectors import criteria_catalog, criteria_set_table
from ntm.criteria.services import CriteriaError, criteria_load, threshold_revise
from ntm.criteria.signals import threshold_revised, threshold_revised_paused
from ntm.jobs.models import Job

pytestmark = pytest.mark.django_db
COMMUNE_SET = "xa-ntm-2021-2025"
DOC = {"document_number": "123/QĐ-UBND", "document_date": dt.date(2023, 3, 1)}


def test_load_mirrors_every_shipped_set_and_is_idempotent(criteria_db):
    assert set(CriteriaSet.objects.values_list("code", flat=True)) == {
        "xa-ntm-2021-2025",
        "xa-ntm-nang-cao-2021-2025",
        "xa-ntm-kieu-mau-2021-2025",
        "huyen-ntm-2021-2025",
        "xa-ntm-2026-2030",
    }
    commune = CriteriaSet.objects.get(code=COMMUNE_SET)
    assert commune.criteria.count() == 19
    core = criteria_catalog().get(COMMUNE_SET)
    assert commune.indicators.filter(criterion__isnull=False).count() == len(core.indicators)
    before = list(Indicator.objects.order_by("pk").values())
    again = criteria_load()
    assert again.sets == 5
    assert list(Indicator.objects.order_by("pk").values()) == before


def test_missing_threshold_is_filled_by_a_revision_and_cited(criteria_db, demo_users):
    core = criteria_catalog().get(COMMUNE_SET)
    before = core.threshold("2.1", "TDMNPB", 2023)
    assert before is None or before.value is None
    unit = UnitInput("TDMNPB", 2023, {"2.1": 85.0})
    assert evaluate_unit(core, unit).indicator("2.1").verdict is Verdict.MISSING_THRESHOLD

    revision = threshold_revise(
        user=demo_users["vpdp"],
        set_code=COMMUNE_SET,
        indicator_code="2.1",
        raw_value="100%",
        classes=["TDMNPB"],
        years=None,
        **DOC,
    )
    assert revision.value == 100.0 and revision.created_by == demo_users["vpdp"]
    revised = criteria_catalog().get(COMMUNE_SET)
    result = evaluate_unit(revised, unit).indicator("2.1")
    assert result.verdict is Verdict.NOT_MET
    assert "85%" in result.reason and "100%" in result.reason
    assert "123/QĐ-UBND ngày 01/03/2023" in result.reason
    # other regions are untouched
    assert (
        evaluate_unit(revised, UnitInput("DBSH", 2023, {"2.1": 85.0})).indicator("2.1").verdict
        is Verdict.MISSING_THRESHOLD
    )


def test_a_later_revision_replaces_an_earlier_one_and_both_are_kept(criteria_db, demo_users):
    for value in ("90", "95,5"):
        threshold_revise(
            user=demo_users["quantri"],
            set_code=COMMUNE_SET,
            indicator_code="2.2",
            raw_value=value,
            classes=None,
            years=[2023],
            **DOC,
        )
    core = criteria_catalog().get(COMMUNE_SET)
    assert core.threshold("2.2", "TDMNPB", 2023).value == 95.5
    assert core.threshold("2.2", "TDMNPB", 2024).value is None
    assert ThresholdRevision.objects.count() == 2
    table = criteria_set_table(core, "TDMNPB", 2023)
    row = next(r for block in table for r in block.rows if r.measure.code == "2.2")
    assert row.shown == "≥ 95,5%"
    assert [r.value for r in row.revisions] == [95.5, 90.0]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"raw_value": "130"}, "tỷ lệ phải từ 0% đến 100%"),
        ({"raw_value": "abc"}, "không hợp lệ"),
        ({"document_number": " "}, "Cần ghi số và ngày văn bản"),
        ({"document_date": None}, "Cần ghi số và ngày văn bản"),
        ({"classes": ["MIENBAC"]}, "không có trong bộ: MIENBAC"),
        ({"years": [2030]}, "không có năm 2030"),
        ({"indicator_code": "99.9"}, "Không có chỉ tiêu 99.9"),
    ],
)
def test_bad_revisions_are_refused_and_nothing_is_saved(criteria_db, demo_users, kwargs, message):
    args = {
        "user": demo_users["vpdp"],
        "set_code": COMMUNE_SET,
        "indicator_code": "2.1",
        "raw_value": "100",
        "classes": None,
        "years": None,
        **DOC,
    }
    with pytest.raises(CriteriaError, match=message):
        threshold_revise(**{**args, **kwargs})
    assert not ThresholdRevision.objects.exists()


@pytest.mark.parametrize("username", ["tanlien", "caoloc", "soxaydung", "lanhdao"])
def test_only_the_office_and_the_administrator_revise(criteria_db, demo_users, username):
    with pytest.raises(CriteriaError, match="Chỉ Văn phòng Điều phối"):
        threshold_revise(
            user=demo_users[username],
            set_code=COMMUNE_SET,
            indicator_code="2.1",
            raw_value="100",
            classes=None,
            years=None,
            **DOC,
        )


def revise(user, indicator_code: str = "4.2", raw_value: str = "98") -> ThresholdRevision:
    return threshold_revise(
        user=user,
        set_code=COMMUNE_SET,
        indicator_code=indicator_code,
        raw_value=raw_value,
        classes=None,
        years=None,
        **DOC,
    )


def test_listeners_hear_of_a_revision_after_commit(
    criteria_db, demo_users, django_capture_on_commit_callbacks
):
    heard: list[str] = []

    def listener(sender, *, set_code, **kwargs):
        heard.append(set_code)

    threshold_revised.connect(listener)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            revise(demo_users["vpdp"])
            assert heard == []  # not before the commit
    finally:
        threshold_revised.disconnect(listener)
    assert heard == [COMMUNE_SET]


def test_a_paused_revision_is_heard_by_nobody(
    criteria_db, demo_users, django_capture_on_commit_callbacks
):
    heard: list[str] = []

    def listener(sender, *, set_code, **kwargs):
        heard.append(set_code)

    threshold_revised.connect(listener)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            with threshold_revised_paused():
                revise(demo_users["vpdp"])
            revise(demo_users["vpdp"], indicator_code="2.1", raw_value="100")
    finally:
        threshold_revised.disconnect(listener)
    assert heard == [COMMUNE_SET]  # the second revision only


def test_monitoring_re_evaluates_after_a_revision(
    criteria_db, demo_users, django_capture_on_commit_callbacks
):
    # Connected once, however many times the app is readied.
    apps.get_app_config("monitoring").ready()
    with django_capture_on_commit_callbacks(execute=True):
        revise(demo_users["vpdp"])
    job = Job.objects.get(kind="recompute")  # exactly one
    assert job.title == "Đánh giá lại theo bộ tiêu chí xã nông thôn mới giai đoạn 2021-2025"
    assert job.status == Job.Status.DONE
