"""The justice indicators through the engine: registered sensitive (k = 11), published only over k, tidy CSVs.

A hand-made year, 2021 (real records, not synthetic): Lao PDR has 24 victims, 12 with their identity
protected and 12 without; Cambodia 5 victims, 3 protected; Thailand 13 victims, 13 protected.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.test import Client

from acthub.core.testing.factories import CountryFactory, ProgramFactory
from acthub.indicators.choices import Computation, Unit
from acthub.indicators.models import Indicator
from acthub.indicators.query import PUBLIC, query
from acthub.indicators.registry import sync_registry
from acthub.justice.indicators import ITEMS
from acthub.justice.tests.factories import CourtCaseFactory, VictimFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def year(country_a: Any, country_b: Any) -> dict[str, Any]:
    sync_registry()
    program = ProgramFactory(slug=settings.ACTHUB_DEFAULT_PROGRAM, start_year=2021, end_year=2021)
    th = CountryFactory(code="TH", name="Thailand")
    for country, protected, not_protected in ((country_a, 12, 12), (country_b, 3, 2), (th, 13, 0)):
        case = CourtCaseFactory(country=country, charge_date=dt.date(2021, 3, 1), is_synthetic=False)
        for answer, n in ((True, protected), (False, not_protected)):
            VictimFactory.create_batch(n, case=case, identity_protected=answer, is_synthetic=False)
    return {"program": program}


def test_every_item_is_a_sensitive_engine_indicator() -> None:
    sync_registry()
    found = {i.code: i for i in Indicator.objects.filter(computation=Computation.JUSTICE)}
    assert set(found) == {item.code for item in ITEMS}
    assert all(i.is_sensitive and i.disclosure_threshold == 11 for i in found.values())
    assert found["JV_TIMES_TESTIFIED_MEDIAN"].unit == Unit.TIMES
    assert found["JC_DAYS_CHARGE_TO_VERDICT_MEDIAN"].unit == Unit.DAYS
    assert found["JV_IDENTITY_PROTECTED"].unit == Unit.PERCENT


def test_public_table_publishes_over_k_only_and_hides_the_difference(year: dict[str, Any]) -> None:
    table = query(
        year["program"], "JV_IDENTITY_PROTECTED", periods=["2021"], by=["place"], user=AnonymousUser(), audience=PUBLIC
    )
    cells = {c.place: c for c in table.cells}
    # LA 12 / 24 = 50%: denominator 24, part 12 and rest 12 all >= 11: published with its denominator stated
    assert (cells["LA"].value, cells["LA"].numerator, cells["LA"].denominator) == (Decimal("50.0"), 12, 24)
    # KH 3 / 5: denominator 5 < 11: suppressed, no value and no parts
    assert cells["KH"].suppressed and cells["KH"].value is None and cells["KH"].denominator is None
    # Region (12 + 3 + 13) / (24 + 5 + 13) = 28 / 42: publishable by itself, but region 42 - LA 24 - TH 13 would
    # give KH's 5 away, so the smallest other country (TH, 13) is hidden too.
    assert (cells["REGION"].value, cells["REGION"].denominator) == (Decimal("66.7"), 42)  # 66.67 to one decimal
    assert cells["TH"].suppressed


def test_open_data_lists_justice_datasets_with_rule_and_csv(year: dict[str, Any]) -> None:
    page = Client().get("/open-data/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "JV_IDENTITY_PROTECTED" in text and "/open-data/JV_IDENTITY_PROTECTED.csv" in text
    assert "k = 11" in text
    answer = Client().get("/api/v1/datasets/").json()
    by_code = {d["code"]: d for d in answer["results"]}
    assert by_code["JV_IDENTITY_PROTECTED"]["csv"].endswith("/open-data/JV_IDENTITY_PROTECTED.csv")
    assert by_code["JV_IDENTITY_PROTECTED"]["columns"] == ["indicator", "period", "place", "value", "status"]
    assert by_code["JV_IDENTITY_PROTECTED"]["area"] == "Victim safety and privacy"
    assert "PARTICIPATIONS" in by_code  # the rest of the engine's indicators are datasets too


def test_dataset_csv_is_tidy_and_suppressed_cells_are_empty(year: dict[str, Any]) -> None:
    response = Client().get("/open-data/JV_IDENTITY_PROTECTED.csv")
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert list(rows[0]) == ["indicator", "period", "place", "value", "status"]
    by_place = {r["place"]: r for r in rows}
    assert by_place["LA"] == {
        "indicator": "JV_IDENTITY_PROTECTED",
        "period": "2021",
        "place": "LA",
        "value": "50",
        "status": "published",
    }
    assert by_place["KH"]["status"] == "suppressed" and by_place["KH"]["value"] == ""
    assert by_place["TH"]["status"] == "suppressed" and by_place["TH"]["value"] == ""
    # An item with nothing recorded (no victim's legal representation is known) has no published cell
    other = Client().get("/open-data/JV_LEGAL_REPRESENTATION.csv")
    statuses = {r["status"] for r in csv.DictReader(io.StringIO(b"".join(other.streaming_content).decode("utf-8-sig")))}
    assert statuses <= {"not_applicable"}


def test_definitions_page_lists_every_item_by_area() -> None:
    sync_registry()
    page = Client().get("/open-data/justice/")
    assert page.status_code == 200
    areas = page.context["areas"]
    assert len(areas) == 8 and sum(len(items) for _name, items in areas) == len(ITEMS)
    assert all(public is not None for _name, items in areas for _item, public in items)


def test_unknown_dataset_is_404() -> None:
    assert Client().get("/open-data/NO_SUCH.csv").status_code == 404
