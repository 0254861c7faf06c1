"""The functions behind computed indicators, named by `Indicator.computation`.

Each takes the indicator, the program, the periods, whether to group by country, the disaggregations
to group by and the population, and returns a value per (period id, place, group values). Place is a
country code, or REGION for the whole program. The engine (acthub.indicators.engine) is the only caller.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

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


Values = dict[Key, Value]
Compute = Callable[..., Values]


def _cube_measure(field: str) -> Compute:
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
        filters = {**(indicator.filters or {}), **(extra_filters or {})}
        values: Values = {}
        reads = [("", list(group))]
        if by_place:
            reads.append(("country", ["country", *group]))
        for kind, columns in reads:
            for period_id, cells in cube.read(program_id, periods, columns, filters, synthetic=synthetic).items():
                for key, counts in cells.items():
                    place = key[0] if kind else REGION
                    rest = key[1:] if kind else key
                    values[(period_id, place, tuple(rest))] = Value(Decimal(getattr(counts, field)))
        return values

    return compute


def activities_held(
    indicator: Indicator,
    program_id: int,
    periods: Sequence[Period],
    *,
    by_place: bool,
    group: Sequence[str],
    synthetic: bool,
    extra_filters: dict[str, str] | None = None,
) -> Values:
    """Activities by start date; an activity in several countries counts once in each and once overall."""
    if group:
        raise ValueError("activities are broken down by place only")
    values: Values = {}
    base = Activity.objects.filter(program_id=program_id, is_synthetic=synthetic)
    if not synthetic:
        base = base.filter(published_q())
    for period in periods:
        held = base.filter(start_date__range=(period.start, period.end))
        total = held.count()
        if total:
            values[(period.id, REGION, ())] = Value(Decimal(total))
        if by_place:
            for row in held.filter(~Q(countries=None)).values("countries__code").annotate(n=Count("id")):
                values[(period.id, row["countries__code"], ())] = Value(Decimal(row["n"]))
    return values


def percent(
    indicator: Indicator,
    program_id: int,
    periods: Sequence[Period],
    *,
    by_place: bool,
    group: Sequence[str],
    synthetic: bool,
    extra_filters: dict[str, str] | None = None,
) -> Values:
    """100 x numerator / denominator, both computed by their own indicators for the same cells."""
    numerator, denominator = indicator.numerator, indicator.denominator
    if numerator is None or denominator is None:
        raise ValueError(f"{indicator.code} states no numerator and denominator")
    args: dict[str, Any] = {"by_place": by_place, "group": group, "synthetic": synthetic}
    extra = {**(extra_filters or {}), **(indicator.numerator_filter or {})}
    tops = compute(numerator, program_id, periods, extra_filters=extra, **args)
    bottoms = compute(denominator, program_id, periods, extra_filters=extra_filters, **args)
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
        if group:
            raise ValueError("ACTIP articles are broken down by place only")
        if synthetic:
            return {}
        from acthub.actip.services import status_counts

        counts = status_counts([p.id for p in periods], by_place=by_place)
        return {(period, place, ()): Value(Decimal(n)) for (period, place, s), n in counts.items() if s == status}

    return compute


def justice_item(
    indicator: Indicator,
    program_id: int,
    periods: Sequence[Period],
    *,
    by_place: bool,
    group: Sequence[str],
    synthetic: bool,
    extra_filters: dict[str, str] | None = None,
) -> Values:
    """A victim-sensitive court indicator: the justice item of the indicator's code, by year and country.

    Justice records belong to the instance, not to a program, so the program is not a filter here.
    """
    if group:
        raise ValueError("victim-sensitive court indicators are broken down by place only")
    from acthub.justice.indicators import for_engine

    found = for_engine(indicator.code, periods, by_place=by_place, synthetic=synthetic)
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


def compute(indicator: Indicator, program_id: int, periods: Sequence[Period], **kwargs: Any) -> Values:
    """Run the indicator's computation (ValueError when it has none)."""
    function = COMPUTATIONS.get(indicator.computation)
    if function is None:
        raise ValueError(f"{indicator.code} is not computed")
    return function(indicator, program_id, periods, **kwargs)
