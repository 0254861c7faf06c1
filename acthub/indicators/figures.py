"""The figure type of the engine and the rules every figure follows: precision, comparison, preference.

Held apart from both the FigureSet (acthub.indicators.engine) and the query (acthub.indicators.query),
which both use them, so that neither imports the other's module for them: the query is the engine's
computation, the FigureSet reads stored and computed figures through it.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import number_format

from acthub.core.periods import Period
from acthub.indicators.choices import Method, Status, Unit
from acthub.indicators.models import Indicator

PREFERENCE = (Method.REPORTED, Method.COMPUTED)


def shown(value: Decimal, decimals: int | None) -> Decimal:
    """The value at the precision it is published with (half up, as people round)."""
    if decimals is None:
        return value
    return value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def agree(a: Decimal | None, b: Decimal | None, decimals: int | None) -> bool:
    """Whether two values of one indicator are the same figure as published: the one comparison of values.

    Values agree when they show alike at the indicator's decimals (34.9 and 35 agree at 0 decimals);
    a missing value agrees only with another missing one.
    """
    if a is None or b is None:
        return a is None and b is None
    return shown(Decimal(a), decimals) == shown(Decimal(b), decimals)


def format_value(value: Decimal, unit: str, decimals: int | None = None) -> str:
    """A value as people read it: 2,037 ; 35% ; 1.5."""
    value = shown(value, decimals).normalize()
    if value == value.to_integral_value():
        value = value.quantize(Decimal(1))
    text = number_format(value, force_grouping=True)
    return f"{text}%" if unit == Unit.PERCENT else text


@dataclass(frozen=True)
class Figure:
    """A value ready to show, with everything needed to trace it.

    `data_value_id` is the stored data value it comes from; None for a value computed from records,
    whose provenance is the query in `source_location`. The engine builds no link: publishing does
    (acthub.publishing.links.figure_url).
    """

    indicator: Indicator
    period: Period
    place: str
    sex: str
    value: Decimal
    method: str
    data_value_id: int | None
    source_document: str
    source_location: str
    status: str = ""  # acthub.indicators.choices.Status; "" reads as the method

    @property
    def figure_status(self) -> str:
        """reported, computed or partial (a computed value whose records cover only part of its period)."""
        return self.status or self.method

    @property
    def is_partial(self) -> bool:
        return self.status == Status.PARTIAL

    @property
    def display(self) -> str:
        """The value as people read it: 2,037 ; 35% ; 1.5 days."""
        return format_value(self.value, self.indicator.unit, self.indicator.decimals)

    @property
    def key(self) -> tuple[str, str, str, str]:
        return (self.indicator.code, self.period.id, self.place, self.sex)


def preferred(indicator: Indicator) -> tuple[str, str]:
    """The order in which a cell's values are shown for this indicator: its preference first."""
    first = indicator.preference or PREFERENCE[0]
    return (first, next(m for m in (Method.REPORTED, Method.COMPUTED) if m != first))
