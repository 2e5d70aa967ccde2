from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from ntm.jobs.models import Job


@login_required
def job_status(request: HttpRequest, pk: int) -> HttpResponse:
    """A progress fragment; it polls itself until the job has finished."""
    job = get_object_or_404(Job, pk=pk)
    return render(request, "jobs/_status.html", {"job": job})
