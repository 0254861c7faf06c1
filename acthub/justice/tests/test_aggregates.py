"""The maintained indicator cells equal a recomputation from the records after every kind of write.

Each step below writes records one way (bulk generation, services, an update that moves a case to
another year, deletes of a victim and of a whole case, imports) and then compares, for every item,
every year, several years pooled, both populations and every place, what the engine reads from the
cells (`for_engine`) with the same computed from the records (`for_engine_from_records`), and the
table with a rebuild of it. All people here are synthetic.
"""

from __future__ import annotations

import datetime as dt
import random
import statistics
from decimal import Decimal
from typing import Any

import pytest

from acthub.core.periods import parse_period
from acthub.imports.tests.conftest import IMMEDIATE_TASKS, csv_bytes, run
from acthub.justice.aggregates import median_of, rebuild
from acthub.justice.demo import generate_cases
from acthub.justice.indicators import ITEMS, for_engine, for_engine_from_records
from acthub.justice.models import CourtCase, IndicatorCell, Victim
from acthub.justice.services import delete_justice_record, save_case, save_victim
from acthub.justice.tests.factories import CourtCaseFactory, VictimFactory

pytestmark = pytest.mark.django_db

PERIODS = [parse_period(str(year)) for year in range(2017, 2027)] + [parse_period("2019-01-01/2022-12-31")]


def _engine(read: Any) -> dict[tuple[str, bool, int], Any]:
    # Whole years alone (read from the cells) and several years pooled (from the histograms), apart.
    return {
        (item.code, synthetic, pooled): read(
            item.code, PERIODS[-1:] if pooled else PERIODS[:-1], by_place=True, synthetic=synthetic
        )
        for item in ITEMS
        for synthetic in (False, True)
        for pooled in (0, 1)
    }


def _table() -> set[tuple[Any, ...]]:
    return set(
        IndicatorCell.objects.values_list(
            "code", "is_synthetic", "place", "year", "bucket", "numerator", "denominator", "value"
        )
    )


def assert_cells_match_records() -> None:
    got, expected = _engine(for_engine), _engine(for_engine_from_records)
    for key in expected:
        assert got[key] == expected[key], key
    maintained = _table()
    rebuild()
    assert _table() == maintained  # what was kept current is what a recomputation gives


def test_median_of_a_histogram_is_the_median_of_its_values() -> None:
    rng = random.Random(11)  # noqa: S311 - test data
    for _ in range(300):
        values = [rng.randrange(0, 9) for _ in range(rng.randrange(1, 30))]
        histogram: dict[int, int] = {}
        for v in values:
            histogram[v] = histogram.get(v, 0) + 1
        assert median_of(histogram.items()) == Decimal(str(statistics.median(values)))
    assert median_of([]) is None
    assert median_of([(3, 0)]) is None


def test_cells_follow_creates_updates_deletes_and_imports(
    country_a: Any, country_b: Any, users: dict[str, Any], settings: Any
) -> None:
    settings.TASKS = IMMEDIATE_TASKS
    admin = users["admin"]
    # Bulk: the demo generator (synthetic), with no signal but its own call.
    generate_cases(40, seed=3, victims_per_case=3)
    assert IndicatorCell.objects.exists()
    assert_cells_match_records()

    # One at a time, through the services: a real (not synthetic) case and its victims.
    case = CourtCase(
        country=country_a,
        court="Synthetic Court of Aggregates",
        case_number="AGG-1",
        offence_date=dt.date(2020, 11, 1),
        charge_date=dt.date(2021, 1, 10),
        verdict_date=dt.date(2021, 3, 1),
        judge_trained=True,
        exploitation_types=["SexualExploitation"],
    )
    save_case(case, acting_user=admin)
    victims = []
    for n, (age, times, video) in enumerate([(15, 2, True), (22, 1, False), (30, 3, None), (16, 0, None)]):
        victim = Victim(
            case=case,
            pseudonym=f"V-AGG-{n}",
            age_at_exploitation=age,
            times_testified=times,
            testified_by_video_link=video,
            identity_protected=n % 2 == 0,
            compensation_requested=True,
            compensation_ordered=Decimal(1000) if n < 2 else None,
            compensation_paid=Decimal(1000) if n == 0 else None,
        )
        victims.append(save_victim(victim, acting_user=admin))
    real = for_engine("JV_IDENTITY_PROTECTED", [parse_period("2021")], by_place=True)
    assert real[("2021", "LA", ())] == (Decimal("50.0"), 2, 4)  # V-AGG-0 and V-AGG-2 of the four
    assert_cells_match_records()

    # Updates: a victim's measures, then the case's dates (which move it and its victims to 2022).
    victims[1].identity_protected = True
    victims[1].times_testified = 4
    save_victim(victims[1], acting_user=admin)
    assert_cells_match_records()
    case.charge_date, case.verdict_date = dt.date(2022, 2, 1), dt.date(2022, 8, 1)
    save_case(case, acting_user=admin)
    assert not for_engine("JV_IDENTITY_PROTECTED", [parse_period("2021")], by_place=True)
    assert_cells_match_records()

    # Deletes: one victim, then a whole case with its victims (a cascade).
    delete_justice_record(victims[0], acting_user=admin)
    assert_cells_match_records()
    other = CourtCaseFactory(country=country_b, charge_date=dt.date(2021, 5, 5), verdict_date=dt.date(2021, 6, 5))
    VictimFactory.create_batch(3, case=other, identity_protected=True, times_testified=2)
    assert_cells_match_records()
    delete_justice_record(other, acting_user=admin)
    delete_justice_record(case, acting_user=admin)
    assert not for_engine("JV_IDENTITY_PROTECTED", PERIODS, by_place=True)  # no real record is left
    assert_cells_match_records()

    # Imports: cases, then victims (bulk inserts inside the import's transaction).
    world = {"program": None, "la": country_a, "kh": country_b}
    from acthub.core.testing.factories import ProgramFactory

    world["program"] = ProgramFactory(slug="agg")
    court = "Synthetic Import Court"
    job = run(
        world,
        "court_cases",
        csv_bytes(
            "country,court,case_number,charge_date,verdict_date,judge_trained\n"
            f"LA,{court},I-1,2021-01-10,2021-04-20,yes\nLA,{court},I-2,2021-02-01,2021-02-11,no\n"
        ),
        user=users["officer_a"],
    )
    assert job.status == "complete", job.errors
    job = run(
        world,
        "victims",
        csv_bytes(
            "country,court,case_number,pseudonym,age_at_exploitation,times_testified,testified_by_video_link\n"
            f"LA,{court},I-1,V-1,16,2,yes\nLA,{court},I-1,V-2,25,1,no\nLA,{court},I-2,V-1,40,3,\n"
        ),
        user=users["officer_a"],
    )
    assert job.status == "complete", job.errors
    days = for_engine("JC_DAYS_CHARGE_TO_VERDICT_MEDIAN", [parse_period("2021")], by_place=True)
    assert days[("2021", "LA", ())] == (Decimal("55"), None, 2)  # 100 and 10 days: (100 + 10) / 2
    assert_cells_match_records()


def test_rebuild_command_restores_the_cells(country_a: Any) -> None:
    from django.core.management import call_command

    generate_cases(15, seed=5, victims_per_case=2)
    before = _table()
    IndicatorCell.objects.all().delete()
    assert for_engine("JV_IDENTITY_PROTECTED", PERIODS, by_place=True, synthetic=True) == {}
    call_command("rebuild_justice_aggregates", verbosity=0)
    assert _table() == before
