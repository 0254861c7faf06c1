"""SECURITY.md's rule for non-sensitive person counts: no public output lists fewer than k people by
more than one personal attribute on one day (sex x age band of one training day), with complementary
suppression so the hidden cell cannot be worked out from the table's rows, columns and totals.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from acthub.activities.tests.factories import ActivityFactory, ParticipationFactory
from acthub.core.testing.factories import ProgramFactory
from acthub.indicators.models import Indicator
from acthub.indicators.query import Figure, query

DAY = "2021-05-03/2021-05-03"
CODE = "PEOPLE_TRAINED_UNIQUE"


@pytest.fixture
def one_day(computed: None, country_a: Any) -> dict[str, Any]:
    """One training day: women 24-26 (k+2), women 18-20 (2), men 24-26 (k+1), men 18-20 (k+3)."""
    Indicator.objects.filter(code=CODE).update(disaggregations=["sex", "age_band", "country"])
    k = Indicator.objects.get(code=CODE).disclosure_threshold
    program = ProgramFactory()
    day = ActivityFactory(program=program, start_date=date(2021, 5, 3), countries=[country_a])
    for sex, band, n in [
        ("female", "24-26", k + 2),
        ("female", "18-20", 2),
        ("male", "24-26", k + 1),
        ("male", "18-20", k + 3),
    ]:
        for _ in range(n):
            ParticipationFactory(activity=day, country=country_a, sex=sex, age_band=band, role="trainee")
    return {"program": program, "k": k}


def _two_way(cells: list[Figure]) -> dict[tuple[str, str], Figure]:
    found = {}
    for c in cells:
        group = dict(c.group)
        if group.get("sex") and group.get("age_band"):
            found[(group["sex"], group["age_band"])] = c
    return found


def test_a_small_two_way_cell_of_one_day_is_hidden_with_its_complements(one_day: dict[str, Any]) -> None:
    k = one_day["k"]
    result = query(one_day["program"], CODE, periods=[DAY], by=["sex", "age_band"])
    cells = _two_way(result.cells)
    assert cells[("female", "18-20")].suppressed and cells[("female", "18-20")].label == f"<{k}"
    # No published two-way cell lists fewer than k people.
    assert not [c for c in cells.values() if c.value is not None and 0 < c.value < k]
    # Its row and its column each hide another cell, so the totals do not give it away.
    assert any(c.suppressed for (sex, band), c in cells.items() if sex == "female" and band != "18-20")
    assert any(c.suppressed for (sex, band), c in cells.items() if band == "18-20" and sex != "female")
    # One-way counts are public (the indicator is not sensitive): all women of the day.
    assert result.get(DAY, sex="female", age_band="").value == k + 4


def test_the_rule_is_for_one_day_two_personal_attributes_and_the_public(
    one_day: dict[str, Any], users: dict[str, Any]
) -> None:
    program = one_day["program"]
    year = _two_way(query(program, CODE, periods=["2021"], by=["sex", "age_band"]).cells)
    assert year[("female", "18-20")].value == 2  # a year's table is not a day's list of people
    by_age = query(program, CODE, periods=[DAY], by=["age_band"])
    assert by_age.get(DAY, age_band="18-20").value == one_day["k"] + 5  # one personal attribute
    staff = _two_way(query(program, CODE, periods=[DAY], by=["sex", "age_band"], user=users["mel"]).cells)
    assert staff[("female", "18-20")].value == 2  # regional MEL sees the records
