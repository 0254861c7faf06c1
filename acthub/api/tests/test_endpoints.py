"""Every endpoint answers its list and its detail, with a bounded number of queries."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from acthub.api.tests.world import ENDPOINTS, build_records, detail_url
from acthub.core.testing.factories import CountryFactory

pytestmark = pytest.mark.django_db

# Session, user, one query per restricted queryset for staff (their country ids), count, page, prefetches.
MAX_LIST_QUERIES = 12


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_list_and_detail_for_anonymous(api: APIClient, world: dict[str, Any], endpoint: str) -> None:
    listing = api.get(f"/api/v1/{endpoint}/")
    assert listing.status_code == 200, listing.content
    assert listing["Content-Type"] == "application/json"
    body = listing.json()
    assert body["count"] >= 1
    assert {"count", "next", "previous", "results"} <= set(body)
    url = detail_url(endpoint, world[endpoint])
    detail = api.get(url)
    assert detail.status_code == 200, detail.content
    assert detail.json()["url"] == f"http://testserver{url}"
    assert detail.json() in body["results"]


def test_root_lists_every_endpoint(api: APIClient) -> None:
    response = api.get("/api/v1/")
    assert response.status_code == 200
    justice = {"court-cases", "court-charges", "defendants", "defendant-verdicts", "victims"}
    monitoring = {"actip-chapters", "actip-articles", "actip-ratifications", "actip-assessments"}
    monitoring |= {"grant-disbursements", "grant-milestones", "grant-reports"}
    monitoring |= {"governance-memberships", "meeting-decisions", "meeting-actions"}
    assert set(response.json()) == {*ENDPOINTS, "change-log", *justice, *monitoring}


def _list_queries(client: APIClient) -> dict[str, int]:
    counts = {}
    for endpoint in ENDPOINTS:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"/api/v1/{endpoint}/", {"page_size": 100})
        assert response.status_code == 200, (endpoint, response.content)
        counts[endpoint] = len(queries)
    return counts


@pytest.mark.parametrize("role", ["anonymous", "partner", "officer_a", "admin"])
def test_list_queries_do_not_grow_with_rows(
    client_for: Any, program: Any, country_a: Any, role: str, django_assert_max_num_queries: Any
) -> None:
    client = client_for(role)
    build_records(program, country_a, 1)
    _list_queries(client)  # warm the per-process caches (content types of the access log) first
    few = _list_queries(client)
    for n, code in enumerate(["TH", "VN", "PH"], start=2):
        build_records(program, CountryFactory(code=code), n)
        build_records(program, country_a, n + 10)
    many = _list_queries(client)
    assert many == few
    for endpoint in ENDPOINTS:
        with django_assert_max_num_queries(MAX_LIST_QUERIES):
            client.get(f"/api/v1/{endpoint}/")
