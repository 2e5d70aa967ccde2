"""Jobs whose worker died: found from their lease and the task row, failed
with a message when their status is polled or by ``ntm jobs recover``, their
import batch released; and who may read a job at all."""

from __future__ import annotations

import datetime as dt
import json
import time
import uuid

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from ntm.accounts.models import Role, RoleAssignment, User
from ntm.exchange import services
from ntm.exchange.models import ImportBatch
from ntm.jobs.heartbeat import job_heartbeat
from ntm.jobs.models import Job
from ntm.jobs.recovery import jobs_recover
from ntm.monitoring.models import IndicatorValue
from tests.exchange.conftest import fill, make_template, officer_for

INTERRUPTED = "Tác vụ bị gián đoạn (máy chủ xử lý dừng giữa chừng)"
LONG_AGO = dt.timedelta(minutes=30)


@pytest.fixture
def world(criteria_db, demo_users):
    return demo_users


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def queued_batch(tan_lien, django_capture_on_commit_callbacks) -> ImportBatch:
    """A commit queued in the background whose task never ran."""
    clerk = officer_for(tan_lien)
    data = fill(
        make_template(tan_lien), {(tan_lien.code, "2.1"): "80", (tan_lien.code, "1.1"): "Đạt"}
    )
    batch = services.import_upload(user=clerk, data=data, filename="xa.xlsx")
    with django_capture_on_commit_callbacks(execute=False):
        batch = services.import_commit(user=clerk, batch=batch, background=True)
    assert batch.status == ImportBatch.Status.QUEUED and batch.job is not None
    return batch


def died(job: Job, *, task: str | None = "RUNNING", ago: dt.timedelta = LONG_AGO) -> None:
    """As the worker left it: running, lease renewed ``ago``, task row ``task``."""
    task_id = ""
    if task is not None:
        row = DBTaskResult.objects.create(
            status=task,
            args_kwargs={"args": [], "kwargs": {}},
            task_path="ntm.exchange.services.import_commit_task",
            backend_name="default",
            run_after=timezone.now(),
            exception_class_path="",
            traceback="",
        )
        task_id = str(row.pk)
    Job.objects.filter(pk=job.pk).update(
        status=Job.Status.RUNNING, heartbeat_at=timezone.now() - ago, task_id=task_id
    )


@pytest.mark.django_db
def test_polling_a_dead_job_fails_it_stops_polling_and_releases_the_batch(
    world, tan_lien, django_capture_on_commit_callbacks
):
    batch = queued_batch(tan_lien, django_capture_on_commit_callbacks)
    owner = client_for(batch.uploaded_by)
    running = owner.get(reverse("jobs:status", args=[batch.job_id])).content.decode()
    assert 'data-status="queued"' in running and "hx-get" in running
    died(batch.job)

    page = owner.get(reverse("jobs:status", args=[batch.job_id])).content.decode()
    assert 'data-status="failed"' in page and "hx-get" not in page and INTERRUPTED in page
    job = Job.objects.get(pk=batch.job_id)
    assert job.status == Job.Status.FAILED and job.finished_at is not None
    assert DBTaskResult.objects.get(pk=job.task_id).status == "FAILED"
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.PREVIEWED and batch.committable
    assert "không có giá trị nào được ghi" in batch.message
    assert not IndicatorValue.objects.exists()
    # the batch page offers the choice again, and the commit goes through fully
    html = owner.get(reverse("exchange:batch", args=[batch.pk])).content.decode()
    assert reverse("exchange:commit", args=[batch.pk]) in html
    services.import_commit(user=batch.uploaded_by, batch=batch, background=False)
    assert IndicatorValue.objects.filter(report__unit=tan_lien).count() == 2


@pytest.mark.django_db
def test_a_released_batch_can_be_discarded_and_the_batch_poll_recovers_too(
    world, tan_lien, django_capture_on_commit_callbacks
):
    batch = queued_batch(tan_lien, django_capture_on_commit_callbacks)
    died(batch.job, task=None)  # never reached a task row
    fragment = (
        client_for(batch.uploaded_by)
        .get(reverse("exchange:batch_status", args=[batch.pk]))
        .content.decode()
    )
    assert 'data-status="previewed"' in fragment and "hx-get" not in fragment
    batch.refresh_from_db()
    discarded = services.import_discard(user=batch.uploaded_by, batch=batch)
    assert discarded.status == ImportBatch.Status.DISCARDED
    assert Job.objects.get(pk=batch.job_id).status == Job.Status.FAILED


@pytest.mark.django_db
def test_waiting_for_a_worker_or_a_fresh_lease_is_not_an_interruption(
    world, tan_lien, django_capture_on_commit_callbacks
):
    waiting = queued_batch(tan_lien, django_capture_on_commit_callbacks)
    died(waiting.job, task="READY")
    Job.objects.filter(pk=waiting.job_id).update(status=Job.Status.QUEUED)
    alive = Job.objects.create(kind="recompute", title="x", status=Job.Status.RUNNING)
    died(alive, ago=dt.timedelta(seconds=5))
    assert jobs_recover() == []
    assert jobs_recover(seconds=1) == [alive.pk]  # a lease of 5 s is stale past 1 s
    assert Job.objects.get(pk=waiting.job_id).status == Job.Status.QUEUED
    # queued long ago, taken by a worker just now: its lease starts when it runs
    taken = Job.objects.create(kind="import", title="x")
    died(taken, task="RUNNING")
    DBTaskResult.objects.filter(pk=Job.objects.get(pk=taken.pk).task_id).update(
        started_at=timezone.now()
    )
    Job.objects.filter(pk=taken.pk).update(status=Job.Status.QUEUED, heartbeat_at=None)
    Job.objects.filter(pk=taken.pk).update(created_at=timezone.now() - LONG_AGO)
    assert jobs_recover(seconds=60) == []
    finished = Job.objects.create(kind="x", title="x", status=Job.Status.DONE)
    Job.objects.filter(pk=finished.pk).update(created_at=timezone.now() - LONG_AGO)
    assert jobs_recover(seconds=1) == []


@pytest.mark.django_db
def test_the_recover_command(world, tan_lien, django_capture_on_commit_callbacks, capsys):
    batch = queued_batch(tan_lien, django_capture_on_commit_callbacks)
    died(batch.job)
    call_command("jobs", "recover", "--format", "json")
    assert json.loads(capsys.readouterr().out) == {"failed": [batch.job_id], "stale_seconds": 300}
    call_command("jobs", "recover")
    assert "Không có tác vụ nào bị gián đoạn." in capsys.readouterr().out


@pytest.mark.django_db(transaction=True)
def test_the_lease_is_renewed_from_its_own_thread_while_the_task_runs(settings):
    settings.NTM_JOB_STALE_SECONDS = 1  # renewed every 0.2 s
    job = Job.objects.create(kind="x", title="x", status=Job.Status.RUNNING)
    with job_heartbeat(job.pk):
        first = Job.objects.get(pk=job.pk).heartbeat_at
        time.sleep(0.7)
        later = Job.objects.get(pk=job.pk).heartbeat_at
        assert jobs_recover(seconds=1) == []
    assert first is not None and later is not None and later > first
    time.sleep(1.2)  # the task ended: nothing renews the lease any more
    assert jobs_recover(seconds=1) == [job.pk]


# -- who reads a job ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_job_is_read_by_its_owner_and_those_with_rights_on_its_unit_only(
    world, tan_lien, django_capture_on_commit_callbacks
):
    batch = queued_batch(tan_lien, django_capture_on_commit_callbacks)
    url = reverse("jobs:status", args=[batch.job_id])
    assert Job.objects.get(pk=batch.job_id).unit == tan_lien
    other = User.objects.create_user(f"xa-khac-{uuid.uuid4().hex[:6]}")
    sibling = tan_lien.parent.children.exclude(pk=tan_lien.pk).filter(type="xa").first()
    RoleAssignment.objects.create(user=other, role=Role.COMMUNE_OFFICER, unit=sibling)
    expected = {
        batch.uploaded_by.username: 200,
        "tanlien": 200,  # the commune's own officer
        "caoloc": 200,  # its district
        "vpdp": 200,
        "quantri": 200,
        "soxaydung": 404,  # a department does not see a commune's unpublished work
        "lanhdao": 200,
        other.username: 404,  # another commune of the same district
    }
    users = {u.username: u for u in User.objects.filter(username__in=expected)}
    seen = {name: client_for(users[name]).get(url).status_code for name in expected}
    assert seen == expected
    assert client_for(users["tanlien"]).post(url).status_code == 405
    assert Client().get(url).status_code == 302  # to the login page
    assert (
        client_for(users["tanlien"]).get(reverse("jobs:status", args=[999999])).status_code == 404
    )


@pytest.mark.django_db
def test_a_document_whose_worker_died_is_failed_and_its_row_stops_polling(world, tan_lien):
    from ntm.jobs.services import job_create
    from ntm.reports.models import GeneratedDocument

    officer = world["tanlien"]
    job = job_create(kind="report", title="Báo cáo xã", user=officer, unit=tan_lien)
    document = GeneratedDocument.objects.create(
        kind="xa",
        title="Báo cáo xã",
        period_code="2023",
        unit=tan_lien,
        job=job,
        params={"drafts": True},
        requested_by=officer,
    )
    client = client_for(officer)
    row = client.get(reverse("reports:row", args=[document.pk])).content.decode()
    assert 'data-status="queued"' in row and "hx-get" in row
    died(job, task="RUNNING")
    row = client.get(reverse("reports:row", args=[document.pk])).content.decode()
    assert 'data-status="failed"' in row and "hx-get" not in row and INTERRUPTED in row
    document.refresh_from_db()
    assert document.status == GeneratedDocument.Status.FAILED and document.finished_at
