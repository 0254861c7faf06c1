"""generate_demo makes synthetic rows that stay out of published figures; rebuild_aggregates repairs."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command

from acthub.activities.models import Participation, ParticipationCell
from acthub.activities.tests.bruteforce import expected_cube, stored_cube
from acthub.core.testing.factories import CountryFactory, ProgramFactory
from acthub.indicators.query import query

pytestmark = pytest.mark.django_db


def test_generate_demo_is_synthetic_and_exact() -> None:
    program = ProgramFactory(slug="demo")
    CountryFactory(code="LA")
    CountryFactory(code="KH")
    call_command(
        "generate_demo", "--participants", "400", "--program", "demo", "--per-activity", "20", stdout=StringIO()
    )
    assert Participation.objects.filter(activity__program=program, is_synthetic=True).count() == 400
    assert stored_cube(program.pk) == expected_cube(program.pk)
    published = query(program, "PARTICIPATIONS", periods=["2018", "2022"])
    assert all(c.value == 0 for c in published.cells) or not published.cells
    synthetic = query(program, "PARTICIPATIONS", periods=[str(y) for y in range(2018, 2026)], synthetic=True)
    assert sum(c.value for c in synthetic.cells) == 400


def test_rebuild_aggregates_repairs_a_damaged_cube(country_a: Any) -> None:
    program = ProgramFactory(slug="demo")
    call_command("generate_demo", "--participants", "100", "--program", "demo", stdout=StringIO())
    ParticipationCell.objects.filter(program=program).update(people=0)
    call_command("rebuild_aggregates", "--program", "demo", stdout=StringIO())
    assert stored_cube(program.pk) == expected_cube(program.pk)
