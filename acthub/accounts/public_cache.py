"""A cache of the pages and API answers that every anonymous visitor sees alike, fast and safe to share.

Only a request with no session cookie, no pending messages and no Authorization header is ever
answered from the cache or stored in it, and only for views declared public (`@public_view`, or an
API view that only reads publicly). A signed-in user's page depends on their role and countries, so
it is never stored and never served from here.

Speed: this middleware runs first, so a hit costs one cache read and one indexed query, not the
whole middleware stack (sessions, CSRF, authentication, two-factor, audit). The stored answer
carries the headers the stack gave it (CSP, HSTS, X-Frame-Options, Vary...).

Shareable: a stored answer holds nothing of one visitor. A page that sets a cookie, or that
contains this response's CSP nonce or a CSRF token, is not stored (public pages use neither:
docs/adr/0007-public-pages-carry-no-per-visitor-secret.md). So the same bytes may also be kept by a
proxy or CDN: stored answers go out with `Cache-Control: public` and an ETag, and a conditional
GET whose If-None-Match still matches is answered 304 with no body.

Freshness, across processes and servers: every change of a record writes a row to the change log,
so the change log is a generation that every process reads from the database on each hit. Ids are
handed out when a transaction writes, not when it commits, so on PostgreSQL a transaction holding
a lower id can commit after one holding a higher id; the generation therefore counts the rows of
the latest WINDOW ids too, and that count grows when a late commit lands. ACTHUB_PAGE_CACHE_SECONDS
bounds the age of a stored page (0 turns the cache off), which also covers writes that bypass the
change log; ACTHUB_PROXY_CACHE_SECONDS lets proxies keep a page that long without asking (default
0: they revalidate every time, and get a 304 while it is unchanged).
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils.cache import cc_delim_re
from django.utils.http import parse_etags

from acthub.api.permissions import declared_access
from acthub.core.languages import language_of_path
from acthub.core.permissions import ACCESS_ATTR

CACHE_ALIAS = "pages"
CSRF_FIELD = b'name="csrfmiddlewaretoken"'
# Headers a stored answer may vary on: all are part of the key (Cookie: only anonymous visitors).
KEYED_VARY = {"cookie", "accept", "accept-language", "accept-encoding", "hx-request"}
DROPPED_HEADERS = {"set-cookie", "x-request-id", "date", "content-length", "x-acthub-cache"}
# Headers a 304 repeats (RFC 9110 15.4.5), besides ETag.
NOT_MODIFIED_HEADERS = ("vary", "expires", "content-location")
# With at most 500 entries (settings CACHES["pages"]) a process holds at most ~128 MB of pages;
# typical pages are 5-20 KB. Larger answers (a full export) are not cached.
MAX_BYTES = 256 * 1024
# How many of the latest change-log ids the generation counts (see the module docstring).
WINDOW = 128

Middleware = Callable[[HttpRequest], HttpResponse]

# A visitor with any of these is not "anyone": a session, or flash messages waiting to be shown.
PERSONAL_COOKIES = (settings.SESSION_COOKIE_NAME, "messages")


def _anonymous(request: HttpRequest) -> bool:
    return "HTTP_AUTHORIZATION" not in request.META and not any(c in request.COOKIES for c in PERSONAL_COOKIES)


def _generation() -> tuple[int, int]:
    """The latest change-log id and how many rows the latest WINDOW ids hold (one index range scan)."""
    from acthub.audit.models import ObjectChange

    table = connection.ops.quote_name(ObjectChange._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT MAX(id), COUNT(*) FROM {table} WHERE id > (SELECT COALESCE(MAX(id), 0) FROM {table}) - %s",  # noqa: S608
            [WINDOW],
        )
        latest, count = cursor.fetchone()
    return int(latest or 0), int(count or 0)


def _key(request: HttpRequest) -> str:
    htmx = sorted((k, v) for k, v in request.headers.items() if k.lower().startswith("hx-"))
    parts = [
        request.method,
        request.scheme,
        request.get_host(),
        request.get_full_path(),
        # The language LocaleMiddleware (which has not run yet) will choose: pages carry it in their
        # path (already in the key; this names the unprefixed default too), never a cookie or header.
        language_of_path(request.path_info),
        request.headers.get("Accept", ""),
        request.headers.get("Accept-Encoding", ""),
        repr(htmx),
    ]
    return "page:" + hashlib.sha256("\n".join(str(p) for p in parts).encode()).hexdigest()


def _public_view(request: HttpRequest) -> bool:
    match = getattr(request, "resolver_match", None)
    if match is None:
        return False
    view_class = getattr(match.func, "cls", None)
    if view_class is not None:
        access = declared_access(view_class)
        return bool(access) and all(a == "public" for a in access)
    return getattr(match.func, ACCESS_ATTR, None) == "public"


def cache_control() -> str:
    """The Cache-Control of a shareable answer: browsers revalidate; proxies too unless told a lifetime."""
    seconds = int(getattr(settings, "ACTHUB_PROXY_CACHE_SECONDS", 0))
    return f"public, max-age=0, s-maxage={seconds}" if seconds > 0 else "public, no-cache"


def _not_modified(request: HttpRequest, etag: str) -> bool:
    header = request.headers.get("If-None-Match")
    if not header:
        return False
    etags = parse_etags(header)
    return "*" in etags or etag in etags or etag.removeprefix("W/") in etags


class PublicPageCacheMiddleware:
    """Serves and stores anonymous GET answers of public views (see the module docstring)."""

    def __init__(self, get_response: Middleware) -> None:
        self.get_response = get_response
        static = settings.STATIC_URL if settings.STATIC_URL.startswith("/") else f"/{settings.STATIC_URL}"
        self.static_prefix = static

    def __call__(self, request: HttpRequest) -> HttpResponse:
        seconds = int(getattr(settings, "ACTHUB_PAGE_CACHE_SECONDS", 0))
        if (
            seconds <= 0
            or request.method not in ("GET", "HEAD")
            or not _anonymous(request)
            or request.path_info.startswith(self.static_prefix)  # whitenoise serves these
        ):
            return self.get_response(request)
        cache = caches[CACHE_ALIAS]
        key, generation = _key(request), _generation()
        stored = cache.get(key)
        if stored is not None and stored["generation"] == generation:
            return self._replay(request, stored, "hit")
        response = self.get_response(request)
        entry = self._entry(request, response, generation)
        if entry is None:
            return response
        # Between half and all of the configured age, by URL: pages filled together (after a
        # restart or a data change) then expire spread out rather than all in the same second.
        cache.set(key, entry, seconds // 2 + int(key[-6:], 16) % (seconds - seconds // 2 + 1))
        return self._replay(request, entry, "miss", response)

    def _entry(
        self, request: HttpRequest, response: HttpResponse, generation: tuple[int, int]
    ) -> dict[str, Any] | None:
        user: Any = getattr(request, "user", None)
        if response.status_code != 200 or response.streaming or not _anonymous(request):
            return None
        if (user is not None and user.is_authenticated) or not _public_view(request):
            return None
        if getattr(request, "session", None) is not None and request.session.modified:
            return None
        if response.cookies:
            return None  # the answer sets something (a CSRF cookie, a message, a preference): not for sharing
        control = response.get("Cache-Control", "").lower()
        vary = {v.strip().lower() for v in cc_delim_re.split(response.get("Vary", "")) if v.strip()}
        if "private" in control or "no-store" in control or not vary <= KEYED_VARY or len(response.content) > MAX_BYTES:
            return None
        body = response.content
        # A nonce or a CSRF token shared between visitors would be a secret no longer: such a page is not stored.
        if getattr(request, "_csp_nonce", None) is not None or CSRF_FIELD in body:
            return None
        headers = {k: v for k, v in response.items() if k.lower() not in DROPPED_HEADERS}
        headers["ETag"] = f'"{hashlib.sha256(body).hexdigest()[:32]}"'
        return {"generation": generation, "status": response.status_code, "headers": headers, "body": body}

    def _replay(
        self, request: HttpRequest, stored: dict[str, Any], outcome: str, rendered: HttpResponse | None = None
    ) -> HttpResponse:
        headers: dict[str, str] = stored["headers"]
        etag = headers["ETag"]
        response: HttpResponse
        if _not_modified(request, etag):
            response = HttpResponseNotModified()
            response["ETag"] = etag
            for name, value in headers.items():
                if name.lower() in NOT_MODIFIED_HEADERS:
                    response[name] = value
        else:
            body: bytes = stored["body"]
            response = HttpResponse(body, status=stored["status"])  # gunicorn sends no body for HEAD
            for name, value in headers.items():
                response[name] = value
            response["Content-Length"] = str(len(body))
        response["Cache-Control"] = cache_control()
        response["X-Acthub-Cache"] = outcome
        if rendered is not None and "X-Request-ID" in rendered:
            response["X-Request-ID"] = rendered["X-Request-ID"]
        else:
            response["X-Request-ID"] = str(uuid.uuid4())
        return response
