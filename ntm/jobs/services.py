"""Creating and advancing jobs. Progress writes use their own short
statements (not the task's transaction) so pages see them while work runs.

Titles and messages are ``Message`` values (a msgid marked with
``gettext_noop`` and its parameters): the Vietnamese text is stored with
what translates it when a page shows it. Plain text is stored as it is."""

from __future__ import annotations

from typing import Any

from django.db.models import F
from django.utils import timezone

from ntm.accounts.models import User
from ntm.jobs.models import Job
from ntm.stored_text import Message, stored


def job_create(*, kind: str, title: Message | str, user: User | None = None, total: int = 0) -> Job:
    text, i18n = stored(title)
    return Job.objects.create(kind=kind, title=text, title_i18n=i18n, created_by=user, total=total)


def job_start(*, job_id: int, total: int) -> None:
    Job.objects.filter(pk=job_id).update(status=Job.Status.RUNNING, total=total, done=0)


def job_advance(*, job_id: int, by: int = 1, message: Message | str | None = None) -> None:
    changes: dict[str, Any] = {"done": F("done") + by}
    if message is not None:
        changes["message"], changes["message_i18n"] = stored(message)
    Job.objects.filter(pk=job_id).update(**changes)


def job_finish(
    *, job_id: int, result: dict[str, Any] | None = None, message: Message | str = ""
) -> None:
    text, i18n = stored(message)
    Job.objects.filter(pk=job_id).update(
        status=Job.Status.DONE,
        done=F("total"),
        result=result or {},
        message=text,
        message_i18n=i18n,
        finished_at=timezone.now(),
    )


def job_fail(*, job_id: int, message: Message | str) -> None:
    text, i18n = stored(message)
    Job.objects.filter(pk=job_id).update(
        status=Job.Status.FAILED, message=text, message_i18n=i18n, finished_at=timezone.now()
    )
