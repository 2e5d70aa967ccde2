"""Creating and advancing jobs. Progress writes use their own short
statements (not the task's transaction) so pages see them while work runs."""

from __future__ import annotations

from typing import Any

from django.db.models import F
from django.utils import timezone

from ntm.jobs.models import Job


def job_create(*, kind: str, title: str, user: Any = None, total: int = 0) -> Job:
    return Job.objects.create(kind=kind, title=title, created_by=user, total=total)


def job_start(*, job_id: int, total: int) -> None:
    Job.objects.filter(pk=job_id).update(status=Job.Status.RUNNING, total=total, done=0)


def job_advance(*, job_id: int, by: int = 1, message: str | None = None) -> None:
    changes: dict[str, Any] = {"done": F("done") + by}
    if message is not None:
        changes["message"] = message
    Job.objects.filter(pk=job_id).update(**changes)


def job_finish(*, job_id: int, result: dict[str, Any] | None = None, message: str = "") -> None:
    Job.objects.filter(pk=job_id).update(
        status=Job.Status.DONE,
        done=F("total"),
        result=result or {},
        message=message,
        finished_at=timezone.now(),
    )


def job_fail(*, job_id: int, message: str) -> None:
    Job.objects.filter(pk=job_id).update(
        status=Job.Status.FAILED, message=message, finished_at=timezone.now()
    )
