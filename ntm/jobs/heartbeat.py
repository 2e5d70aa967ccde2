"""The lease of a running job: while a task works, a thread of its worker
renews ``Job.heartbeat_at`` on a connection of its own, so the renewal is
seen even while the task's own transaction is open. A worker that dies
(killed, out of memory, machine stopped) stops renewing, and
``ntm.jobs.recovery`` finds the job once the lease is older than
``NTM_JOB_STALE_SECONDS``."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.db import DatabaseError, connections
from django.utils import timezone

from ntm.jobs.models import Job

logger = logging.getLogger(__name__)

# Renewals per stale period: one lost renewal (a busy database) is not fatal.
RENEWALS_PER_PERIOD = 5


def stale_seconds() -> int:
    """How old a lease may grow before its job counts as interrupted."""
    return max(1, int(settings.NTM_JOB_STALE_SECONDS))


def renewal_interval() -> float:
    return max(0.2, stale_seconds() / RENEWALS_PER_PERIOD)


def job_touch(job_id: int) -> None:
    """Renew the lease of an unfinished job."""
    Job.objects.filter(pk=job_id, status__in=(Job.Status.QUEUED, Job.Status.RUNNING)).update(
        heartbeat_at=timezone.now()
    )


def _renew(job_id: int, stop: threading.Event, interval: float) -> None:
    try:
        while not stop.wait(interval):
            try:
                job_touch(job_id)
            except DatabaseError:  # SQLite locked by the task's own write: retry next time
                logger.warning("job %s: lease not renewed (database busy), retrying", job_id)
    finally:
        connections.close_all()  # this thread's connections only


@contextmanager
def job_heartbeat(job_id: int | None) -> Iterator[None]:
    """Keep the lease of ``job_id`` alive while the block runs."""
    if job_id is None:
        yield
        return
    job_touch(job_id)
    stop = threading.Event()
    renewer = threading.Thread(
        target=_renew, args=(job_id, stop, renewal_interval()), name=f"job-{job_id}", daemon=True
    )
    renewer.start()
    try:
        yield
    finally:
        stop.set()
        renewer.join()
