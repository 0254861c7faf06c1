"""The indicators engine: the one way any published figure is read.

Portal pages, the API and (later) fact sheets and exports ask the engine for figures; nothing else
reads DataValue to show a number. The rule when both a reported and a computed value exist for the
same cell is explicit: `PREFERENCE` (reported first, because the seed documents and partners' reports
are the figures of record; computed values are listed beside them on the data-quality page).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.http import urlencode

from acthub.core.periods import Period, parse_period
from acthub.indicators.choices import REGION, Method, Unit
from acthub.indicators.models import DataValue, Indicator

PREFERENCE = (Method.REPORTED, Method.COMPUTED)


@dataclass(frozen=True)
class Figure:
    """A value ready to show, with everything needed to trace it."""

    indicator: Indicator
    period: Period
    place: str
    sex: str
    value: Decimal
    method: str
    data_value_id: int
    source_document: str
    source_location: str

    @property
    def display(self) -> str:
        """The value as people read it: 2,037 ; 35% ; 1.5 days."""
        value = self.value.normalize()
        if value == value.to_integral_value():
            value = value.quantize(Decimal(1))
        text = number_format(value, force_grouping=True)
        if self.indicator.unit == Unit.PERCENT:
            return f"{text}%"
        return text

    @property
    def url(self) -> str:
        """Where the figure's provenance is shown."""
        query = {"period": self.period.id, "place": self.place}
        if self.sex:
            query["sex"] = self.sex
        return f"{reverse('portal:indicator', args=[self.indicator.code])}?{urlencode(query)}"

    @property
    def key(self) -> tuple[str, str, str, str]:
        return (self.indicator.code, self.period.id, self.place, self.sex)


def _figure(dv: DataValue) -> Figure:
    return Figure(
        indicator=dv.indicator,
        period=parse_period(dv.period),
        place=dv.place_code,
        sex=dv.sex,
        value=dv.value,
        method=dv.method,
        data_value_id=dv.pk,
        source_document=dv.source_document,
        source_location=dv.source_location,
    )


def _place_q(places: Iterable[str]) -> Q:
    q = Q(pk__in=[])
    for place in places:
        q |= Q(country__isnull=True) if place == REGION else Q(country__code=place)
    return q


class FigureSet:
    """The figures of a program a user may see, loaded in one query and looked up by cell."""

    def __init__(self, values: Iterable[DataValue]) -> None:
        self._cells: dict[tuple[str, str, str, str], Figure] = {}
        rank: dict[str, int] = {str(m): i for i, m in enumerate(PREFERENCE)}
        for dv in sorted(values, key=lambda v: rank.get(v.method, len(rank))):
            fig = _figure(dv)
            self._cells.setdefault(fig.key, fig)

    @classmethod
    def load(
        cls,
        program: Any,
        user: Any = None,
        *,
        places: Iterable[str] | None = None,
        codes: Iterable[str] | None = None,
    ) -> FigureSet:
        qs = DataValue.objects.restrict(user, "view").filter(program=program).select_related("indicator", "country")
        if places is not None:
            qs = qs.filter(_place_q(places))
        if codes is not None:
            qs = qs.filter(indicator__code__in=list(codes))
        return cls(qs)

    def get(self, code: str, period: str, place: str = REGION, sex: str = "") -> Figure | None:
        return self._cells.get((code, period, place, sex))

    def for_place(self, place: str, sex: str = "") -> list[Figure]:
        """Every figure of a place, in indicator then period order."""
        found = [f for f in self._cells.values() if f.place == place and f.sex == sex]
        return sorted(found, key=lambda f: (f.indicator.code, f.period.start, f.period.end))

    def __iter__(self) -> Any:
        return iter(sorted(self._cells.values(), key=lambda f: (f.indicator.code, f.period.start, f.place, f.sex)))

    def __len__(self) -> int:
        return len(self._cells)


def get_figure(
    program: Any, code: str, period: str, place: str = REGION, sex: str = "", user: Any = None
) -> Figure | None:
    """One figure, or None when there is no value the user may see."""
    return FigureSet.load(program, user, places=[place], codes=[code]).get(code, period, place, sex)
