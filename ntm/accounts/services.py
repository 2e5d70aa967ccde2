"""Writes on accounts."""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser

from ntm.accounts.models import User


def password_change_required_clear(user: AbstractBaseUser) -> None:
    """The user chose a new password: no longer sent to the change page."""
    User.objects.filter(pk=user.pk, must_change_password=True).update(must_change_password=False)
