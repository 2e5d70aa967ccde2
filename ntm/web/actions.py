"""Running a service from a view: a domain error is shown to the person (on
the form, or as a message), success as a flash message."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django import forms
from django.contrib import messages
from django.http import HttpRequest

from ntm.errors import NtmError

T = TypeVar("T")


def attempt(
    request: HttpRequest,
    action: Callable[[], T],
    success: str | Callable[[T], str],
    form: forms.BaseForm | None = None,
) -> bool:
    """Run ``action``; True if it succeeded. A refusal (``NtmError``) is the
    service's translated explanation, put on ``form`` or, without a form, in
    the page's messages; nothing else is caught."""
    try:
        result = action()
    except NtmError as exc:
        if form is not None:
            form.add_error(None, str(exc))
        else:
            messages.error(request, str(exc))
        return False
    messages.success(request, success(result) if callable(success) else success)
    return True
