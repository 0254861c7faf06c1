"""The functions behind computed indicators, named by `Indicator.computation`.

Each takes one `Ask` (the indicator, the program, the periods, whether to group by country, the
disaggregations to group by, the population and any extra filters) and returns a value per (period id,
place, group values). Place is a
country code, or REGION for the whole program. The engine (acthub.indicators.engine) is the only caller.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from django.db.models import Count, Q

from acthub.activities import cube
from acthub.activities.models import Activity
from acthub.approvals.population import published_q
from acthub.core.periods import Period
from acthub.indicators.choices import REGION, Computation
from acthub.indicators.models import Indicator

Key = tuple[str, str, tuple[str, ...]]  # (period id, place, group values)


@dataclass(frozen=True)
class Value:
    """A computed value, with the numerator and denominator it came from when it is a ratio."""

    value: Decimal
    numerator: int | None = None
    denominator: int | None = None


@dataclass(frozen=True)
class Ask:
    """What a computation is asked for: one object, so that every computation has the same one-line signature."""

    indicator: Indicator
    program_id: int
    periods: Sequence[Period]
    by_place: bool
    group: Sequence[str]
    synthetic: bool
    extra_filters: dict[str, str] | None = None


Values = dict[Key, Value]
Compute = Callable[[Ask], Values]


def _cube_measure(field: str) -> Compute:
    def compute(ask: Ask) -> Values:
        filters = {**(ask.indicator.filters or {}), **(ask.extra_filters or {})}
        values: Values = {}
        reads = [("", list(ask.group))]
        if ask.by_place:
            reads.append(("country", ["country", *ask.group]))
        for kind, columns in reads:
            for period_id, cells in cube.read(
                ask.program_id, ask.periods, columns, filters, synthetic=ask.synthetic
            ).items():
                for key, counts in cells.items():
                    place = key[0] if kind else REGION
                    rest = key[1:] if kind else key
                    values[(period_id, place, tuple(rest))] = Value(Decimal(getattr(counts, field)))
        return values

    return compute


def activities_held(ask: Ask) -> Values:
    """Activities by start date; an activity in several countries counts once in each and once overall."""
    if ask.group:
        raise ValueError("activities are broken down by place only")
    values: Values = {}
    base = Activity.objects.filter(program_id=ask.program_id, is_synthetic=ask.synthetic)
    if not ask.synthetic:
        base = base.filter(published_q())
    for period in ask.periods:
        held = base.filter(start_date__range=(period.start, period.end))
        total = held.count()
        if total:
            values[(period.id, REGION, ())] = Value(Decimal(total))
        if ask.by_place:
            for row in held.filter(~Q(countries=None)).values("countries__code").annotate(n=Count("id")):
                values[(period.id, row["countries__code"], ())] = Value(Decimal(row["n"]))
    return values


def percent(ask: Ask) -> Values:
    """100 x numerator / denominator, both computed by their own indicators for the same cells."""
    numerator, denominator = ask.indicator.numerator, ask.indicator.denominator
    if numerator is None or denominator is None:
        raise ValueError(f"{ask.indicator.code} states no numerator and denominator")
    extra = {**(ask.extra_filters or {}), **(ask.indicator.numerator_filter or {})}
    tops = run(replace(ask, indicator=numerator, extra_filters=extra))
    bottoms = run(replace(ask, indicator=denominator))
    values: Values = {}
    for key, bottom in bottoms.items():
        if bottom.value <= 0:
            continue
        top = tops.get(key, Value(Decimal(0))).value
        # Not rounded here: a figure is rounded once, when shown, to its indicator's decimals.
        share = Decimal(100) * top / bottom.value
        values[key] = Value(share, numerator=int(top), denominator=int(bottom.value))
    return values


def _actip_articles(status: str) -> Compute:
    """Articles at `status` in published ACTIP assessments, per member state and for the region."""

    def compute(ask: Ask) -> Values:
        if ask.group:
            raise ValueError("ACTIP articles are broken down by place only")
        if ask.synthetic:
            return {}
        from acthub.actip.services import status_counts

        counts = status_counts([p.id for p in ask.periods], by_place=ask.by_place)
        return {(period, place, ()): Value(Decimal(n)) for (period, place, s), n in counts.items() if s == status}

    return compute


def justice_item(ask: Ask) -> Values:
    """A victim-sensitive court indicator: the justice item of the indicator's code, by year and country.

    Justice records belong to the instance, not to a program, so the program is not a filter here.
    """
    if ask.group:
        raise ValueError("victim-sensitive court indicators are broken down by place only")
    from acthub.justice.indicators import for_engine

    found = for_engine(ask.indicator.code, ask.periods, by_place=ask.by_place, synthetic=ask.synthetic)
    return {key: Value(value, numerator, denominator) for key, (value, numerator, denominator) in found.items()}


COMPUTATIONS: dict[str, Compute] = {
    Computation.PARTICIPATIONS: _cube_measure("participations"),
    Computation.PEOPLE: _cube_measure("people"),
    Computation.ACTIVITIES: activities_held,
    Computation.PERCENT: percent,
    Computation.ACTIP_NOT_STARTED: _actip_articles("not_started"),
    Computation.ACTIP_PARTIAL: _actip_articles("partial"),
    Computation.ACTIP_SUBSTANTIAL: _actip_articles("substantial"),
    Computation.ACTIP_FULL: _actip_articles("full"),
    Computation.ACTIP_NOT_APPLICABLE: _actip_articles("not_applicable"),
    Computation.JUSTICE: justice_item,
}


def compute(
    indicator: Indicator,
    program_id: int,
    periods: Sequence[Period],
    *,
    by_place: bool,
    group: Sequence[str],
    synthetic: bool,
    extra_filters: dict[str, str] | None = None,
) -> Values:
    """Run the indicator's computation (ValueError when it has none)."""
    return run(Ask(indicator, program_id, periods, by_place, group, synthetic, extra_filters))


def run(ask: Ask) -> Values:
    """Run the computation of the asked indicator (ValueError when it has none)."""
    function = COMPUTATIONS.get(ask.indicator.computation)
    if function is None:
        raise ValueError(f"{ask.indicator.code} is not computed")
    return function(ask)
