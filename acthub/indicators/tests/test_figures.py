"""One figure type, made by one rule (docs/adr/0016-one-figure-type.md).

A query's cells and a FigureSet's look-ups are the same `Figure`, and a FigureSet's stored figures go
through the same rule as the query's cells, so both answer a cell alike.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from acthub.activities.tests.factories import ActivityFactory, AttendanceCountFactory
from acthub.core.periods import parse_period
from acthub.core.testing.factories import DataValueFactory, ProgramFactory
from acthub.indicators.choices import REGION, Method, Status
from acthub.indicators.engine import FigureSet
from acthub.indicators.figures import Figure, figure_of, settled, stored_choice
from acthub.indicators.models import DataValue, Indicator
from acthub.indicators.query import query

pytestmark = pytest.mark.django_db


@pytest.fixture
def trained(computed: None, country_a: Any) -> dict[str, Any]:
    """1,212 reported for 2021S1 (no records); ten trainees on record for 2021S2."""
    from django.conf import settings

    program = ProgramFactory(slug=settings.ACTHUB_DEFAULT_PROGRAM)
    people = Indicator.objects.get(code="PEOPLE_TRAINED_UNIQUE")
    DataValueFactory(
        program=program,
        indicator=people,
        country=None,
        period="2021S1",
        value=1212,
        source_document="seed.txt",
        source_location="training 1,212 (Jan-Jun 2021)",
    )
    activity = ActivityFactory(program=program, start_date=date(2021, 9, 1), countries=[country_a])
    AttendanceCountFactory(activity=activity, count=10, sex="female", country=country_a, role="trainee")
    return {"program": program, "indicator": people}


def test_a_look_up_and_a_query_give_the_same_figure(trained: dict[str, Any]) -> None:
    program = trained["program"]
    figures = FigureSet.load(program)
    table = query(program, "PEOPLE_TRAINED_UNIQUE", periods=["2021S1", "2021S2", "2021"])
    for period, status in (("2021S1", Status.REPORTED), ("2021S2", Status.COMPUTED), ("2021", Status.PARTIAL)):
        looked_up, cell = figures.get("PEOPLE_TRAINED_UNIQUE", period), table.get(period)
        assert isinstance(looked_up, Figure) and isinstance(cell, Figure)
        assert looked_up.status == cell.status == status
        assert (looked_up.value, looked_up.display, looked_up.provenance) == (cell.value, cell.display, cell.provenance)
        assert looked_up.data_value_id == cell.data_value_id


def test_a_stored_figure_keeps_its_source_and_passage(trained: dict[str, Any]) -> None:
    figure = FigureSet.load(trained["program"]).get("PEOPLE_TRAINED_UNIQUE", "2021S1")
    assert figure is not None and figure.method == Method.REPORTED and figure.data_value_id is not None
    assert (figure.source_document, figure.source_location) == ("seed.txt", "training 1,212 (Jan-Jun 2021)")
    assert figure.provenance == "seed.txt" and figure.figure_status == Status.REPORTED


def test_a_computed_figure_names_its_query_as_its_passage(trained: dict[str, Any]) -> None:
    figure = FigureSet.load(trained["program"]).get("PEOPLE_TRAINED_UNIQUE", "2021S2")
    assert figure is not None and figure.data_value_id is None
    assert figure.source_location == figure.provenance
    assert figure.provenance.startswith("Computed from records: PEOPLE_TRAINED_UNIQUE, period 2021S2")


def test_the_set_keeps_the_querys_figures_as_they_are(trained: dict[str, Any]) -> None:
    figures = FigureSet.load(trained["program"])
    partial = figures.get("PEOPLE_TRAINED_UNIQUE", "2021")
    assert partial is not None and partial.is_partial and partial.value == 10
    assert dataclasses.is_dataclass(partial) and partial.reported is None and partial.computed == 10


def test_stored_choice_takes_the_preferred_method_whatever_the_order(trained: dict[str, Any]) -> None:
    people = trained["indicator"]
    snapshot = DataValueFactory(
        program=trained["program"], indicator=people, country=None, period="2021S1", value=1, method=Method.COMPUTED
    )
    rows = list(DataValue.objects.filter(indicator=people, period="2021S1").select_related("country"))
    for preference, method in ((Method.REPORTED, Method.REPORTED), (Method.COMPUTED, Method.COMPUTED)):
        people.preference = preference
        for order in (rows, rows[::-1]):
            chosen = stored_choice(order, key=lambda dv: (dv.period, dv.place_code), indicator=people)
            assert chosen[("2021S1", REGION)].method == method
    assert chosen[("2021S1", REGION)].pk == snapshot.pk


def test_the_rule_a_partial_value_never_replaces_a_reported_one(trained: dict[str, Any]) -> None:
    from acthub.indicators.computations import Value

    people = trained["indicator"]
    people.preference = Method.COMPUTED
    stored = DataValue.objects.get(indicator=people, period="2021S1")
    period = parse_period("2021S1")
    whole = figure_of(people, period, REGION, computed=Value(Decimal(5)), stored=stored, counted=True)
    part = figure_of(people, period, REGION, computed=Value(Decimal(5)), stored=stored, counted=True, partial=True)
    assert (whole.value, whole.status, whole.reported) == (Decimal(5), Status.COMPUTED, Decimal(1212))
    assert (part.value, part.status, part.computed) == (Decimal(1212), Status.REPORTED, Decimal(5))
    assert not settled(part) and settled(whole)


def test_figures_are_frozen_and_compact(trained: dict[str, Any]) -> None:
    figure = query(trained["program"], "PEOPLE_TRAINED_UNIQUE", periods=["2021S2"]).get("2021S2")
    assert figure is not None
    with pytest.raises(dataclasses.FrozenInstanceError):
        figure.value = Decimal(0)
    assert not hasattr(figure, "__dict__")  # slots: a public table makes a thousand of them
