"""Field encryption for identifying details (Fernet: AES-128-CBC with HMAC-SHA256).

Keys come from ACTHUB_FIELD_KEYS (comma-separated, newest first) so that keys can be rotated:
new values are encrypted with the first key, old values still decrypt with any listed key, and
`manage.py rotate_field_keys` re-encrypts every stored value with the first key. Only development
and test settings may run without keys (ACTHUB_DERIVED_FIELD_KEY_ALLOWED): a key derived from
SECRET_KEY, which a secret-key rotation would lose, is never used elsewhere.
"""

from __future__ import annotations

import base64
import hashlib
from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def _keys() -> list[str]:
    keys = [k for k in getattr(settings, "ACTHUB_FIELD_KEYS", []) if k]
    if keys:
        return keys
    if not getattr(settings, "ACTHUB_DERIVED_FIELD_KEY_ALLOWED", False):
        raise ImproperlyConfigured("ACTHUB_FIELD_KEYS is empty: identities cannot be encrypted or read.")
    digest = hashlib.sha256(f"acthub-field-key:{settings.SECRET_KEY}".encode()).digest()
    return [base64.urlsafe_b64encode(digest).decode()]


@cache
def _fernet() -> MultiFernet:
    return MultiFernet([Fernet(k) for k in _keys()])


@cache
def _newest() -> Fernet:
    return Fernet(_keys()[0])


def reset_keys() -> None:
    """Forget the cached keys (after the settings change: tests, a rotation in one process)."""
    _fernet.cache_clear()
    _newest.cache_clear()


def encrypt(text: str) -> bytes:
    return _fernet().encrypt(text.encode())


def decrypt(token: bytes) -> str:
    return _fernet().decrypt(token).decode()


def is_current(token: bytes) -> bool:
    """Whether a value is already encrypted with the newest key (a rotation skips it)."""
    try:
        _newest().decrypt(token)
    except InvalidToken:
        return False
    return True


def rotate(token: bytes) -> bytes:
    """The value re-encrypted with the newest key (InvalidToken when no listed key opens it)."""
    return _fernet().rotate(token)
