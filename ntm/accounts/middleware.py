"""Sessions that end: after NTM_SESSION_IDLE_MINUTES without a request and
NTM_SESSION_MAX_HOURS after the login; and a password the administrator asked
to be changed is changed before anything else."""

from __future__ import annotations

import time
from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django_htmx.http import HttpResponseClientRedirect

SEEN = "ntm_seen"
STARTED = "ntm_started"
# The last-seen time is written at most this often (seconds): a session write
# on every request would cost a database write per click for nothing.
SEEN_RESOLUTION = 60
SESSION_ENDED = "het-phien"


def _redirect(request: HttpRequest, url: str) -> HttpResponse:
    if getattr(request, "htmx", False):  # htmx swaps fragments: the whole page must go
        return HttpResponseClientRedirect(url)
    return HttpResponseRedirect(url)


class SessionTimeoutMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            ended = self._touch(request)
            if ended is not None:
                return ended
            if getattr(request.user, "must_change_password", False):
                forced = self._password_change_first(request)
                if forced is not None:
                    return forced
        return self.get_response(request)

    def _touch(self, request: HttpRequest) -> HttpResponse | None:
        session = request.session
        now = int(time.time())
        seen = session.get(SEEN)
        started = session.get(STARTED)
        idle = settings.NTM_SESSION_IDLE_MINUTES * 60
        longest = settings.NTM_SESSION_MAX_HOURS * 3600
        if (seen is not None and now - seen > idle) or (
            started is not None and now - started > longest
        ):
            logout(request)
            back = request.get_full_path() if request.method == "GET" else request.path
            query = urlencode({"next": back, "phien": SESSION_ENDED})
            return _redirect(request, f"{reverse('login')}?{query}")
        if started is None:
            session[STARTED] = now
        if seen is None or now - seen >= SEEN_RESOLUTION:
            session[SEEN] = now
        return None

    def _password_change_first(self, request: HttpRequest) -> HttpResponse | None:
        allowed = {reverse("password_change"), reverse("logout"), reverse("set_language")}
        if request.path in allowed or request.path.startswith(settings.STATIC_URL):
            return None
        return _redirect(request, reverse("password_change"))
