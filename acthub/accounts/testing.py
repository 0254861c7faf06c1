"""Test helpers: sign a user in on a test client, staff already through their TOTP check.

`client.force_login(user)` alone leaves a staff session unverified, and the two-factor middleware
then sends every staff page to the verification page. Tests that are not about two-factor
authentication sign in with `sign_in(client, user)` instead.
"""

from __future__ import annotations

from typing import Any

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from acthub.accounts import twofactor

TEST_DEVICE_NAME = "test authenticator"


def enrolled_device(user: Any) -> TOTPDevice:
    """The user's confirmed TOTP device, enrolled on the spot if they have none."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TEST_DEVICE_NAME, confirmed=True)
    return device


def current_code(device: TOTPDevice) -> str:
    """The code the device's authenticator app would show now."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def sign_in(client: Client, user: Any, *, verified: bool | None = None) -> Client:
    """Log `user` in on `client`; staff (or `verified=True`) as having passed the TOTP check."""
    client.force_login(user)
    if verified if verified is not None else twofactor.is_staff_role(user):
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = enrolled_device(user).persistent_id
        session.save()
    return client


def api_key(user: Any, *, name: str = "test token", days: int | None = None) -> str:
    """A new API token of `user`, as the key a client sends (`Authorization: Token <key>`)."""
    from acthub.accounts.tokens import issue_token

    return issue_token(user, name=name, days=days)[1]
