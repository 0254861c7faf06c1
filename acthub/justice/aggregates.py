"""Maintained aggregates of the victim-sensitive court indicators (issue 11's targets, ADR 0013).

Reading an indicator for country x year from the records costs a pass over every victim; at 10^6
victims that was 4-35x slower than DuckDB. So each item's cells are kept in `IndicatorCell`, by
item, population (synthetic or real), place (country, and REGION for all together), year and, for
a median, the measured value (a histogram, whose median is exact). The cells change with the
records, inside the writing transaction:

- a record saved or deleted one at a time (services, admin, shells): the signals below take the
  record's contribution before the write (`pre_save`, `pre_delete`) and after it, and apply the
  difference. A case's contribution includes its victims', since they are counted in its year;
- rows inserted in bulk (imports, the demo generator) call `add_rows` after their `bulk_create`;
- `manage.py rebuild_justice_aggregates` (`rebuild`) recomputes the table from the records.

`QuerySet.update()` on cases or victims bypasses all of this: nothing in acthub uses it on them (and
the tests that do, to test database constraints, never read an indicator afterwards).

Contributions are computed in SQL, grouped, the same way for one record and for a million, so the
maintained cells and a recomputation cannot disagree on what an item counts.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db import connection, transaction
from django.db.models import Count, Q, QuerySet
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver

from acthub.justice.models import CourtCase, IndicatorCell, Victim

REGION = "REGION"
CELL = -1  # the bucket of an item's cell (its numerator, denominator and value)
Key = tuple[str, bool, str, int, int]  # (code, synthetic, place, year, bucket)
Delta = dict[Key, list[int]]  # key -> [numerator, denominator]
_BEFORE = "_justice_cells_before"


def _items() -> Any:
    from acthub.justice.indicators import ITEMS

    return ITEMS


def _add(
    delta: Delta, code: str, synthetic: bool, public: bool, place: str, year: int, bucket: int, n: int, d: int
) -> None:
    # A synthetic case of a public demo (generate_demo --public) counts in both populations.
    for population in (True, False) if synthetic and public else (synthetic,):
        for where in (place, REGION):
            got = delta.setdefault((code, population, where, year, bucket), [0, 0])
            got[0] += n
            got[1] += d


def contributions(victims: QuerySet[Victim] | None = None, cases: QuerySet[CourtCase] | None = None) -> Delta:
    """What these victims and cases add to every item's cells (grouped in SQL: a few queries whatever their number)."""
    from acthub.justice.indicators import MEDIAN, SHARE

    delta: Delta = {}
    items = _items()
    for model, rows, keys in (
        (Victim, victims, ("country__code", "case__year", "case__is_synthetic", "case__is_public_demo")),
        (CourtCase, cases, ("country__code", "year", "is_synthetic", "is_public_demo")),
    ):
        if rows is None:
            continue
        rows = rows.order_by()
        shares = [item for item in items if item.model is model and item.kind == SHARE]
        if shares:
            counts: dict[str, Any] = {}
            for i, item in enumerate(shares):
                numerator = item.numerator if item.numerator is not None else Q(pk__in=[])
                counts[f"d{i}"] = Count("pk", filter=item.population)
                counts[f"n{i}"] = Count("pk", filter=item.population & numerator)
            for row in rows.values(*keys).annotate(**counts):
                for i, item in enumerate(shares):
                    if row[f"d{i}"]:
                        country, year, synthetic, public = (row[key] for key in keys)
                        _add(delta, item.code, synthetic, public, country, year, CELL, row[f"n{i}"], row[f"d{i}"])
        for item in (item for item in items if item.model is model and item.kind == MEDIAN):
            for country, year, synthetic, public, value, count in _median_histogram(
                item, rows.filter(item.population), keys
            ):
                _add(delta, item.code, synthetic, public, country, year, int(value), 0, count)
                _add(delta, item.code, synthetic, public, country, year, CELL, 0, count)
    return delta


def _median_histogram(item: Any, rows: QuerySet[Any], keys: tuple[str, ...]) -> Iterable[tuple[Any, ...]]:
    if item.value == "days_charge_to_verdict":
        # Subtracting dates in SQL differs between SQLite and PostgreSQL; the dates of cases are few.
        days: dict[tuple[Any, ...], int] = defaultdict(int)
        for *group, charged, verdict in rows.values_list(*keys, "charge_date", "verdict_date").iterator(10_000):
            days[(*group, (verdict - charged).days)] += 1
        for (country, year, synthetic, public, value), count in days.items():
            yield country, year, synthetic, public, value, count
        return
    yield from rows.values_list(*keys, item.value).annotate(c=Count("pk"))


def minus(after: Delta, before: Delta) -> Delta:
    """after - before, key by key."""
    out = {key: list(value) for key, value in after.items()}
    for key, (n, d) in before.items():
        got = out.setdefault(key, [0, 0])
        got[0] -= n
        got[1] -= d
    return out


def median_of(histogram: Iterable[tuple[int, int]]) -> Decimal | None:
    """The median of a histogram of (value, count), exactly as `statistics.median` of the values would give it."""
    pairs = sorted((v, c) for v, c in histogram if c > 0)
    total = sum(c for _v, c in pairs)
    if total == 0:
        return None
    wanted = [(total - 1) // 2, total // 2]  # the 0-based positions of the middle value(s)
    found: list[int] = []
    seen = 0
    for value, count in pairs:
        while len(found) < 2 and wanted[len(found)] < seen + count:
            found.append(value)
        seen += count
        if len(found) == 2:
            break
    median = statistics.median(found) if total % 2 == 0 else found[0]
    return Decimal(str(median))


@transaction.atomic
def apply(delta: Delta) -> int:
    """Add a delta to the cells (locking the rows it changes), drop emptied cells, refresh values."""
    from acthub.justice.indicators import BY_CODE, MEDIAN, percent

    delta = {key: nd for key, nd in delta.items() if nd[0] or nd[1]}
    if not delta:
        return 0
    for key in list(delta):
        # A median's histogram changed: its cell's value is refreshed, even when its count did not change.
        if key[4] != CELL:
            delta.setdefault((*key[:4], CELL), [0, 0])
    fields = ("code", "is_synthetic", "place", "year", "bucket")
    # Rows first (ignoring those that exist), then lock them: two writers creating one cell never collide.
    IndicatorCell.objects.bulk_create(
        [IndicatorCell(**dict(zip(fields, key, strict=True))) for key in delta],
        ignore_conflicts=True,
        batch_size=2000,
    )
    rows = _rows_of(delta.keys(), lock=True)
    changed: list[IndicatorCell] = []
    emptied: list[IndicatorCell] = []
    medians: set[tuple[str, bool, str, int]] = set()
    for key, (n, d) in delta.items():
        row = rows[key]
        row.numerator += n
        row.denominator += d
        if BY_CODE[key[0]].kind == MEDIAN:
            medians.add(key[:4])
        elif key[4] == CELL:
            row.value = percent(row.numerator, row.denominator)
        (emptied if row.denominator <= 0 and row.numerator == 0 else changed).append(row)
    if medians:
        _refresh_medians(medians, rows)
    _write(changed)
    if emptied:
        IndicatorCell.objects.filter(pk__in=[row.pk for row in emptied]).delete()
    return len(delta)


def _write(rows: list[IndicatorCell]) -> None:
    """Store the rows' new counts and values (one prepared statement; bulk_update's CASE is slow at 10^4 rows)."""
    if not rows:
        return
    table = connection.ops.quote_name(IndicatorCell._meta.db_table)
    value = IndicatorCell._meta.get_field("value")
    with connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {table} SET numerator = %s, denominator = %s, value = %s WHERE id = %s",  # noqa: S608 - our table
            [(row.numerator, row.denominator, value.get_db_prep_save(row.value, connection), row.pk) for row in rows],
        )


def _rows_of(keys: Iterable[Key], *, lock: bool = False) -> dict[Key, IndicatorCell]:
    keys = list(keys)
    query = IndicatorCell.objects.filter(
        code__in={k[0] for k in keys},
        is_synthetic__in={k[1] for k in keys},
        place__in={k[2] for k in keys},
        year__in={k[3] for k in keys},
    )
    if lock:
        query = query.select_for_update()
    wanted = set(keys)
    out = {}
    for row in query:
        key = (row.code, row.is_synthetic, row.place, row.year, row.bucket)
        if key in wanted:
            out[key] = row
    return out


def _refresh_medians(groups: set[tuple[str, bool, str, int]], rows: dict[Key, IndicatorCell]) -> None:
    """Set the value of each median cell of `groups` from its histogram (the rows just changed take precedence)."""
    histograms: dict[tuple[str, bool, str, int], dict[int, int]] = defaultdict(dict)
    for code, synthetic, place, year, bucket, count in IndicatorCell.objects.filter(
        code__in={g[0] for g in groups},
        is_synthetic__in={g[1] for g in groups},
        place__in={g[2] for g in groups},
        year__in={g[3] for g in groups},
    ).values_list("code", "is_synthetic", "place", "year", "bucket", "denominator"):
        group = (code, synthetic, place, year)
        if group in groups and bucket != CELL:
            histograms[group][bucket] = count
    for key, row in rows.items():
        if key[:4] in groups and key[4] != CELL:
            histograms[key[:4]][key[4]] = row.denominator
    for group in groups:
        cell = rows.get((*group, CELL))
        if cell is not None:
            cell.value = median_of(histograms[group].items())


def add_rows(*, victims: Iterable[int] = (), cases: Iterable[int] = ()) -> int:
    """After a bulk insert: add these new victims and cases (primary keys) to the cells."""
    victim_ids, case_ids = list(victims), list(cases)
    delta: Delta = {}
    for start in range(0, max(len(victim_ids), len(case_ids)), 5000):
        part = contributions(
            Victim.objects.filter(pk__in=victim_ids[start : start + 5000]) if victim_ids[start:] else None,
            CourtCase.objects.filter(pk__in=case_ids[start : start + 5000]) if case_ids[start:] else None,
        )
        delta = minus(delta, minus({}, part))
    return apply(delta)


@transaction.atomic
def rebuild() -> int:
    """Recompute every cell from the records (after a bulk `update()`, a restore, or to check); returns the cells."""
    IndicatorCell.objects.all().delete()
    apply(contributions(Victim.objects.all(), CourtCase.objects.all()))
    return IndicatorCell.objects.filter(bucket=CELL).count()


# The records' own writes ---------------------------------------------------------------------------


def _of(instance: Any) -> Delta:
    if isinstance(instance, CourtCase):
        return contributions(Victim.objects.filter(case_id=instance.pk), CourtCase.objects.filter(pk=instance.pk))
    return contributions(Victim.objects.filter(pk=instance.pk))


@receiver(pre_save, sender=Victim, dispatch_uid="justice_cells_pre_save_victim")
@receiver(pre_save, sender=CourtCase, dispatch_uid="justice_cells_pre_save_case")
def _before_save(sender: Any, instance: Any, **kwargs: Any) -> None:
    setattr(instance, _BEFORE, _of(instance) if instance.pk is not None else {})


@receiver(post_save, sender=Victim, dispatch_uid="justice_cells_post_save_victim")
@receiver(post_save, sender=CourtCase, dispatch_uid="justice_cells_post_save_case")
def _after_save(sender: Any, instance: Any, **kwargs: Any) -> None:
    apply(minus(_of(instance), getattr(instance, _BEFORE, {})))


@receiver(pre_delete, sender=Victim, dispatch_uid="justice_cells_pre_delete_victim")
@receiver(pre_delete, sender=CourtCase, dispatch_uid="justice_cells_pre_delete_case")
def _before_delete(sender: Any, instance: Any, **kwargs: Any) -> None:
    # A case's victims are deleted with it and take their own contributions away (their pre_delete
    # runs, like this one, before any row is gone): the case takes away only its own.
    if isinstance(instance, CourtCase):
        setattr(instance, _BEFORE, contributions(cases=CourtCase.objects.filter(pk=instance.pk)))
    else:
        setattr(instance, _BEFORE, _of(instance))


@receiver(post_delete, sender=Victim, dispatch_uid="justice_cells_post_delete_victim")
@receiver(post_delete, sender=CourtCase, dispatch_uid="justice_cells_post_delete_case")
def _after_delete(sender: Any, instance: Any, **kwargs: Any) -> None:
    apply(minus({}, getattr(instance, _BEFORE, {})))
