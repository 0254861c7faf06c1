"""The attacks of issue 9's "Why", tried as an anonymous visitor against a sensitive indicator.

Each test fails on the engine before disclosure control was applied as the last step over the
block of every public cell, and passes after.
"""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client, override_settings
from rest_framework.test import APIClient

from acthub.activities.tests.factories import ActivityFactory, AttendanceCountFactory
from acthub.indicators import computations
from acthub.indicators.models import Indicator

pytestmark = pytest.mark.django_db
K = 11


@pytest.fixture
def sensitive(training: dict[str, Any]) -> dict[str, Any]:
    Indicator.objects.filter(code="PARTICIPATIONS").update(is_sensitive=True, disclosure_threshold=K)
    return training


def shown_counts(cells: list[dict[str, Any]]) -> list[int]:
    return [int(c["display"].replace(",", "")) for c in cells if c["display"].replace(",", "").isdigit()]


def test_by_sex_no_small_count_is_published(sensitive: dict[str, Any]) -> None:
    body = APIClient().get("/api/v1/query/?indicator=PARTICIPATIONS&period=2021S2&by=sex").json()
    assert body["cells"], body
    assert not [n for n in shown_counts(body["cells"]) if 0 < n < K], body["cells"]
    by_sex = {c["group"]["sex"]: c for c in body["cells"]}
    assert by_sex["female"]["suppressed"] and by_sex["male"]["suppressed"]  # X and Y: one each


def test_download_by_sex_and_age_band_lists_no_small_count(sensitive: dict[str, Any]) -> None:
    response = Client().get("/data/PARTICIPATIONS/download.csv?period=2021&rows=sex&cols=age_band")
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows
    for row in rows:
        if row["suppressed"] == "no":
            assert not 0 < int(row["value"]) < K, row
        else:
            assert row["value"] == "" and row["display"] in ("x", f"<{K}")


def no_computation(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("the engine computed a query it should have refused")

    monkeypatch.setattr(computations, "compute", refuse)


@pytest.mark.parametrize(
    ("params", "reason"),
    [
        ("period=2021-03-01/2021-03-31", "years (2021), half-years (2021S1) or quarters"),
        ("period=202103", "years (2021), half-years (2021S1) or quarters"),
        ("period=2021&by=place,sex,age_band", "at most 2"),
        ("period=2021&place=LA&by=sex,age_band", "at most 2"),
        ("period=2021&by=eye_colour", "cannot be broken down by eye_colour"),
        (f"period={date.today().year + 1}", "lies in the future"),
        (
            "period=" + ",".join(f"2020-01-01/2020-{m:02d}-{d:02d}" for m in range(1, 13) for d in range(1, 29)),
            "at most",
        ),
    ],
)
def test_refused_before_anything_is_computed(
    sensitive: dict[str, Any], monkeypatch: pytest.MonkeyPatch, params: str, reason: str
) -> None:
    no_computation(monkeypatch)
    response = APIClient().get(f"/api/v1/query/?indicator=PARTICIPATIONS&{params}")
    assert response.status_code == 400
    assert reason in response.json()["error"]["message"]
    page = Client().get(f"/data/PARTICIPATIONS/?{params.replace('by=', 'rows=').replace(',', '&cols=', 1)}")
    assert page.status_code in (400, 404) or reason in page.content.decode()


def test_pivot_page_refuses_a_date_range_with_a_page_error(sensitive: dict[str, Any]) -> None:
    response = Client().get("/data/PARTICIPATIONS/?period=2021-03-01/2021-03-14")
    assert response.status_code == 400
    assert "half-years (2021S1) or quarters" in response.content.decode()


def test_differencing_overlapping_periods_reveals_nobody(sensitive: dict[str, Any]) -> None:
    """March has 16 and the first half of March 15: as quarters, the year and its halves, nobody shows."""
    program, la = sensitive["program"], sensitive["la"]
    early = ActivityFactory(program=program, start_date=date(2019, 3, 5), countries=[la])
    late = ActivityFactory(program=program, start_date=date(2019, 3, 20), countries=[la])
    AttendanceCountFactory(activity=early, count=15, sex="female", country=la, role="trainee")
    AttendanceCountFactory(activity=late, count=1, sex="male", country=la, role="trainee")
    api = APIClient()
    assert api.get("/api/v1/query/?indicator=PARTICIPATIONS&period=2019-03-01/2019-03-14").status_code == 400
    periods = "2019,2019S1,2019S2,2019Q1,2019Q2,2019Q3,2019Q4"
    cells = api.get(f"/api/v1/query/?indicator=PARTICIPATIONS&period={periods}&by=sex").json()["cells"]
    published = {(c["period"], c["group"]["sex"]): c["display"] for c in cells if not c["suppressed"]}
    assert not [n for n in shown_counts(cells) if 0 < n < K]
    assert published.get(("2019", "male")) is None  # the one man
    assert ("2019", "") in published and published[("2019", "")] == "16"  # the total is safe to show


def test_the_same_cell_reads_the_same_in_every_output(sensitive: dict[str, Any]) -> None:
    api = APIClient()
    seen: dict[tuple[str, str, tuple[tuple[str, str], ...]], set[str]] = {}
    for by in ("", "sex", "place", "sex,place", "sex,agency_type", "place,agency_type"):
        body = api.get(f"/api/v1/query/?indicator=PARTICIPATIONS&period=2021,2021S1,2021Q2&by={by}").json()
        for c in body["cells"]:
            fixed = tuple(sorted((d, v) for d, v in c["group"].items() if v))
            seen.setdefault((c["period"], c["place"], fixed), set()).add(c["display"])
    for key, displays in seen.items():
        assert len(displays) == 1, (key, displays)


@override_settings(ACTHUB_QUERY_RATE="3/minute")
def test_public_queries_are_rate_limited(sensitive: dict[str, Any]) -> None:
    from django.core.cache import cache

    cache.clear()
    api = APIClient()
    codes = [api.get("/api/v1/query/?indicator=PARTICIPATIONS&period=2021").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    page = Client().get("/data/PARTICIPATIONS/?period=2021")
    assert page.status_code == 429 and "Too many figure queries" in page.content.decode()
    cache.clear()


def test_staff_still_see_every_count(sensitive: dict[str, Any], users: dict[str, Any]) -> None:
    api = APIClient()
    api.force_authenticate(users["mel"])
    body = api.get("/api/v1/query/?indicator=PARTICIPATIONS&period=2021-03-01/2021-12-31&by=sex").json()
    assert body["audience"] == "internal" and any(0 < n < K for n in shown_counts(body["cells"]))


def test_future_periods_are_refused_for_everyone(training: dict[str, Any]) -> None:
    tomorrow = date.today() + timedelta(days=400)
    response = APIClient().get(f"/api/v1/query/?indicator=PARTICIPATIONS&period={tomorrow.year}")
    assert response.status_code == 400 and "future" in response.json()["error"]["message"]
