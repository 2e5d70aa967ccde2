from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _

from ntm.accounts.middleware import SESSION_ENDED
from ntm.accounts.services import password_change_required_clear
from ntm.demo.accounts import DEMO_PASSWORD, DEMO_USERS


def _login_context(request: HttpRequest) -> dict[str, Any]:
    context: dict[str, Any] = {}
    if settings.NTM_DEMO:
        context["demo_logins"] = DEMO_USERS
        context["demo_password"] = DEMO_PASSWORD
    return context


class LoginView(auth_views.LoginView):
    """Django's login, plus the demo accounts listed in demo mode only and a
    note when the previous session ended by itself."""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(_login_context(self.request))
        context["session_ended"] = self.request.GET.get("phien") == SESSION_ENDED
        return context


def login_locked_out(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict[str, Any] | None = None,
) -> HttpResponse:
    """The login page with the lockout message (django-axes calls this once
    NTM_LOGIN_FAILURE_LIMIT wrong passwords were given for one username from
    one address); 429 Too Many Requests."""
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    form = AuthenticationForm(request, initial={"username": username})
    context = {
        **_login_context(request),
        "form": form,
        "next": request.POST.get("next", request.GET.get("next", "")),
        "locked_out": _(
            "Tài khoản tạm khoá do nhập sai mật khẩu nhiều lần; thử lại sau %(minutes)s phút "
            "hoặc liên hệ quản trị."
        )
        % {"minutes": settings.NTM_LOGIN_COOLOFF_MINUTES},
    }
    return render(request, "registration/login.html", context, status=429)


class PasswordChangeView(auth_views.PasswordChangeView):
    """A user changes their own password (the current one, then the new one
    twice); Django's password rules apply. Also where a user the administrator
    marked "must change password" is sent first."""

    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("home")

    def form_valid(self, form: PasswordChangeForm) -> HttpResponse:
        response = super().form_valid(form)
        password_change_required_clear(form.user)
        messages.success(self.request, _("Đã đổi mật khẩu."))
        return response
