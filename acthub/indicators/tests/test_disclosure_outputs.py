"""Every public output of a sensitive indicator, on random records, attacked with an exact solver.

Hypothesis draws records (attendance counts by quarter, country, sex and age band); an anonymous
visitor then asks every public query there is for the year (each allowed breakdown, every calendar
period) in every output format (API JSON, CSV download, pivot page). Across all of them together:
no published cell lies in 1..k-1, a cell reads the same everywhere, published cells are true, and no
suppressed cell is a linear combination of published ones (tests/auditor.py).
"""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import Any

import pytest
from django.core.cache import caches
from django.db import transaction
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.test import APIClient

from acthub.activities.choices import AgeBand
from acthub.activities.tests.factories import ActivityFactory, AttendanceCountFactory
from acthub.indicators.choices import Sex
from acthub.indicators.models import Indicator
from acthub.indicators.tests.auditor import PLACE, Domain, recoverable

pytestmark = pytest.mark.django_db
YEAR, K = 2019, 11
PLACES = ["KH", "LA"]
SEXES = [str(v) for v in Sex.values if v]
AGES = [str(v) for v in AgeBand.values]
DOMAIN = Domain(YEAR, PLACES, {"sex": SEXES, "age_band": AGES})
PERIODS = ",".join([str(YEAR), f"{YEAR}S1", f"{YEAR}S2", *[f"{YEAR}Q{n}" for n in range(1, 5)]])
BREAKDOWNS = [(), ("place",), ("sex",), ("age_band",), ("place", "sex"), ("place", "age_band"), ("sex", "age_band")]

# Few sexes and ages drawn (so that cells are small and meet), the attacker's domain has them all.
atoms = st.tuples(st.integers(1, 4), st.sampled_from(PLACES), st.sampled_from(SEXES[:2]), st.sampled_from(AGES[2:4]))
records = st.dictionaries(atoms, st.integers(1, 20), min_size=1, max_size=7)

Cell = tuple[str, tuple[tuple[str, str], ...]]


def fixings(place: str, group: dict[str, str]) -> tuple[tuple[str, str], ...]:
    pairs = [(PLACE, place)] if place != "REGION" else []
    return tuple(sorted([*pairs, *[(d, v) for d, v in group.items() if v and v != "total"]]))


def outputs(by: tuple[str, ...]) -> list[tuple[str, Cell, str, bool]]:
    """(format, cell, display, suppressed) of every cell the three formats show for one breakdown."""
    found: list[tuple[str, Cell, str, bool]] = []
    api = APIClient().get(f"/api/v1/query/?indicator=PARTICIPATIONS&period={PERIODS}&by={','.join(by)}")
    assert api.status_code == 200, api.content
    for c in api.json()["cells"]:
        found.append(("api", (c["period"], fixings(c["place"], c["group"])), c["display"], c["suppressed"]))
    rows, cols = [*by, "", ""][:2]
    layout = f"rows={rows or 'period'}&cols={cols}"
    download = Client().get(f"/data/PARTICIPATIONS/download.csv?period={PERIODS}&{layout}")
    assert download.status_code == 200
    text = b"".join(download.streaming_content).decode("utf-8-sig")
    for row in csv.DictReader(io.StringIO(text)):
        group = {d: row[d] for d in ("sex", "age_band") if d in row}
        cell = (row["period"], fixings(row["place"], group))
        found.append(("csv", cell, row["display"], row["suppressed"] == "yes"))
    page = Client().get(f"/data/PARTICIPATIONS/?period={PERIODS}&{layout}")
    assert page.status_code == 200
    for line in page.context["table"].grid:
        for c in line:
            if c is not None:
                found.append(("page", (c.period.id, fixings(c.place, dict(c.group))), c.display, c.suppressed))
    return found


@settings(
    max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(drawn=records)
def test_every_public_output_together_gives_nothing_away(training: dict[str, Any], drawn: dict[Any, int]) -> None:
    Indicator.objects.filter(code="PARTICIPATIONS").update(
        is_sensitive=True, disclosure_threshold=K, disaggregations=["sex", "age_band", "country"]
    )
    countries = {"LA": training["la"], "KH": training["kh"]}
    with transaction.atomic():
        counts: dict[tuple[str, ...], int] = {}
        for (quarter, place, sex, age), n in drawn.items():
            activity = ActivityFactory(
                program=training["program"], start_date=date(YEAR, 3 * quarter - 1, 10), countries=[countries[place]]
            )
            AttendanceCountFactory(
                activity=activity, count=n, sex=sex, age_band=age, country=countries[place], role="trainee"
            )
            counts[(f"{YEAR}Q{quarter}", place, sex, age)] = n
        caches["pages"].clear()
        shown: dict[Cell, set[str]] = {}
        published: set[Cell] = set()
        suppressed: set[Cell] = set()
        for by in BREAKDOWNS:
            for _fmt, cell, display, hidden in outputs(by):
                shown.setdefault(cell, set()).add(display)
                (suppressed if hidden else published).add(cell)
        transaction.set_rollback(True)
    assert not published & suppressed
    for cell, displays in shown.items():
        assert len(displays) == 1, (cell, displays)  # the same cell reads the same in every output
    for cell in published:
        truth = DOMAIN.value(counts, *cell)
        assert not 0 < truth < K, (cell, truth)
        assert shown[cell] == {f"{truth:,}"}, (cell, shown[cell], truth)
    assert recoverable(DOMAIN, sorted(published), sorted(suppressed)) == []
