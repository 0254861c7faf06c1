"""Settings for a developer's machine and for `make run`: SQLite, debug on, a throwaway secret."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "local-development-only-not-secret")
os.environ.setdefault("DJANGO_DEBUG", "true")
os.environ.setdefault("ACTHUB_LOG_FORMAT", "plain")  # a terminal, not a log collector

from .base import *  # noqa: F403
from .base import STATIC_ROOT

STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise warns when it is missing

# A developer sees template and code changes at once: no anonymous page cache.
ACTHUB_PAGE_CACHE_SECONDS = 0
