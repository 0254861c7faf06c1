"""The stakeholder directory: filters, the map's counts and links, contacts per entry, CSV/XLSX export."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from django.test import Client

from acthub.accounts.testing import sign_in
from acthub.core.testing.factories import OrganisationFactory, ProgramFactory, ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def orgs(country_a: Any, country_b: Any) -> dict[str, Any]:
    ProgramFactory(slug="asean-act")  # organisation pages belong to the portal's program
    return {
        "police": OrganisationFactory(
            name="Synthetic Police Unit",
            type="police",
            country=country_a,
            ctip_roles=["prosecution"],
            contact_email="unit@example.org",
            contacts_public=True,
        ),
        "shelter": OrganisationFactory(
            name="Synthetic Shelter",
            type="civil_society",
            country=country_a,
            ctip_roles=["protection", "prevention"],
            contact_phone="+856 20 0000 0000",
            contacts_public=False,
        ),
        "court": OrganisationFactory(
            name="Synthetic Court", type="court", country=country_b, ctip_roles=["prosecution"]
        ),
        "hidden": OrganisationFactory(name="Synthetic Hidden Body", type="police", country=country_b, is_public=False),
        "regional": OrganisationFactory(name="Synthetic Regional Network", type="civil_society", country=None),
    }


def names(client: Client, **params: str) -> set[str]:
    html = client.get("/directory/", params).content.decode()
    return set(re.findall(r'<td><a href="/partners/\d+/">([^<]+)</a>', html))


def test_filters(orgs: dict[str, Any]) -> None:
    client = Client()
    assert names(client) == {
        "Synthetic Police Unit",
        "Synthetic Shelter",
        "Synthetic Court",
        "Synthetic Regional Network",
    }
    assert names(client, country="LA") == {"Synthetic Police Unit", "Synthetic Shelter"}
    assert names(client, country="REGION") == {"Synthetic Regional Network"}
    assert names(client, sector="state") == {"Synthetic Police Unit", "Synthetic Court"}
    assert names(client, sector="non_state") == {"Synthetic Shelter", "Synthetic Regional Network"}
    assert names(client, role="prosecution") == {"Synthetic Police Unit", "Synthetic Court"}
    assert names(client, role="protection", country="LA") == {"Synthetic Shelter"}
    assert names(client, type="court") == {"Synthetic Court"}


def test_map_counts_what_the_visitor_may_see_and_links_to_lists(orgs: dict[str, Any], users: dict[str, Any]) -> None:
    html = Client().get("/directory/", {"sector": "state"}).content.decode()
    tiles = dict(re.findall(r"<title>([^<:]+): (\d+)</title>", html))
    # Cambodia's hidden police body is not counted for the public; the filter applies to the map.
    assert (tiles["Lao PDR"], tiles["Cambodia"]) == ("1", "1")
    assert '/directory/?country=KH&amp;sector=state"' in html
    staff = sign_in(Client(), users["mel"]).get("/directory/", {"sector": "state"}).content.decode()
    assert dict(re.findall(r"<title>([^<:]+): (\d+)</title>", staff))["Cambodia"] == "2"


def test_contacts_public_or_restricted_per_entry(orgs: dict[str, Any], users: dict[str, Any]) -> None:
    public = Client()
    assert "unit@example.org" in public.get(f"/partners/{orgs['police'].pk}/").content.decode()
    page = public.get(f"/partners/{orgs['shelter'].pk}/").content.decode()
    assert "+856 20 0000 0000" not in page and "shared with signed-in partners" in page
    partner = sign_in(Client(), users["partner"])
    assert "+856 20 0000 0000" in partner.get(f"/partners/{orgs['shelter'].pk}/").content.decode()
    csv = b"".join(public.get("/directory/export/csv/").streaming_content).decode("utf-8-sig")
    assert "unit@example.org" in csv and "+856" not in csv and "Synthetic Hidden Body" not in csv
    signed = b"".join(partner.get("/directory/export/csv/").streaming_content).decode("utf-8-sig")
    assert "+856 20 0000 0000" in signed


def test_xlsx_export_follows_the_filters(orgs: dict[str, Any]) -> None:
    from openpyxl import load_workbook

    response = Client().get("/directory/export/xlsx/", {"country": "LA"})
    sheet: Any = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Name"
    assert sorted(r[0] for r in rows[1:]) == ["Synthetic Police Unit", "Synthetic Shelter"]
    assert Client().get("/directory/export/pdf/").status_code == 404


def test_organisation_page_lists_projects_and_resources(orgs: dict[str, Any], country_a: Any) -> None:
    from acthub.library.tests.factories import ResourceFactory

    program = ProgramFactory(slug="asean-act")
    project = ProjectFactory(program=program, title="Synthetic shelter project")
    project.partners.add(orgs["shelter"])
    ResourceFactory(title="Synthetic shelter handbook", publisher=orgs["shelter"])
    ResourceFactory(title="Synthetic internal memo", publisher=orgs["shelter"], access_level="internal")
    page = Client().get(f"/partners/{orgs['shelter'].pk}/").content.decode()
    assert "Synthetic shelter project" in page and "Synthetic shelter handbook" in page
    assert "Synthetic internal memo" not in page
    assert Client().get(f"/partners/{orgs['hidden'].pk}/").status_code == 404
