"""Who may read a job: its owner, and those who may see the unpublished work
of the job's unit (the same right that shows an import batch or the drafts
of a report). Others are told it does not exist."""

from __future__ import annotations

from ntm.accounts.access import Action, access_allows
from ntm.accounts.models import User
from ntm.jobs.models import Job


def job_visible(user: User, job: Job) -> bool:
    if job.created_by_id is not None and job.created_by_id == user.pk:
        return True
    return job.unit is not None and access_allows(user, Action.VIEW_DRAFTS, job.unit)


def job_get_for(user: User, pk: int) -> Job | None:
    """The job ``pk`` if ``user`` may read it, else None."""
    job = Job.objects.select_related("unit").filter(pk=pk).first()
    return job if job is not None and job_visible(user, job) else None
