"""The participation cube recomputed the slow, obvious way, to compare the maintained one against."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from acthub.activities.aggregates import BIT, CUBOIDS, DIMS, HALF, QUARTER, YEAR
from acthub.activities.models import AttendanceCount, Participation, ParticipationCell


def _periods(d: Any) -> dict[int, int]:
    return {
        QUARTER: d.year * 10 + (d.month - 1) // 3 + 1,
        HALF: d.year * 10 + (d.month - 1) // 6 + 1,
        YEAR: d.year,
    }


def populations(row: Any) -> list[tuple[bool, bool]]:
    """The (synthetic, with_pending) populations a record counts in: synthetic rows in their own,
    approved real rows in the published one and the staff one, pending real rows in the staff one."""
    if row.is_synthetic or row.activity.is_synthetic:
        return [(True, False)]
    pending = row.is_pending or row.activity.is_pending
    return [(False, True)] if pending else [(False, False), (False, True)]


def expected_cube(program_id: int) -> dict[tuple[Any, ...], tuple[int, int]]:
    """{(synthetic, with_pending, kind, dims, period, *projection): (people, participations)} from the records."""
    people: dict[tuple[Any, ...], set[str]] = defaultdict(set)
    counts: dict[tuple[Any, ...], int] = defaultdict(int)
    parts: dict[tuple[Any, ...], int] = defaultdict(int)
    rows = Participation.objects.filter(activity__program_id=program_id).select_related("activity", "country")
    for p in rows:
        values = {"country": p.country.code, **{d: getattr(p, d) for d in DIMS if d != "country"}}
        for population in populations(p):
            for kind, period in _periods(p.activity.start_date).items():
                for mask in CUBOIDS:
                    key = (*population, kind, mask, period, *(values[d] if mask & BIT[d] else "" for d in DIMS))
                    people[key].add(p.person_key)
                    parts[key] += 1
    for a in AttendanceCount.objects.filter(activity__program_id=program_id).select_related("activity", "country"):
        values = {"country": a.country.code, **{d: getattr(a, d) for d in DIMS if d != "country"}}
        for population in populations(a):
            for kind, period in _periods(a.activity.start_date).items():
                for mask in CUBOIDS:
                    key = (*population, kind, mask, period, *(values[d] if mask & BIT[d] else "" for d in DIMS))
                    counts[key] += a.count
                    parts[key] += a.count
    keys = set(people) | set(counts)
    return {k: (len(people.get(k, ())) + counts.get(k, 0), parts.get(k, 0)) for k in keys if parts.get(k, 0)}


def stored_cube(program_id: int) -> dict[tuple[Any, ...], tuple[int, int]]:
    """The maintained cube, without cells that went back to zero."""
    found = {}
    for c in ParticipationCell.objects.filter(program_id=program_id):
        if c.people or c.participations:
            key = (c.synthetic, c.with_pending, c.kind, c.dims, c.period, *(getattr(c, d) for d in DIMS))
            found[key] = (c.people, c.participations)
    return found
