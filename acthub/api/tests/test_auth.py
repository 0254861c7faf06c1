"""Token and session authentication, and the change log that only regional MEL and admin read."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

from acthub.accounts.testing import api_key
from acthub.audit.context import acting
from acthub.core.models import Country
from acthub.core.testing import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def secret_story(program: Any, country_b: Country) -> Any:
    return f.StoryFactory(program=program, country=country_b, is_published=False, consent_obtained=False)


def test_token_authentication_opens_the_user_s_view(api: APIClient, users: dict[str, Any], secret_story: Any) -> None:
    url = f"/api/v1/stories/{secret_story.pk}/"
    assert api.get(url).status_code == 404
    token = api_key(users["mel"])
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    response = api.get(url)
    assert response.status_code == 200
    assert response.json()["title"] == secret_story.title


def test_token_of_a_scoped_user_stays_in_scope(api: APIClient, users: dict[str, Any], secret_story: Any) -> None:
    token = api_key(users["officer_a"])
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api.get(f"/api/v1/stories/{secret_story.pk}/").status_code == 404


def test_a_wrong_token_is_a_json_401(api: APIClient) -> None:
    api.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    response = api.get("/api/v1/programs/")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "authentication_failed"


def test_session_authentication(client_for: Any, secret_story: Any) -> None:
    assert client_for("admin").get(f"/api/v1/stories/{secret_story.pk}/").status_code == 200


@pytest.fixture
def changes(users: dict[str, Any], country_a: Country) -> Any:
    with acting(users["admin"], via="admin"):
        org: Any = f.OrganisationFactory(country=country_a, name="Logged organisation")
        org.name = "Renamed organisation"
        org.save()
    return org


def test_change_log_needs_authentication(api: APIClient, changes: Any) -> None:
    response = api.get("/api/v1/change-log/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert response.json()["error"]["code"] == "not_authenticated"
    assert api.get("/api/v1/change-log/1/").status_code == 401


@pytest.mark.parametrize("role", ["partner", "officer_a"])
def test_change_log_is_forbidden_to_other_roles(client_for: Any, changes: Any, role: str) -> None:
    response = client_for(role).get("/api/v1/change-log/")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "permission_denied"


@pytest.mark.parametrize("role", ["mel", "admin"])
def test_change_log_for_regional_mel_and_admin(client_for: Any, changes: Any, role: str) -> None:
    client = client_for(role)
    response = client.get("/api/v1/change-log/", {"record_type": "directory.organisation"})
    assert response.status_code == 200
    rows = response.json()["results"]
    assert [r["action"] for r in rows] == ["update", "create"]
    update = rows[0]
    assert update["record_type"] == "directory.organisation"
    assert update["object_id"] == str(changes.pk)
    assert update["changed_fields"] == ["name"]
    assert (update["before"]["name"], update["after"]["name"]) == ("Logged organisation", "Renamed organisation")
    assert update["via"] == "admin"
    detail = client.get(update["url"])
    assert detail.status_code == 200
    assert detail.json() == update
    query = {"action": "create", "object_id": str(changes.pk), "record_type": "directory.organisation"}
    assert client.get("/api/v1/change-log/", query).json()["count"] == 1
