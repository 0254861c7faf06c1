"""What the public may not see stays hidden, and detail pages of hidden records are 404."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from acthub.accounts.testing import sign_in
from acthub.core.testing.factories import DataValueFactory, IndicatorFactory, StoryFactory
from acthub.portal.tests.support import page_text

pytestmark = pytest.mark.django_db

ALL_PAGES = [
    "/",
    "/countries/",
    "/countries/KH/",
    "/countries/LA/",
    "/outcomes/",
    "/outcomes/justice/",
    "/partners/",
    "/governance/",
    "/data/",
]


def all_text(client: Client) -> str:
    return " ".join(page_text(client.get(url).content.decode())[0] for url in ALL_PAGES)


def test_anonymous_sees_no_hidden_record(client: Client, world: dict[str, Any]) -> None:
    text = all_text(client)
    assert "Unpublished story of B" not in text
    assert "Hidden Shelter of B" not in text
    assert "Draft result for A." not in text


def test_hidden_organisation_page_is_404(client: Client, world: dict[str, Any]) -> None:
    assert client.get(f"/partners/{world['hidden'].pk}/").status_code == 404
    assert client.get(f"/partners/{world['ministry'].pk}/").status_code == 200
    assert client.get("/partners/999999/").status_code == 404


def test_officer_of_a_does_not_see_b(client: Client, world: dict[str, Any], users: dict[str, Any]) -> None:
    sign_in(client, users["officer_a"])
    text = all_text(client)
    assert "Unpublished story of B" not in text and "Hidden Shelter of B" not in text
    assert "Draft result for A." in text  # their own country's unpublished result
    assert client.get(f"/partners/{world['hidden'].pk}/").status_code == 404


def test_regional_mel_sees_everything(client: Client, world: dict[str, Any], users: dict[str, Any]) -> None:
    sign_in(client, users["mel"])
    text = all_text(client)
    assert "Unpublished story of B" in text and "Hidden Shelter of B" in text
    assert client.get(f"/partners/{world['hidden'].pk}/").status_code == 200


def test_sensitive_figures_are_not_public(client: Client, world: dict[str, Any], users: dict[str, Any]) -> None:
    victims = IndicatorFactory(code="VICTIMS_IDENTIFIED", name="Victims identified", is_sensitive=True)
    DataValueFactory(program=world["program"], indicator=victims, period="2021", country=world["b"], value=7)
    StoryFactory(program=world["program"], country=world["b"], title="Published story of B")
    html = client.get("/data/VICTIMS_IDENTIFIED/").content.decode()
    assert "No values of this indicator have been published." in html
    assert "Published story of B" in client.get("/countries/KH/").content.decode()
    sign_in(client, users["mel"])
    assert 'class="figure"' in client.get("/data/VICTIMS_IDENTIFIED/").content.decode()
