"""Settings for the test suite: fast hashing, temporary media, the database from DATABASE_URL."""

import os
import tempfile
from pathlib import Path

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-not-secret")

from .base import *  # noqa: F403
from .base import ACTHUB_BACKUP_KEYS, DATABASES, REST_FRAMEWORK, STATIC_ROOT, STORAGES

# Each run gets a PostgreSQL test database of its own, so two runs against one server (two checkouts,
# CI beside a developer) never drop each other's. The name goes into the environment so that the
# processes a test starts (servers, workers) open the same database.
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    _test_name = os.environ.setdefault("ACTHUB_TEST_DATABASE_NAME", f"test_acthub_{os.getpid()}")
    DATABASES["default"]["TEST"] = {"NAME": _test_name}
else:
    # SQLite tests run in memory (Django's default), said outright so that pytest-xdist's workers
    # keep it so instead of naming a file per worker after the development database.
    DATABASES["default"]["TEST"] = {"NAME": ":memory:"}

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="acthub-test-media-"))
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
REST_FRAMEWORK = {**REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"anon": None, "user": None}}
ACTHUB_QUERY_RATE = None  # the rate-limit test sets one
# Tests roll their data back, so change-log ids repeat between tests: a page cached in one test
# could be served in the next. The cache's own tests turn it on and clear it.
ACTHUB_PAGE_CACHE_SECONDS = 0

STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise warns when it is missing
# Tests may run without ACTHUB_FIELD_KEYS (a key derived from the test SECRET_KEY).
ACTHUB_DERIVED_FIELD_KEY_ALLOWED = True
# Backups made and restored by the tests (in this process and in the processes they start).
ACTHUB_BACKUP_KEYS = ACTHUB_BACKUP_KEYS or ["dGVzdC1vbmx5LWJhY2t1cC1rZXktbm90LXNlY3JldCE="]
