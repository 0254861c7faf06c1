"""The published values of one indicator with their provenance, as the indicator's page lists them.

Each value is an engine figure (FigureSet, disclosure control applied for the audience) beside the
stored record that carries its source; the figure a link asked for (`?period=&place=&sex=`) is marked.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import QueryDict

from acthub.indicators.engine import Figure, FigureSet
from acthub.indicators.models import DataValue, Indicator


@dataclass(frozen=True)
class ValueRow:
    """A figure in the values table, with the record that carries its provenance."""

    figure: Figure
    record: DataValue | None
    requested: bool


@dataclass(frozen=True)
class Values:
    """The values table: its rows, what was asked for and whether it was found."""

    rows: list[ValueRow]
    requested: tuple[str, str, str] | None
    has_sex: bool

    @property
    def found(self) -> bool:
        return any(row.requested for row in self.rows)

    @property
    def requested_row(self) -> ValueRow | None:
        return next((row for row in self.rows if row.requested), None)


def requested_cell(params: QueryDict) -> tuple[str, str, str] | None:
    """The (period, place, sex) a figure link names, or None when the link names no single figure."""
    period, place, sex = params.get("period", ""), params.get("place", ""), params.get("sex", "")
    if not period or "," in period or "," in place:
        return None
    return (period, place, sex)


def values(program: Any, indicator: Indicator, user: Any, params: QueryDict) -> Values:
    """Every value of the indicator the user may see, oldest period first, the requested one marked."""
    figures = sorted(
        FigureSet.load(program, user, codes=[indicator.code]),
        key=lambda f: (f.period.start, f.period.end, f.place, f.sex),
    )
    ids = [f.data_value_id for f in figures if f.data_value_id]
    by_pk = {dv.pk: dv for dv in DataValue.objects.restrict(user, "view").filter(pk__in=ids)} if ids else {}
    want = requested_cell(params)
    rows = [
        ValueRow(f, by_pk.get(f.data_value_id or 0), want is not None and want == (f.period.id, f.place, f.sex))
        for f in figures
    ]
    return Values(rows=rows, requested=want, has_sex=any(f.sex for f in figures))
