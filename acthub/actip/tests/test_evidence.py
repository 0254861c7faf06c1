"""Library resources as evidence of an article's assessment, shown only to those the resource's level allows."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from acthub.accounts.testing import sign_in
from acthub.actip import services as s
from acthub.actip.reference import load_reference
from acthub.core.testing import factories as f
from acthub.library.choices import AccessLevel
from acthub.library.tests.factories import ResourceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def linked(country_a: Any, country_b: Any, users: dict[str, Any]) -> dict[str, Any]:
    for code in ("BN", "ID", "MY", "MM", "PH", "SG", "TH", "VN"):
        f.CountryFactory(code=code, name=f"Country {code}")
    load_reference()
    public = ResourceFactory(title="Synthetic public guideline", access_level=AccessLevel.PUBLIC)
    partners = ResourceFactory(
        title="Synthetic partners toolkit", access_level=AccessLevel.PARTNERS, countries=[country_a]
    )
    internal = ResourceFactory(
        title="Synthetic internal memo", access_level=AccessLevel.INTERNAL, countries=[country_a]
    )
    assessment = s.start_assessment(country_a, "2022", acting_user=users["officer_a"])
    item = assessment.items.get(article__number=14)
    s.update_item(item, acting_user=users["officer_a"], status="partial", resources=[public, partners, internal])
    return {"assessment": assessment, "item": item, "public": public, "partners": partners, "internal": internal}


def _titles(client: Client, assessment: Any) -> set[str]:
    html = client.get(f"/actip/assessments/{assessment.pk}/").content.decode()
    return {
        t for t in ("Synthetic public guideline", "Synthetic partners toolkit", "Synthetic internal memo") if t in html
    }


def test_the_officer_links_resources_and_sees_them_all(linked: dict[str, Any], users: dict[str, Any]) -> None:
    assert set(linked["item"].resources.all()) == {linked["public"], linked["partners"], linked["internal"]}
    assert _titles(sign_in(Client(), users["officer_a"]), linked["assessment"]) == {
        "Synthetic public guideline",
        "Synthetic partners toolkit",
        "Synthetic internal memo",
    }


def test_the_public_sees_only_public_resources_of_a_published_assessment(
    linked: dict[str, Any], users: dict[str, Any]
) -> None:
    assessment = linked["assessment"]
    s.submit(assessment, acting_user=users["officer_a"])
    s.accept(assessment, acting_user=users["mel"])
    s.publish(assessment, acting_user=users["mel"])
    assert _titles(Client(), assessment) == {"Synthetic public guideline"}
    assert _titles(sign_in(Client(), users["partner"]), assessment) == {
        "Synthetic public guideline",
        "Synthetic partners toolkit",
    }


def test_a_resource_the_officer_cannot_see_cannot_be_linked(
    linked: dict[str, Any], users: dict[str, Any], country_b: Any
) -> None:
    hidden = ResourceFactory(title="Synthetic Cambodian memo", access_level=AccessLevel.INTERNAL, countries=[country_b])
    with pytest.raises(ValidationError, match=f"No library resource {hidden.pk}"):
        s.update_item(linked["item"], acting_user=users["officer_a"], status="partial", resources=[hidden])
    assert hidden not in linked["item"].resources.all()


def test_the_edit_form_links_resources_by_post(linked: dict[str, Any], users: dict[str, Any]) -> None:
    client = sign_in(Client(), users["officer_a"])
    item = linked["item"]
    response = client.post(f"/staff/actip/items/{item.pk}/", {"status": "full", "resources": [linked["public"].pk]})
    assert response.status_code == 302
    assert list(item.resources.all()) == [linked["public"]]
