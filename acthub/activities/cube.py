"""Reading the participation aggregates: people and participations per period and group.

The read side of acthub.activities.aggregates. Quarters, half-years and years are read from the cube
cell of the exact grouping asked (distinct counts cannot be summed from finer cells). Months, date
ranges made of whole months, and groupings wider than the cube's are counted from Presence (a slice
of months, one row per person, month and tuple). A range that cuts through a month is counted from the
participation rows themselves, the only source with days.

Which population is read: the synthetic one when asked; otherwise the published one, or published and
pending together inside `acthub.approvals.population.including_pending()` (staff previews, drafts).
"""

# Table and column names in these SQL strings are this module's constants; every value is a parameter.
# ruff: noqa: S608

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import connection
from django.db.models import Count, Q, Sum

from acthub.activities.aggregates import BIT, CELL, CUBOIDS, KIND_OF_PERIOD, PRESENCE
from acthub.activities.models import AttendanceCount, Participation
from acthub.approvals import population
from acthub.core.periods import Period

# Dimensions a cube read may group or filter by, as stored (country as its ISO code).
DIMENSIONS = ("country", "sex", "age_band", "agency_type", "sector", "role")


@dataclass(frozen=True)
class Counts:
    """People (distinct persons plus attendance counts) and participations in one cell."""

    people: int
    participations: int


Result = dict[tuple[str, ...], Counts]  # group values (in the order asked) -> counts


def period_number(period: Period) -> tuple[int, int] | None:
    """The cube's (kind, number) of a standard period; None for months and ranges."""
    kind = KIND_OF_PERIOD.get(period.kind)
    if kind is None or period.kind == "monthly":
        return None
    year = period.start.year
    if period.kind == "year":
        return kind, year
    if period.kind == "six_monthly":
        return kind, year * 10 + (period.start.month - 1) // 6 + 1
    return kind, year * 10 + (period.start.month - 1) // 3 + 1


def _whole_months(period: Period) -> tuple[int, int] | None:
    """(first, last) yyyymm when the period is made of whole months."""
    if period.start.day != 1 or (period.end + timedelta(days=1)).day != 1:
        return None
    return period.start.year * 100 + period.start.month, period.end.year * 100 + period.end.month


def _check(group: Sequence[str], filters: Mapping[str, str]) -> None:
    unknown = [d for d in (*group, *filters) if d not in DIMENSIONS]
    if unknown:
        raise ValueError(f"unknown dimension(s): {', '.join(unknown)}")


def read(
    program_id: int,
    periods: Iterable[Period],
    group: Sequence[str] = (),
    filters: Mapping[str, str] | None = None,
    *,
    synthetic: bool = False,
    pending: bool | None = None,
) -> dict[str, Result]:
    """Counts per period id and group values, for one population of a program.

    `filters` fixes dimensions to one value each ({"role": "trainee", "country": "LA"}). Cells with
    no record are absent. `pending` (default: the ambient population) adds pending records to the real
    population; the synthetic population has no pending part.
    """
    pop = _population(synthetic, pending)
    filters = dict(filters or {})
    _check(group, filters)
    mask = sum(BIT[d] for d in {*group, *filters})
    found: dict[str, Result] = {}
    by_kind: dict[int, dict[int, str]] = {}
    for period in periods:
        number = period_number(period)
        if number is not None and mask in CUBOIDS:
            by_kind.setdefault(number[0], {})[number[1]] = period.id
        elif (months := _whole_months(period)) is not None:
            found[period.id] = _from_presence(program_id, months, group, filters, pop)
        else:
            found[period.id] = _from_records(program_id, period.start, period.end, group, filters, pop)
    for kind, ids in by_kind.items():
        for key, values in _from_cube(program_id, kind, mask, list(ids), group, filters, pop).items():
            found[ids[key]] = values
    return {p.id: found.get(p.id, {}) for p in periods}


def _population(synthetic: bool, pending: bool | None) -> tuple[bool, bool]:
    """The (synthetic, with_pending) key of the aggregate rows to read."""
    if synthetic:
        return (True, False)
    return (False, population.with_pending() if pending is None else pending)


def _from_cube(
    program_id: int,
    kind: int,
    mask: int,
    numbers: list[int],
    group: Sequence[str],
    filters: Mapping[str, str],
    pop: tuple[bool, bool],
) -> dict[int, Result]:
    where = " AND ".join(f"{d} = %s" for d in filters)
    marks = ", ".join(["%s"] * len(numbers))
    columns = ", ".join(["period", *group]) if group else "period"
    sql = (
        f"SELECT {columns}, people, participations FROM {CELL} WHERE program_id = %s AND synthetic = %s "
        f"AND with_pending = %s AND kind = %s AND dims = %s AND period IN ({marks}){' AND ' + where if where else ''}"
    )
    result: dict[int, Result] = {}
    with connection.cursor() as cur:
        cur.execute(sql, [program_id, *pop, kind, mask, *numbers, *filters.values()])
        for row in cur.fetchall():
            people, participations = row[-2], row[-1]
            if people or participations:
                result.setdefault(row[0], {})[tuple(row[1:-2])] = Counts(people, participations)
    return result


def _from_presence(
    program_id: int, months: tuple[int, int], group: Sequence[str], filters: Mapping[str, str], pop: tuple[bool, bool]
) -> Result:
    where = "".join(f" AND {d} = %s" for d in filters)
    columns = ", ".join(group)
    people = (
        "COUNT(DISTINCT CASE WHEN is_count THEN NULL ELSE person_key END) "
        "+ SUM(CASE WHEN is_count THEN weight ELSE 0 END)"
    )
    sql = (
        f"SELECT {columns + ', ' if group else ''}{people}, SUM(participations) FROM {PRESENCE} "
        f"WHERE program_id = %s AND synthetic = %s AND with_pending = %s AND month BETWEEN %s AND %s{where}"
        f"{' GROUP BY ' + columns if group else ''}"
    )
    with connection.cursor() as cur:
        cur.execute(sql, [program_id, *pop, *months, *filters.values()])
        rows = cur.fetchall()
    return {tuple(r[:-2]): Counts(int(r[-2]), int(r[-1])) for r in rows if r[-1]}


def _field(dimension: str) -> str:
    return "country__code" if dimension == "country" else dimension


def _from_records(
    program_id: int, start: date, end: date, group: Sequence[str], filters: Mapping[str, str], pop: tuple[bool, bool]
) -> Result:
    synthetic, with_pending = pop
    generated = Q(is_synthetic=True) | Q(activity__is_synthetic=True)
    scope = Q(activity__program_id=program_id, activity__start_date__range=(start, end))
    scope &= generated if synthetic else ~generated
    if not synthetic and not with_pending:
        scope &= Q(is_pending=False, activity__is_pending=False)
    scope &= Q(**{_field(d): v for d, v in filters.items()})
    fields = [_field(d) for d in group]
    counts: dict[tuple[str, ...], list[int]] = {}
    people = Participation.objects.filter(scope)
    attended = AttendanceCount.objects.filter(scope)
    # values() with no field would group by every column: a total is an aggregate() instead.
    rows = (
        people.values(*fields).annotate(people=Count("person_key", distinct=True), n=Count("id"))
        if fields
        else [people.aggregate(people=Count("person_key", distinct=True), n=Count("id"))]
    )
    for row in rows:
        counts[tuple(row[f] for f in fields)] = [row["people"], row["n"]]
    for row in attended.values(*fields).annotate(n=Sum("count")) if fields else [attended.aggregate(n=Sum("count"))]:
        cell = counts.setdefault(tuple(row[f] for f in fields), [0, 0])
        cell[0] += row["n"] or 0
        cell[1] += row["n"] or 0
    return {k: Counts(*v) for k, v in counts.items() if v[1]}
