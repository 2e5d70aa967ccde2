"""The request the monitoring views receive, typed for what they rely on."""

from __future__ import annotations

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

from ntm.accounts.models import User


class SignedInRequest(HttpRequest):
    """A request behind ``login_required`` (so ``user`` is a :class:`User`),
    after django-htmx's middleware has set ``htmx``. For type checking only:
    Django still passes a plain request."""

    user: User
    htmx: HtmxDetails
