"""Figure references in text become links to their provenance; unknown ones show a marker."""

from __future__ import annotations

from typing import Any

import pytest
from django.template import Context, Template

from acthub.indicators.engine import FigureSet
from acthub.publishing.figuretext import place_of, render_figure_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def figures(world: dict[str, Any]) -> FigureSet:
    return FigureSet.load(world["program"])


def test_reference_becomes_a_link(figures: FigureSet) -> None:
    html = render_figure_text("Trained [[PEOPLE_TRAINED|2020]] people.", figures)
    assert html == (
        'Trained <a class="figure" href="/data/PEOPLE_TRAINED/?period=2020&amp;place=REGION" '
        'title="People trained, 2020">2,037</a> people.'
    )


def test_place_defaults_to_the_text_place(figures: FigureSet, world: dict[str, Any]) -> None:
    assert ">86<" in render_figure_text("[[PEOPLE_TRAINED|2021S1]]", figures, world["a"])
    assert ">1,212<" in render_figure_text("[[PEOPLE_TRAINED|2021S1]]", figures, None)
    assert ">1,212<" in render_figure_text("[[PEOPLE_TRAINED|2021S1|REGION]]", figures, world["a"])
    assert ">35%<" in render_figure_text("[[PEOPLE_TRAINED_FEMALE_PCT|2021S1|LA]]", figures)


def test_text_is_escaped(figures: FigureSet) -> None:
    html = render_figure_text("<script>alert(1)</script> & [[PEOPLE_TRAINED|2020]]", figures)
    assert "<script>" not in html and "&lt;script&gt;" in html and "&amp;" in html


def test_unresolvable_reference_shows_a_marker(figures: FigureSet) -> None:
    html = render_figure_text("We trained [[PEOPLE_TRAINED|2019]] and [[NOPE|2020|XX]].", figures)
    assert html.count('class="figure-unavailable"') == 2
    assert "[figure unavailable]" in html and "We trained" in html
    assert render_figure_text("[[PEOPLE_TRAINED|2020]]", None).count("figure unavailable") == 1


def test_place_of() -> None:
    class Thing:
        country = None

    assert place_of(None) == "REGION"
    assert place_of("LA") == "LA"
    assert place_of(Thing()) == "REGION"


def test_template_tag(figures: FigureSet, world: dict[str, Any]) -> None:
    template = Template("{% load figures %}{% figure_text text figures place %}")
    html = template.render(
        Context({"text": "[[PEOPLE_TRAINED|2021S1]] & more", "figures": figures, "place": world["a"]})
    )
    assert html.startswith('<a class="figure" href="/data/PEOPLE_TRAINED/?period=2021S1&amp;place=LA"')
    assert html.endswith("86</a> &amp; more")


def test_achievement_links_reach_the_indicator_page(client: Any, world: dict[str, Any]) -> None:
    html = client.get("/outcomes/justice/").content.decode()
    assert 'href="/data/PEOPLE_TRAINED/?period=2020&amp;place=REGION"' in html
    assert 'href="/data/PEOPLE_TRAINED/?period=2021S1&amp;place=LA"' in html
    response = client.get("/data/PEOPLE_TRAINED/?period=2020&place=REGION")
    assert response.status_code == 200 and 'class="requested"' in response.content.decode()
