"""Query counts of the indicator pages and pivots: constant in the number of cells shown."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from acthub.indicators.models import Indicator

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    [
        "/data/PEOPLE_TRAINED_UNIQUE/?period=2020,2021,2021S1,2021S2&rows=sex&cols=place",
        "/data/PEOPLE_TRAINED_UNIQUE/?period=2021S1&rows=place&cols=&view=chart",
        "/data/PEOPLE_TRAINED_UNIQUE/download.csv?period=2021S1&rows=sex&cols=agency_type",
        "/data/PEOPLE_TRAINED_UNIQUE/targets/",
        "/data/PEOPLE_TRAINED_UNIQUE/",
        "/data/PEOPLE_TRAINED_UNIQUE/?period=2021S1&place=LA",  # a figure link: the values table and the cell
    ],
)
def test_indicator_pages(
    client: Client, training: dict[str, Any], django_assert_max_num_queries: Any, url: str
) -> None:
    with django_assert_max_num_queries(40):
        response = client.get(url)
        assert response.status_code == 200
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)


def test_the_list_of_indicators(client: Client, training: dict[str, Any], django_assert_max_num_queries: Any) -> None:
    # Every computed indicator's figures: a few reads each (ACTIP statuses included), never per cell.
    with django_assert_max_num_queries(80):
        assert client.get("/data/").status_code == 200


def test_a_public_sensitive_pivot_costs_a_bounded_number_of_queries(
    client: Client, training: dict[str, Any], django_assert_max_num_queries: Any
) -> None:
    Indicator.objects.filter(code="PARTICIPATIONS").update(is_sensitive=True)
    # The whole block of each year: 16 groupings, each read once; and the demo-data notice of every page.
    with django_assert_max_num_queries(81):
        assert client.get("/data/PARTICIPATIONS/?period=2021,2021S1&rows=sex&cols=place").status_code == 200
