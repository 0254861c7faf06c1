"""A bare Django application: the yardstick of bench/bench_public_paths.py.

One view per kind of answer, returning stored bytes of the same size and type as the acthub answer
it stands beside (sizes from the environment): Django's request handling and gunicorn, nothing else
(no middleware, no database, no templates).
"""

from __future__ import annotations

import os

import django
from django.conf import settings

settings.configure(
    DEBUG=False,
    SECRET_KEY="bare-benchmark-only",
    ALLOWED_HOSTS=["127.0.0.1", "localhost"],
    ROOT_URLCONF=__name__,
    MIDDLEWARE=[],
    INSTALLED_APPS=[],
    USE_I18N=False,
)
django.setup()

from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.http import HttpRequest, HttpResponse  # noqa: E402
from django.urls import path  # noqa: E402

PAGE = b"x" * int(os.environ.get("BARE_PAGE_BYTES", "20000"))
API = b"x" * int(os.environ.get("BARE_API_BYTES", "5000"))


def page(request: HttpRequest) -> HttpResponse:
    """Bytes the size of a public page."""
    return HttpResponse(PAGE, content_type="text/html; charset=utf-8")


def api(request: HttpRequest) -> HttpResponse:
    """Bytes the size of an API list."""
    return HttpResponse(API, content_type="application/json")


urlpatterns = [path("page/", page), path("api/", api)]
application = get_wsgi_application()
