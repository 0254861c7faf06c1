"""Session rules: idle and absolute time limits, two-factor gate for staff, no caching of private pages."""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import cached_property
from typing import Any

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from acthub.accounts import twofactor
from acthub.audit.events import record_event
from acthub.audit.models import AccessEvent
from acthub.core.languages import without_language_prefix

SESSION_STARTED = "acthub_auth_at"
SESSION_SEEN = "acthub_seen_at"
# How stale the last-seen stamp may get before it is written again: one session write a minute,
# not one per request, at the price of that much slack on the idle limit.
SEEN_RESOLUTION = 60

PRIVATE_PREFIXES = ("/admin/", "/staff/", "/accounts/")

Middleware = Callable[[HttpRequest], HttpResponse]


def mark_session_start(request: HttpRequest) -> None:
    """Stamp a freshly signed-in session with its start (receiver of `user_logged_in`)."""
    now = time.time()
    request.session[SESSION_STARTED] = now
    request.session[SESSION_SEEN] = now


class PrivateResponseMiddleware:
    """`Cache-Control: no-store` on staff pages and on every response to a signed-in user.

    What a signed-in user sees depends on their role and countries; no browser or shared cache may
    keep it. Public pages for anonymous visitors keep their normal caching.
    """

    def __init__(self, get_response: Middleware) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user: Any = getattr(request, "user", None)  # DRF sets it for token-authenticated API calls too
        if without_language_prefix(request.path).startswith(PRIVATE_PREFIXES) or (
            user is not None and user.is_authenticated
        ):
            add_never_cache_headers(response)  # no-cache, no-store, must-revalidate, private
        return response


class SessionPolicyMiddleware:
    """Signs out a session idle for ACTHUB_SESSION_IDLE_SECONDS or older than ACTHUB_SESSION_MAX_SECONDS."""

    def __init__(self, get_response: Middleware) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user: Any = request.user
        if user.is_authenticated:
            self._check(request, user)
        return self.get_response(request)

    def _check(self, request: HttpRequest, user: Any) -> None:
        now = time.time()
        session = request.session
        started = session.get(SESSION_STARTED)
        if started is None:  # a session from before these rules: its clock starts now
            mark_session_start(request)
            return
        seen = session.get(SESSION_SEEN, started)
        idle = now - seen > settings.ACTHUB_SESSION_IDLE_SECONDS
        if idle or now - started > settings.ACTHUB_SESSION_MAX_SECONDS:
            record_event(
                AccessEvent.Kind.SESSION_EXPIRED,
                user=user,
                request=request,
                detail={"reason": "idle" if idle else "maximum age"},
            )
            logout(request)  # flushes the session; the request goes on as anonymous
            return
        if now - seen > SEEN_RESOLUTION:
            session[SESSION_SEEN] = now


class TwoFactorMiddleware:
    """Sends a session that needs a TOTP check (staff, or anyone enrolled) to enrol or verify first.

    Pages answer with a redirect to the two-factor page (keeping `next`); the API answers a JSON 403.
    Token-authenticated API calls are not sessions and do not pass here: an API token is its own
    credential, issued by an administrator (see SECURITY.md).
    """

    def __init__(self, get_response: Middleware) -> None:
        self.get_response = get_response

    @cached_property
    def open_paths(self) -> tuple[str, ...]:
        # Resolved on first use: the URLconf is not loaded when middleware is built.
        # Reversed in the default language: requests are compared without their language prefix.
        names = ("two_factor_verify", "two_factor_setup", "logout")
        static = settings.STATIC_URL if settings.STATIC_URL.startswith("/") else f"/{settings.STATIC_URL}"
        with translation.override(settings.LANGUAGE_CODE):
            return (*(reverse(name) for name in names), static)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user: Any = request.user
        if (
            user.is_authenticated
            and not without_language_prefix(request.path).startswith(self.open_paths)
            and twofactor.requires_verification(user)
            and not twofactor.is_verified(user)
        ):
            return self._refuse(request, user)
        return self.get_response(request)

    def _refuse(self, request: HttpRequest, user: Any) -> HttpResponse:
        message = _("Two-factor authentication is required: verify with your authenticator app first.")
        if request.path.startswith("/api/"):
            body = {"error": {"status": 403, "code": "two_factor_required", "message": message}}
            return JsonResponse(body, status=403)
        name = "two_factor_verify" if twofactor.confirmed_devices(user) else "two_factor_setup"
        target = f"{reverse(name)}?{urlencode({'next': request.get_full_path()})}"
        if request.headers.get("HX-Request") == "true":  # htmx follows HX-Redirect, not a 302
            response = HttpResponse(status=204)
            response["HX-Redirect"] = target
            return response
        return HttpResponseRedirect(target)
