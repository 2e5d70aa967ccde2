"""Production settings: every secret and host must come from the environment,
and a missing or unsafe value stops the server at start with a clear message."""

from __future__ import annotations

import os

from django.core.exceptions import ImproperlyConfigured

os.environ.setdefault("DEBUG", "false")

from config.base import *  # noqa: F403
from config.base import ALLOWED_HOSTS, DEBUG
from config.env import env_bool, env_str

SECRET_KEY = env_str("SECRET_KEY")
if len(SECRET_KEY) < 50 or SECRET_KEY.startswith("dev-only") or len(set(SECRET_KEY)) < 5:
    raise ImproperlyConfigured(
        "SECRET_KEY quá ngắn hoặc không an toàn: cần ít nhất 50 ký tự ngẫu nhiên "
        "(SECRET_KEY is too short or unsafe: use 50+ random characters)."
    )
if DEBUG:
    raise ImproperlyConfigured(
        "Không được bật DEBUG trong môi trường vận hành (DEBUG must be false in production)."
    )
if not os.environ.get("ALLOWED_HOSTS"):
    raise ImproperlyConfigured(
        "Thiếu ALLOWED_HOSTS: liệt kê tên miền của máy chủ, cách nhau bằng dấu phẩy "
        "(ALLOWED_HOSTS is required in production)."
    )
if not os.environ.get("DATABASE_URL"):
    raise ImproperlyConfigured(
        "Thiếu DATABASE_URL, ví dụ postgres://ntm:matkhau@127.0.0.1:5432/ntm "
        "(DATABASE_URL is required in production)."
    )
NTM_DEMO = False
_ = ALLOWED_HOSTS

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = int(env_str("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "ntm_cache",
    }
}
