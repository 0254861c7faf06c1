"""The engine's rules for reported and computed values (docs/adr/0009-reported-and-computed.md)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from acthub.accounts.testing import sign_in
from acthub.activities.tests.factories import ActivityFactory, AttendanceCountFactory
from acthub.core.testing.factories import DataValueFactory, ProgramFactory
from acthub.indicators.choices import REGION, Status
from acthub.indicators.engine import FigureSet, agree
from acthub.indicators.models import Indicator, Target
from acthub.indicators.query import query
from acthub.portal.selectors import figure_groups

pytestmark = pytest.mark.django_db


@pytest.fixture
def half_reported(computed: None, country_a: Any) -> dict[str, Any]:
    """1,212 people trained reported for Jan-Jun 2021; ten synthetic trainees on record for Jul-Dec 2021."""
    from django.conf import settings

    program = ProgramFactory(slug=settings.ACTHUB_DEFAULT_PROGRAM)
    people = Indicator.objects.get(code="PEOPLE_TRAINED_UNIQUE")
    DataValueFactory(program=program, indicator=people, country=None, period="2021S1", value=1212)
    activity = ActivityFactory(program=program, start_date=date(2021, 9, 1), countries=[country_a])
    AttendanceCountFactory(activity=activity, count=10, sex="female", country=country_a, role="trainee")
    return {"program": program, "indicator": people}


def test_a_year_computed_from_half_its_records_is_partial(half_reported: dict[str, Any]) -> None:
    result = query(half_reported["program"], "PEOPLE_TRAINED_UNIQUE", periods=["2021", "2021S1", "2021S2"])
    year = result.get("2021")
    assert year is not None and year.value == 10 and year.status == Status.PARTIAL
    first = result.get("2021S1")
    assert first is not None and first.value == 1212 and first.status == Status.REPORTED
    second = result.get("2021S2")
    assert second is not None and second.value == 10 and second.status == Status.COMPUTED


def test_a_partial_value_never_replaces_a_reported_one(half_reported: dict[str, Any]) -> None:
    DataValueFactory(
        program=half_reported["program"], indicator=half_reported["indicator"], country=None, period="2021", value=1300
    )
    year = query(half_reported["program"], "PEOPLE_TRAINED_UNIQUE", periods=["2021"]).get("2021")
    assert year is not None and year.value == 1300 and year.status == Status.REPORTED
    assert year.computed == 10  # kept beside it, for the data-quality page


def test_a_partial_value_is_no_headline(half_reported: dict[str, Any]) -> None:
    figures = FigureSet.load(half_reported["program"])
    partial = figures.get("PEOPLE_TRAINED_UNIQUE", "2021")
    assert partial is not None and partial.is_partial
    group = next(g for g in figure_groups(figures, REGION) if g.indicator.code == "PEOPLE_TRAINED_UNIQUE")
    assert all(not f.is_partial for f in [group.latest, *group.earlier])
    assert "2021" not in [f.period.id for f in [group.latest, *group.earlier]]


def test_targets_take_no_partial_actual(half_reported: dict[str, Any]) -> None:
    Target.objects.create(
        indicator=half_reported["indicator"], program=half_reported["program"], period="2021", value=2500
    )
    response = Client().get("/data/PEOPLE_TRAINED_UNIQUE/targets/")
    line = response.context["lines"][0]
    assert line["cell"].partial and line["share"] is None
    assert "partial: records for part of the period only" in response.content.decode()


@pytest.fixture
def ten_of_twenty_nine(computed: None, country_a: Any) -> dict[str, Any]:
    """10 women and 19 men trained: 34.48% women, which rounds to 34, not (34.5 then) 35."""
    from django.conf import settings

    program = ProgramFactory(slug=settings.ACTHUB_DEFAULT_PROGRAM)
    activity = ActivityFactory(program=program, start_date=date(2021, 3, 1), countries=[country_a])
    AttendanceCountFactory(activity=activity, count=10, sex="female", country=country_a, role="trainee")
    AttendanceCountFactory(activity=activity, count=19, sex="male", country=country_a, role="trainee")
    Indicator.objects.filter(code="PEOPLE_TRAINED_WOMEN_PCT").update(decimals=0)
    return {"program": program}


def test_shares_are_rounded_once_at_display(ten_of_twenty_nine: dict[str, Any]) -> None:
    cell = query(ten_of_twenty_nine["program"], "PEOPLE_TRAINED_WOMEN_PCT", periods=["2021S1"]).get("2021S1")
    assert cell is not None and cell.display == "34%"
    assert cell.value is not None and abs(cell.value - Decimal(1000) / 29) < Decimal("1e-6")
    assert (cell.numerator, cell.denominator) == (10, 29)


def test_the_quality_page_compares_as_published(ten_of_twenty_nine: dict[str, Any], users: dict[str, Any]) -> None:
    pct = Indicator.objects.get(code="PEOPLE_TRAINED_WOMEN_PCT")
    DataValueFactory(program=ten_of_twenty_nine["program"], indicator=pct, country=None, period="2021S1", value=34)
    client = sign_in(Client(), users["mel"])
    assert client.get("/data/quality/").context["rows"] == []  # 34 and 34.48 agree at 0 decimals
    pct.decimals = 1
    pct.save()
    rows = client.get("/data/quality/").context["rows"]
    assert [r["indicator"].code for r in rows] == ["PEOPLE_TRAINED_WOMEN_PCT"]  # 34.0 and 34.5 do not


def test_one_comparison_of_values() -> None:
    assert agree(Decimal("35"), Decimal("34.9"), 0) and not agree(Decimal("35"), Decimal("34.9"), 1)
    assert agree(None, None, 0) and not agree(Decimal(1), None, 0)
    assert not agree(Decimal("34.46"), Decimal("35"), 0)


def test_unique_people_of_a_year_are_not_the_sum_of_its_halves(training: dict[str, Any]) -> None:
    result = query(training["program"], "PEOPLE_TRAINED_UNIQUE", periods=["2021", "2021S1", "2021S2"])
    first, second, year = (result.get(p) for p in ("2021S1", "2021S2", "2021"))
    assert first is not None and second is not None and year is not None
    assert year.value == 25 and (first.value, second.value) == (25, 2)  # 25 people, not 25 + 2


def test_shares_are_derived_from_reported_counts(computed: None) -> None:
    """1,000 people trained reported for a half-year, 520 of them women: the women's share is 52%."""
    program = ProgramFactory()
    people = Indicator.objects.get(code="PEOPLE_TRAINED_UNIQUE")
    DataValueFactory(program=program, indicator=people, country=None, period="2021S1", value=1000)
    DataValueFactory(program=program, indicator=people, country=None, period="2021S1", sex="female", value=520)
    cell = query(program, "PEOPLE_TRAINED_WOMEN_PCT", periods=["2021S1"]).get("2021S1")
    assert cell is not None and cell.value == 52 and cell.display == "52%"
    assert (cell.numerator, cell.denominator) == (520, 1000)
    assert "Derived from reported counts" in cell.provenance and "520" in cell.provenance and "1,000" in cell.provenance
