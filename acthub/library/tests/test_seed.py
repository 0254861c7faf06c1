"""The seed narrative's resources are library records, and the narrative links to them."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from acthub.library.defaults import ensure_defaults
from acthub.library.models import Resource
from acthub.seed.loader import load_seed

pytestmark = pytest.mark.django_db


def test_narrative_resources_are_loaded_and_linked() -> None:
    ensure_defaults()  # in case a transactional test before this one emptied the tables
    load_seed()
    titles = set(Resource.objects.values_list("title", flat=True))
    for words in ("policy paper", "shelter practices", "webinar series", "court indicators", "fisheries"):
        assert any(words in t.lower() for t in titles), words
    client = Client()
    for slug, title in (
        ("covid-19", "Policy paper on vulnerability"),
        ("victim-rights", "Study of shelter practices"),
        ("knowledge-sharing", "Webinar series"),
    ):
        page = client.get(f"/outcomes/{slug}/").content.decode()
        links = re.findall(r'<a href="/library/(\d+)/">([^<]+)</a>', page)
        assert any(t.startswith(title) for _pk, t in links), slug
        for pk, _title in links:
            assert client.get(f"/library/{pk}/").status_code == 200
    # The court indicators are evidence for the region's and Lao PDR's achievement alike.
    court = Resource.objects.get(title="Victim-sensitive court indicators")
    assert sorted(a.country.code if a.country else "REGION" for a in court.evidence_for.all()) == ["LA", "REGION"]
    assert court.topics.filter(kind="court_area").count() == 8
    # A second load changes nothing.
    assert load_seed().created == 0
