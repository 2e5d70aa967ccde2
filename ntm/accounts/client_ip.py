"""The client's address for login throttling, also behind a reverse proxy."""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    """The address named by NTM_CLIENT_IP_HEADER when set (the proxy in front
    writes it), else the connection's. In X-Forwarded-For the last entry is the
    one our proxy appended; the ones before it come from the client and could
    be forged, so they are not used. A missing or malformed value falls back to
    the connection's address."""
    header = settings.NTM_CLIENT_IP_HEADER
    if header:
        raw = request.META.get("HTTP_" + header.upper().replace("-", "_"), "")
        candidate = str(raw).split(",")[-1].strip()
        try:
            return str(ipaddress.ip_address(candidate))
        except ValueError:
            pass
    remote = request.META.get("REMOTE_ADDR")
    return str(remote) if remote else None
