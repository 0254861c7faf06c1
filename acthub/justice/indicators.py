"""Victim-sensitive court indicators: their definitions (eight areas) and their computation from records.

Each item is a share (numerator, denominator, percentage) or a median (value, and the number of
records it is the median of), by country and year (the case's `year`: charged, else reported, else
offence). A yes/no measure left empty ("not recorded") is outside the denominator, never a no: a
share is of the victims whose answer is known. These functions compute raw cells; publication goes
through the indicators engine's disclosure control (k = 11), which suppresses small cells and any
share or median whose denominator is below k.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, F, Q, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from acthub.justice.models import CourtCase, Victim

SHARE, MEDIAN = "share", "median"
K = 11  # the smallest publishable count of the justice indicators (issue 11)
PERCENT, DAYS, TIMES = "percent", "days", "times"

AREAS: dict[str, Promise] = {
    "safety": _("Victim safety and privacy"),
    "proceedings": _("Evidence and proceedings"),
    "personnel": _("Justice sector personnel"),
    "information": _("Information and services"),
    "recovery": _("Physical, psychological and social recovery"),
    "medical": _("Medical and forensic services"),
    "children": _("Special provisions for children"),
    "disability": _("Special provisions for people with a disability"),
}

TESTIFIED = Q(times_testified__gte=1)
PROTECTED_TESTIMONY = Q(testified_by_video_link=True) | Q(testified_behind_screen=True) | Q(testimony_recorded=True)
ANY_TESTIMONY_MODE_RECORDED = (
    Q(testified_by_video_link__isnull=False)
    | Q(testified_behind_screen__isnull=False)
    | Q(testimony_recorded__isnull=False)
)


@dataclass(frozen=True)
class Item:
    """One measurable item: what it counts over (`population`), and its numerator or the measured value."""

    code: str
    area: str
    name: Promise
    definition: Promise
    kind: str
    unit: str
    model: type[Any]
    population: Q
    numerator: Q | None = None
    value: str = ""  # a median's value: a field, or "days_charge_to_verdict"


def _known(field: str, base: Q | None = None) -> tuple[Q, Q]:
    """The population and numerator of "share with `field` yes, of those where it is recorded"."""
    population = Q(**{f"{field}__isnull": False})
    return ((base & population) if base is not None else population), Q(**{field: True})


def _share(code: str, area: str, name: Promise, definition: Promise, field: str, base: Q | None = None) -> Item:
    population, numerator = _known(field, base)
    return Item(code, area, name, definition, SHARE, PERCENT, Victim, population, numerator)


ITEMS: tuple[Item, ...] = (
    _share(
        "JV_IDENTITY_PROTECTED",
        "safety",
        _("Victims whose identity was protected"),
        _("Victims whose identity was protected in the proceedings, as a share of victims for whom it is recorded."),
        "identity_protected",
    ),
    _share(
        "JV_CLOSED_HEARING",
        "safety",
        _("Victims heard in a closed hearing"),
        _("Victims whose hearing was closed to the public, as a share of victims for whom it is recorded."),
        "closed_hearing",
    ),
    _share(
        "JV_NON_PUNISHMENT",
        "safety",
        _("Victims for whom non-punishment was applied"),
        _(
            "Victims not prosecuted or punished for acts they were compelled to commit, as a share of victims for "
            "whom it is recorded."
        ),
        "non_punishment_applied",
    ),
    Item(
        "JV_TESTIFIED_PROTECTED",
        "proceedings",
        _("Testifying victims who testified by video link, behind a screen or by recording"),
        _(
            "Victims who testified at least once and did so by video link, behind a screen or through a recorded "
            "testimony, as a share of victims who testified and for whom the way they testified is recorded."
        ),
        SHARE,
        PERCENT,
        Victim,
        TESTIFIED & ANY_TESTIMONY_MODE_RECORDED,
        PROTECTED_TESTIMONY,
    ),
    Item(
        "JV_TIMES_TESTIFIED_MEDIAN",
        "proceedings",
        _("Median number of times a victim testified"),
        _("The median number of times victims who testified at least once were heard."),
        MEDIAN,
        TIMES,
        Victim,
        TESTIFIED,
        value="times_testified",
    ),
    Item(
        "JC_DAYS_CHARGE_TO_VERDICT_MEDIAN",
        "proceedings",
        _("Median days from charge to verdict"),
        _("The median number of days from the charge to the verdict, over cases with both dates."),
        MEDIAN,
        DAYS,
        CourtCase,
        Q(charge_date__isnull=False, verdict_date__isnull=False),
        value="days_charge_to_verdict",
    ),
    Item(
        "JC_JUDGE_TRAINED",
        "personnel",
        _("Cases heard by a judge trained in victim-sensitive practice"),
        _(
            "Cases whose presiding judge had training on victim-sensitive guidelines, as a share of cases for which "
            "it is recorded."
        ),
        SHARE,
        PERCENT,
        CourtCase,
        Q(judge_trained__isnull=False),
        Q(judge_trained=True),
    ),
    _share(
        "JV_INFORMED_OF_RIGHTS",
        "information",
        _("Victims informed of their rights"),
        _("Victims informed of their rights in the proceedings, as a share of victims for whom it is recorded."),
        "informed_of_rights",
    ),
    _share(
        "JV_INTERPRETER_WHERE_NEEDED",
        "information",
        _("Victims with an interpreter where one was needed"),
        _(
            "Victims who needed an interpreter and had one, as a share of victims who needed one and for whom it is "
            "recorded whether one was provided."
        ),
        "interpreter_provided",
        Q(interpreter_needed=True),
    ),
    _share(
        "JV_LEGAL_REPRESENTATION",
        "information",
        _("Victims with legal representation"),
        _("Victims with a lawyer or legal aid, as a share of victims for whom it is recorded."),
        "legal_representation",
    ),
    _share(
        "JV_REFERRED_TO_SERVICES",
        "recovery",
        _("Victims referred to recovery services"),
        _(
            "Victims referred to shelter, psychological, social or reintegration support, as a share of victims for "
            "whom it is recorded."
        ),
        "referred_to_services",
    ),
    Item(
        "JV_COMPENSATION_ORDERED",
        "recovery",
        _("Compensation ordered where requested"),
        _("Victims who requested compensation and were awarded an amount, as a share of victims who requested it."),
        SHARE,
        PERCENT,
        Victim,
        Q(compensation_requested=True),
        Q(compensation_ordered__gt=0),
    ),
    Item(
        "JV_COMPENSATION_PAID",
        "recovery",
        _("Compensation ordered and paid in full"),
        _(
            "Victims awarded compensation who were paid the whole amount, as a share of victims awarded compensation "
            "(an award with no payment recorded counts as not paid)."
        ),
        SHARE,
        PERCENT,
        Victim,
        Q(compensation_ordered__gt=0),
        Q(compensation_paid__gte=F("compensation_ordered")),
    ),
    _share(
        "JV_MEDICAL_EXAMINATION",
        "medical",
        _("Victims given a medical or forensic examination"),
        _("Victims given a medical or forensic examination, as a share of victims for whom it is recorded."),
        "medical_examination",
    ),
    Item(
        "JV_CHILD_TESTIFIED_PROTECTED",
        "children",
        _("Testifying child victims who testified by video link, behind a screen or by recording"),
        _("As JV_TESTIFIED_PROTECTED, over victims who were children (under 18) when exploited."),
        SHARE,
        PERCENT,
        Victim,
        Q(is_child=True) & TESTIFIED & ANY_TESTIMONY_MODE_RECORDED,
        PROTECTED_TESTIMONY,
    ),
    _share(
        "JV_CHILD_PROVISIONS",
        "children",
        _("Child victims with child-specific provisions"),
        _(
            "Child victims given a support person, a child-friendly room, a guardian or other child provisions, as a "
            "share of child victims for whom it is recorded."
        ),
        "child_provisions",
        Q(is_child=True),
    ),
    _share(
        "JV_DISABILITY_PROVISIONS",
        "disability",
        _("Victims with a disability given disability provisions"),
        _(
            "Victims with a disability given provisions for it (accessible venue, sign language, support person), as "
            "a share of victims with a disability for whom it is recorded."
        ),
        "disability_provisions",
        Q(has_disability=True),
    ),
)
BY_CODE = {item.code: item for item in ITEMS}


@dataclass(frozen=True)
class Cell:
    """One computed cell: an item in a country and year (country None: every country in scope together)."""

    code: str
    country: str | None
    year: int
    numerator: int | None
    denominator: int
    value: Decimal | None

    def as_dict(self) -> dict[str, Any]:
        return {
            "indicator": self.code,
            "country": self.country,
            "year": self.year,
            "numerator": self.numerator,
            "denominator": self.denominator,
            "value": self.value,
        }


def _rows(item: Item, queryset: QuerySet[Any] | None) -> QuerySet[Any]:
    base = queryset if queryset is not None else item.model._default_manager.all()
    return base.filter(item.population).order_by()


def _keys(item: Item) -> tuple[str, str]:
    """The (country code, year) lookups of the item's model."""
    return ("country__code", "case__year") if item.model is Victim else ("country__code", "year")


def percent(numerator: int, denominator: int) -> Decimal | None:
    """numerator / denominator as a percentage with one decimal (None over an empty denominator)."""
    if denominator == 0:
        return None
    return (Decimal(100) * numerator / denominator).quantize(Decimal("0.1"))


def compute(item: Item, *, queryset: QuerySet[Any] | None = None, region: bool = False) -> list[Cell]:
    """The item's cells by country and year, from records (optionally a narrowed queryset of its model).

    With `region`, each year also gets a cell over every country together (country None).
    """
    country_key, year_key = _keys(item)
    rows = _rows(item, queryset)
    if item.kind == SHARE:
        numerator = item.numerator if item.numerator is not None else Q(pk__in=[])
        grouped = rows.values(country_key, year_key).annotate(d=Count("pk"), n=Count("pk", filter=numerator))
        counts: dict[tuple[str | None, int], list[int]] = {}
        for row in grouped:
            counts[(row[country_key], row[year_key])] = [row["n"], row["d"]]
            if region:
                total = counts.setdefault((None, row[year_key]), [0, 0])
                total[0] += row["n"]
                total[1] += row["d"]
        return sorted(
            (Cell(item.code, c, y, n, d, percent(n, d)) for (c, y), (n, d) in counts.items()),
            key=_order,
        )
    values: dict[tuple[str | None, int], list[Any]] = defaultdict(list)
    for country, year, value in _median_values(item, rows, country_key, year_key):
        values[(country, year)].append(value)
        if region:
            values[(None, year)].append(value)
    return sorted(
        (Cell(item.code, c, y, None, len(v), Decimal(str(statistics.median(v)))) for (c, y), v in values.items()),
        key=_order,
    )


def _median_values(item: Item, rows: QuerySet[Any], country_key: str, year_key: str) -> Iterable[tuple[str, int, Any]]:
    if item.value == "days_charge_to_verdict":
        # Subtracting dates in SQL differs between SQLite and PostgreSQL; the dates are small to fetch.
        for country, year, charged, verdict in rows.values_list(country_key, year_key, "charge_date", "verdict_date"):
            yield country, year, (verdict - charged).days
        return
    yield from rows.values_list(country_key, year_key, item.value).iterator(chunk_size=10_000)


def _order(cell: Cell) -> tuple[int, str]:
    return cell.year, cell.country or ""


def compute_all(*, region: bool = False, user: Any = None) -> dict[str, list[Cell]]:
    """Every item's cells; with `user`, over the records that user may see (restricted querysets)."""
    result = {}
    for item in ITEMS:
        queryset = item.model.objects.restrict(user, "view") if user is not None else None
        result[item.code] = compute(item, queryset=queryset, region=region)
    return result


# For the indicators engine ------------------------------------------------------------------------
# The engine publishes these items through its disclosure control; it calls `for_engine` with its own
# periods and places and wraps each triple in its Value. Justice records belong to the instance, not to
# a program, so every program of the instance shows the same justice figures.

EngineKey = tuple[str, str, tuple[str, ...]]  # (period id, place: country code or "REGION", group values)
EngineValue = tuple[Decimal, int | None, int]  # (value, numerator or None for a median, denominator)
UNIT_OF = {PERCENT: "percent", DAYS: "days", TIMES: "times"}  # acthub.indicators.choices.Unit


def _full_years(period: Any) -> range | None:
    """The years a period covers whole (2021, or 2019-01-01/2021-12-31); None for a part of a year."""
    start, end = period.start, period.end
    if (start.month, start.day, end.month, end.day) != (1, 1, 12, 31):
        return None
    return range(start.year, end.year + 1)


def for_engine(
    code: str, periods: Iterable[Any], *, by_place: bool, synthetic: bool = False
) -> dict[EngineKey, EngineValue]:
    """An item's cells for the engine: per period (whole years only, as cases are counted by year) and place.

    Read from the maintained cells (acthub.justice.aggregates), so the cost is that of the cells, not
    of the records. A period of several years pools its years (shares add up; a median is taken over
    the pooled histogram, not a median of medians). Synthetic records form their own population, as
    in the engine's other computations. `for_engine_from_records` is the same from the records.
    """
    from acthub.justice.aggregates import CELL, REGION, median_of
    from acthub.justice.models import IndicatorCell

    item = BY_CODE[code]
    wanted = [(period, years) for period in periods if (years := _full_years(period)) is not None]
    if not wanted:
        return {}
    first, last = min(y.start for _p, y in wanted), max(y.stop - 1 for _p, y in wanted)
    # `is_synthetic__in=[...]`, not `is_synthetic=...`: SQLite reads the latter as a bare column test,
    # which cannot use the index past `code` (a median's histogram holds thousands of rows per item).
    cells = IndicatorCell.objects.filter(code=code, is_synthetic__in=[synthetic], year__gte=first, year__lte=last)
    if not by_place:
        cells = cells.filter(place=REGION)
    pooled = any(len(years) > 1 for _p, years in wanted)
    rows: list[tuple[Any, ...]]
    if item.kind == MEDIAN and pooled:
        rows = list(cells.exclude(bucket=CELL).values_list("place", "year", "bucket", "denominator"))
    else:
        rows = list(cells.filter(bucket=CELL).values_list("place", "year", "numerator", "denominator", "value"))
    result: dict[EngineKey, EngineValue] = {}
    for period, years in wanted:
        if len(years) == 1 and not (item.kind == MEDIAN and pooled):
            for place, year, numerator, denominator, value in rows:
                if year == years.start and denominator > 0:
                    n = numerator if item.kind == SHARE else None
                    result[(period.id, place, ())] = (value if value is not None else Decimal(0), n, denominator)
            continue
        if item.kind == SHARE:
            sums: dict[str, list[int]] = defaultdict(lambda: [0, 0])
            for place, year, numerator, denominator, _value in rows:
                if year in years:
                    sums[place][0] += numerator
                    sums[place][1] += denominator
            for place, (n, d) in sums.items():
                if d > 0:
                    result[(period.id, place, ())] = (percent(n, d) or Decimal(0), n, d)
            continue
        histograms: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
        for place, year, bucket, count in rows:
            if year in years:
                histograms[place][bucket] += count
        for place, histogram in histograms.items():
            median = median_of(histogram.items())
            if median is not None:
                result[(period.id, place, ())] = (median, None, sum(histogram.values()))
    return result


def for_engine_from_records(
    code: str, periods: Iterable[Any], *, by_place: bool, synthetic: bool = False
) -> dict[EngineKey, EngineValue]:
    """`for_engine` computed from the records (the reference the maintained cells are tested against)."""
    item = BY_CODE[code]
    synthetic_q = Q(case__is_synthetic=synthetic) if item.model is Victim else Q(is_synthetic=synthetic)
    if not synthetic:  # a public demo's synthetic cases also feed the public population (generate_demo --public)
        synthetic_q |= Q(case__is_public_demo=True) if item.model is Victim else Q(is_public_demo=True)
    base = item.model._default_manager.filter(synthetic_q)
    year_field = "case__year" if item.model is Victim else "year"
    result: dict[EngineKey, EngineValue] = {}
    for period in periods:
        years = _full_years(period)
        if years is None:
            continue
        rows = base.filter(**{f"{year_field}__gte": years.start, f"{year_field}__lte": years.stop - 1})
        pooled = _pooled(item, rows)
        for place, (value, numerator, denominator) in pooled.items():
            if place is None or by_place:
                result[(period.id, place or "REGION", ())] = (value, numerator, denominator)
    return result


def _pooled(item: Item, rows: QuerySet[Any]) -> dict[str | None, EngineValue]:
    """The item over `rows`, by country and overall (None), whatever the year."""
    rows = rows.filter(item.population).order_by()
    out: dict[str | None, EngineValue] = {}
    if item.kind == SHARE:
        numerator = item.numerator if item.numerator is not None else Q(pk__in=[])
        total_n = total_d = 0
        for row in rows.values("country__code").annotate(d=Count("pk"), n=Count("pk", filter=numerator)):
            out[row["country__code"]] = (percent(row["n"], row["d"]) or Decimal(0), row["n"], row["d"])
            total_n, total_d = total_n + row["n"], total_d + row["d"]
        if total_d:
            out[None] = (percent(total_n, total_d) or Decimal(0), total_n, total_d)
        return out
    values: dict[str | None, list[Any]] = defaultdict(list)
    for country, _year, value in _median_values(item, rows, "country__code", "pk"):
        values[country].append(value)
        values[None].append(value)
    return {place: (Decimal(str(statistics.median(v))), None, len(v)) for place, v in values.items()}


def registry_entries() -> list[dict[str, Any]]:
    """The items as indicator definitions in the shape of acthub.indicators.registry.COMPUTED."""
    return [
        {
            "code": item.code,
            "name": str(item.name),
            "definition": f"{AREAS[item.area]}: {item.definition}",
            "unit": UNIT_OF[item.unit],
            "is_sensitive": True,
            "disclosure_threshold": K,
            "computation": "justice",  # acthub.indicators.choices.Computation.JUSTICE
            "disaggregations": ["country"],
        }
        for item in ITEMS
    ]
