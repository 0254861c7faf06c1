"""Labels built in Python on the data pages in the page's language (ADR 0012): country names in the
pivot, the visualizer's place options and the map, the indicator's name in chart and map titles and
descriptions and in figure links' titles, plain text (no fallback mark) with English where missing.
Codes stay codes: the downloads' and the API's machine values do not change with the language.
"""

from __future__ import annotations

import csv
import io
import re
from typing import Any

import pytest
from django.test import Client

from acthub.core.content_translations import set_translation
from acthub.core.models import ContentTranslation, Country
from acthub.indicators.models import Indicator
from acthub.portal.tests.support import compile_messages

pytestmark = pytest.mark.django_db

CODE = "PEOPLE_TRAINED_UNIQUE"
LAO_NAME = "ຈຳນວນຄົນທີ່ໄດ້ຮັບການຝຶກອົບຮົມ"
LAO_LA = "ສປປ ລາວ"
LAO_KH = "ກຳປູເຈຍ"


@pytest.fixture(scope="module", autouse=True)
def _lao_catalogue() -> None:
    compile_messages()


@pytest.fixture
def lao(training: dict[str, Any]) -> dict[str, Any]:
    indicator = Indicator.objects.get(code=CODE)
    set_translation(indicator, "name", "lo", LAO_NAME, acting_user=None)
    set_translation(Country.objects.get(code="LA"), "name", "lo", LAO_LA, acting_user=None)
    set_translation(Country.objects.get(code="KH"), "name", "lo", LAO_KH, acting_user=None)
    return {**training, "indicator": indicator}


def test_the_chart_is_titled_and_labelled_in_the_pages_language(client: Client, lao: dict[str, Any]) -> None:
    html = client.get(f"/lo/data/{CODE}/?period=2021S1&rows=place&cols=&view=chart").content.decode()
    assert f'<title id="viz-title">{LAO_NAME}</title>' in html
    desc = html[html.index('<desc id="viz-desc">') : html.index("</desc>")]
    assert desc.startswith(f'<desc id="viz-desc">{LAO_NAME}') and LAO_LA in desc and LAO_KH in desc
    assert "Lao PDR" not in desc and "Cambodia" not in desc
    assert f"<title>{LAO_LA}: " in html  # a bar's title
    assert f'<option value="LA">{LAO_LA}</option>' in html and f'<option value="KH">{LAO_KH}</option>' in html
    svg = client.get(f"/lo/data/{CODE}/download.svg?period=2021S1&rows=place&cols=&view=chart").content.decode()
    assert f'<title id="viz-title">{LAO_NAME}</title>' in svg and LAO_LA in svg
    english = client.get(f"/data/{CODE}/?period=2021S1&rows=place&cols=&view=chart").content.decode()
    assert f'<title id="viz-title">{lao["indicator"].name}</title>' in english and LAO_NAME not in english
    assert LAO_LA not in english and "<title>Lao PDR: " in english and '<option value="LA">Lao PDR</option>' in english


def test_the_map_names_countries_and_the_indicator_in_the_pages_language(client: Client, lao: dict[str, Any]) -> None:
    html = client.get(f"/lo/data/{CODE}/?period=2021S1&view=map").content.decode()
    title = html[html.index('<title id="viz-title">') : html.index("</title>", html.index('<title id="viz-title">'))]
    assert LAO_NAME in title
    assert f"<title>{LAO_LA}: " in html and f"<title>{LAO_KH}: " in html  # the tiles
    assert f'<th scope="row">{LAO_LA}</th>' in html  # the map's data table
    desc = html[html.index('<desc id="viz-desc">') : html.index("</desc>")]
    assert LAO_LA in desc and "Lao PDR" not in desc


def test_a_missing_translation_gives_the_plain_english_text(client: Client, lao: dict[str, Any]) -> None:
    ContentTranslation.objects.filter(text=LAO_KH).delete()
    html = client.get(f"/lo/data/{CODE}/?period=2021S1&view=map").content.decode()
    assert "<title>Cambodia: " in html and f"<title>{LAO_LA}: " in html
    svg_start = html.index("<svg")
    assert "fallback-marker" not in html[svg_start : html.index("</svg>")]


def test_downloads_keep_their_codes_in_every_language(client: Client, lao: dict[str, Any]) -> None:
    params = "period=2021S1&rows=place&cols=sex"

    def machine_columns(prefix: str) -> list[list[str]]:
        content = b"".join(client.get(f"{prefix}/data/{CODE}/download.csv?{params}").streaming_content)
        return [row[:5] for row in csv.reader(io.StringIO(content.decode("utf-8-sig")))]

    rows = machine_columns("/lo")
    assert rows == machine_columns("")  # indicator, period, place, sex, value: codes and numbers
    assert {row[0] for row in rows[1:]} == {CODE} and {"LA", "KH"} <= {row[2] for row in rows[1:]}


def test_a_figure_links_title_names_the_indicator_in_the_pages_language(
    client: Client, lao: dict[str, Any], django_assert_max_num_queries: Any
) -> None:
    html = client.get(f"/lo/data/{CODE}/?period=2021S1&place=LA").content.decode()
    assert re.search(f'<a class="figure" href="[^"]+" title="{LAO_NAME}, [^"]+">', html)
    assert 'title="People trained' not in html
    english = client.get(f"/data/{CODE}/?period=2021S1&place=LA").content.decode()
    assert f'title="{lao["indicator"].name}, ' in english and LAO_NAME not in english
    with django_assert_max_num_queries(40):
        assert client.get(f"/lo/data/{CODE}/?period=2021S1&place=LA").status_code == 200


def test_the_targets_page_names_places_in_the_pages_language(client: Client, lao: dict[str, Any]) -> None:
    from acthub.indicators.models import Target

    Target.objects.create(program=lao["program"], indicator=lao["indicator"], period="2021", country_id=None, value=10)
    Target.objects.create(
        program=lao["program"],
        indicator=lao["indicator"],
        period="2021",
        country=Country.objects.get(code="LA"),
        value=5,
    )
    html = client.get(f"/lo/data/{CODE}/targets/").content.decode()
    assert f"<td>{LAO_LA}</td>" in html
