"""Settings shared by every environment. Everything that differs between
machines comes from environment variables (see docs/operator/configuration.md).
Not used directly: config.production (the default of `ntm` and config/wsgi.py),
config.dev (the demo, a developer's machine) and config.test build on it."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import dj_database_url
import django_stubs_ext
from django.utils.translation import gettext_lazy as _

from config.env import env_bool, env_int, env_list, env_str

# Django's generic classes (ModelAdmin[Plan], QuerySet[Unit]) subscriptable at
# run time, as django-stubs types them.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("NTM_VAR_DIR", str(BASE_DIR / "var")))

# No usable key and no DEBUG unless an environment says so: config.dev sets
# the development ones, config.production requires a real key.
SECRET_KEY = env_str("SECRET_KEY", "")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

# Demo mode prints and shows the demo logins; never on in production.
NTM_DEMO = env_bool("NTM_DEMO", False)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "csp",
    "ntm.accounts",
    "ntm.units",
    "ntm.criteria",
    "ntm.jobs",
    "ntm.monitoring",
    "ntm.planning",
    "ntm.exchange",
    "ntm.reports",
    "ntm.web",
    "ntm.demo",
    "ntm.ops",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # After htmx: an ended session answers an htmx request with a full-page redirect.
    "ntm.accounts.middleware.SessionTimeoutMiddleware",
    # Last: turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "ntm.web.context_processors.navigation",
            ],
        },
    }
]

_DEFAULT_DB = f"sqlite:///{VAR_DIR / 'ntm.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(env_str("DATABASE_URL", _DEFAULT_DB), conn_max_age=60)
}
if DATABASES["default"]["NAME"] == str(VAR_DIR / "ntm.sqlite3"):
    VAR_DIR.mkdir(parents=True, exist_ok=True)  # a fresh clone has no var/ yet
# Seconds a write on SQLite waits for another writer to finish before it is
# refused (the lock is held only while a transaction writes: see
# docs/operator/security.md, "Concurrent writes on SQLite").
NTM_SQLITE_BUSY_TIMEOUT = env_int("NTM_SQLITE_BUSY_TIMEOUT", 20, minimum=1)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers proceed while a writer commits. A transaction takes the
    # write lock when it starts (IMMEDIATE): a deferred one that reads, then
    # writes while another writer holds the lock cannot wait (SQLite would
    # deadlock) and fails at once with "database is locked"; an immediate one
    # waits in line up to the busy timeout.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": NTM_SQLITE_BUSY_TIMEOUT,
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
# Axes first: it refuses a locked-out login before the password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("Tiếng Anh"))]
LOCALE_PATHS = [BASE_DIR / "ntm" / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Word templates an office has edited; files here replace the shipped ones
# of the same name (see docs/huong-dan/bao-cao.md).
NTM_REPORT_TEMPLATES_DIR = env_str("NTM_REPORT_TEMPLATES_DIR", "") or None

# -- Accounts, sessions and security headers (docs/operator/security.md) --

# Login throttling (django-axes): this many wrong passwords for one username
# from one address lock that pair out for the cool-off; a success resets it.
NTM_LOGIN_FAILURE_LIMIT = env_int("NTM_LOGIN_FAILURE_LIMIT", 5, minimum=1)
NTM_LOGIN_COOLOFF_MINUTES = env_int("NTM_LOGIN_COOLOFF_MINUTES", 15, minimum=1)
AXES_FAILURE_LIMIT = NTM_LOGIN_FAILURE_LIMIT
AXES_COOLOFF_TIME = timedelta(minutes=NTM_LOGIN_COOLOFF_MINUTES)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "ntm.accounts.views.login_locked_out"
AXES_CLIENT_IP_CALLABLE = "ntm.accounts.client_ip.client_ip"
AXES_VERBOSE = False
# Behind a reverse proxy, the header the proxy writes the client's address
# into (e.g. X-Real-IP or X-Forwarded-For); empty: the connection's address.
NTM_CLIENT_IP_HEADER = env_str("NTM_CLIENT_IP_HEADER", "")

# A session ends after this much inactivity, and in any case this long after
# the login (ntm.accounts.middleware).
NTM_SESSION_IDLE_MINUTES = env_int("NTM_SESSION_IDLE_MINUTES", 60, minimum=1)
NTM_SESSION_MAX_HOURS = env_int("NTM_SESSION_MAX_HOURS", 12, minimum=1)
SESSION_COOKIE_AGE = NTM_SESSION_MAX_HOURS * 3600
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Security headers. Scripts and style sheets only from our own static files
# (no inline script, no eval); inline style *attributes* stay allowed (many
# templates size columns and charts with them, and the chart library styles
# its tooltips so), <style> elements do not.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": ["'self'", "data:"],  # Bootstrap's icons are data: SVGs
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}
# A background job whose worker has not renewed its lease for this long is
# taken as interrupted: marked failed, its import batch released (ntm.jobs.recovery).
NTM_JOB_STALE_SECONDS = env_int("NTM_JOB_STALE_SECONDS", 300, minimum=1)

# Backups (ntm.ops): where `ntm backup` writes by default, and the limits a
# restore holds an archive to before it writes anything (our choices: a
# province's database and evidence fit far under them; docs/operator/backup.md).
NTM_BACKUP_DIR = Path(env_str("NTM_BACKUP_DIR", str(VAR_DIR / "backups")))
NTM_RESTORE_MAX_MEMBERS = env_int("NTM_RESTORE_MAX_MEMBERS", 200_000, minimum=1)
NTM_RESTORE_MAX_BYTES = env_int("NTM_RESTORE_MAX_BYTES", 20 * 1024**3, minimum=1)
# -- Untrusted files (docs/operator/security.md, "Uploaded files") --
# Limits every uploaded workbook must stay within before and while it is read
# (ntm.core.untrusted); our own choices, far above a province workbook.
NTM_UPLOAD_MAX_MB = env_int("NTM_UPLOAD_MAX_MB", 10, minimum=1)
NTM_UPLOAD_MAX_CELLS = env_int("NTM_UPLOAD_MAX_CELLS", 500_000, minimum=1)
NTM_UPLOAD_MAX_ROWS = env_int("NTM_UPLOAD_MAX_ROWS", 20_000, minimum=1)
NTM_UPLOAD_MAX_COLUMNS = env_int("NTM_UPLOAD_MAX_COLUMNS", 1_000, minimum=1)
NTM_UPLOAD_MAX_SHEETS = env_int("NTM_UPLOAD_MAX_SHEETS", 50, minimum=1)
NTM_UPLOAD_MAX_UNCOMPRESSED_MB = env_int("NTM_UPLOAD_MAX_UNCOMPRESSED_MB", 100, minimum=1)
NTM_UPLOAD_MAX_RATIO = env_int("NTM_UPLOAD_MAX_RATIO", 200, minimum=1)
NTM_UPLOAD_MAX_ZIP_MEMBERS = env_int("NTM_UPLOAD_MAX_ZIP_MEMBERS", 1_000, minimum=1)
NTM_UPLOAD_MAX_SHARED_STRINGS = env_int("NTM_UPLOAD_MAX_SHARED_STRINGS", 1_000_000, minimum=1)
NTM_UPLOAD_MAX_XML_DEPTH = env_int("NTM_UPLOAD_MAX_XML_DEPTH", 64, minimum=8)
NTM_UPLOAD_PARSE_MEMORY_MB = env_int("NTM_UPLOAD_PARSE_MEMORY_MB", 1024, minimum=256)
NTM_UPLOAD_PARSE_SECONDS = env_int("NTM_UPLOAD_PARSE_SECONDS", 15, minimum=1)
# Evidence files (PDF, images, office documents) attached to values and plans.
NTM_EVIDENCE_MAX_MB = env_int("NTM_EVIDENCE_MAX_MB", 10, minimum=1)

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}
