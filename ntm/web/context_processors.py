from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse

from ntm.accounts.access import access_has_any, access_roles
from ntm.accounts.models import Role
from ntm.web.navigation import NAV_ITEMS


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = request.user
    if not user.is_authenticated:
        return {"ntm_demo": settings.NTM_DEMO}
    items = [
        {
            "url": reverse(item.url_name),
            "label": item.label,
            "icon": item.icon,
            "active": item.is_active(request.path),
        }
        for item in NAV_ITEMS
        if any(access_has_any(user, action) for action in item.actions)
    ]
    labels = dict(Role.choices)
    return {
        "ntm_demo": settings.NTM_DEMO,
        "nav_items": items,
        "user_role_labels": sorted(str(labels[r]) for r in access_roles(user)),
    }
