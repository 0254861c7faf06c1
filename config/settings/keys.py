"""Checks of the keys production needs, run when the settings load (a bad key stops the start)."""

from __future__ import annotations

from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured


def checked_field_keys(keys: list[str]) -> list[str]:
    """ACTHUB_FIELD_KEYS as given, once each is a valid Fernet key and there is at least one."""
    keys = [key.strip() for key in keys if key.strip()]
    if not keys:
        raise ImproperlyConfigured(
            "ACTHUB_FIELD_KEYS is empty: production needs at least one Fernet key to encrypt identities "
            '(python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())").'
        )
    for position, key in enumerate(keys, start=1):
        try:
            Fernet(key)
        except ValueError as exc:  # wrong length or not url-safe base64
            raise ImproperlyConfigured(
                f"ACTHUB_FIELD_KEYS: key {position} is not a valid Fernet key (32 url-safe base64-encoded bytes)."
            ) from exc
    return keys
