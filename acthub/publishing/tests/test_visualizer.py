"""The data visualizer at /data/<code>/: its figures are the engine's, its choice lives in the URL, its downloads parse.

Every shown cell is read back from the rendered page (its coordinates are data attributes) and
compared with the engine's own query for the same choice: nothing here types a figure.
"""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from typing import Any
from unittest import mock

import pytest
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from acthub.accounts.testing import sign_in
from acthub.core.testing.factories import DataValueFactory, IndicatorFactory
from acthub.indicators.choices import REGION
from acthub.indicators.models import Indicator
from acthub.indicators.query import QueryResult, query
from acthub.publishing import periodpicker, visualizer

pytestmark = pytest.mark.django_db


class Cells(HTMLParser):
    """The cells of the page that carry coordinates, as (coordinates, text)."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[dict[str, str], str]] = []
        self._open: dict[str, str] | None = None
        self._text: list[str] = []
        self._depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = {k: v or "" for k, v in attrs}
        if tag == "td" and "data-period" in named:
            self._open = {k[5:]: v for k, v in named.items() if k.startswith("data-")}
            self._text = []
        elif self._open is not None and tag == "span":
            self._depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "span" and self._depth:
            self._depth -= 1
        elif tag == "td" and self._open is not None:
            self.found.append((self._open, "".join(self._text).strip()))
            self._open = None

    def handle_data(self, data: str) -> None:
        if self._open is not None and not self._depth:
            self._text.append(data)


def shown_cells(html: str) -> list[tuple[dict[str, str], str]]:
    parser = Cells()
    parser.feed(html)
    return parser.found


def engine_display(result: QueryResult, coordinates: dict[str, str]) -> str:
    group = {k: v for k, v in coordinates.items() if k not in ("period", "place")}
    cell = result.get(coordinates["period"], coordinates["place"], **group)
    assert cell is not None, coordinates
    return cell.display


def test_every_cell_of_the_table_is_the_engines(client: Client, training: dict[str, Any]) -> None:
    url = "/data/PEOPLE_TRAINED_UNIQUE/?period=2021S1,2020&place=REGION,LA,KH&rows=sex&cols=place"
    response = client.get(url)
    assert response.status_code == 200
    cells = shown_cells(response.content.decode())
    expected = query(
        training["program"], "PEOPLE_TRAINED_UNIQUE", periods=["2021S1"], places=[REGION, "LA", "KH"], by=["sex"]
    )
    # A period that is no axis is fixed to the first one asked (2021S1), as in the engine's pivot.
    assert len(cells) == len(response.context["table"].rows) * 3 >= 6
    for coordinates, text in cells:
        assert text == engine_display(expected, coordinates)
    assert {c["place"] for c, _t in cells} == {REGION, "LA", "KH"}
    html = response.content.decode()
    # Breakdowns by their human names (field names are only option values).
    assert ">age_band<" not in html and ">Age band</option>" in html and ">Sex / Place<" in html


def test_two_periods_by_a_breakdown_and_the_map_are_the_engines(client: Client, training: dict[str, Any]) -> None:
    program = training["program"]
    params = "period=2020,2021S1&rows=period&cols=sex"
    table = shown_cells(client.get(f"/data/PEOPLE_TRAINED_UNIQUE/?{params}").content.decode())
    expected = query(program, "PEOPLE_TRAINED_UNIQUE", periods=["2020", "2021S1"], places=[REGION], by=["sex"])
    assert {c["period"] for c, _t in table} == {"2020", "2021S1"}
    for coordinates, text in table:
        assert text == engine_display(expected, coordinates)

    response = client.get(f"/data/PEOPLE_TRAINED_UNIQUE/?{params}&view=map")
    html = response.content.decode()
    assert response.status_code == 200 and "<svg" in html and 'class="viz-svg region-map"' in html
    by_place = query(program, "PEOPLE_TRAINED_UNIQUE", periods=["2021S1"], by=["place"])
    mapped = shown_cells(html)
    assert {c["place"] for c, _t in mapped} == {"LA", "KH"}  # the map shows the latest period chosen
    for coordinates, text in mapped:
        assert text == engine_display(by_place, coordinates)
    assert '<title id="viz-title">' in html and '<desc id="viz-desc">' in html


@pytest.mark.parametrize("chart", ["bar", "line"])
def test_a_chart_of_several_series_is_titled_by_its_indicator(
    client: Client, training: dict[str, Any], chart: str
) -> None:
    # One series per sex: the title and the description name the indicator, not the last series drawn.
    html = client.get(
        f"/data/PEOPLE_TRAINED_UNIQUE/?period=2020,2021S1&rows=period&cols=sex&view=chart&chart={chart}"
    ).content.decode()
    name = Indicator.objects.get(code="PEOPLE_TRAINED_UNIQUE").name
    assert f'<title id="viz-title">{name}</title>' in html
    assert f'<desc id="viz-desc">{name}: ' in html


def test_the_url_holds_the_whole_choice(client: Client, training: dict[str, Any]) -> None:
    url = (
        "/data/PEOPLE_TRAINED_UNIQUE/?period=2020&period=LAST_2_YEARS&place=REGION,LA&rows=period&cols=sex"
        "&view=chart&chart=line"
    )
    response = client.get(url)
    assert response.status_code == 200 and 'class="viz-svg line-chart"' in response.content.decode()
    choice: visualizer.Choice = response.context["choice"]
    assert choice.periods.tokens == ("2020", "LAST_2_YEARS")  # kept relative in links
    assert "period=2020%2CLAST_2_YEARS" in choice.params()
    again = client.get(f"/data/PEOPLE_TRAINED_UNIQUE/?{choice.params()}")
    assert again.context["choice"] == choice
    links = {v: p for v, _label, p in response.context["view_links"]}
    switched = client.get(f"/data/PEOPLE_TRAINED_UNIQUE/?{links['table']}").context["choice"]
    assert switched.periods == choice.periods and switched.cols == "sex" and switched.view == "table"


def test_htmx_gets_the_result_region_only(client: Client, training: dict[str, Any]) -> None:
    response = client.get("/data/PEOPLE_TRAINED_UNIQUE/?period=2021S1&view=chart", HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200 and html.lstrip().startswith('<section id="viz"') and "<html" not in html


def test_downloads_of_the_current_view_parse(client: Client, training: dict[str, Any]) -> None:
    params = "period=2020,2021S1&rows=period&cols=sex"
    csv_response = client.get(f"/data/PEOPLE_TRAINED_UNIQUE/download.csv?{params}")
    rows = list(csv.reader(io.StringIO(b"".join(csv_response.streaming_content).decode("utf-8-sig"))))
    expected = query(
        training["program"], "PEOPLE_TRAINED_UNIQUE", periods=["2020", "2021S1"], places=[REGION], by=["sex"]
    )
    assert rows[0][:4] == ["indicator", "period", "place", "sex"] and len(rows) == len(expected.cells) + 1
    for row in rows[1:]:
        cell = expected.get(row[1], row[2], sex="" if row[3] == "total" else row[3])
        assert cell is not None and row[rows[0].index("display")] == cell.display

    xlsx = client.get(f"/data/PEOPLE_TRAINED_UNIQUE/download.xlsx?{params}")
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    assert load_workbook(io.BytesIO(xlsx.content)).active.max_row == len(rows)

    for view, root_class in (("chart", "viz-svg"), ("map", "viz-svg region-map")):
        svg = client.get(f"/data/PEOPLE_TRAINED_UNIQUE/download.svg?{params}&view={view}")
        assert svg.status_code == 200 and svg["Content-Type"] == "image/svg+xml"
        root = ET.fromstring(svg.content)  # noqa: S314  (our own server's output, in a test)
        assert root.tag == "{http://www.w3.org/2000/svg}svg" and root.get("class") == root_class
        assert root.find("{http://www.w3.org/2000/svg}title") is not None
    png = client.get(f"/data/PEOPLE_TRAINED_UNIQUE/download.png?{params}&view=map")
    assert png["Content-Type"] == "image/png" and png.content[:8] == b"\x89PNG\r\n\x1a\n"


def test_a_sensitive_indicator_refuses_months_to_the_public(client: Client, training: dict[str, Any]) -> None:
    Indicator.objects.filter(code="PEOPLE_TRAINED_UNIQUE").update(is_sensitive=True)
    with mock.patch("acthub.indicators.computations.compute") as compute:
        for url in (
            "/data/PEOPLE_TRAINED_UNIQUE/?period=202106",
            "/data/PEOPLE_TRAINED_UNIQUE/download.png?period=202106",
        ):
            response = client.get(url)
            assert response.status_code == 400
            assert "public figures take years (2021), half-years (2021S1) or quarters (2021Q2) only, not 202106" in (
                response.content.decode()
            )
    assert not compute.called
    assert client.get("/data/PEOPLE_TRAINED_UNIQUE/?period=2021Q2").status_code == 200


@pytest.mark.parametrize(
    ("period", "message"),
    [
        ("2021S3", "a half-year is S1"),
        ("NEXT_YEAR", "NEXT_YEAR is not a period"),
        ("LAST_2_DECADES", "is not a relative period"),
        (str(timezone.localdate().year + 1), "lies in the future"),
        ("LAST_24_MONTHS,LAST_24_QUARTERS", "A view shows at most"),
    ],
)
def test_bad_periods_are_refused_and_nothing_is_computed(
    client: Client, training: dict[str, Any], period: str, message: str
) -> None:
    with mock.patch("acthub.publishing.pivot.query") as engine:
        response = client.get(f"/data/PEOPLE_TRAINED_UNIQUE/?period={period}")
    assert response.status_code == 400 and message in response.content.decode()
    assert not engine.called


def test_bad_views_are_refused(client: Client, training: dict[str, Any]) -> None:
    assert "is not a view" in client.get("/data/PEOPLE_TRAINED_UNIQUE/?view=pie").content.decode()
    assert client.get("/data/PEOPLE_TRAINED_UNIQUE/?chart=pie").status_code == 400


@pytest.fixture
def pending_values(training: dict[str, Any]) -> Indicator:
    """A reported indicator: Lao PDR published for 2020, pending for 2021S1; Cambodia pending for 2021S1."""
    indicator = Indicator.objects.get(pk=IndicatorFactory(code="SYN_REPORTED").pk)
    program, la, kh = training["program"], training["la"], training["kh"]
    DataValueFactory(program=program, indicator=indicator, country=la, period="2020", value=3)
    DataValueFactory(program=program, indicator=indicator, country=la, period="2021S1", value=5, is_pending=True)
    DataValueFactory(program=program, indicator=indicator, country=kh, period="2021S1", value=7, is_pending=True)
    return indicator


def test_staff_see_pending_values_marked(client: Client, pending_values: Indicator, users: dict[str, Any]) -> None:
    sign_in(client, users["mel"])
    base = "/data/SYN_REPORTED/?period=2020,2021S1&place=LA,KH&rows=period&cols=place"
    published = shown_cells(client.get(base).content.decode())
    assert ({"period": "2021S1", "place": "KH"}, "7") not in published
    response = client.get(f"{base}&pending=1")
    html = response.content.decode()
    cells = {tuple(c.values()): t for c, t in shown_cells(html)}
    assert cells[("2021S1", "KH")].startswith("7") and cells[("2020", "LA")] == "3"
    assert html.count('class="pending-mark"') == 2 and "pending (published: \u2013)" in html
    rows = list(
        csv.reader(
            io.StringIO(
                b"".join(
                    client.get(f"/data/SYN_REPORTED/download.csv?{base.split('?')[1]}&pending=1").streaming_content
                ).decode("utf-8-sig")
            )
        )
    )
    assert rows[0][-1] == "pending" and sorted(r[-1] for r in rows[1:]).count("yes") == 2
    # The public never gets pending data, even when it asks.
    client.logout()
    assert "pending-mark" not in client.get(f"{base}&pending=1").content.decode()


def test_a_country_officer_sees_no_other_countrys_pending_values(
    client: Client, pending_values: Indicator, users: dict[str, Any]
) -> None:
    sign_in(client, users["officer_a"])
    own = client.get("/data/SYN_REPORTED/?period=2021S1&place=LA&rows=period&cols=place&pending=1")
    assert own.status_code == 200 and "pending (published: \u2013)" in own.content.decode()
    for place in ("KH", "LA,KH", "REGION", ""):
        response = client.get(f"/data/SYN_REPORTED/?period=2021S1&place={place}&rows=period&cols=place&pending=1")
        assert response.status_code == 400, place
        assert "Pending data can be shown only for places in your countries" in response.content.decode()
        assert "pending-mark" not in response.content.decode()
    for fmt in ("csv", "svg"):
        refused = client.get(f"/data/SYN_REPORTED/download.{fmt}?period=2021S1&place=KH&pending=1")
        assert refused.status_code == 400 and b"7" not in refused.content
    # Without pending data, Cambodia's pending value is no published figure.
    plain = client.get("/data/SYN_REPORTED/?period=2021S1&place=LA,KH&rows=period&cols=place").content.decode()
    assert shown_cells(plain) == [] and ">7<" not in plain and "pending-mark" not in plain


def test_choice_parameters_round_trip() -> None:
    choice = visualizer.Choice(
        periodpicker.PeriodChoice(("LAST_4_QUARTERS",), ("2025Q3",)), ["LA"], "period", "", "map", "bar", False, False
    )
    assert choice.params() == "period=LAST_4_QUARTERS&place=LA&rows=period&cols=&view=map&chart=bar"
    assert "view=chart" in choice.params(view="chart")


def test_map_classes_are_round_and_cover_the_largest_value() -> None:
    from decimal import Decimal

    from acthub.publishing import maps

    assert maps.classes(Decimal(86))[-1] == (Decimal(80), Decimal(100))
    assert maps.classes(Decimal(2037))[0] == (Decimal(0), Decimal(500))
    assert maps.classes(Decimal(0))[-1][1] == 5


def test_a_sensitive_indicator_shows_the_engines_protected_cells(client: Client, training: dict[str, Any]) -> None:
    Indicator.objects.filter(code="PEOPLE_TRAINED_UNIQUE").update(is_sensitive=True, disclosure_threshold=11)
    params = "period=2021S1&place=REGION,LA,KH&rows=sex&cols=place"
    cells = shown_cells(client.get(f"/data/PEOPLE_TRAINED_UNIQUE/?{params}").content.decode())
    expected = query(
        training["program"], "PEOPLE_TRAINED_UNIQUE", periods=["2021S1"], places=[REGION, "LA", "KH"], by=["sex"]
    )
    assert expected.audience == "public" and any(c.suppressed for c in expected.cells)
    assert cells and all(text == engine_display(expected, coordinates) for coordinates, text in cells)
    assert any(text.startswith("<") for _c, text in cells)
    svg = client.get(f"/data/PEOPLE_TRAINED_UNIQUE/download.svg?{params}&view=map").content.decode()
    by_place = query(
        training["program"], "PEOPLE_TRAINED_UNIQUE", periods=["2021S1"], places=["LA", "KH"], by=["place"]
    )
    for place in ("LA", "KH"):
        cell = by_place.get("2021S1", place)
        assert cell is not None and f">{cell.display.replace('<', '&lt;')}</text>" in svg


def test_the_cartogram_draws_each_country_once_and_greys_hidden_cells() -> None:
    from decimal import Decimal

    from acthub.core.periods import parse_period
    from acthub.indicators.figures import Figure
    from acthub.indicators.models import Indicator
    from acthub.publishing import maps

    period = parse_period("2021")
    indicator = Indicator(code="X", name="X", unit="count")
    shown = Figure(indicator, period, "LA", Decimal(50), "computed", computed=Decimal(50))
    hidden = Figure(indicator, period, "KH", None, "computed", suppressed=True, label="<11")
    words = {"no_data": "No data", "hidden": "Hidden", "range": "%(low)s to %(high)s"}
    drawn = maps.region_map("t", "d", {"LA": shown, "KH": hidden}, {"LA": "Lao PDR"}, words)
    assert sorted(t.code for t in drawn.tiles) == sorted(maps.TILES) and len(drawn.tiles) == 11
    tiles = {t.code: t for t in drawn.tiles}
    assert tiles["LA"].fill == maps.CLASS_COLOURS[-1] and tiles["LA"].display == "50"
    assert tiles["KH"].fill == maps.HIDDEN and tiles["KH"].display == "<11"
    assert tiles["MM"].fill == maps.NO_DATA and tiles["MM"].display == "No data"
    assert [e.label for e in drawn.legend][:3] == ["No data", "Hidden", "0 to 10"]


@pytest.mark.parametrize("language", ["lo", "km", "th", "vi", "id", "fil", "my", "ms"])
def test_the_visualizer_renders_in_every_language(client: Client, training: dict[str, Any], language: str) -> None:
    for view in ("map", "chart"):
        response = client.get(f"/{language}/data/PEOPLE_TRAINED_UNIQUE/?period=2020,2021S1&view={view}&chart=line")
        html = response.content.decode()
        assert response.status_code == 200 and f'lang="{language}"' in html and "viz-svg" in html
        assert "%(" not in html  # every placeholder of the translations was filled
