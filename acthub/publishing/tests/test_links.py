"""A figure's link is built in publishing and lands on the indicator's /data/ page with its cell."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from acthub.core.testing.factories import DataValueFactory, IndicatorFactory, ProgramFactory
from acthub.factsheets.figures import as_staff
from acthub.indicators.engine import FigureSet
from acthub.publishing.links import figure_url

pytestmark = pytest.mark.django_db


def test_figure_url_names_the_indicator_page_and_the_cell(country_a):
    program = ProgramFactory()
    share = IndicatorFactory(code="SYN_SHARE", unit="percent")
    DataValueFactory(program=program, indicator=share, country=country_a, period="2021S1", value=35, sex="female")
    figure = FigureSet.load(program).get("SYN_SHARE", "2021S1", "LA", "female")
    assert figure is not None
    url = urlsplit(figure_url(figure))
    assert url.path == "/data/SYN_SHARE/"
    assert parse_qs(url.query) == {"period": ["2021S1"], "place": ["LA"], "sex": ["female"]}


def test_a_staff_figure_links_to_its_record(country_a):
    program = ProgramFactory()
    count = IndicatorFactory(code="SYN_COUNT")
    dv = DataValueFactory(program=program, indicator=count, country=country_a, period="2021S1", value=4)
    figure = FigureSet.load(program).get("SYN_COUNT", "2021S1", "LA")
    assert figure is not None
    assert figure_url(as_staff(figure)) == f"/admin/indicators/datavalue/{dv.pk}/change/"
