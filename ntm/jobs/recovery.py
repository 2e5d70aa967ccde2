"""Finding jobs whose worker died, and failing them cleanly.

A job counts as interrupted when its lease (``Job.heartbeat_at``, renewed by
``ntm.jobs.heartbeat`` while a worker runs it; else the time it was created)
is older than ``NTM_JOB_STALE_SECONDS`` and django-tasks does not hold it
waiting for a worker: its task row is running (the worker was killed), has
finished without finishing the job, or does not exist (the task was never
queued). Such a job is marked failed with a message, its task row failed,
and ``job_interrupted`` lets the owner of the work release it, all in one
transaction.

Recovery runs when someone opens the job's status (``job_recover_if_stale``),
from ``ntm jobs recover`` (at the worker's start and from a timer), and each
time a worker starts a task, so nothing depends on a page view."""

from __future__ import annotations

import datetime as dt
import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from ntm.dates import format_moment
from ntm.jobs.heartbeat import stale_seconds
from ntm.jobs.models import Job
from ntm.jobs.services import job_interrupted_message
from ntm.jobs.signals import job_interrupted

logger = logging.getLogger(__name__)

UNFINISHED = (Job.Status.QUEUED, Job.Status.RUNNING)


class WorkerLost(Exception):
    """Recorded on the task row of an interrupted job: its worker stopped."""


def _lease(job: Job) -> dt.datetime:
    return job.heartbeat_at or job.created_at


def _task_row(job: Job) -> tuple[str, dt.datetime | None] | None:
    """The state of the job's django-tasks row and when a worker took it;
    None when there is none."""
    if not job.task_id:
        return None
    try:
        rows = DBTaskResult.objects.filter(pk=job.task_id).values_list("status", "started_at")
        return rows.first()
    except (ValueError, ValidationError):  # not a uuid: queued by another backend
        return None


def job_is_stale(job: Job, *, now: dt.datetime | None = None, seconds: int | None = None) -> bool:
    """Has the worker of this unfinished job stopped?"""
    if job.status not in UNFINISHED:
        return False
    limit = stale_seconds() if seconds is None else seconds
    cutoff = (now or timezone.now()) - dt.timedelta(seconds=limit)
    if _lease(job) > cutoff:
        return False
    row = _task_row(job)
    if row is None:
        return True  # never queued, or its row is gone
    status, started_at = row
    # Waiting in the queue is not an interruption: no worker has taken it yet;
    # nor is a task a worker has just taken (its lease starts when it runs).
    return status != TaskResultStatus.READY and not (started_at and started_at > cutoff)


@transaction.atomic
def job_interrupt(job: Job) -> bool:
    """Fail ``job`` as interrupted, unless its worker renewed the lease or
    finished it meanwhile; False when nothing was changed."""
    now = timezone.now()
    lease = Q(heartbeat_at=job.heartbeat_at) if job.heartbeat_at else Q(heartbeat_at__isnull=True)
    message = job_interrupted_message(format_moment(_lease(job)))
    text, i18n = message.source(), message.to_json()
    changed = Job.objects.filter(lease, pk=job.pk, status__in=UNFINISHED).update(
        status=Job.Status.FAILED, message=text, message_i18n=i18n, finished_at=now
    )
    if not changed:
        return False
    if _task_row(job) is not None:
        DBTaskResult.objects.filter(pk=job.task_id, status=TaskResultStatus.RUNNING).update(
            status=TaskResultStatus.FAILED,
            finished_at=now,
            exception_class_path=f"{WorkerLost.__module__}.{WorkerLost.__qualname__}",
            traceback=text,
        )
    job.refresh_from_db()
    job_interrupted.send(sender=Job, job=job)
    logger.warning("job %s: interrupted, its worker stopped; marked failed", job.pk)
    return True


def job_recover_if_stale(job: Job) -> Job:
    """The job as it should be shown: failed if its worker has stopped."""
    if job_is_stale(job) and job_interrupt(job):
        job.refresh_from_db()
    return job


def jobs_recover(*, seconds: int | None = None) -> list[int]:
    """Fail every interrupted job; the ids of those failed now."""
    now = timezone.now()
    limit = stale_seconds() if seconds is None else seconds
    cutoff = now - dt.timedelta(seconds=limit)
    candidates = Job.objects.filter(status__in=UNFINISHED).filter(
        Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True, created_at__lt=cutoff)
    )
    return [
        job.pk
        for job in candidates.order_by("pk")
        if job_is_stale(job, now=now, seconds=limit) and job_interrupt(job)
    ]


def recover_on_task_start(sender: object, **kwargs: object) -> None:
    jobs_recover()
