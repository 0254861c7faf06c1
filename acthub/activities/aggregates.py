"""Maintained aggregates of participation: exact unique-people counts per period and group, always current.

Why this shape. "Unique people trained in 2021S1 by sex and country" is a distinct count, and distinct
counts do not add up: a person in three trainings of a half-year counts once in it, once in each month
they came, and once in each country they were seen in. So the cube keeps, for every period kind (month,
quarter, half-year, year), one row per cell of each *cuboid* (a set of grouped dimensions) with the exact
number of distinct people in it, and the engine reads the one cuboid that matches a query's grouping
instead of scanning participation rows.

How it stays exact and current. `Presence` holds, per person key and month, the attribute tuples the
person was seen with (the state the cube is a function of). Any change to participation rows of some
person keys is handled by *recomputing those keys*: subtract what their old presence contributed to the
cube, rebuild their presence from the records, add the new contribution. A person seen with a single
attribute tuple in a period (nearly everyone) contributes 1 to the matching cell of every cuboid, which is
additive: those contributions are summed in SQL and rolled up to every cuboid. A person seen with several
tuples in a period (a trainee who later trained others, someone in two countries) contributes 1 to each
*distinct projection* of their tuples in each cuboid; there are few such people and Python works them out.
Aggregate attendance rows (counts without person keys) join the same path as presence under the key
`#<id>` with their count as weight; they are never deduplicated, as nobody can tell who they were.

Populations: synthetic rows (demo and benchmark data) form their own population (`synthetic=True`) so
that they never enter published figures; a person key seen in both counts once in each. Real rows form
two: the published one (`with_pending=False`: approved rows only) and the staff one (`with_pending=True`:
approved and pending rows together, each person counted once). Rows of an import not approved yet are
pending (`is_pending`, on the row or its activity; see acthub.approvals). Approving, unapproving or
reverting an import recomputes the person keys it touched, like any other change. Unique people do not
add up, so "published + pending" is its own population, never the sum of two.
"""

# Table and column names in these SQL strings are this module's constants; every value is a parameter.
# ruff: noqa: S608

from __future__ import annotations

import functools
import itertools
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db import connection, transaction

DIMS: tuple[str, ...] = ("country", "sex", "age_band", "agency_type", "sector", "role")
BIT: dict[str, int] = {d: 1 << i for i, d in enumerate(DIMS)}
ROLE = BIT["role"]
# A cuboid groups at most this many dimensions besides role (role is a filter of every "trained"
# indicator, so it may always be added); one of three must be country (a place and two breakdowns,
# what a pivot of a country shows). Wider or other groupings are counted from Presence instead.
MAX_GROUPED = 3
CUBOIDS: tuple[int, ...] = tuple(
    sorted(
        sum(BIT[d] for d in combo) | role
        for size in range(MAX_GROUPED + 1)
        for combo in itertools.combinations([d for d in DIMS if d != "role"], size)
        if size < MAX_GROUPED or "country" in combo
        for role in (0, ROLE)
    )
)
BASE = (1 << len(DIMS)) - 1  # marks additive rows in the delta table, rolled up into every cuboid

MONTH, QUARTER, HALF, YEAR = 1, 2, 3, 4
# Months are not in the cube: a month is a narrow slice of Presence, read directly (see the engine).
CUBE_KINDS = (QUARTER, HALF, YEAR)
KIND_OF_PERIOD = {"monthly": MONTH, "quarterly": QUARTER, "six_monthly": HALF, "year": YEAR}
_PERIOD_SQL = {
    MONTH: "{m}",
    QUARTER: "({m} / 100) * 10 + ({m} - ({m} / 100) * 100 - 1) / 3 + 1",
    HALF: "({m} / 100) * 10 + ({m} - ({m} / 100) * 100 - 1) / 6 + 1",
    YEAR: "{m} / 100",
}

CELL = "activities_participationcell"
PRESENCE = "activities_presence"
KEYS = "acthub_agg_keys"
DELTA = "acthub_agg_delta"
ROLLED = "acthub_agg_rolled"
ACTIVITIES = "acthub_agg_activities"
_DIM_COLS = ", ".join(DIMS)
_CELL_COLS = f"program_id, synthetic, with_pending, kind, dims, period, {_DIM_COLS}, people, participations"


def period_sql(kind: int, month_column: str) -> str:
    """SQL for the period number of kind `kind` of a yyyymm integer column (integer division in both DBs)."""
    return _PERIOD_SQL[kind].format(m=month_column)


def _month_sql(date_column: str) -> str:
    if connection.vendor == "postgresql":
        return f"(EXTRACT(YEAR FROM {date_column})::int * 100 + EXTRACT(MONTH FROM {date_column})::int)"
    return f"(CAST(substr({date_column}, 1, 4) AS INTEGER) * 100 + CAST(substr({date_column}, 6, 2) AS INTEGER))"


def _ensure_scratch() -> None:
    """Per-connection scratch tables (temporary: no two processes or requests ever share them)."""
    with connection.cursor() as cur:
        cur.execute(
            f"CREATE TEMPORARY TABLE IF NOT EXISTS {KEYS} "
            "(program_id bigint, person_key varchar(70), attendance_id bigint)",
            [],
        )
        cur.execute(
            f"CREATE TEMPORARY TABLE IF NOT EXISTS {DELTA} (program_id bigint, synthetic boolean, "
            "with_pending boolean, kind smallint, dims smallint, period integer, country varchar(2), "
            "sex varchar(12), age_band varchar(10), "
            "agency_type varchar(20), sector varchar(10), role varchar(10), people integer, participations integer)",
            [],
        )
        cur.execute(f"CREATE TEMPORARY TABLE IF NOT EXISTS {ROLLED} AS SELECT * FROM {DELTA} WHERE 1 = 0", [])
        cur.execute(f"CREATE TEMPORARY TABLE IF NOT EXISTS {ACTIVITIES} (activity_id bigint)", [])
        # Each rollup step reads one cuboid's rows: without these it would scan the whole table each time.
        cur.execute(f"CREATE INDEX IF NOT EXISTS {DELTA}_dims ON {DELTA} (dims)", [])
        cur.execute(f"CREATE INDEX IF NOT EXISTS {ROLLED}_dims ON {ROLLED} (dims)", [])
        for table in (KEYS, DELTA, ROLLED, ACTIVITIES):
            cur.execute(f"DELETE FROM {table}", [])


# --- presence -----------------------------------------------------------------------------------


def _insert_presence(scope: str, params: list[Any]) -> None:
    """Rebuild Presence rows from participation and attendance records in scope (keys table or program)."""
    month = _month_sql("a.start_date")
    cols = f"program_id, synthetic, with_pending, person_key, is_count, month, {_DIM_COLS}, weight, participations"
    if scope == "keys":
        p_from = (
            f"FROM {KEYS} k CROSS JOIN activities_participation p "
            "INNER JOIN activities_activity a ON a.id = p.activity_id "
            "INNER JOIN core_country c ON c.id = p.country_id "
            "WHERE p.person_key = k.person_key AND a.program_id = k.program_id"
        )
        c_from = (
            f"FROM {KEYS} k CROSS JOIN activities_attendancecount ac "
            "INNER JOIN activities_activity a ON a.id = ac.activity_id "
            "INNER JOIN core_country c ON c.id = ac.country_id "
            "WHERE ac.id = k.attendance_id AND a.program_id = k.program_id"
        )
    else:
        p_from = (
            "FROM activities_participation p INNER JOIN activities_activity a ON a.id = p.activity_id "
            "INNER JOIN core_country c ON c.id = p.country_id WHERE a.program_id = %s"
        )
        c_from = (
            "FROM activities_attendancecount ac INNER JOIN activities_activity a ON a.id = ac.activity_id "
            "INNER JOIN core_country c ON c.id = ac.country_id WHERE a.program_id = %s"
        )
    syn_p = "(p.is_synthetic OR a.is_synthetic)"
    pending_p = "(p.is_pending OR a.is_pending)"
    dims_p = "c.code, p.sex, p.age_band, p.agency_type, p.sector, p.role"
    syn_c = "(ac.is_synthetic OR a.is_synthetic)"
    pending_c = "(ac.is_pending OR a.is_pending)"
    dims_c = "c.code, ac.sex, ac.age_band, ac.agency_type, ac.sector, ac.role"
    # (with_pending, rows it holds): the published population (synthetic rows whatever their approval,
    # since they are never published anyway, and approved real rows), then every real row.
    populations = (
        (False, f"({syn_p} OR NOT {pending_p})", f"({syn_c} OR NOT {pending_c})"),
        (True, f"NOT {syn_p}", f"NOT {syn_c}"),
    )
    with connection.cursor() as cur:
        for with_pending, rows_p, rows_c in populations:
            cur.execute(
                f"INSERT INTO {PRESENCE} ({cols}) "
                f"SELECT a.program_id, {syn_p}, %s, p.person_key, %s, {month}, {dims_p}, 1, COUNT(*) {p_from} "
                f"AND {rows_p} "
                # In the order of Presence's unique index, so that rows are appended to it, not scattered.
                f"GROUP BY a.program_id, p.person_key, {syn_p}, {month}, {dims_p}",
                [with_pending, False, *params],
            )
            cur.execute(
                f"INSERT INTO {PRESENCE} ({cols}) "
                f"SELECT a.program_id, {syn_c}, %s, '#' || CAST(ac.id AS TEXT), %s, {month}, {dims_c}, ac.count, "
                f"ac.count {c_from} AND {rows_c}",
                [with_pending, True, *params],
            )


def _presence_source(scope: str) -> str:
    if scope == "keys":
        return f"{KEYS} k CROSS JOIN {PRESENCE} pr WHERE pr.program_id = k.program_id AND pr.person_key = k.person_key"
    return f"{PRESENCE} pr WHERE pr.program_id = %s"


# --- contributions --------------------------------------------------------------------------------

# Delta entries held in memory before they go to the scratch table: about 400 bytes each.
_FLUSH_AT = 50_000


def _contribute(sign: int, scope: str, params: list[Any]) -> None:
    """Add (sign=1) or subtract (sign=-1) the cube contribution of the presence rows in scope to DELTA.

    One streaming pass over Presence in person order (the order of its unique index, so no sort): a
    person seen with one tuple in a period adds 1 to that tuple's base row, which is rolled up to every
    cuboid; a person seen with several adds 1 to each distinct projection of each cuboid instead.
    Attendance rows add their count. Python does this pass because it is a per-person computation that
    SQLite could only do by sorting every row once per period kind.
    """
    source = _presence_source(scope)
    dims_pr = ", ".join(f"pr.{d}" for d in DIMS)
    delta: dict[tuple[Any, ...], list[int]] = defaultdict(lambda: [0, 0])
    # A server-side cursor on PostgreSQL: a client-side one holds the whole result in memory.
    with connection.chunked_cursor() as cur:
        cur.execute(
            f"SELECT pr.program_id, pr.synthetic, pr.with_pending, pr.person_key, pr.month, pr.weight, "
            f"pr.participations, {dims_pr} "
            f"FROM {source} ORDER BY pr.program_id, pr.person_key, pr.synthetic, pr.with_pending",
            params,
        )
        person: tuple[Any, ...] | None = None
        rows: list[tuple[Any, ...]] = []
        while batch := cur.fetchmany(20_000):
            for row in batch:
                head = (row[0], row[1], row[2], row[3])
                if head != person:
                    if rows:
                        _person_delta(sign, rows, delta)
                        if len(delta) > _FLUSH_AT:
                            _flush(delta)
                    person, rows = head, []
                rows.append(row)
        if rows:
            _person_delta(sign, rows, delta)
    _flush(delta)


def _person_delta(sign: int, rows: list[tuple[Any, ...]], delta: dict[tuple[Any, ...], list[int]]) -> None:
    """One person's (or one attendance row's) contribution, in every cube period kind.

    A row is (program, synthetic, with_pending, person key, month, weight, participations, *dimensions).
    """
    population = (rows[0][0], bool(rows[0][1]), bool(rows[0][2]))
    first = rows[0][7:]
    if all(row[7:] == first for row in rows):  # nearly everyone: one tuple, so once per period
        values = tuple(first)
        for kind_index, kind in enumerate(CUBE_KINDS):
            counted: set[int] = set()
            for row in rows:
                period = _periods_of(row[4])[kind_index]
                cell = delta[(*population, kind, BASE, period, *values)]
                cell[1] += sign * row[6]
                if period not in counted:
                    counted.add(period)
                    cell[0] += sign * row[5]
        return
    for kind_index, kind in enumerate(CUBE_KINDS):
        tuples: dict[int, dict[tuple[str, ...], list[int]]] = defaultdict(dict)
        for row in rows:
            seen = tuples[_periods_of(row[4])[kind_index]].setdefault(tuple(row[7:]), [0, 0])
            seen[0] = max(seen[0], row[5])
            seen[1] += row[6]
        for period, found in tuples.items():
            for values, (weight, participations) in found.items():
                cell = delta[(*population, kind, BASE, period, *values)]
                cell[1] += sign * participations
                if len(found) == 1:
                    cell[0] += sign * weight
            if len(found) > 1:  # seen with several tuples: once per distinct projection, per cuboid
                for mask in CUBOIDS:
                    for projection in {tuple(v if mask & (1 << i) else "" for i, v in enumerate(t)) for t in found}:
                        delta[(*population, kind, mask, period, *projection)][0] += sign


@functools.cache
def _periods_of(month: int) -> tuple[int, ...]:
    """The quarter, half-year and year numbers of a yyyymm month (CUBE_KINDS order)."""
    return tuple(_period_of(kind, month) for kind in CUBE_KINDS)


def _flush(delta: dict[tuple[Any, ...], list[int]]) -> None:
    with connection.cursor() as cur:
        cur.executemany(
            f"INSERT INTO {DELTA} (program_id, synthetic, with_pending, kind, dims, period, {_DIM_COLS}, people, "
            "participations) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
            [(*k, v[0], v[1]) for k, v in delta.items() if v[0] or v[1]],
        )
    delta.clear()


def _period_of(kind: int, month: int) -> int:
    year, m = divmod(month, 100)
    return {MONTH: month, QUARTER: year * 10 + (m - 1) // 3 + 1, HALF: year * 10 + (m - 1) // 6 + 1, YEAR: year}[kind]


def _parent(mask: int) -> int:
    """The cuboid a cuboid is rolled up from: itself plus role, or plus its least varied missing dimension."""
    if not mask & ROLE and mask | ROLE in CUBOIDS:
        return mask | ROLE
    for d in ("sector", "sex", "age_band", "country", "agency_type"):
        if not mask & BIT[d] and mask | BIT[d] in CUBOIDS:
            return mask | BIT[d]
    return BASE


# Parents before children: the biggest cuboids are rolled up from the base, the others from them.
_ROLLUP = sorted(CUBOIDS, key=lambda m: -bin(m).count("1"))


def _apply_delta() -> None:
    """Roll the additive delta up into every cuboid, add the per-cuboid corrections, add all to the cells."""
    with connection.cursor() as cur:
        for mask in _ROLLUP:
            parent = _parent(mask)
            grouped = [d for d in DIMS if mask & BIT[d]]
            projection = ", ".join(d if d in grouped else "''" for d in DIMS)
            group_by = ", ".join(["program_id", "synthetic", "with_pending", "kind", "period", *grouped])
            cur.execute(
                f"INSERT INTO {ROLLED} ({_CELL_COLS}) "
                f"SELECT program_id, synthetic, with_pending, kind, %s, period, {projection}, SUM(people), "
                "SUM(participations) "
                f"FROM {DELTA if parent == BASE else ROLLED} WHERE dims = %s GROUP BY {group_by}",
                [mask, parent],
            )
        columns = f"program_id, synthetic, with_pending, kind, dims, period, {_DIM_COLS}"
        cur.execute(
            f"INSERT INTO {CELL} ({columns}, people, participations) "
            f"SELECT {columns}, SUM(people), SUM(participations) FROM ("
            f"SELECT {columns}, people, participations FROM {ROLLED} UNION ALL "
            f"SELECT {columns}, people, participations FROM {DELTA} WHERE dims <> %s) d "
            f"WHERE 1 = 1 GROUP BY {columns} "
            f"ON CONFLICT ({columns}) DO UPDATE SET people = {CELL}.people + excluded.people, "
            f"participations = {CELL}.participations + excluded.participations",
            [BASE],
        )
        cur.execute(f"DELETE FROM {ROLLED}", [])


# --- entry points ----------------------------------------------------------------------------------


def _recompute() -> None:
    """Recompute the keys in the keys table: take their old contribution out, rebuild them, add the new one."""
    with connection.cursor() as cur:
        _contribute(-1, "keys", [])
        cur.execute(f"DELETE FROM {PRESENCE} WHERE id IN (SELECT pr.id FROM {_presence_source('keys')})", [])
        _insert_presence("keys", [])
        _contribute(1, "keys", [])
        _apply_delta()
        for table in (KEYS, DELTA, ACTIVITIES):
            cur.execute(f"DELETE FROM {table}", [])


@transaction.atomic
def refresh_keys(keys: Iterable[tuple[int, str]]) -> int:
    """Recompute the contribution of these (program id, person key) pairs; returns how many were done.

    Attendance rows are keyed `#<attendance id>` (see `attendance_key`). Safe to call with keys that
    no longer have any record (a deleted participation): their old contribution is simply removed.
    """
    unique = sorted({(int(p), str(k)) for p, k in keys})
    if unique:
        _ensure_scratch()
        with connection.cursor() as cur:
            cur.executemany(
                f"INSERT INTO {KEYS} (program_id, person_key, attendance_id) VALUES (%s, %s, %s)",
                [(p, k, int(k[1:]) if k.startswith("#") else None) for p, k in unique],
            )
        _recompute()
    return len(unique)


@transaction.atomic
def refresh_activities(activity_ids: Iterable[int]) -> None:
    """Recompute every person and attendance row of these activities (after a bulk change to them).

    All in one pass: recomputing in batches would add each batch's delta to the same cube cells
    again and again, and upserting cells is the costly part.
    """
    ids = sorted({int(i) for i in activity_ids})
    if not ids:
        return
    _ensure_scratch()
    with connection.cursor() as cur:
        cur.executemany(f"INSERT INTO {ACTIVITIES} (activity_id) VALUES (%s)", [(i,) for i in ids])
        cur.execute(
            f"INSERT INTO {KEYS} (program_id, person_key, attendance_id) "
            f"SELECT DISTINCT a.program_id, p.person_key, CAST(NULL AS BIGINT) FROM {ACTIVITIES} t "
            "CROSS JOIN activities_participation p INNER JOIN activities_activity a ON a.id = p.activity_id "
            "WHERE p.activity_id = t.activity_id "
            f"UNION SELECT a.program_id, '#' || CAST(ac.id AS TEXT), ac.id FROM {ACTIVITIES} t "
            "CROSS JOIN activities_attendancecount ac INNER JOIN activities_activity a ON a.id = ac.activity_id "
            "WHERE ac.activity_id = t.activity_id",
            [],
        )
    _recompute()


@transaction.atomic
def rebuild_program(program_id: int) -> None:
    """Rebuild a program's presence and cube from its records: the repair path, and the fast bulk path."""
    _ensure_scratch()
    with connection.cursor() as cur:
        cur.execute(f"DELETE FROM {CELL} WHERE program_id = %s", [program_id])
        cur.execute(f"DELETE FROM {PRESENCE} WHERE program_id = %s", [program_id])
        _insert_presence("program", [program_id])
        _contribute(1, "program", [program_id])
        _apply_delta()
        cur.execute(f"DELETE FROM {DELTA}", [])


def attendance_key(attendance_id: int) -> str:
    """The presence key of an aggregate attendance row (person keys never start with '#')."""
    return f"#{attendance_id}"
