"""Every public output of every justice dataset, on random victims, attacked with the engine tests' exact solver.

Hypothesis draws victims in 2019 by country, child or adult, and answer (every yes/no measure of a victim
is that answer, so each share's numerator is the "yes" victims of its population). An anonymous visitor
then reads every justice indicator by place in every public output (the engine's query API, the pivot's
CSV download and the open-data CSV). Across all of them together: a cell reads the same everywhere, a
published share or median stands over at least k people (its part and the rest too), published values
are true, and no suppressed cell's denominator, part or rest is a linear combination of the published
numerators and denominators (acthub.indicators.tests.auditor, the solver of the engine's own test).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.core.cache import caches
from django.db import transaction
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.test import APIClient

from acthub.core.testing.factories import CountryFactory, ProgramFactory
from acthub.indicators.registry import sync_registry
from acthub.indicators.tests.auditor import PLACE, Domain, Span
from acthub.justice.indicators import ITEMS, Item
from acthub.justice.models import CourtCase, Victim
from acthub.justice.tests.factories import CourtCaseFactory

pytestmark = pytest.mark.django_db
YEAR, K = 2019, 11
PLACES = ["KH", "LA", "TH"]
CHILD, ANSWER = "child", "answer"
DOMAIN = Domain(YEAR, PLACES, {CHILD: ["yes", "no"], ANSWER: ["yes", "no"]})
VICTIM_ITEMS = [item for item in ITEMS if item.model is Victim]
CASE_ITEMS = [item for item in ITEMS if item.model is CourtCase]
CHILD_ITEMS = {"JV_CHILD_TESTIFIED_PROTECTED", "JV_CHILD_PROVISIONS"}
AWARDED_ITEMS = {"JV_COMPENSATION_PAID"}  # over the victims awarded compensation: the "yes" victims only

groups = st.tuples(st.sampled_from(PLACES), st.booleans(), st.booleans())
records = st.dictionaries(groups, st.integers(1, 25), min_size=1, max_size=8)


def victim(case: CourtCase, child: bool, yes: bool, n: int) -> Victim:
    """A synthetic victim whose every measure is `yes`, in every item's population (children: in theirs too)."""
    return Victim(
        case=case,
        country=case.country,
        pseudonym=f"V-{case.pk}-{child}-{yes}-{n}",
        gender="Feminine",
        age_at_exploitation=15 if child else 30,
        is_child=child,
        nationality=case.country.code,
        exploitation_types=["SexualExploitation"],
        times_testified=2 if yes else 1,
        testified_by_video_link=yes,
        testified_behind_screen=yes,
        testimony_recorded=yes,
        identity_protected=yes,
        closed_hearing=yes,
        non_punishment_applied=yes,
        informed_of_rights=yes,
        interpreter_needed=True,
        interpreter_provided=yes,
        legal_representation=yes,
        referred_to_services=yes,
        medical_examination=yes,
        compensation_requested=True,
        compensation_ordered=Decimal(100) if yes else Decimal(0),
        compensation_paid=Decimal(100) if yes else Decimal(0),
        child_provisions=yes if child else None,
        has_disability=True,
        disability_provisions=yes,
        is_synthetic=False,
    )


def vectors(item: Item, place: str) -> tuple[dict[int, int], dict[int, int]]:
    """The atoms of the cell's denominator and of its part (the "yes" victims), for the attacker."""
    fixed = [(PLACE, place)] if place != "REGION" else []
    if item.code in CHILD_ITEMS:
        fixed.append((CHILD, "yes"))
    if item.code in AWARDED_ITEMS:
        fixed.append((ANSWER, "yes"))
    return DOMAIN.vector(str(YEAR), fixed), DOMAIN.vector(str(YEAR), [*fixed, (ANSWER, "yes")])


def truth(counts: dict[tuple[str, bool, bool], int], item: Item, place: str) -> tuple[int, int]:
    """(part, denominator) of a victim item's cell, counted from what was drawn."""
    rows = [
        (n, yes)
        for (p, child, yes), n in counts.items()
        if place in ("REGION", p)
        and (child or item.code not in CHILD_ITEMS)
        and (yes or item.code not in AWARDED_ITEMS)
    ]
    return sum(n for n, yes in rows if yes), sum(n for n, _yes in rows)


def body(response: Any) -> str:
    return b"".join(response.streaming_content).decode("utf-8-sig")


def outputs(code: str) -> list[tuple[str, str, str, bool, int | None, int | None]]:
    """(format, place, display, suppressed, part, denominator) of every 2019 cell the public outputs show."""
    found: list[tuple[str, str, str, bool, int | None, int | None]] = []
    api = APIClient().get(f"/api/v1/query/?indicator={code}&period={YEAR}&by=place")
    assert api.status_code == 200, api.content
    for c in api.json()["cells"]:
        found.append(("api", c["place"], c["display"], c["suppressed"], c["numerator"], c["denominator"]))
    pivot = Client().get(f"/data/{code}/download.csv?period={YEAR}&rows=place&cols=")
    assert pivot.status_code == 200
    for row in csv.DictReader(io.StringIO(body(pivot))):
        part = int(row["numerator"]) if row["numerator"] else None
        whole = int(row["denominator"]) if row["denominator"] else None
        found.append(("pivot", row["place"], row["display"], row["suppressed"] in ("yes", "True"), part, whole))
    open_data = Client().get(f"/open-data/{code}.csv")
    assert open_data.status_code == 200
    for row in csv.DictReader(io.StringIO(body(open_data))):
        if row["period"] == str(YEAR) and row["status"] != "not_applicable":
            found.append(("open", row["place"], row["value"], row["status"] == "suppressed", None, None))
    return found


@pytest.fixture
def world(db: None) -> dict[str, Any]:
    sync_registry()
    ProgramFactory(slug=django_settings.ACTHUB_DEFAULT_PROGRAM)
    return {code: CountryFactory(code=code, name=f"Country {code}") for code in PLACES}


@settings(
    max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(drawn=records)
def test_every_public_justice_output_together_gives_nothing_away(world: dict[str, Any], drawn: dict[Any, int]) -> None:
    with transaction.atomic():
        counts: dict[tuple[str, bool, bool], int] = {}
        for (place, child, yes), n in drawn.items():
            case = CourtCaseFactory(
                country=world[place],
                charge_date=dt.date(YEAR, 2, 1),
                verdict_date=dt.date(YEAR, 3, 1) if yes else None,
                judge_trained=yes,
                is_synthetic=False,
            )
            Victim.objects.bulk_create([victim(case, child, yes, i) for i in range(n)])
            counts[(place, child, yes)] = n
        caches["pages"].clear()
        results = {item.code: outputs(item.code) for item in ITEMS}
        transaction.set_rollback(True)
    for item in ITEMS:
        shown: dict[str, set[str]] = {}
        span, hidden = Span(), []
        for fmt, place, display, suppressed, part, whole in results[item.code]:
            if fmt != "open":
                shown.setdefault(place, set()).add("hidden" if suppressed else display)
            if fmt != "api":
                continue
            if suppressed:
                assert part is None and whole is None, (item.code, place)
                hidden.append(place)
                continue
            if whole is None:
                continue  # no records behind the cell
            # Rule 3: a published share or median stands over at least k, and a share's part and rest too.
            assert whole >= K, (item.code, place, whole)
            if part is not None:
                assert part == 0 or (part >= K and (whole - part == 0 or whole - part >= K)), (item.code, place)
            if item.model is Victim:
                true_part, true_whole = truth(counts, item, place)
                assert whole == true_whole, (item.code, place, whole, true_whole)  # published values are true
                if part is not None:
                    assert part == true_part, (item.code, place, part, true_part)
                denominator, numerator = vectors(item, place)
                span.add(denominator)
                if part is not None:
                    span.add(numerator)
        for place, displays in shown.items():
            assert len(displays) == 1, (item.code, place, displays)  # the same cell reads the same everywhere
        opened = {place: suppressed for fmt, place, _d, suppressed, _p, _w in results[item.code] if fmt == "open"}
        assert all(opened.get(place, True) for place in hidden), (item.code, opened)
        if item.model is not Victim:
            continue
        for place in hidden:
            denominator, numerator = vectors(item, place)
            rest = {i: 1 for i in denominator if i not in numerator}
            part, whole = truth(counts, item, place)
            # The solver must not pin down the hidden cell's denominator, nor its part or rest where non-zero.
            assert not span.contains(denominator), (item.code, place, "denominator")
            if part > 0:
                assert not span.contains(numerator), (item.code, place, "part")
            if whole - part > 0:
                assert not span.contains(rest), (item.code, place, "rest")
