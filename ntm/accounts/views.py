from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import views as auth_views

from ntm.demo.accounts import DEMO_PASSWORD, DEMO_USERS


class LoginView(auth_views.LoginView):
    """Django's login, plus the demo accounts listed in demo mode only."""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        if settings.NTM_DEMO:
            context["demo_logins"] = DEMO_USERS
            context["demo_password"] = DEMO_PASSWORD
        return context
