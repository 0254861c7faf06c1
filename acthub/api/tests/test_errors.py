"""Every error is JSON in one shape: unknown routes, hidden records, writes, bad filters."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

from acthub.accounts.testing import api_key
from acthub.api.tests.world import detail_url

pytestmark = pytest.mark.django_db


def error(response: Any, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body: dict[str, Any] = response.json()["error"]
    assert body["status"] == status
    assert body["code"] == code
    assert body["message"]
    return body


@pytest.mark.parametrize("path", ["/api/v1/nope/", "/api/v1/countries/la/", "/api/nope/", "/api/v1/stories/abc/"])
def test_unknown_paths_give_a_json_404(api: APIClient, path: str) -> None:
    error(api.get(path), 404, "not_found")


def test_missing_record_gives_a_json_404(api: APIClient, world: dict[str, Any]) -> None:
    body = error(api.get("/api/v1/stories/999999/"), 404, "not_found")
    assert body["message"] == "Not found."
    error(api.get("/api/v1/countries/ZZ/"), 404, "not_found")
    error(api.get("/api/v1/indicators/NO_SUCH/"), 404, "not_found")


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_the_api_is_read_only(api: APIClient, world: dict[str, Any], users: dict[str, Any], method: str) -> None:
    token = api_key(users["admin"])
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    for url in ("/api/v1/stories/", detail_url("stories", world["stories"]), "/api/v1/change-log/"):
        body = error(getattr(api, method)(url, {}, format="json"), 405, "method_not_allowed")
        assert method.upper() in body["message"]


def test_post_anonymous_gives_405(api: APIClient, world: dict[str, Any]) -> None:
    error(api.post("/api/v1/organisations/", {"name": "New"}, format="json"), 405, "method_not_allowed")
    error(api.delete(detail_url("programs", world["programs"])), 405, "method_not_allowed")


def test_bad_filter_gives_a_json_400_naming_the_parameter(api: APIClient) -> None:
    body = error(api.get("/api/v1/organisations/", {"type": "spaceship"}), 400, "invalid")
    assert list(body["fields"]) == ["type"]
    assert "spaceship" in body["fields"]["type"][0]


def test_pagination_errors_are_json(api: APIClient, world: dict[str, Any]) -> None:
    error(api.get("/api/v1/stories/", {"page": 99}), 404, "not_found")
