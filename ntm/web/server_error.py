"""The answer to an unexpected failure (Django's ``handler500``): the full
error page, or for an htmx request a short fragment that the page shows
next to the field (ntm/web/static/web/htmx-errors.js), saying nothing was
saved. Rendered without the request's context processors: the failure may
come from the database they would read."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponseServerError
from django.template import loader


def server_error(request: HttpRequest) -> HttpResponseServerError:
    htmx = request.headers.get("HX-Request") == "true"
    template = loader.get_template("web/_server_error.html" if htmx else "500.html")
    return HttpResponseServerError(template.render())
