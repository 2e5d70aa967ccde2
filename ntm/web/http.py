"""HTTP helpers every view shares: the request a view behind
``login_required`` receives, typed as it is at run time (so that views pass
``request.user`` to access rules that take a ``User``, never an anonymous
user, and read ``request.htmx``), and file downloads named in Vietnamese."""

from __future__ import annotations

import re
from urllib.parse import quote

from django.core.files import File
from django.db.models.fields.files import FieldFile
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django_htmx.middleware import HtmxDetails

from ntm.accounts.models import User
from ntm.core.text import fold


class AuthenticatedRequest(HttpRequest):
    user: User  # login_required let only signed-in users through
    htmx: HtmxDetails  # set on every request by HtmxMiddleware


def as_attachment(response: HttpResponse, filename: str) -> HttpResponse:
    """Make ``response`` a download named ``filename``, which may hold
    Vietnamese letters: Django's header carries one ASCII name, browsers
    prefer the UTF-8 one beside it (RFC 6266)."""
    ascii_name = re.sub(r"[^A-Za-z0-9._-]+", "-", fold(filename)).strip("-") or "tep"
    response["Content-Disposition"] = (
        f"{content_disposition_header(True, ascii_name)}; filename*=UTF-8''{quote(filename)}"
    )
    return response


def evidence_file_open(field: FieldFile, name: str) -> File[bytes]:
    """A stored evidence file opened for download; a file missing on disk
    (restored database without its media, a deleted file) answers the 404
    page with a Vietnamese message instead of a server error."""
    try:
        return field.open("rb")
    except (FileNotFoundError, ValueError) as exc:  # ValueError: no file attached
        raise Http404(
            _(
                "Tệp minh chứng «%(name)s» không còn trên máy chủ. Hãy báo quản trị hệ thống "
                "hoặc tải tệp lên lại."
            )
            % {"name": name}
        ) from exc
