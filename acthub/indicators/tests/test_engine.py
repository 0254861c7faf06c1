"""Each computed indicator on hand-checked data, through the engine's one entry point."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from acthub.core.testing.factories import DataValueFactory
from acthub.indicators.engine import FigureSet
from acthub.indicators.models import Indicator
from acthub.indicators.query import QueryError, query

pytestmark = pytest.mark.django_db


def value(result: Any, period: str, place: str = "REGION", **group: str) -> Decimal | None:
    cell = result.get(period, place, **group)
    return None if cell is None else cell.value


def test_unique_people_trained_counts_each_person_once_per_period(training: dict[str, Any]) -> None:
    program = training["program"]
    result = query(program, "PEOPLE_TRAINED_UNIQUE", periods=["2021S1", "2021S2", "2021", "2020"], by=["place"])
    # 2021S1: X, Y and Z as trainees (Z's training of others does not count) and the 22 judges.
    assert value(result, "2021S1") == 25
    assert value(result, "2021S1", "LA") == 24 and value(result, "2021S1", "KH") == 1
    assert value(result, "2021S2") == 2
    # X was seen in both countries in 2021: once in each, once in the region.
    assert value(result, "2021") == 25
    assert value(result, "2021", "LA") == 24 and value(result, "2021", "KH") == 2
    assert value(result, "2020") == 1
    assert result.places == ["REGION", "KH", "LA"]


def test_people_by_sex_agency_and_sector(training: dict[str, Any]) -> None:
    program = training["program"]
    by_sex = query(program, "PEOPLE_TRAINED_UNIQUE", periods=["2021S1"], by=["sex"])
    assert value(by_sex, "2021S1", sex="female") == 2 and value(by_sex, "2021S1", sex="male") == 23
    assert value(by_sex, "2021S1") == 25  # the total comes with the table
    by_agency = query(program, "PEOPLE_TRAINED_UNIQUE", periods=["2021S1"], by=["agency_type", "place"])
    assert value(by_agency, "2021S1", "LA", agency_type="judiciary") == 23
    assert value(by_agency, "2021S1", "KH", agency_type="police") == 0  # a zero, not a missing value
    state = query(program, "PEOPLE_TRAINED_STATE", periods=["2021S1"])
    non_state = query(program, "PEOPLE_TRAINED_NON_STATE", periods=["2021S1"])
    assert (value(state, "2021S1"), value(non_state, "2021S1")) == (24, 1)


def test_participations_months_and_date_ranges(training: dict[str, Any]) -> None:
    program = training["program"]
    periods = ["2021S1", "2021Q1", "202102", "2021-02-01/2021-05-31", "2021-02-15/2021-05-20"]
    result = query(program, "PARTICIPATIONS", periods=periods)
    assert value(result, "2021S1") == 27
    assert value(result, "2021Q1") == 2 and value(result, "202102") == 2
    assert value(result, "2021-02-01/2021-05-31") == 27  # whole months: from presence
    assert value(result, "2021-02-15/2021-05-20") == 25  # cuts a month: from the records (A2 only)
    people = query(program, "PEOPLE_TRAINED_UNIQUE", periods=["202102", "2021-02-15/2021-05-20"])
    assert value(people, "202102") == 1  # Z trained others in February
    assert value(people, "2021-02-15/2021-05-20") == 25


def test_share_of_women_states_numerator_and_denominator(training: dict[str, Any]) -> None:
    result = query(training["program"], "PEOPLE_TRAINED_WOMEN_PCT", periods=["2021S1"], by=["place"])
    region = result.get("2021S1")
    assert region is not None and region.value == Decimal("8.0") and region.display == "8%"
    assert (region.numerator, region.denominator) == (2, 25)
    kh = result.get("2021S1", "KH")
    assert kh is not None and kh.value == 0 and kh.denominator == 1
    indicator = Indicator.objects.get(code="PEOPLE_TRAINED_WOMEN_PCT")
    assert indicator.numerator.code == indicator.denominator.code == "PEOPLE_TRAINED_UNIQUE"
    assert indicator.numerator_filter == {"sex": "female"}


def test_activities_held(training: dict[str, Any]) -> None:
    result = query(training["program"], "ACTIVITIES_HELD", periods=["2021", "2021S1"], by=["place"])
    assert value(result, "2021") == 3 and value(result, "2021", "LA") == 2 and value(result, "2021", "KH") == 2
    assert value(result, "2021S1") == 2
    with pytest.raises(QueryError, match="cannot be broken down by sex"):
        query(training["program"], "ACTIVITIES_HELD", periods=["2021"], by=["sex"])


def test_reported_and_computed_are_both_kept(training: dict[str, Any]) -> None:
    program = training["program"]
    people = Indicator.objects.get(code="PEOPLE_TRAINED_UNIQUE")
    DataValueFactory(program=program, indicator=people, country=None, period="2021S1", value=30)
    DataValueFactory(program=program, indicator=people, country=None, period="2020", value=1)
    result = query(program, "PEOPLE_TRAINED_UNIQUE", periods=["2021S1", "2020"])
    cell = result.get("2021S1")
    assert cell is not None and (cell.reported, cell.computed) == (30, 25)
    assert cell.method == "computed" and cell.value == 25 and cell.disagrees
    assert not result.get("2020").disagrees
    people.preference = "reported"
    people.save()
    again = query(program, "PEOPLE_TRAINED_UNIQUE", periods=["2021S1"]).get("2021S1")
    assert again is not None and again.value == 30 and again.method == "reported" and again.data_value_id


def test_figureset_serves_computed_values(training: dict[str, Any]) -> None:
    figures = FigureSet.load(training["program"])
    figure = figures.get("PEOPLE_TRAINED_UNIQUE", "2021S1", "LA")
    assert figure is not None and figure.value == 24 and figure.method == "computed"
    assert figure.data_value_id is None and "PEOPLE_TRAINED_UNIQUE" in figure.source_location
    assert figures.get("PEOPLE_TRAINED_UNIQUE", "2021S1", "LA", "female").value == 2
    assert figures.get("PEOPLE_TRAINED_UNIQUE", "2019") is None  # no records: no figure, not a zero


def test_synthetic_rows_stay_out_of_published_figures(training: dict[str, Any]) -> None:
    from acthub.activities.tests.factories import ActivityFactory, ParticipationFactory

    program = training["program"]
    demo = ActivityFactory(program=program, start_date=training["activities"][0].start_date, is_synthetic=True)
    ParticipationFactory(activity=demo, person_key="SYN-1", country=training["la"])
    assert value(query(program, "PEOPLE_TRAINED_UNIQUE", periods=["2021S1"]), "2021S1") == 25
    synthetic = query(program, "PEOPLE_TRAINED_UNIQUE", periods=["2021S1"], synthetic=True)
    assert value(synthetic, "2021S1") == 1


def test_sensitive_tables_are_disclosure_controlled_for_the_public(training: dict[str, Any], users: Any) -> None:
    program = training["program"]
    Indicator.objects.filter(code="PARTICIPATIONS").update(is_sensitive=True)
    public = query(program, "PARTICIPATIONS", periods=["2021"], by=["place"])
    assert public.audience == "public"
    assert public.get("2021", "KH").display == "<11"  # 3 participations
    assert public.get("2021", "LA").suppressed  # else KH = REGION - LA
    assert public.get("2021").value == 29
    staff = query(program, "PARTICIPATIONS", periods=["2021"], by=["place"], user=users["mel"])
    assert staff.audience == "internal" and staff.get("2021", "KH").value == 3
    officer = query(program, "PARTICIPATIONS", periods=["2021"], by=["place"], user=users["officer_a"])
    assert officer.audience == "public"  # the region and Cambodia are outside the officer's scope
    with pytest.raises(QueryError, match="at most 2"):
        query(program, "PARTICIPATIONS", periods=["2021"], by=["place", "sex", "role"])


def test_bad_queries_say_why(training: dict[str, Any]) -> None:
    program = training["program"]
    with pytest.raises(QueryError, match="not a period"):
        query(program, "PARTICIPATIONS", periods=["last year"])
    with pytest.raises(QueryError, match="No indicator"):
        query(program, "NO_SUCH", periods=["2021"])
