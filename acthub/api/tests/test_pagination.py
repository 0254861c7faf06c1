"""Pages: a client-chosen size, bounded by the server."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from acthub.api.pagination import StandardPagination
from acthub.program.models import FocusTag

pytestmark = pytest.mark.django_db


@pytest.fixture
def many_tags() -> int:
    count = StandardPagination.max_page_size + 5
    FocusTag.objects.bulk_create(FocusTag(slug=f"tag-{n:04}", name=f"Tag {n:04}") for n in range(count))
    return count


def test_default_page_size_and_links(api: APIClient, many_tags: int) -> None:
    body = api.get("/api/v1/focus-tags/").json()
    assert body["count"] == many_tags
    assert len(body["results"]) == StandardPagination.page_size
    assert body["previous"] is None
    assert "page=2" in body["next"]


def test_page_size_is_chosen_by_the_client(api: APIClient, many_tags: int) -> None:
    body = api.get("/api/v1/focus-tags/", {"page_size": 7, "page": 2}).json()
    assert [r["slug"] for r in body["results"]] == [f"tag-{n:04}" for n in range(7, 14)]


def test_page_size_is_bounded(api: APIClient, many_tags: int) -> None:
    body = api.get("/api/v1/focus-tags/", {"page_size": 100000}).json()
    assert len(body["results"]) == StandardPagination.max_page_size
    assert body["next"] is not None
