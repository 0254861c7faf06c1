"""Two-factor authentication with TOTP (RFC 6238): who needs it, enrolment, verification.

Every staff role (country officer, regional MEL, admin) must enrol an authenticator app and pass a
one-time code in each session before it reaches anything but the two-factor pages. A partner may
enrol; once they have, their sessions need the code too. Verification is per session and is what
`django_otp` records in it (`request.user.is_verified()`); codes are single-use and attempts are
throttled by the device (1, 2, 4, ... seconds after successive failures).
"""

from __future__ import annotations

from typing import Any

import segno
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from acthub.accounts.choices import STAFF_ROLES
from acthub.audit.events import record_event
from acthub.audit.models import AccessEvent

DEVICE_NAME = "authenticator"


def is_staff_role(user: Any) -> bool:
    """Whether the user has a staff role (which makes two-factor authentication mandatory)."""
    return bool(getattr(user, "is_authenticated", False)) and getattr(user, "role", None) in STAFF_ROLES


def confirmed_devices(user: Any) -> list[TOTPDevice]:
    """The user's enrolled (confirmed) TOTP devices."""
    return list(TOTPDevice.objects.filter(user=user, confirmed=True))


def requires_verification(user: Any) -> bool:
    """Whether this session must pass a TOTP check: staff always, anyone else once enrolled."""
    if not getattr(user, "is_authenticated", False):
        return False
    return is_staff_role(user) or TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def is_verified(user: Any) -> bool:
    """Whether this session's user has passed the TOTP check (set by django_otp's middleware)."""
    check = getattr(user, "is_verified", None)
    return bool(check()) if callable(check) else False


def pending_device(user: Any) -> TOTPDevice:
    """The unconfirmed device of an enrolment in progress, created with a fresh secret if needed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def discard_pending_devices(user: Any) -> None:
    """Forget unconfirmed devices, whose secrets may have been shown before the enrolment code."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()


def qr_svg(device: TOTPDevice) -> str:
    """The device's otpauth:// URL as an inline SVG QR code (presentation attributes only, no style)."""
    return str(segno.make(device.config_url, error="m").svg_inline(scale=5, border=2, dark="#111", light="#fff"))


def secret_text(device: TOTPDevice) -> str:
    """The secret in base32, in groups of four, for typing into an app that cannot scan."""
    from base64 import b32encode

    text = b32encode(device.bin_key).decode()
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def _clean(token: str) -> str:
    return "".join(ch for ch in token if ch.isdigit())


@transaction.atomic
def confirm_enrolment(request: HttpRequest, device: TOTPDevice, token: str) -> bool:
    """Confirm a pending device with its first code; on success it replaces any earlier device."""
    user: Any = request.user
    if device.user_id != user.pk or device.confirmed:
        return False
    if not device.verify_token(_clean(token)):
        record_event(AccessEvent.Kind.OTP_FAILED, user=user, request=request, detail={"step": "enrolment"})
        return False
    device.confirmed = True
    device.save()
    for old in TOTPDevice.objects.filter(user=user).exclude(pk=device.pk):
        old.delete()
    _verified(request, device)
    record_event(AccessEvent.Kind.OTP_ENROLLED, user=user, request=request)
    return True


def verify(request: HttpRequest, token: str) -> tuple[bool, str]:
    """Check a code against the user's devices; returns (passed, message for the person)."""
    user: Any = request.user
    devices = confirmed_devices(user)
    if not devices:
        return False, _("No authenticator is enrolled for this account.")
    code = _clean(token)
    waiting = False
    for device in devices:
        allowed, _data = device.verify_is_allowed()
        if not allowed:
            waiting = True
            continue
        with transaction.atomic():
            passed = device.verify_token(code)
        if passed:
            _verified(request, device)
            record_event(AccessEvent.Kind.OTP_VERIFIED, user=user, request=request)
            return True, ""
    record_event(AccessEvent.Kind.OTP_FAILED, user=user, request=request, detail={"throttled": waiting})
    if waiting:
        return False, _("Too many wrong codes: wait a few seconds, then try the newest code.")
    return False, _("That code is not right. Enter the 6-digit code your app shows now.")


def _verified(request: HttpRequest, device: TOTPDevice) -> None:
    otp_login(request, device)
    # A new session key after the step up: a session id seen before verification is worth nothing.
    request.session.cycle_key()
