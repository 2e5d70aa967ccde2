"""The request a view behind ``login_required`` receives, typed as it is at
run time, so that views pass ``request.user`` to access rules that take a
``User`` (never an anonymous user) and read ``request.htmx``."""

from __future__ import annotations

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

from ntm.accounts.models import User


class AuthenticatedRequest(HttpRequest):
    user: User  # login_required let only signed-in users through
    htmx: HtmxDetails  # set on every request by HtmxMiddleware
