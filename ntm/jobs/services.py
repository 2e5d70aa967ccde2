"""Creating and advancing jobs. Progress writes use their own short
statements (not the task's transaction) so pages see them while work runs.

Titles and messages are ``Message`` values (a msgid marked with
``gettext_noop`` and its parameters): the Vietnamese text is stored with
what translates it when a page shows it. Plain text is stored as it is."""

from __future__ import annotations

from typing import Any

from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_noop
from django_tasks import TaskResult

from ntm.accounts.models import User
from ntm.jobs.models import Job
from ntm.stored_text import Message, stored
from ntm.units.models import AdminUnit


def job_create(
    *,
    kind: str,
    title: Message | str,
    user: User | None = None,
    total: int = 0,
    unit: AdminUnit | None = None,
) -> Job:
    """A queued job of ``user`` about ``unit``: both decide who may read it."""
    text, i18n = stored(title)
    return Job.objects.create(
        kind=kind, title=text, title_i18n=i18n, created_by=user, total=total, unit=unit
    )


def job_queued(*, job_id: int, result: TaskResult[Any]) -> None:
    """Record the task row that will run the job (recovery reads its state)."""
    Job.objects.filter(pk=job_id).update(task_id=str(result.id))


def job_start(*, job_id: int, total: int) -> None:
    Job.objects.filter(pk=job_id).update(
        status=Job.Status.RUNNING, total=total, done=0, heartbeat_at=timezone.now()
    )


def job_advance(*, job_id: int, by: int = 1, message: Message | str | None = None) -> None:
    changes: dict[str, Any] = {"done": F("done") + by, "heartbeat_at": timezone.now()}
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


def job_interrupted_message(since: str) -> Message:
    """What an interrupted job says (``since``: its last sign of life)."""
    return Message(
        gettext_noop(
            "Tác vụ bị gián đoạn (máy chủ xử lý dừng giữa chừng), không còn hoạt động từ "
            "%(since)s. Hãy thực hiện lại."
        ),
        {"since": since},
    )
