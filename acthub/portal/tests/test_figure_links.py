"""Every figure a portal page shows is the engine's figure, linked to the page showing its provenance.

Values and links are computed from the engine (`get_figure`, `figure_url`), not typed here.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.utils.html import escape

from acthub.indicators.engine import get_figure
from acthub.publishing.links import figure_url


@pytest.mark.parametrize(
    ("page", "code", "period", "place"),
    [
        ("/", "PEOPLE_TRAINED", "2021S1", "REGION"),
        ("/", "PEOPLE_TRAINED", "2020", "REGION"),
        ("/countries/LA/", "PEOPLE_TRAINED", "2021S1", "LA"),
        ("/outcomes/justice/", "PEOPLE_TRAINED", "2020", "REGION"),
    ],
)
def test_a_page_shows_the_engine_figure_inside_its_link(
    client: Client, world: dict[str, Any], page: str, code: str, period: str, place: str
) -> None:
    figure = get_figure(world["program"], code, period, place)
    assert figure is not None
    html = client.get(page).content.decode()
    link = f'href="{escape(figure_url(figure))}"'
    assert link in html
    anchor = html.split(link, 1)[1].split("</a>", 1)[0]
    assert anchor.endswith(f">{figure.display}")


def test_the_link_lands_on_the_figure_and_its_provenance(client: Client, world: dict[str, Any]) -> None:
    figure = get_figure(world["program"], "PEOPLE_TRAINED", "2021S1", "LA")
    assert figure is not None
    html = client.get(figure_url(figure)).content.decode()
    row = html.split('class="requested"', 1)[1].split("</tr>", 1)[0]
    assert f">{figure.display}</a>" in row
    assert escape(figure.source_location) in row and escape(figure.source_document) in row
