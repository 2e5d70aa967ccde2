"""Access in views: the 403 page a refused person sees."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.functional import Promise

from ntm.accounts.access import Action, access_allows
from ntm.accounts.models import User
from ntm.units.models import AdminUnit


def require(
    request: HttpRequest, action: Action, unit: AdminUnit, refusal: str | Promise = ""
) -> None:
    """Refuse with a 403 unless the person may do ``action`` on ``unit``;
    the page shows ``refusal`` (else its general text)."""
    user = request.user
    if not isinstance(user, User) or not access_allows(user, action, unit):
        raise PermissionDenied(refusal)
