"""API tokens and two-factor enrolment codes: issued once in clear, stored as SHA-256, checked here.

Both are long random strings, so a plain SHA-256 is enough (no salt or slow hash is needed against
guessing 256 random bits); what matters is that a database or backup reader cannot use them.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

from acthub.accounts.models import ApiToken, EnrolmentCode, User
from acthub.audit.events import record_event
from acthub.audit.models import AccessEvent

TOKEN_PREFIX = "acthub_"  # noqa: S105 - the visible start of every key, not a secret
MAX_TOKEN_DAYS = 365
ENROLMENT_CODE_DAYS = 7
# A token's last use is written at most this often (not on every request).
LAST_USED_EVERY = timedelta(minutes=5)


def digest(secret: str) -> str:
    """The SHA-256 (hex) a secret is stored as."""
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def issue_token(user: User, *, name: str, days: int | None = None, acting_user: Any = None) -> tuple[ApiToken, str]:
    """A new API token for `user`; returns the record and the key, which is never shown again."""
    days = days or int(getattr(settings, "ACTHUB_API_TOKEN_DAYS", 90))
    if not 1 <= days <= MAX_TOKEN_DAYS:
        raise ValueError(_("A token lasts 1 to %(max)s days.") % {"max": MAX_TOKEN_DAYS})
    name = name.strip()[:100] or _("API token")
    key = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name,
        key_hash=digest(key),
        prefix=key[: len(TOKEN_PREFIX) + 4],
        expires=timezone.now() + timedelta(days=days),
    )
    record_event(
        AccessEvent.Kind.TOKEN_ISSUED,
        user=acting_user,
        obj=user,
        detail={"subject": user.username, "token": token.pk, "name": name, "days": days},
    )
    return token, key


@transaction.atomic
def revoke_token(token: ApiToken, *, acting_user: Any) -> None:
    """End a token at once; the access log records who did it."""
    record_event(
        AccessEvent.Kind.TOKEN_REVOKED,
        user=acting_user,
        obj=token.user,
        detail={"subject": token.user.username, "token": token.pk, "name": token.name},
    )
    token.delete()


class ApiTokenAuthentication(TokenAuthentication):
    """`Authorization: Token <key>`: the key's SHA-256 names an unexpired token of an active user."""

    def authenticate_credentials(self, key: str) -> tuple[User, ApiToken]:
        token = ApiToken.objects.select_related("user").filter(key_hash=digest(key)).first()
        now = timezone.now()
        # One answer for every refusal: a caller learns nothing about which keys once existed.
        if token is None or token.expires <= now or not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("Invalid or expired token."))
        if token.last_used is None or now - token.last_used > LAST_USED_EVERY:
            ApiToken.objects.filter(pk=token.pk).update(last_used=now)
        return token.user, token


@transaction.atomic
def issue_enrolment_code(user: User, *, acting_user: Any = None) -> str:
    """A new one-time code for `user`'s first two-factor enrolment (an earlier one stops working)."""
    code = "-".join(secrets.token_hex(3).upper() for _ in range(4))
    EnrolmentCode.objects.update_or_create(
        user=user,
        defaults={"code_hash": digest(code), "expires": timezone.now() + timedelta(days=ENROLMENT_CODE_DAYS)},
    )
    record_event(AccessEvent.Kind.ENROLMENT_CODE_ISSUED, user=acting_user, obj=user, detail={"subject": user.username})
    return code


def enrolment_code_matches(user: User, code: str) -> bool:
    """Whether `code` is `user`'s current, unexpired enrolment code (spaces and case do not matter)."""
    stored = EnrolmentCode.objects.filter(user=user, expires__gt=timezone.now()).first()
    given = "-".join(code.replace("-", "").replace(" ", "").upper()[i : i + 6] for i in range(0, 24, 6))
    return stored is not None and hmac.compare_digest(stored.code_hash, digest(given))


def use_enrolment_code(user: User) -> None:
    """The code has done its work (the device is confirmed): it cannot serve again."""
    EnrolmentCode.objects.filter(user=user).delete()
