"""Each portal page renders with its content; sections without data are left out."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from acthub.accounts.testing import sign_in
from acthub.portal.tests.support import page_text

pytestmark = pytest.mark.django_db


def get_text(client: Client, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, url
    return page_text(response.content.decode())[0]


def test_home(client: Client, world: dict[str, Any]) -> None:
    text = get_text(client, "/")
    for expected in [
        "Synthetic Counter Trafficking Program",
        "Partners for seventeen synthetic years.",
        "10-year program (2018-2028)",
        "A$80 million",
        "1,212",
        "2,037",
        "Jan-Jun 2021",
        "First synthetic paragraph.",
        "Second synthetic paragraph.",
        "Synthetic ASEAN Secretariat",
        "National-level programming",
        "Lao PDR",
        "Regional Synthetic Committee",
        "Co-chairs",
        "Enhancing synthetic capacity",
        "Justice outcomes",
        "Synthetic Village Focus (Lao PDR)",
        "syn.example",
        "SYN-ACT is supported by Synthetic Funder Agency and implemented by Synthetic Implementer Ltd.",
    ]:
        assert expected in text, expected
    # Only region-level figures headline the home page.
    assert "86" not in text
    assert "Hidden Shelter of B" not in text


def test_home_links(client: Client, world: dict[str, Any]) -> None:
    html = client.get("/").content.decode()
    assert 'href="/countries/LA/"' in html
    assert 'href="/outcomes/justice/"' in html
    assert 'href="/data/PEOPLE_TRAINED/?period=2021S1&amp;place=REGION"' in html
    assert (
        'href="/data/PEOPLE_TRAINED/?period=2020%2C2021S1&amp;place=REGION&amp;rows=period&amp;cols=&amp;view=chart"'
        in html
    )


def test_home_without_program(client: Client, db: None) -> None:
    assert "No program has been loaded yet." in get_text(client, "/")
    assert client.get("/countries/").status_code == 404


def test_countries(client: Client, world: dict[str, Any]) -> None:
    text = get_text(client, "/countries/")
    assert "Lao PDR" in text and "National-level programming" in text and "Active note." in text
    assert "Cambodia" in text and "On hold" in text


def test_country_page(client: Client, world: dict[str, Any]) -> None:
    text = get_text(client, "/countries/la/")
    for expected in [
        "Active note.",
        "86",
        "35%",
        "SYN-ACT's focal point in Lao PDR is the Ministry of Synthetic Security, which is the Chair of the "
        "National Synthetic Committee (NSC).",
        "Other key partners",
        "Synthetic People's Court",
        "Synthetic Women's Union: to share data.",
        "Justice intro for A.",
        "Trained 86 in A.",
        "Training of prosecutors. Photo: Synthetic Photographer",
        "Case study of A",
        "Two girls were assisted.",
        "Synthetic Village Focus",
        "to support identification of trafficked persons.",
        "Personal protective equipment",
    ]:
        assert expected in text, expected
    assert "Draft result for A." not in text
    assert "A caption without its picture." not in text and "Image:" not in text
    assert "Regional justice intro." not in text
    assert "1,212" not in text


def test_country_sections_without_data_are_left_out(client: Client, world: dict[str, Any]) -> None:
    html = client.get("/countries/KH/").content.decode()
    text = page_text(html)[0]
    assert "On hold" in text
    for absent in [
        'id="figures-heading"',
        'id="partners-heading"',
        'id="grants-heading"',
        'id="support-heading"',
        'class="story"',
        'id="governance-heading"',
        "Case study",
    ]:
        assert absent not in html, absent
    assert "Unpublished story of B" not in text
    assert "Hidden Shelter of B" not in text


def test_unknown_country_is_404(client: Client, world: dict[str, Any]) -> None:
    assert client.get("/countries/ZZ/").status_code == 404


def test_outcomes(client: Client, world: dict[str, Any]) -> None:
    text = get_text(client, "/outcomes/")
    assert "Justice outcomes" in text and "Regional justice intro." in text
    text = get_text(client, "/outcomes/justice/")
    for expected in [
        "Regional",
        "Regional justice intro.",
        "Trained 2,037 people in 2020, and 1,212 (Jan-Jun 2021).",
        "Lao PDR",
        "Justice intro for A.",
        "Trained 86 in A.",
    ]:
        assert expected in text, expected
    assert client.get("/outcomes/nowhere/").status_code == 404


def test_governance(client: Client, world: dict[str, Any]) -> None:
    text = get_text(client, "/governance/")
    for expected in [
        "Regional Synthetic Committee (RSC)",
        "The regional governance mechanism.",
        "Co-chairs",
        "Synthetic ASEAN Secretariat",
        "Members",
        "Lao PDR",
        "National Synthetic Committee (NSC)",
        "Chair",
        "Ministry of Synthetic Security",
    ]:
        assert expected in text, expected
    assert "Hidden Shelter of B" not in text


def test_partners_directory(client: Client, world: dict[str, Any]) -> None:
    text = get_text(client, "/partners/")
    for expected in [
        "Ministry of Synthetic Security",
        "Focal point (Lao PDR)",
        "Synthetic ASEAN Secretariat",
        "Synthetic Village Focus",
        "Grantee (Lao PDR)",
        "5 organisations",
    ]:
        assert expected in text, expected
    assert "Hidden Shelter of B" not in text


@pytest.mark.parametrize(
    ("query", "present", "absent"),
    [
        ("role=grantee", "Synthetic Village Focus", "Ministry of Synthetic Security"),
        ("type=ministry", "Ministry of Synthetic Security", "Synthetic Village Focus"),
        ("country=regional", "Synthetic ASEAN Secretariat", "Ministry of Synthetic Security"),
        ("country=LA", "Ministry of Synthetic Security", "Synthetic ASEAN Secretariat"),
        ("q=court", "Synthetic People&#x27;s Court", "Synthetic Village Focus"),
        ("q=share+data", "Synthetic Women&#x27;s Union", "Synthetic Village Focus"),
    ],
)
def test_partners_filters(client: Client, world: dict[str, Any], query: str, present: str, absent: str) -> None:
    html = client.get(f"/partners/?{query}").content.decode()
    assert present in html and absent not in html


def test_partners_htmx_returns_the_results_only(client: Client, world: dict[str, Any]) -> None:
    response = client.get("/partners/?role=grantee", headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "Synthetic Village Focus" in html
    assert "<html" not in html and "<form" not in html
    assert "HX-Request" in response["Vary"]


def test_partners_page_has_htmx_and_plain_form(client: Client, world: dict[str, Any]) -> None:
    html = client.get("/partners/").content.decode()
    assert 'method="get"' in html and 'hx-get="/partners/"' in html and 'type="submit"' in html
    assert "/static/django_htmx/htmx-2.min.js" in html
    assert "unpkg" not in html and "cdn" not in html.lower()


def test_partner_detail(client: Client, world: dict[str, Any]) -> None:
    text = get_text(client, f"/partners/{world['ministry'].pk}/")
    assert "Ministry of Synthetic Security" in text
    assert "Focal point" in text and "Chair, National Synthetic Committee" in text
    union = get_text(client, f"/partners/{world['union'].pk}/")
    assert "Partner \N{EN DASH} Lao PDR: to share data." in union


def test_indicators(client: Client, world: dict[str, Any]) -> None:
    text = get_text(client, "/data/")
    assert "People trained" in text and "PEOPLE_TRAINED" in text and "Share of women trained" in text


def test_indicator_table_highlights_the_requested_cell(client: Client, world: dict[str, Any]) -> None:
    html = client.get("/data/PEOPLE_TRAINED/?period=2021S1&place=LA").content.decode()
    text = page_text(html)[0]
    for expected in [
        "A synthetic indicator.",
        "Count",
        "2,037",
        "1,212",
        "86",
        "Region",
        "Lao PDR",
        "synthetic",
        "86 trained",
        "Reported aggregate",
    ]:
        assert expected in text, expected
    assert html.count('class="requested"') == 1
    row = html.split('class="requested"')[1].split("</tr>")[0]
    assert ">86<" in row
    # The same figures as a chart are one click away: the visualizer's chart view of this choice.
    chart_links = re.findall(r'href="\?([^"]*view=chart[^"]*)"', html)
    assert chart_links and all("period=2021S1" in link and "place=LA" in link for link in chart_links)


def test_indicator_missing_cell_is_said(client: Client, world: dict[str, Any]) -> None:
    text = get_text(client, "/data/PEOPLE_TRAINED/?period=2019&place=LA")
    assert "There is no published value" in text
    assert client.get("/data/NO_SUCH/").status_code == 404


def _figure(html: str) -> str:
    """The visualizer's drawing (the page also lists every published value below it)."""
    return html[html.index('<figure class="chart viz-figure">') : html.index("</figure>")]


def test_indicator_chart(client: Client, world: dict[str, Any]) -> None:
    # The home page's figure card links here: the region's figures of the card, one bar each.
    url = "/data/PEOPLE_TRAINED/?period=2020,2021S1&place=REGION&rows=period&cols=&view=chart"
    svg = _figure(client.get(url).content.decode())
    assert "<svg" in svg and '<title id="viz-title">People trained</title>' in svg
    assert "<desc" in svg and "2,037" in svg and "1,212" in svg and ">86<" not in svg
    assert svg.count("<rect") == 3  # the background and a bar per period
    by_place = _figure(client.get("/data/PEOPLE_TRAINED/?period=2021S1&place=REGION,LA&view=chart").content.decode())
    assert "1,212" in by_place and ">86<" in by_place


def test_login_page(client: Client, db: None) -> None:
    text = get_text(client, "/accounts/login/")
    assert "Log in" in text and "Username" in text and "Password" in text


def test_404_page(client: Client, world: dict[str, Any]) -> None:
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_staff_see_admin_link(client: Client, world: dict[str, Any], users: dict[str, Any]) -> None:
    assert 'href="/admin/"' not in client.get("/").content.decode()
    sign_in(client, users["mel"])
    html = client.get("/").content.decode()
    assert 'href="/admin/"' in html and "Log out" in html
    sign_in(client, users["partner"])
    assert 'href="/admin/"' not in client.get("/").content.decode()


def test_base_layout(client: Client, world: dict[str, Any]) -> None:
    html = client.get("/countries/").content.decode()
    assert 'class="skip-link" href="#main"' in html and 'id="main"' in html
    assert 'href="/countries/" aria-current="page"' in html
    for label in ["Home", "Countries", "Outcome areas", "Partners", "Governance", "Indicators", "Log in"]:
        assert f">{label}<" in html, label
    assert 'href="/lo/countries/" lang="lo"' in html and ">ລາວ<" in html and ">English<" in html
