"""`generate_demo --cases N --public`: synthetic cases feed a demo's public outputs, each saying so.

Without `--public` the synthetic cases stay out of every public figure and nothing says "synthetic";
with it, the open-data page, an indicator page, the dataset CSV (a `data` column, `synthetic` on
every row) and the datasets API (`synthetic: true` on the justice datasets) all carry the mark.
"""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client

from acthub.core.testing.factories import ProgramFactory
from acthub.indicators.registry import sync_registry
from acthub.justice.demo import public_demo

pytestmark = pytest.mark.django_db
NOTICE = 'data-synthetic="justice"'


@pytest.fixture
def instance(country_a: Any, country_b: Any) -> None:
    sync_registry()
    ProgramFactory(slug=settings.ACTHUB_DEFAULT_PROGRAM, start_year=2018, end_year=2025)


def _csv(code: str) -> list[dict[str, str]]:
    response = Client().get(f"/open-data/{code}.csv")
    assert response.status_code == 200
    return list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))


def _api() -> dict[str, bool]:
    response = Client().get("/api/v1/datasets/")
    assert response.status_code == 200
    return {row["code"]: row["synthetic"] for row in response.json()["results"]}


def test_synthetic_cases_stay_out_of_public_outputs_without_public(instance: None) -> None:
    call_command("generate_demo", cases=150, victims_per_case=4, seed=2, verbosity=0)
    assert not public_demo()
    assert NOTICE not in Client().get("/open-data/").content.decode()
    rows = _csv("JV_IDENTITY_PROTECTED")
    assert "data" not in rows[0] if rows else True
    assert {r["status"] for r in rows} <= {"not_applicable"}  # no synthetic victim is counted
    assert not any(_api().values())


def test_public_demo_feeds_and_marks_every_public_output(instance: None) -> None:
    call_command("generate_demo", cases=150, victims_per_case=4, seed=2, public=True, verbosity=0)
    assert public_demo()
    for url in ("/open-data/", "/open-data/justice/", "/data/JV_IDENTITY_PROTECTED/", "/"):
        page = Client().get(url)
        assert page.status_code == 200, url
        assert NOTICE in page.content.decode(), url
    rows = _csv("JV_IDENTITY_PROTECTED")
    assert list(rows[0])[-1] == "data"
    assert {r["data"] for r in rows} == {"synthetic"}
    assert "published" in {r["status"] for r in rows}  # the synthetic victims now make public figures
    flags = _api()
    assert flags["JV_IDENTITY_PROTECTED"] is True
    assert all(flag is code.startswith(("JV_", "JC_")) for code, flag in flags.items())
