"""Records outside a user's view do not exist for them: absent from lists, 404 on detail."""

from __future__ import annotations

from typing import Any

import pytest

from acthub.api.tests.world import detail_url
from acthub.core.models import Country
from acthub.core.testing import factories as f

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "partner", "officer_a", "mel", "admin"]
SEES_A = {"officer_a", "mel", "admin"}
SEES_B = {"mel", "admin"}


def _hidden_records(program: Any, country: Country) -> dict[str, Any]:
    """A non-published story, a non-public organisation and a value of a sensitive indicator."""
    sensitive = f.IndicatorFactory(code=f"VICTIMS_{country.code}", is_sensitive=True)
    return {
        "stories": f.StoryFactory(program=program, country=country, is_published=False, consent_obtained=False),
        "organisations": f.OrganisationFactory(country=country, is_public=False),
        "data-values": f.DataValueFactory(program=program, indicator=sensitive, country=country),
    }


@pytest.fixture
def hidden(program: Any, country_a: Country, country_b: Country) -> dict[str, dict[str, Any]]:
    return {"A": _hidden_records(program, country_a), "B": _hidden_records(program, country_b)}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("endpoint", ["stories", "organisations", "data-values"])
def test_hidden_records_by_role(client_for: Any, hidden: dict[str, Any], role: str, endpoint: str) -> None:
    client = client_for(role)
    listed = {row["id"] for row in client.get(f"/api/v1/{endpoint}/").json()["results"]}
    for place, sees in (("A", SEES_A), ("B", SEES_B)):
        record = hidden[place][endpoint]
        response = client.get(detail_url(endpoint, record))
        if role in sees:
            assert response.status_code == 200, (place, response.content)
            assert record.pk in listed
        else:
            assert response.status_code == 404, (place, response.content)
            assert response.json()["error"]["code"] == "not_found"
            assert record.pk not in listed


@pytest.mark.parametrize("role", ["anonymous", "partner", "officer_a"])
def test_hidden_records_do_not_leak_through_filters(client_for: Any, hidden: dict[str, Any], role: str) -> None:
    client = client_for(role)
    hidden_org = hidden["B"]["organisations"]
    response = client.get("/api/v1/organisations/", {"parent": hidden_org.pk})
    assert response.status_code == 400
    unknown = client.get("/api/v1/organisations/", {"parent": 999999})
    assert unknown.status_code == 400
    assert response.json()["error"]["fields"].keys() == unknown.json()["error"]["fields"].keys()


def test_hidden_organisation_is_null_or_left_out_where_referenced(
    client_for: Any, program: Any, country_b: Country, world: dict[str, Any]
) -> None:
    secret = f.OrganisationFactory(country=country_b, is_public=False, name="Secret shelter")
    grant = world["grants"]
    grant.grantee = secret
    grant.save()
    project = world["projects"]
    project.partners.add(secret)
    body = world["governance-bodies"]
    body.memberships.create(organisation=secret)
    for role, visible in (("anonymous", False), ("officer_a", False), ("mel", True)):
        client = client_for(role)
        shown = str(client.get("/api/v1/grants/").json()) + str(client.get(detail_url("projects", project)).json())
        shown += str(client.get(detail_url("governance-bodies", body)).json())
        assert ("Secret shelter" in shown) is visible, role
        assert client.get(detail_url("grants", grant)).json()["grantee"] is None or visible


def test_officer_sees_sensitive_values_of_own_country_only(client_for: Any, hidden: dict[str, Any]) -> None:
    rows = client_for("officer_a").get("/api/v1/data-values/", {"indicator": "VICTIMS_LA"}).json()["results"]
    assert [r["id"] for r in rows] == [hidden["A"]["data-values"].pk]
    other = client_for("officer_a").get("/api/v1/data-values/", {"indicator": "VICTIMS_KH"}).json()
    assert other["count"] == 0


@pytest.mark.parametrize("role", ["partner", "officer_a"])
def test_reference_data_is_visible_to_every_role(
    client_for: Any, world: dict[str, Any], country_b: Country, role: str
) -> None:
    client = client_for(role)
    assert client.get("/api/v1/programs/").json()["count"] == 1
    assert client.get("/api/v1/countries/").json()["count"] == 2
