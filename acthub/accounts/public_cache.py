"""A cache of the pages and API answers that every anonymous visitor sees alike.

Only a request with no session cookie and no Authorization header is ever answered from the cache
or stored in it, and only for views declared public (`@public_view`, or an API view that only
reads publicly). A signed-in user's page depends on their role and countries, so it is never
stored and never served from here.

Freshness: every change of a record writes a row to the change log, so the latest change-log id is
a generation number that all processes and servers read from the database (one indexed query per
hit); a page stored under an older generation is not served. ACTHUB_PAGE_CACHE_SECONDS bounds the
age of a page (0 turns the cache off), which also covers writes that bypass the change log.

A cached HTML page must not repeat one visitor's secrets to another: the CSP nonce and the CSRF
form tokens are stored as placeholders and filled in fresh for each response.
"""

from __future__ import annotations

import hashlib
import re
import uuid
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils import translation
from django.utils.cache import cc_delim_re

from acthub.api.permissions import declared_access
from acthub.core.permissions import ACCESS_ATTR

CACHE_ALIAS = "pages"
NONCE_MARK = "\x00acthub-nonce\x00"
CSRF_MARK = "\x00acthub-csrf\x00"
CSRF_FIELD = re.compile(r'(name="csrfmiddlewaretoken" value=")[A-Za-z0-9]{32,64}(")')
# Headers a stored answer may vary on: all are part of the key (Cookie: only anonymous visitors).
KEYED_VARY = {"cookie", "accept", "accept-language", "accept-encoding", "hx-request"}
DROPPED_HEADERS = {"set-cookie", "content-security-policy", "x-request-id", "date", "content-length"}
# With at most 500 entries (settings CACHES["pages"]) a process holds at most ~128 MB of pages;
# typical pages are 5-20 KB. Larger answers (a full export) are not cached.
MAX_BYTES = 256 * 1024

Middleware = Callable[[HttpRequest], HttpResponse]


# A visitor with any of these is not "anyone": a session, or flash messages waiting to be shown.
PERSONAL_COOKIES = (settings.SESSION_COOKIE_NAME, "messages")


def _anonymous(request: HttpRequest) -> bool:
    return "HTTP_AUTHORIZATION" not in request.META and not any(c in request.COOKIES for c in PERSONAL_COOKIES)


def _generation() -> int:
    from django.db.models import Max

    from acthub.audit.models import ObjectChange

    return int(ObjectChange.objects.aggregate(latest=Max("pk"))["latest"] or 0)


def _key(request: HttpRequest) -> str:
    htmx = sorted((k, v) for k, v in request.headers.items() if k.lower().startswith("hx-"))
    parts = [
        request.method,
        request.scheme,
        request.get_host(),
        request.get_full_path(),
        translation.get_language(),
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


class PublicPageCacheMiddleware:
    """Serves and stores anonymous GET answers of public views (see the module docstring)."""

    def __init__(self, get_response: Middleware) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        seconds = int(getattr(settings, "ACTHUB_PAGE_CACHE_SECONDS", 0))
        if seconds <= 0 or request.method not in ("GET", "HEAD") or not _anonymous(request):
            return self.get_response(request)
        cache = caches[CACHE_ALIAS]
        key, generation = _key(request), _generation()
        stored = cache.get(key)
        if stored is not None and stored["generation"] == generation:
            return self._replay(request, stored)
        response = self.get_response(request)
        entry = self._entry(request, response, generation)
        if entry is not None:
            # Between half and all of the configured age, by URL: pages filled together (after a
            # restart or a data change) then expire spread out rather than all in the same second.
            cache.set(key, entry, seconds // 2 + int(key[-6:], 16) % (seconds - seconds // 2 + 1))
            response["X-Acthub-Cache"] = "miss"
        return response

    def _entry(self, request: HttpRequest, response: HttpResponse, generation: int) -> dict[str, Any] | None:
        user: Any = getattr(request, "user", None)
        if response.status_code != 200 or response.streaming or not _anonymous(request):
            return None
        if (user is not None and user.is_authenticated) or not _public_view(request):
            return None
        if getattr(request, "session", None) is not None and request.session.modified:
            return None
        if any(name != settings.CSRF_COOKIE_NAME for name in response.cookies):
            return None  # the answer sets something personal (a message, a preference)
        control = response.get("Cache-Control", "").lower()
        vary = {v.strip().lower() for v in cc_delim_re.split(response.get("Vary", "")) if v.strip()}
        if "private" in control or "no-store" in control or not vary <= KEYED_VARY or len(response.content) > MAX_BYTES:
            return None
        body = response.content
        if response.get("Content-Type", "").startswith("text/html"):
            text = body.decode(response.charset or "utf-8")
            nonce = getattr(request, "_csp_nonce", None)
            if isinstance(nonce, str):
                text = text.replace(nonce, NONCE_MARK)
            text = CSRF_FIELD.sub(rf"\g<1>{CSRF_MARK}\g<2>", text)
            body = text.encode(response.charset or "utf-8")
        headers = {k: v for k, v in response.items() if k.lower() not in DROPPED_HEADERS}
        return {"generation": generation, "status": response.status_code, "headers": headers, "body": body}

    def _replay(self, request: HttpRequest, stored: dict[str, Any]) -> HttpResponse:
        body: bytes = stored["body"]
        if NONCE_MARK.encode() in body:
            body = body.replace(NONCE_MARK.encode(), str(request.csp_nonce).encode())  # type: ignore[attr-defined]
        if CSRF_MARK.encode() in body:
            # This visitor's own token (and cookie), never the one of whoever filled the cache.
            body = body.replace(CSRF_MARK.encode(), get_token(request).encode())
        response = HttpResponse(body, status=stored["status"])  # Django drops the body of a HEAD answer
        for name, value in stored["headers"].items():
            response[name] = value
        response["Content-Length"] = str(len(body))
        response["X-Acthub-Cache"] = "hit"
        response["X-Request-ID"] = str(uuid.uuid4())
        return response
