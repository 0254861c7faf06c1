"""Production settings: no default secret, HTTPS only, PostgreSQL expected through DATABASE_URL.

Required environment: DJANGO_SECRET_KEY (50+ random characters), DJANGO_ALLOWED_HOSTS, DATABASE_URL,
ACTHUB_FIELD_KEYS (Fernet keys, newest first). `manage.py check --deploy` passes with no warning
(tests/test_security_headers.py runs it).
"""

from .base import *  # noqa: F403
from .base import env
from .keys import checked_field_keys

DEBUG = False
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS")  # no default: the hosts served must be named
# Identifying details are encrypted with these keys; production never falls back to a derived key:
# it refuses to start without at least one valid Fernet key (an empty ACTHUB_FIELD_KEYS included).
ACTHUB_FIELD_KEYS = checked_field_keys(env.list("ACTHUB_FIELD_KEYS"))

SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
