"""Settings for the test suite: the database comes from DATABASE_URL
(SQLite in a temporary file by default, PostgreSQL in CI's second run)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

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
    # A file, not memory: the concurrency tests (tests/concurrency.py) give
    # each thread its own connection to one database, as gunicorn workers
    # have; a shared in-memory database locks whole tables instead. In RAM
    # (/dev/shm) where there is one, one file per process (pytest-django adds
    # the xdist worker's suffix; the pid keeps parallel checkouts apart).
    _RAM = Path("/dev/shm")
    _TEST_DIR = _RAM if _RAM.is_dir() else Path(tempfile.gettempdir())
    DATABASES["default"]["TEST"] = {"NAME": str(_TEST_DIR / f"ntm-test-{os.getpid()}.sqlite3")}
# Static files come straight from the apps and static/ (no collectstatic in tests).
STATIC_ROOT = None  # type: ignore[assignment]  # base.py types it as a Path
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
