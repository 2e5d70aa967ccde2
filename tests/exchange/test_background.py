"""Large imports run as a background task with a job showing progress."""

from __future__ import annotations

import pytest

from ntm.exchange import services
from ntm.exchange.models import ImportBatch
from ntm.jobs.models import Job
from ntm.monitoring.models import Evaluation, IndicatorValue
from tests.exchange.conftest import fill, make_template, officer_for

pytestmark = pytest.mark.django_db


def test_a_large_commit_is_queued_and_reports_progress(
    world, cao_loc, client, django_capture_on_commit_callbacks, monkeypatch
):
    communes = list(cao_loc.children.filter(type="xa", in_programme=True))
    clerk = officer_for(cao_loc)
    cells = {
        (c.code, code): value for c in communes for code, value in (("2.1", "80"), ("1.1", "Đạt"))
    }
    data = fill(make_template(cao_loc), cells)
    batch = services.import_upload(user=clerk, data=data, filename="huyen.xlsx")
    assert batch.n_changes == 2 * len(communes)
    monkeypatch.setattr(services, "BACKGROUND_MIN_CHANGES", 10)
    client.force_login(clerk)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(f"/du-lieu/nhap/{batch.pk}/ghi/")
    assert response.status_code == 302
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.QUEUED and batch.job.status == Job.Status.QUEUED
    page = client.get(f"/du-lieu/nhap/{batch.pk}/").content.decode()
    assert "Đang ghi (chạy nền)" in page
    assert 'data-testid="job-status"' in page and f"/tac-vu/{batch.job_id}/" in page
    assert not IndicatorValue.objects.exists()
    for callback in callbacks:  # the queue runs the task (immediate backend in tests)
        callback()
    batch.refresh_from_db()
    job = Job.objects.get(pk=batch.job_id)
    assert batch.status == ImportBatch.Status.COMMITTED
    assert (job.status, job.percent, job.created_by) == (Job.Status.DONE, 100, clerk)
    assert (
        job.message
        == batch.message
        == f"Đã ghi {2 * len(communes)} giá trị của {len(communes)} xã, kỳ Năm 2023."
    )
    assert IndicatorValue.objects.count() == 2 * len(communes)
    assert Evaluation.objects.filter(report__unit__in=communes).count() >= len(communes)
    fragment = client.get(f"/du-lieu/nhap/{batch.pk}/trang-thai/").content.decode()
    assert 'data-status="committed"' in fragment and "hx-get" not in fragment
