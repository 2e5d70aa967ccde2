from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from ntm.jobs.recovery import job_recover_if_stale
from ntm.jobs.selectors import job_get_for
from ntm.web.http import AuthenticatedRequest


@login_required
@require_GET
def job_status(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """A progress fragment; it polls itself until the job has finished (or
    has been found interrupted). A job the person may not read is a 404, so
    its existence is not revealed."""
    job = job_get_for(request.user, pk)
    if job is None:
        raise Http404
    return render(request, "jobs/_status.html", {"job": job_recover_if_stale(job)})
