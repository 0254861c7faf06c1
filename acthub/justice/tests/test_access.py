"""Who sees justice records, through the API and the admin, and that every read is in the access log."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client

from acthub.accounts.testing import sign_in
from acthub.audit.models import AccessEvent
from acthub.justice.models import Charge, CourtCase, Defendant, DefendantCharge, Victim
from acthub.justice.tests.factories import DefendantChargeFactory, VictimFactory

pytestmark = pytest.mark.django_db

ENDPOINTS = {
    "court-cases": CourtCase,
    "court-charges": Charge,
    "defendants": Defendant,
    "defendant-verdicts": DefendantCharge,
    "victims": Victim,
}
ADMIN_PAGES = {
    CourtCase: "courtcase",
    Charge: "charge",
    Defendant: "defendant",
    DefendantCharge: "defendantcharge",
    Victim: "victim",
}


@pytest.fixture
def justice_world(country_a: Any, country_b: Any) -> dict[str, dict[type, Any]]:
    """One record of every kind in country A and in country B."""
    made: dict[str, dict[type, Any]] = {}
    for code, country in (("A", country_a), ("B", country_b)):
        verdict = DefendantChargeFactory(defendant__case__country=country)
        victim = VictimFactory(case=verdict.defendant.case)
        made[code] = {
            CourtCase: verdict.defendant.case,
            Charge: verdict.charge,
            Defendant: verdict.defendant,
            DefendantCharge: verdict,
            Victim: victim,
        }
    return made


def _client(users: dict[str, Any], role: str) -> Client:
    return Client() if role == "anonymous" else sign_in(Client(), users[role])


# Which country's records each role sees: officer_a is scoped to A; MEL and admin see every country.
SEES = {"anonymous": None, "partner": None, "officer_a": {"A"}, "mel": {"A", "B"}, "admin": {"A", "B"}}


@pytest.mark.parametrize("role", list(SEES))
@pytest.mark.parametrize("endpoint", list(ENDPOINTS))
def test_api_scope_for_every_role(
    role: str, endpoint: str, justice_world: dict[str, dict[type, Any]], users: dict[str, Any]
) -> None:
    client = _client(users, role)
    model = ENDPOINTS[endpoint]
    listing = client.get(f"/api/v1/{endpoint}/")
    seen = SEES[role]
    if seen is None:
        assert listing.status_code == (401 if role == "anonymous" else 403)
        assert listing.json()["error"]["status"] == listing.status_code  # structured JSON, no record in it
        for code in ("A", "B"):
            assert client.get(f"/api/v1/{endpoint}/{justice_world[code][model].pk}/").status_code in (401, 403)
        return
    assert listing.status_code == 200
    shown = {item["id"] for item in listing.json()["results"]}
    assert shown == {justice_world[code][model].pk for code in seen}
    for code in ("A", "B"):
        response = client.get(f"/api/v1/{endpoint}/{justice_world[code][model].pk}/")
        assert response.status_code == (200 if code in seen else 404)
    # A filter on another country's code lists nothing rather than revealing anything.
    if role == "officer_a":
        assert client.get(f"/api/v1/{endpoint}/", {"country": "KH"}).json()["results"] == []


def test_api_reads_are_in_the_access_log(justice_world: dict[str, dict[type, Any]], users: dict[str, Any]) -> None:
    client = _client(users, "officer_a")
    victim = justice_world["A"][Victim]
    victim_type = ContentType.objects.get_for_model(Victim)
    before = AccessEvent.objects.filter(kind=AccessEvent.Kind.READ, content_type=victim_type).count()
    client.get("/api/v1/victims/")
    client.get(f"/api/v1/victims/{victim.pk}/")
    reads = AccessEvent.objects.filter(kind=AccessEvent.Kind.READ, content_type=victim_type).order_by("pk")
    assert reads.count() == before + 2
    assert {e.object_id for e in reads} == {str(victim.pk)}
    assert {e.detail.get("view") for e in reads} == {"api:victim-list", "api:victim-detail"}


def test_api_never_shows_names(justice_world: dict[str, dict[type, Any]], users: dict[str, Any]) -> None:
    from acthub.justice import services

    victim = justice_world["A"][Victim]
    services.save_victim(victim, acting_user=users["admin"], name="Synthetic Secret Name")
    body = _client(users, "admin").get(f"/api/v1/victims/{victim.pk}/").content
    assert b"Synthetic Secret Name" not in body
    assert b"name_encrypted" not in body


@pytest.mark.parametrize("model", list(ADMIN_PAGES))
def test_admin_lists_and_pages_are_scoped_and_audited(
    model: type, justice_world: dict[str, dict[type, Any]], users: dict[str, Any]
) -> None:
    client = _client(users, "officer_a")
    name = ADMIN_PAGES[model]
    content_type = ContentType.objects.get_for_model(model)
    own, other = justice_world["A"][model], justice_world["B"][model]
    response = client.get(f"/admin/justice/{name}/")
    assert response.status_code == 200
    shown = {obj.pk for obj in response.context["cl"].result_list}
    assert shown == {own.pk}
    listed = AccessEvent.objects.filter(kind=AccessEvent.Kind.READ, content_type=content_type)
    assert {e.object_id for e in listed} == {str(own.pk)}
    assert client.get(f"/admin/justice/{name}/{own.pk}/change/").status_code == 200
    assert listed.all().count() == 2  # a fresh query: the set above cached the first answer
    # Another country's record: the admin answers as for a record that does not exist.
    assert client.get(f"/admin/justice/{name}/{other.pk}/change/").status_code == 302
    assert not listed.filter(object_id=str(other.pk)).exists()
    for role in ("anonymous", "partner"):
        assert _client(users, role).get(f"/admin/justice/{name}/").status_code == 302
