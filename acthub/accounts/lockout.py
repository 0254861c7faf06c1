"""Login throttling limits (django-axes): one name from one address, and any names from one address.

Axes locks when the largest failure count among its lockout parameters reaches one limit. acthub
wants two: 5 failures of one user name from one address lock that pair, and 20 failures of any
names from one address (password spraying) lock the address. The limit is therefore chosen per
attempt: 5 once the pair has failed 5 times, else the address limit, which only the address's
total can reach (a pair below 5 is below 20).
"""

from __future__ import annotations

from typing import Any

from axes.attempts import get_cool_off_threshold
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest

PAIR_LIMIT = 5
ADDRESS_LIMIT = 20


def failure_limit(request: HttpRequest, credentials: Any = None) -> int:
    """The limit that applies to this attempt (AXES_FAILURE_LIMIT)."""
    pair_limit = getattr(settings, "ACTHUB_LOGIN_PAIR_LIMIT", PAIR_LIMIT)
    address_limit = getattr(settings, "ACTHUB_LOGIN_ADDRESS_LIMIT", ADDRESS_LIMIT)
    attempts = AccessAttempt.objects.filter(
        username=get_client_username(request, credentials),
        ip_address=getattr(request, "axes_ip_address", None),
        attempt_time__gte=get_cool_off_threshold(request),
    )
    pair = attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0
    return int(pair_limit if pair >= pair_limit else address_limit)
