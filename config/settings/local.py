"""Settings for a developer's machine and for `make run`: SQLite, debug on, a throwaway secret.

Chosen only explicitly (DJANGO_SETTINGS_MODULE=config.settings.local; `make run` sets it). `.env` is
read before the throwaway defaults below, so a value it gives always wins over them.
"""

import os

from config.env_file import load as load_env_file

load_env_file()
os.environ.setdefault("DJANGO_SECRET_KEY", "local-development-only-not-secret")
os.environ.setdefault("DJANGO_DEBUG", "true")
os.environ.setdefault("ACTHUB_LOG_FORMAT", "plain")  # a terminal, not a log collector

from .base import *  # noqa: E402, F403
from .base import STATIC_ROOT  # noqa: E402

STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise warns when it is missing

# A developer sees template and code changes at once: no anonymous page cache.
ACTHUB_PAGE_CACHE_SECONDS = 0
# Only here: `manage.py demo_users` (well-known passwords) and a field key derived from SECRET_KEY.
ACTHUB_DEMO_USERS_ALLOWED = True
ACTHUB_DERIVED_FIELD_KEY_ALLOWED = True
