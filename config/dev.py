"""Development settings: DEBUG on and a known, insecure key. Chosen
explicitly (`make demo`, `NTM_DEMO=1 ntm ...`, DJANGO_SETTINGS_MODULE=config.dev):
`ntm` and config/wsgi.py default to config.production, which refuses to start
without a real key."""

from __future__ import annotations

import os

os.environ.setdefault("DEBUG", "true")

from config.base import *  # noqa: F403
from config.env import env_str

SECRET_KEY = env_str("SECRET_KEY", "dev-only-insecure-key-change-me")
