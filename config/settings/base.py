"""Settings shared by every environment; everything that differs comes from the environment."""

import os
from datetime import timedelta
from pathlib import Path
from typing import Any

import django_stubs_ext
import environ
from csp.constants import NONCE, NONE, SELF
from django.utils.translation import gettext_lazy as _

from config.env_file import load as load_env_file

django_stubs_ext.monkeypatch()

# lxml is installed for IATI (acthub/iati); openpyxl would switch to it when it sees it. Keep openpyxl
# on the parser it was vetted with (defusedxml, et_xmlfile) for every XLSX read and written.
os.environ.setdefault("OPENPYXL_LXML", "False")

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
load_env_file()  # `.env` (or ACTHUB_ENV_FILE); the process environment wins over it

SECRET_KEY = env("DJANGO_SECRET_KEY")
# Earlier keys still accepted for signed values (sessions, tokens) while a rotation settles (SECURITY.md).
SECRET_KEY_FALLBACKS = env.list("DJANGO_SECRET_KEY_FALLBACKS", default=[])
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])

(BASE_DIR / "var").mkdir(exist_ok=True)
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'var' / 'acthub.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work while a writer commits; IMMEDIATE avoids "database is locked" upgrades.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        }
    )
    # Django's SQLite backend, whose flush keeps the audit tables' append-only triggers in place.
    DATABASES["default"]["ENGINE"] = "acthub.audit.backends.sqlite3"
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# Persistent connections (checked before reuse): opening one per request cost more than a cached page.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "acthub.core.admin_guard.ActhubAdminConfig",  # django.contrib.admin, every page guarded (see there)
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    # Before django-tasks-db: its `db_worker` command is this app's, with heartbeats (acthub/operations).
    "acthub.operations",
    "django_tasks",
    "django_tasks_db",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "csp",
    "acthub.core",
    "acthub.accounts",
    "acthub.audit",
    "acthub.directory",
    "acthub.program",
    "acthub.library",
    "acthub.indicators",
    "acthub.activities",
    "acthub.justice",
    "acthub.imports",
    "acthub.approvals",
    "acthub.factsheets",
    "acthub.seed",
    "acthub.api",
    "acthub.portal",
    "acthub.publishing",
    "acthub.iati",
    "acthub.actip",
    "acthub.monitoring",
    "acthub.workspace",
]

MIDDLEWARE = [
    # First: anonymous visitors' pages of public views, shared, answered before the rest of the stack
    # runs (never a signed-in user's; the stored answer keeps the headers the stack gave it: see the module).
    "acthub.accounts.public_cache.PublicPageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "acthub.api.middleware.RejectNulMiddleware",  # PostgreSQL cannot query with NUL: a 400, not a 500
    "csp.middleware.CSPMiddleware",
    # Marks every response to a signed-in user (and every staff page) `Cache-Control: no-store`.
    "acthub.accounts.middleware.PrivateResponseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # Ends sessions idle for 30 minutes or older than 12 hours.
    "acthub.accounts.middleware.SessionPolicyMiddleware",
    "acthub.audit.middleware.AuditContextMiddleware",
    # Staff (and anyone with a device) must pass the TOTP check before anything but the 2FA pages.
    "acthub.accounts.middleware.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes requires
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "acthub.portal.context_processors.portal",
                "acthub.justice.context_processors.synthetic_justice",
            ],
        },
    }
]

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses locked-out username+address pairs first
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "portal:home"
LOGOUT_REDIRECT_URL = "portal:home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
# The nine interface languages (issue #12). The switcher shows each by its own name (acthub.core.languages);
# Django lacks LANG_INFO for lo and fil, which CoreConfig.ready adds, and formats for several (acthub.core.formats).
LANGUAGES = [
    ("en", _("English")),
    ("lo", _("Lao")),
    ("km", _("Khmer")),
    ("th", _("Thai")),
    ("vi", _("Vietnamese")),
    ("id", _("Indonesian")),
    ("fil", _("Filipino")),
    ("my", _("Burmese")),
    ("ms", _("Malay")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["acthub.core.formats"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env("DJANGO_STATIC_ROOT", default=str(BASE_DIR / "var" / "static")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env("DJANGO_MEDIA_ROOT", default=str(BASE_DIR / "var" / "media")))
STORAGES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Uploaded and generated files (imports, fact-sheet editions and previews, media) in any S3-compatible
# store when a bucket is named: what two or more servers and workers need (docs/deploy.md). Credentials
# fall back to boto3's own chain (environment, instance role) when not given here.
if env("ACTHUB_S3_BUCKET", default=""):
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env("ACTHUB_S3_BUCKET"),
            "endpoint_url": env("ACTHUB_S3_ENDPOINT_URL", default=None),
            "region_name": env("ACTHUB_S3_REGION", default=None),
            "access_key": env("ACTHUB_S3_ACCESS_KEY_ID", default=None),
            "secret_key": env("ACTHUB_S3_SECRET_ACCESS_KEY", default=None),
            "location": env("ACTHUB_S3_PREFIX", default=""),
            "default_acl": None,  # the bucket's own policy: private
            "querystring_auth": True,  # links to stored files are signed and expire
            "querystring_expire": env.int("ACTHUB_S3_LINK_SECONDS", default=3600),
            "file_overwrite": False,  # a second file of the same name gets its own key
            "signature_version": "s3v4",
        },
    }

# Sessions end after 30 minutes idle or 12 hours in all (acthub.accounts.middleware.SessionPolicyMiddleware);
# Django ends them when the account is disabled or its password changes (the session auth hash).
ACTHUB_SESSION_IDLE_SECONDS = env.int("ACTHUB_SESSION_IDLE_SECONDS", default=30 * 60)
ACTHUB_SESSION_MAX_SECONDS = env.int("ACTHUB_SESSION_MAX_SECONDS", default=12 * 60 * 60)
SESSION_COOKIE_AGE = ACTHUB_SESSION_MAX_SECONDS
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# How many proxies of ours append to X-Forwarded-For; 0 trusts only REMOTE_ADDR (see audit.events.client_ip).
ACTHUB_TRUSTED_PROXIES = env.int("ACTHUB_TRUSTED_PROXIES", default=0)

# Login throttling: 5 failures for one username from one address lock that pair for 15 minutes, and
# 20 failures of any usernames from one address (password spraying) lock the address (acthub.accounts.lockout).
AXES_FAILURE_LIMIT = "acthub.accounts.lockout.failure_limit"
ACTHUB_LOGIN_PAIR_LIMIT = env.int("ACTHUB_LOGIN_PAIR_LIMIT", default=5)
ACTHUB_LOGIN_ADDRESS_LIMIT = env.int("ACTHUB_LOGIN_ADDRESS_LIMIT", default=20)
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
# Not reset by a success: axes would clear the address's count too, so one valid account could keep
# resetting a password-spraying address. Failures simply age out after the cool-off.
AXES_RESET_ON_SUCCESS = False
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_CLIENT_IP_CALLABLE = "acthub.audit.events.client_ip"
AXES_DISABLE_ACCESS_LOG = True  # successful logins are in acthub's own access log
AXES_SENSITIVE_PARAMETERS = ["password", "token", "otp_token"]

# Two-factor authentication (TOTP) for every staff role: acthub.accounts.middleware.TwoFactorMiddleware.
OTP_TOTP_ISSUER = env("ACTHUB_OTP_ISSUER", default="acthub")
OTP_ADMIN_HIDE_SENSITIVE_DATA = True  # never show a device's secret in the admin

# Content-Security-Policy: no inline script or style; scripts that must be inline carry the nonce.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "acthub.accounts.tokens.ApiTokenAuthentication",  # hashed, named, expiring (acthub.accounts.tokens)
        "rest_framework.authentication.SessionAuthentication",
    ],
    # Fail closed: an endpoint that declares no permission refuses everyone (acthub.api.permissions).
    "DEFAULT_PERMISSION_CLASSES": ["acthub.api.permissions.Undeclared"],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.SearchFilter",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "acthub.api.pagination.StandardPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "acthub.api.errors.exception_handler",
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    # Per client address (anonymous) or user; a load test from one address raises them (bench/).
    "DEFAULT_THROTTLE_RATES": {
        "anon": env("ACTHUB_API_ANON_RATE", default="120/minute"),
        "user": env("ACTHUB_API_USER_RATE", default="600/minute"),
    },
}
SPECTACULAR_SETTINGS = {
    "TITLE": "acthub API",
    "DESCRIPTION": "Read-only access to a counter-trafficking program: its registry, directory and figures.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
}

# Per-process caches: API throttling counts and the anonymous page cache. The page cache stays
# correct across processes and servers (it checks the change log's generation on every hit, see
# acthub/accounts/public_cache.py); the throttle counts are per process unless ACTHUB_CACHE_URL.
CACHES = {
    # ACTHUB_CACHE_URL (e.g. redis://127.0.0.1:6379/0) shares the throttle counts between servers.
    "default": env.cache("ACTHUB_CACHE_URL", default="locmemcache://acthub-default"),
    "pages": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "acthub-pages",
        "OPTIONS": {"MAX_ENTRIES": 500},
    },
}
ACTHUB_PAGE_CACHE_SECONDS = env.int("ACTHUB_PAGE_CACHE_SECONDS", default=60)
# Figure queries (API query endpoint, pivot pages, their charts and downloads) per client and minute.
ACTHUB_QUERY_RATE = env("ACTHUB_QUERY_RATE", default="60/minute")
# How long a proxy or CDN may keep a public page without asking again (0: it revalidates, and gets a 304).
ACTHUB_PROXY_CACHE_SECONDS = env.int("ACTHUB_PROXY_CACHE_SECONDS", default=0)

# Long work (large imports, PDF renders) runs as stored jobs; `manage.py db_worker` runs them.
TASKS = {"default": {"BACKEND": env("ACTHUB_TASKS_BACKEND", default="django_tasks_db.DatabaseBackend")}}

# Fernet keys for identifying details, newest first (see acthub/core/crypto.py and SECURITY.md).
ACTHUB_FIELD_KEYS = env.list("ACTHUB_FIELD_KEYS", default=[])
# Without keys, only local.py and test.py let identities be encrypted with a key derived from SECRET_KEY
# (which rotating the secret key would lose); only local.py allows `manage.py demo_users`.
ACTHUB_DERIVED_FIELD_KEY_ALLOWED = False
ACTHUB_DEMO_USERS_ALLOWED = False
# Fernet keys that encrypt backups, newest first (`manage.py backup` refuses without one; restore tries each).
ACTHUB_BACKUP_KEYS = env.list("ACTHUB_BACKUP_KEYS", default=[])
# How long a new API token lasts unless its owner asks for less (at most 365 days).
ACTHUB_API_TOKEN_DAYS = env.int("ACTHUB_API_TOKEN_DAYS", default=90)
# Largest file an import accepts.
ACTHUB_IMPORT_MAX_BYTES = env.int("ACTHUB_IMPORT_MAX_BYTES", default=200 * 1024 * 1024)
# An upload not committed within this many hours is deleted (it may hold names and phones).
ACTHUB_IMPORT_UPLOAD_TTL_HOURS = env.float("ACTHUB_IMPORT_UPLOAD_TTL_HOURS", default=24)
# XLSX zip-bomb guards: inflation at most this many times the upload, and a cap on each part.
ACTHUB_XLSX_MAX_RATIO = env.int("ACTHUB_XLSX_MAX_RATIO", default=100)
ACTHUB_XLSX_MAX_PART_BYTES = env.int("ACTHUB_XLSX_MAX_PART_BYTES", default=256 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# Largest file the library accepts.
ACTHUB_LIBRARY_MAX_BYTES = env.int("ACTHUB_LIBRARY_MAX_BYTES", default=50 * 1024 * 1024)

# The program the portal shows at "/" when an instance holds several.
ACTHUB_DEFAULT_PROGRAM = env("ACTHUB_DEFAULT_PROGRAM", default="asean-act")
ACTHUB_SEED_DIR = BASE_DIR / "acthub" / "seed"

# One JSON object a line with the request's id (acthub.operations.logs); ACTHUB_LOG_FORMAT=plain for people.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {"()": "acthub.operations.logs.JsonFormatter"},
    },
    "filters": {"request_id": {"()": "acthub.operations.logs.RequestIdFilter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": env.str("ACTHUB_LOG_FORMAT", default="json"),
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="INFO")},
    # Logins, failures and lockouts go to the access log (acthub.audit). Axes' own lines would repeat
    # them with the name typed, which is sometimes a password typed in the wrong field.
    "loggers": {"axes": {"level": "ERROR"}},
}

# Task workers side by side (acthub/operations/workers.py): heartbeat, when a worker counts as dead,
# how often an interrupted task runs; whether /readyz needs a live worker.
ACTHUB_WORKER_HEARTBEAT_SECONDS = env.float("ACTHUB_WORKER_HEARTBEAT_SECONDS", default=5.0)
ACTHUB_WORKER_STALE_SECONDS = env.float("ACTHUB_WORKER_STALE_SECONDS", default=60.0)
ACTHUB_TASK_MAX_ATTEMPTS = env.int("ACTHUB_TASK_MAX_ATTEMPTS", default=2)
ACTHUB_READY_REQUIRES_WORKER = env.bool("ACTHUB_READY_REQUIRES_WORKER", default=False)
