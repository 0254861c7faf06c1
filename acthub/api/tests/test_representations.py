"""Records name each other by natural keys (country codes, slugs, indicator codes) or by links."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

from acthub.api.tests.world import detail_url

pytestmark = pytest.mark.django_db


def get(api: APIClient, endpoint: str, record: Any) -> dict[str, Any]:
    response = api.get(detail_url(endpoint, record))
    assert response.status_code == 200, response.content
    body: dict[str, Any] = response.json()
    return body


def test_program(api: APIClient, world: dict[str, Any]) -> None:
    body = get(api, "programs", world["programs"])
    assert body["slug"] == "asean-act"
    assert body["budget_amount"] == "1000000.00"
    assert body["links"][0]["address"].startswith("https://example.org/")


def test_country_with_its_programming(api: APIClient, world: dict[str, Any]) -> None:
    body = get(api, "countries", world["countries"])
    assert body["code"] == "LA"
    assert [(p["program"], p["country"], p["status"]) for p in body["programming"]] == [("asean-act", "LA", "active")]


def test_project(api: APIClient, world: dict[str, Any]) -> None:
    body = get(api, "projects", world["projects"])
    assert body["program"] == "asean-act"
    assert body["countries"] == ["LA"]
    assert body["pathways"] == [1]
    assert body["focus_tags"] == [world["focus-tags"].slug]
    assert sorted(p["name"] for p in body["partners"]) == sorted(o.name for o in world["projects"].partners.all())
    assert all(p["url"].startswith("http://testserver/api/v1/organisations/") for p in body["partners"])


def test_governance_body_with_nested_seats(api: APIClient, world: dict[str, Any]) -> None:
    body = get(api, "governance-bodies", world["governance-bodies"])
    seats = {(s["role"], (s["organisation"] or {}).get("acronym"), s["member_state"]) for s in body["memberships"]}
    assert seats == {("co_chair", "ORG1", None), ("member", None, "LA")}
    meeting = get(api, "governance-meetings", world["governance-meetings"])
    assert meeting["body"] == f"http://testserver{detail_url('governance-bodies', world['governance-bodies'])}"
    assert (meeting["program"], meeting["country"]) == ("asean-act", "LA")


def test_outcome_area_intro_and_results(api: APIClient, world: dict[str, Any]) -> None:
    area = world["outcome-areas"].slug
    intro = get(api, "outcome-area-intros", world["outcome-area-intros"])
    assert (intro["program"], intro["outcome_area"], intro["country"]) == ("asean-act", area, "LA")
    for endpoint in ("stories", "media", "support-delivered", "achievements"):
        assert get(api, endpoint, world[endpoint])["outcome_area"] == area
    assert get(api, "media", world["media"])["file"] is None


def test_grant_and_round(api: APIClient, world: dict[str, Any]) -> None:
    grant = get(api, "grants", world["grants"])
    assert grant["round"] == f"http://testserver{detail_url('grant-rounds', world['grant-rounds'])}"
    assert grant["grantee"]["acronym"] == "ORG1"
    assert get(api, "grant-rounds", world["grant-rounds"])["launched_label"] == "Jul 2021"


def test_indicator_by_code(api: APIClient, world: dict[str, Any]) -> None:
    body = get(api, "indicators", world["indicators"])
    assert body["code"] == "API_TRAINED_1"
    assert body["disaggregations"] == ["sex"]
