"""Settings for the test suite: the database comes from DATABASE_URL
(SQLite in a temporary file by default, PostgreSQL in CI's second run)."""

from __future__ import annotations

import os

os.environ.setdefault("DEBUG", "false")

from config.base import *  # noqa: F403
from config.base import DATABASES

SECRET_KEY = "test-only-key"
NTM_DEMO = True
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["TEST"] = {"NAME": ""}  # in-memory unless a live server needs a file
# Static files come straight from the apps and static/ (no collectstatic in tests).
STATIC_ROOT = None  # type: ignore[assignment]  # base.py types it as a Path
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
