"""Accounts: password rules, TOTP two-factor for staff, login throttling, session limits, login audit."""

from __future__ import annotations

import time
from datetime import timedelta
from typing import Any

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from acthub.accounts.middleware import SESSION_SEEN, SESSION_STARTED
from acthub.accounts.models import EnrolmentCode
from acthub.accounts.testing import api_key, current_code, enrolled_device, sign_in
from acthub.accounts.tokens import enrolment_code_matches, issue_enrolment_code
from acthub.audit.models import AccessEvent
from acthub.core.testing.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
VERIFY = "/accounts/two-factor/"
SETUP = "/accounts/two-factor/setup/"


def log_in(client: Client, username: str, password: str = PASSWORD, **extra: Any) -> Any:
    return client.post(LOGIN, {"username": username, "password": password}, **extra)


def events(kind: str) -> list[AccessEvent]:
    return list(AccessEvent.objects.filter(kind=kind).order_by("pk"))


# Passwords ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("password", ["short-Pw1!", "password1234", "123456789012345"])
def test_weak_passwords_are_refused(password: str) -> None:
    with pytest.raises(ValidationError):
        validate_password(password)


def test_a_long_uncommon_password_is_accepted() -> None:
    validate_password("a long passphrase nobody uses")


# Two-factor authentication ----------------------------------------------------------------------------


def test_staff_without_a_device_are_sent_to_enrolment(client: Client, users: dict[str, Any]) -> None:
    response = log_in(client, users["mel"].username)
    assert response.status_code == 302
    admin = client.get("/admin/")
    assert admin.status_code == 302 and admin["Location"].startswith(f"{SETUP}?next=")
    assert client.get("/").status_code == 302  # nothing but the two-factor pages before enrolment


def test_enrolment_shows_a_qr_code_and_confirms_with_a_code(client: Client, users: dict[str, Any]) -> None:
    mel = users["mel"]
    code = issue_enrolment_code(mel)
    log_in(client, mel.username)
    assert client.post(f"{SETUP}?next=/admin/", {"enrolment_code": code.lower()}).status_code == 302
    page = client.get(SETUP, {"next": "/admin/"})
    html = page.content.decode()
    assert page.status_code == 200 and "<svg" in html and "<path" in html
    assert page["Cache-Control"].find("no-store") >= 0
    device = TOTPDevice.objects.get(user=mel, confirmed=False)
    assert client.post(SETUP, {"token": "000000", "next": "/admin/"}).status_code == 400
    device.refresh_from_db()
    device.throttle_reset()
    response = client.post(SETUP, {"token": current_code(device), "next": "/admin/"})
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    assert TOTPDevice.objects.get(user=mel).confirmed
    assert [e.kind for e in AccessEvent.objects.filter(user=mel).order_by("pk")][-2:] == ["otp_failed", "otp_enrolled"]
    assert not enrolment_code_matches(mel, code)  # used up


def test_a_password_alone_cannot_enrol_an_authenticator(client: Client, users: dict[str, Any]) -> None:
    """Finding 11: first-login enrolment let a password alone enrol the attacker's authenticator."""
    mel = users["mel"]
    code = issue_enrolment_code(mel)
    log_in(client, mel.username)
    page = client.get(SETUP)
    assert page.status_code == 200 and b"<svg" not in page.content and b"Enrolment code" in page.content
    assert not TOTPDevice.objects.filter(user=mel).exists()  # no secret exists to be shown
    wrong = client.post(SETUP, {"enrolment_code": "0" * 24})
    assert wrong.status_code == 400 and b"<svg" not in wrong.content
    # A device confirmation without the code's step is refused too: nothing is pending.
    assert client.post(SETUP, {"token": "123456"}).status_code == 400
    assert not TOTPDevice.objects.filter(user=mel, confirmed=True).exists()
    assert events("otp_failed")[-1].detail == {"step": "enrolment code"}
    # The right code opens the QR step with a fresh secret.
    assert client.post(SETUP, {"enrolment_code": code}).status_code == 302
    assert b"<svg" in client.get(SETUP).content


def test_an_administrator_issues_an_enrolment_code(client: Client, users: dict[str, Any]) -> None:
    sign_in(client, users["admin"])
    response = client.post(
        "/admin/accounts/user/", {"action": "issue_enrolment_codes", "_selected_action": [users["mel"].pk]}
    )
    assert response.status_code == 200
    code = response.content.decode().split('<code class="enrolment-code">')[1].split("</code>")[0]
    assert enrolment_code_matches(users["mel"], code)
    assert events("enrol_code_issued")[-1].user == users["admin"]
    # Regional MEL may look at users but not issue codes.
    other = sign_in(Client(), users["mel"])
    other.post("/admin/accounts/user/", {"action": "issue_enrolment_codes", "_selected_action": [users["partner"].pk]})
    assert not enrolment_code_matches(users["partner"], code)
    assert not EnrolmentCode.objects.filter(user=users["partner"]).exists()


def test_enrolled_staff_verify_each_session(client: Client, users: dict[str, Any]) -> None:
    officer = users["officer_a"]
    device = enrolled_device(officer)
    log_in(client, officer.username)
    gate = client.get("/admin/")
    assert gate.status_code == 302 and gate["Location"].startswith(f"{VERIFY}?next=")
    assert client.get(SETUP).status_code == 302  # an unverified session may not replace the device
    wrong = client.post(VERIFY, {"token": "123456", "next": "/admin/"})
    assert wrong.status_code == 400 and b"not right" in wrong.content
    device.refresh_from_db()
    assert client.post(VERIFY, {"token": current_code(device), "next": "/admin/"}).status_code == 400  # throttled
    device.throttle_reset()
    session_before = client.cookies["sessionid"].value
    ok = client.post(VERIFY, {"token": current_code(device), "next": "https://evil.example/"})
    assert ok.status_code == 302 and ok["Location"] == "/"  # never redirected off-site
    assert client.cookies["sessionid"].value != session_before  # a new session id after the step up
    assert client.get("/admin/").status_code == 200
    kinds = [e.kind for e in AccessEvent.objects.filter(user=officer).order_by("pk")]
    assert kinds[-4:] == ["login", "otp_failed", "otp_failed", "otp_verified"]


def test_a_code_is_single_use(client: Client, users: dict[str, Any]) -> None:
    admin = users["admin"]
    device = enrolled_device(admin)
    code = current_code(device)
    log_in(client, admin.username)
    assert client.post(VERIFY, {"token": code}).status_code == 302
    other = Client()
    log_in(other, admin.username)
    assert other.post(VERIFY, {"token": code}).status_code == 400


def test_unverified_staff_sessions_get_a_json_403_from_the_api(client: Client, users: dict[str, Any]) -> None:
    client.force_login(users["mel"])
    response = client.get("/api/v1/programs/")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "two_factor_required"
    htmx = client.get("/partners/", headers={"HX-Request": "true"})
    assert htmx.status_code == 204 and htmx["HX-Redirect"].startswith(SETUP)


def test_api_tokens_are_their_own_credential(client: Client, users: dict[str, Any]) -> None:
    token = api_key(users["mel"])
    response = client.get("/api/v1/programs/", headers={"Authorization": f"Token {token}"})
    assert response.status_code == 200


def test_partners_may_enrol_and_then_must_verify(client: Client, users: dict[str, Any]) -> None:
    partner = users["partner"]
    log_in(client, partner.username)
    assert client.get("/").status_code == 200  # optional for partners
    device = enrolled_device(partner)
    fresh = Client()
    log_in(fresh, partner.username)
    assert fresh.get("/").status_code == 302
    assert fresh.post(VERIFY, {"token": current_code(device)}).status_code == 302
    assert fresh.get("/").status_code == 200


def test_sign_in_helper_verifies_staff(client: Client, users: dict[str, Any]) -> None:
    sign_in(client, users["admin"])
    assert client.get("/admin/").status_code == 200


# Login throttling -------------------------------------------------------------------------------------


def test_five_failures_lock_the_username_and_address_for_15_minutes(users: dict[str, Any]) -> None:
    partner = users["partner"]
    client = Client(REMOTE_ADDR="10.0.0.7")
    for _ in range(4):
        assert log_in(client, partner.username, "wrong password!").status_code == 200
    assert log_in(client, partner.username, "wrong password!").status_code == 429
    locked = log_in(client, partner.username)  # even the right password
    assert locked.status_code == 429 and b"15 minutes" in locked.content
    assert log_in(Client(REMOTE_ADDR="10.0.0.8"), partner.username).status_code == 302  # another address
    assert log_in(Client(REMOTE_ADDR="10.0.0.7"), users["admin"].username).status_code == 302  # another user
    lockouts = events("lockout")
    assert len(lockouts) >= 1 and lockouts[0].user == partner and lockouts[0].remote_addr == "10.0.0.7"
    assert len(events("login_failed")) >= 5
    # After the cool-off the pair may try again.
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    assert log_in(client, partner.username).status_code == 302


def test_password_spraying_from_one_address_locks_the_address(users: dict[str, Any]) -> None:
    """Finding 11: 30 usernames from one address locked nothing."""
    sprayer = Client(REMOTE_ADDR="10.0.0.9")
    answers = [log_in(sprayer, f"synthetic-sprayed-{n}", "Spring-2026-password").status_code for n in range(30)]
    assert answers[:19] == [200] * 19 and set(answers[19:]) == {429}
    # The address is locked for every name, even with the right password, as long as the cool-off lasts.
    assert log_in(Client(REMOTE_ADDR="10.0.0.9"), users["partner"].username).status_code == 429
    # Another address is not.
    assert log_in(Client(REMOTE_ADDR="10.0.0.10"), users["partner"].username).status_code == 302
    # Signing in to an account of one's own does not reset the address's count.
    AccessAttempt.objects.filter(ip_address="10.0.0.9").update(attempt_time=timezone.now() - timedelta(minutes=16))
    assert log_in(Client(REMOTE_ADDR="10.0.0.9"), users["partner"].username).status_code == 302


def test_failed_logins_keep_no_password(client: Client, users: dict[str, Any], caplog: Any) -> None:
    log_in(client, users["partner"].username, "Secret-Typo-123")
    log_in(client, "Secret-In-Username-123", "whatever-else-99")
    failed = events("login_failed")
    assert [(e.user_name, e.detail) for e in failed] == [
        (users["partner"].username, {}),
        ("", {"known_user": False}),  # an unknown name is often a password typed in the wrong field
    ]
    logged = " ".join(r.getMessage() for r in caplog.records) + repr([e.detail for e in failed])
    assert "Secret-Typo-123" not in logged and "Secret-In-Username-123" not in logged


# Sessions ---------------------------------------------------------------------------------------------


def _age(client: Client, *, started: float, seen: float) -> None:
    session = client.session
    session[SESSION_STARTED], session[SESSION_SEEN] = started, seen
    session.save()


def _signed_in(client: Client) -> bool:
    return client.get(f"{LOGIN}").wsgi_request.user.is_authenticated


def test_thirty_minutes_idle_ends_the_session(client: Client, users: dict[str, Any]) -> None:
    sign_in(client, users["admin"])
    now = time.time()
    _age(client, started=now - 3600, seen=now - 29 * 60)
    assert client.get("/admin/").status_code == 200
    _age(client, started=now - 3600, seen=now - 31 * 60)
    response = client.get("/admin/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert events("session_expired")[-1].detail == {"reason": "idle"}


def test_twelve_hours_end_an_active_session(client: Client, users: dict[str, Any]) -> None:
    sign_in(client, users["admin"])
    now = time.time()
    _age(client, started=now - 12 * 3600 - 5, seen=now - 10)
    assert client.get("/admin/").status_code == 302
    assert events("session_expired")[-1].detail == {"reason": "maximum age"}


def test_activity_keeps_the_session_alive(client: Client, users: dict[str, Any]) -> None:
    sign_in(client, users["admin"])
    now = time.time()
    _age(client, started=now - 3600, seen=now - 20 * 60)
    client.get("/admin/")
    assert client.session[SESSION_SEEN] > now - 5


def test_disabling_the_account_ends_its_sessions(client: Client, users: dict[str, Any]) -> None:
    mel = users["mel"]
    sign_in(client, mel)
    assert client.get("/admin/").status_code == 200
    mel.is_active = False
    mel.save()
    assert client.get("/admin/").status_code == 302
    assert client.get("/api/v1/change-log/").status_code == 401


def test_changing_the_password_ends_other_sessions(users: dict[str, Any]) -> None:
    admin = users["admin"]
    here, elsewhere = Client(), Client()
    sign_in(here, admin)
    sign_in(elsewhere, admin)
    response = here.post(
        "/accounts/password_change/",
        {
            "old_password": PASSWORD,
            "new_password1": "a brand new passphrase",
            "new_password2": "a brand new passphrase",
        },
    )
    assert response.status_code == 302
    assert here.get("/admin/").status_code == 200  # the session that changed it stays
    assert elsewhere.get("/admin/").status_code == 302
    assert events("password_changed")[-1].object_id == str(admin.pk)


def test_a_password_set_by_an_administrator_ends_the_user_s_sessions(client: Client) -> None:
    user = UserFactory(role="partner")
    client.force_login(user)
    assert _signed_in(client)
    user.set_password("another long passphrase")
    user.save()
    assert not _signed_in(client)


# Login audit ------------------------------------------------------------------------------------------


def test_logins_and_logouts_are_logged_with_address_and_time(users: dict[str, Any]) -> None:
    client = Client(REMOTE_ADDR="192.0.2.10")
    log_in(client, users["partner"].username)
    client.post("/accounts/logout/")
    login, logout = events("login")[-1], events("logout")[-1]
    assert (login.user, login.remote_addr, login.via) == (users["partner"], "192.0.2.10", "web")
    assert login.time.tzinfo is not None and login.time.utcoffset() == timedelta(0)
    assert logout.user == users["partner"]


def test_role_and_scope_changes_are_logged(users: dict[str, Any], country_a: Any, country_b: Any) -> None:
    client = sign_in(Client(), users["admin"])
    officer = users["officer_a"]
    form = {
        "username": officer.username,
        "first_name": "",
        "last_name": "",
        "email": "",
        "role": "regional_mel",
        "countries": [country_a.pk, country_b.pk],
        "organisation": "",
        "is_active": "on",
    }
    response = client.post(f"/admin/accounts/user/{officer.pk}/change/", form)
    assert response.status_code == 302, response.content[:3000]
    changes = [e.detail for e in events("role_changed") if e.object_id == str(officer.pk)]
    assert {"subject": officer.username, "role": ["country_officer", "regional_mel"]} in changes
    assert {"subject": officer.username, "countries": {"added": ["KH"]}} in changes
    latest = [e for e in events("role_changed") if e.object_id == str(officer.pk)][-2:]
    assert {e.user for e in latest} == {users["admin"]} and {e.via for e in latest} == {"admin"}
