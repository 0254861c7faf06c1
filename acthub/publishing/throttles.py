"""The rate limit of public figure queries: the API's query endpoint and the pivot pages, downloads and charts.

Every such request may compute a table over the records, so one client may ask only so many per
minute (`ACTHUB_QUERY_RATE`, per address when anonymous, per user when signed in): enough for a
person, too few for a script that tries periods and breakdowns one after the other.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework.throttling import SimpleRateThrottle


class FigureQueryThrottle(SimpleRateThrottle):
    """One bucket per user or client address for every public figure query, API and pages alike."""

    scope = "figure_query"

    def get_rate(self) -> str | None:
        rate = getattr(settings, "ACTHUB_QUERY_RATE", "60/minute")
        return str(rate) if rate else None  # None: no limit (the test settings)

    def get_cache_key(self, request: Any, view: Any) -> str:
        user = getattr(request, "user", None)
        ident = f"user-{user.pk}" if user is not None and user.is_authenticated else self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}


def allow(request: Any) -> tuple[bool, float | None]:
    """Whether a page request may run a figure query now, and if not, how many seconds to wait."""
    throttle = FigureQueryThrottle()
    if throttle.allow_request(request, None):  # type: ignore[arg-type]  # a page has no APIView
        return True, None
    return False, throttle.wait()


def refusal(request: Any) -> str | None:
    """None when a page request may run a figure query now; else the message that says how long to wait."""
    allowed, wait = allow(request)
    if allowed:
        return None
    return _("Too many figure queries from you in a short time: please wait %(n)s seconds.") % {"n": int(wait or 1) + 1}
