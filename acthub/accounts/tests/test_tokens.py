"""API tokens: stored hashed, named, expiring; their owner lists and revokes them; no admin shows them.

Finding 3 of the security review: DRF's token admin listed every API token in clear.
"""

from __future__ import annotations

import importlib
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.contrib import admin
from django.db import connection
from django.test import Client
from django.utils import timezone

from acthub.accounts.models import ApiToken
from acthub.accounts.testing import sign_in
from acthub.accounts.tokens import digest, issue_token
from acthub.audit.models import AccessEvent

pytestmark = pytest.mark.django_db


def api_get(key: str) -> int:
    return Client().get("/api/v1/change-log/", headers={"Authorization": f"Token {key}"}).status_code


def test_a_token_is_stored_only_as_its_hash_and_works_until_it_expires(users):
    token, key = issue_token(users["mel"], name="reporting script", days=30)
    assert token.key_hash == digest(key) and ApiToken.objects.filter(key_hash=key).count() == 0
    stored = " ".join(str(v) for v in ApiToken.objects.values_list("key_hash", "prefix", "name").get())
    assert key not in stored and key[12:] not in stored
    assert api_get(key) == 200
    ApiToken.objects.filter(pk=token.pk).update(expires=timezone.now() - timedelta(seconds=1))
    assert api_get(key) == 401


def test_a_token_of_a_disabled_account_stops_working(users):
    _token, key = issue_token(users["mel"], name="script")
    users["mel"].is_active = False
    users["mel"].save()
    assert api_get(key) == 401


def test_token_lifetime_is_bounded(users):
    with pytest.raises(ValueError, match="1 to 365 days"):
        issue_token(users["mel"], name="forever", days=3650)


def test_owner_creates_lists_and_revokes_own_tokens_only(client, users):
    mine, mine_key = issue_token(users["mel"], name="Synthetic MEL script")
    theirs, theirs_key = issue_token(users["admin"], name="Synthetic admin script")
    sign_in(client, users["mel"])
    page = client.get("/accounts/tokens/")
    assert page.status_code == 200
    assert b"Synthetic MEL script" in page.content and b"Synthetic admin script" not in page.content
    assert mine_key.encode() not in page.content  # the key is shown once, when it is made
    created = client.post("/accounts/tokens/", {"name": "Synthetic new", "days": "7"})
    new = ApiToken.objects.get(name="Synthetic new")
    assert created.status_code == 200 and (new.expires - new.created).days in (6, 7)
    shown = created.content.decode().split("<code>")[1].split("</code>")[0]
    assert digest(shown) == new.key_hash and api_get(shown) == 200
    # Another user's token is not there to revoke.
    assert client.post(f"/accounts/tokens/{theirs.pk}/revoke/").status_code == 404
    assert api_get(theirs_key) == 200
    assert client.post(f"/accounts/tokens/{mine.pk}/revoke/").status_code == 302
    assert api_get(mine_key) == 401
    assert AccessEvent.objects.filter(kind=AccessEvent.Kind.TOKEN_REVOKED, user=users["mel"]).count() == 1
    assert client.get(f"/accounts/tokens/{mine.pk}/revoke/").status_code == 405


def test_no_admin_lists_tokens():
    labels = {m._meta.label for m in admin.site._registry}
    assert "accounts.ApiToken" not in labels and "authtoken.TokenProxy" not in labels
    assert not apps.is_installed("rest_framework.authtoken")


def test_clear_tokens_of_drf_are_moved_hashed_and_deleted(users):
    migration = importlib.import_module("acthub.accounts.migrations.0003_api_tokens_and_enrolment_codes")
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE authtoken_token (key varchar(40) PRIMARY KEY, created timestamp, user_id bigint)")
        cursor.execute(
            "INSERT INTO authtoken_token (key, created, user_id) VALUES (%s, %s, %s)",
            ["0123456789abcdef0123456789abcdef01234567", timezone.now(), users["mel"].pk],
        )
    migration.hash_clear_tokens(apps, SimpleNamespace(connection=connection))
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM authtoken_token")
        assert cursor.fetchone()[0] == 0
    assert api_get("0123456789abcdef0123456789abcdef01234567") == 200
