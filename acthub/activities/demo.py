"""Synthetic activities and participation for demos and the benchmark (`manage.py generate_demo`).

Everything made here is marked synthetic (activities and rows), so it forms its own population in the
aggregates and never enters a published figure. People are drawn from a pool with fixed attributes
(sex, age band, agency and hence sector, home country) and attend about 2.5 activities each; a few
take another role in a later activity, so the data has the multi-tuple people that exactness hinges on.
Rows go in with the database's bulk path (COPY on PostgreSQL, executemany on SQLite), not the ORM.
"""

# Table and column names in these SQL strings are this module's constants; every value is a parameter.
# ruff: noqa: S608

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from acthub.activities import aggregates
from acthub.activities.choices import ActivityKind, AgeBand, AgencyType, Mode, Sector
from acthub.activities.models import Activity
from acthub.core.models import Country

STATE_AGENCIES = {
    AgencyType.POLICE,
    AgencyType.PROSECUTION,
    AgencyType.JUDICIARY,
    AgencyType.SOCIAL_WELFARE,
    AgencyType.LABOUR,
    AgencyType.IMMIGRATION,
    AgencyType.OTHER_GOVERNMENT,
}
PARTICIPATION_COLUMNS = (
    "created",
    "last_updated",
    "activity_id",
    "person_key",
    "sex",
    "age_band",
    "agency_type",
    "sector",
    "country_id",
    "role",
    "is_synthetic",
)
FIRST_DAY, DAYS = date(2018, 1, 1), 8 * 365


@dataclass(frozen=True)
class Person:
    """A synthetic person's fixed attributes."""

    key: str
    sex: str
    age_band: str
    agency_type: str
    sector: str
    country_id: int


def _people(rng: random.Random, count: int, country_ids: list[int], run: str) -> list[Person]:
    sexes = ["female"] * 45 + ["male"] * 50 + ["another"] * 2 + ["not_recorded"] * 3
    ages = [a.value for a in AgeBand if a not in (AgeBand.AGE_0_8, AgeBand.AGE_9_17)]
    agencies = list(AgencyType)
    result = []
    for n in range(count):
        agency = rng.choice(agencies)
        result.append(
            Person(
                key=f"SYN-{run}-{n:08d}",
                sex=rng.choice(sexes),
                age_band=rng.choice(ages),
                agency_type=agency.value,
                sector=(Sector.STATE if agency in STATE_AGENCIES else Sector.NON_STATE).value,
                country_id=rng.choice(country_ids),
            )
        )
    return result


def _activities(rng: random.Random, program: Any, count: int, country_ids: list[int], run: str) -> list[int]:
    kinds = [ActivityKind.TRAINING] * 6 + [ActivityKind.WORKSHOP] * 3 + [ActivityKind.TRAINING_OF_TRAINERS]
    rows = []
    for n in range(count):
        start = FIRST_DAY + timedelta(days=rng.randrange(DAYS))
        rows.append(
            Activity(
                program=program,
                code=f"SYN-{run}-{n:06d}",
                kind=rng.choice(kinds),
                title=f"Synthetic training {run}-{n}",
                start_date=start,
                end_date=start + timedelta(days=rng.randrange(4)),
                mode=Mode.IN_PERSON,
                is_synthetic=True,
            )
        )
    created = Activity.objects.bulk_create(rows, batch_size=2000)
    through = Activity.countries.through
    through.objects.bulk_create(
        [through(activity_id=a.pk, country_id=rng.choice(country_ids)) for a in created], batch_size=5000
    )
    return [a.pk for a in created]


def participation_rows(
    rng: random.Random, total: int, people: list[Person], activity_ids: list[int]
) -> Iterator[tuple[Any, ...]]:
    """Rows of PARTICIPATION_COLUMNS: each activity draws distinct people from the pool."""
    now = timezone.now()
    per_activity, extra = divmod(total, len(activity_ids))
    for index, activity_id in enumerate(activity_ids):
        size = min(per_activity + (1 if index < extra else 0), len(people))
        for person in rng.sample(people, size):
            role = "trainer" if rng.random() < 0.02 else "trainee"
            yield (
                now,
                now,
                activity_id,
                person.key,
                person.sex,
                person.age_band,
                person.agency_type,
                person.sector,
                person.country_id,
                role,
                True,
            )


def _copy_postgres(rows: Iterator[tuple[Any, ...]], tick: Callable[[int], None]) -> None:
    columns = ", ".join(PARTICIPATION_COLUMNS)
    with connection.cursor() as cur:
        raw = cur.cursor  # the psycopg cursor: COPY is its bulk path
        with raw.copy(f"COPY activities_participation ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
                tick(1)


def _insert_sqlite(rows: Iterator[tuple[Any, ...]], tick: Callable[[int], None], batch: int = 50_000) -> None:
    columns = ", ".join(PARTICIPATION_COLUMNS)
    marks = ", ".join(["%s"] * len(PARTICIPATION_COLUMNS))
    sql = f"INSERT INTO activities_participation ({columns}) VALUES ({marks})"
    chunk: list[tuple[Any, ...]] = []
    with connection.cursor() as cur:
        for row in rows:
            chunk.append(row)
            if len(chunk) >= batch:
                cur.executemany(sql, chunk)
                tick(len(chunk))
                chunk = []
        if chunk:
            cur.executemany(sql, chunk)
            tick(len(chunk))


def generate(
    program: Any,
    participants: int,
    *,
    seed: int = 0,
    per_activity: int = 40,
    tick: Callable[[int], None] = lambda n: None,
) -> dict[str, int]:
    """Add `participants` synthetic participation rows to a program, then rebuild its aggregates."""
    from acthub.indicators.registry import sync_registry

    sync_registry()  # the demo is for looking at computed indicators: make sure they exist
    rng = random.Random(seed)  # noqa: S311 - synthetic data, not a secret
    country_ids = list(Country.objects.order_by("code").values_list("pk", flat=True))
    if not country_ids:
        country_ids = [Country.objects.create(code="LA", name="Lao PDR").pk]
    run = f"{Activity.objects.filter(program=program, is_synthetic=True).count():07d}"
    with transaction.atomic():
        activity_count = max(1, participants // per_activity)
        people = _people(rng, max(per_activity, int(participants / 2.5)), country_ids, run)
        activity_ids = _activities(rng, program, activity_count, country_ids, run)
        rows = participation_rows(rng, participants, people, activity_ids)
        if connection.vendor == "postgresql":
            _copy_postgres(rows, tick)
        else:
            _insert_sqlite(rows, tick)
        aggregates.rebuild_program(program.pk)
    return {"activities": activity_count, "people": len(people), "participations": participants}
