"""Field encryption for identifying details (Fernet: AES-128-CBC with HMAC-SHA256).

Keys come from ACTHUB_FIELD_KEYS (comma-separated, newest first) so that keys can be rotated:
new values are encrypted with the first key, old values still decrypt with any listed key.
"""

from __future__ import annotations

import base64
import hashlib
from functools import cache

from cryptography.fernet import Fernet, MultiFernet
from django.conf import settings


@cache
def _fernet() -> MultiFernet:
    keys = list(getattr(settings, "ACTHUB_FIELD_KEYS", []))
    if not keys:
        # Development and tests: a key derived from SECRET_KEY; production sets ACTHUB_FIELD_KEYS.
        digest = hashlib.sha256(f"acthub-field-key:{settings.SECRET_KEY}".encode()).digest()
        keys = [base64.urlsafe_b64encode(digest).decode()]
    return MultiFernet([Fernet(k) for k in keys])


def encrypt(text: str) -> bytes:
    return _fernet().encrypt(text.encode())


def decrypt(token: bytes) -> str:
    return _fernet().decrypt(token).decode()
