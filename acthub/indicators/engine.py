"""The indicators engine: the one way any published figure is read.

Portal pages, the API, fact sheets and exports ask the engine for figures; nothing else reads
DataValue or the participation aggregates to show a number. Both entry points return the one figure
type, `Figure` (acthub.indicators.figures):

- `query(program, code, periods=..., places=..., by=...)`: a table of figures for any indicator, by
  period, place and any allowed disaggregation, each keeping its reported and computed value.
- `FigureSet`: a thin index over the figures of a program, looked up one cell at a time (portal, fact
  sheets). Its stored figures go through the same rule as the query's cells (`figure_of`), and its
  computed ones are the query's own figures.

Which value a cell shows when it has both a reported and a computed one is the indicator's
`preference` (reported by default, as in `PREFERENCE`: the seed documents and partners' reports are
the figures of record), decided in one place, `acthub.indicators.figures.figure_of`; the other value is
kept beside it and disagreements are listed on the data-quality page. Sensitive indicators pass
through disclosure control (acthub.indicators.disclosure) whenever the audience is the public.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db.models import Q

from acthub.approvals.population import published_q
from acthub.core.periods import Period, parse_period
from acthub.indicators.choices import REGION, Method
from acthub.indicators.figures import (
    PREFERENCE,
    Figure,
    agree,
    figure_of,
    format_value,
    preferred,
    settled,
    shown,
    stored_choice,
)
from acthub.indicators.models import DataValue, Indicator
from acthub.indicators.query import audience_of, query

Key = tuple[str, str, str, str]  # Figure.key: (indicator code, period id, place, sex)


def _stored(dv: DataValue) -> Figure:
    """A stored data value as a figure, by the same rule as a query's cells (nothing computed beside it)."""
    group = (("sex", dv.sex),) if dv.sex else ()
    return figure_of(dv.indicator, parse_period(dv.period), dv.place_code, group, stored=dv)


def _place_q(places: Iterable[str]) -> Q:
    q = Q(pk__in=[])
    for place in places:
        q |= Q(country__isnull=True) if place == REGION else Q(country__code=place)
    return q


def _record_periods(program_id: int) -> list[Period]:
    """The years and half-years in which a program's (real, not synthetic) activities started."""
    from acthub.activities.models import Activity

    # Two index seeks (activity_real_dates_idx), not an aggregate over every activity: the cost of a
    # portal page must not grow with the data.
    # `is_synthetic__in=[False]`, not `is_synthetic=False`: SQLite reads the latter as NOT is_synthetic,
    # which cannot seek the index's second column.
    real = Activity.objects.filter(published_q(), program_id=program_id, is_synthetic__in=[False]).values_list(
        "start_date", flat=True
    )
    first = real.order_by("start_date").first()
    last = real.order_by("-start_date").first()
    if first is None or last is None:
        return []
    periods = []
    today = date.today()
    for year in range(first.year, min(last.year, today.year) + 1):
        periods.append(parse_period(str(year)))
        for half in (1, 2):
            period = parse_period(f"{year}S{half}")
            if period.end >= first and period.start <= min(last, today):
                periods.append(period)
    return periods


class FigureSet:
    """The figures of a program a user may see, indexed by cell (`Figure.key`): a thin index, not a second engine.

    Stored values come from DataValue, loaded in one query and made figures by the query's own rule
    (`figure_of`). When the set knows its program, computed indicators are answered by `query()` (live,
    from the maintained aggregates) and the set keeps the query's figures as they are; values of
    sensitive indicators are never computed here for the public.
    """

    def __init__(self, values: Iterable[DataValue], *, program: Any = None, user: Any = None) -> None:
        self._cells: dict[Key, Figure] = {}
        self._program_id: int | None = getattr(program, "pk", program)
        self._user = user
        self._indicators: dict[str, Indicator | None] = {}
        self._answered: dict[Key, Figure | None] = {}  # what the query said of a cell (None: nothing)
        for dv in stored_choice(values, key=lambda v: (v.indicator_id, v.period, v.place_code, v.sex)).values():
            fig = _stored(dv)
            self._indicators.setdefault(fig.indicator.code, fig.indicator)
            self._cells[fig.key] = fig

    @classmethod
    def load(
        cls,
        program: Any,
        user: Any = None,
        *,
        places: Iterable[str] | None = None,
        codes: Iterable[str] | None = None,
    ) -> FigureSet:
        """The stored figures of a program (optionally some places and codes only) the user may see."""
        qs = DataValue.objects.restrict(user, "view").filter(published_q(), program=program)
        qs = qs.select_related("indicator", "country")
        if places is not None:
            qs = qs.filter(_place_q(places))
        if codes is not None:
            qs = qs.filter(indicator__code__in=list(codes))
        figures = cls(qs, program=program, user=user)
        figures.add_computed(places=places, codes=codes)
        return figures

    def add_computed(self, *, places: Iterable[str] | None = None, codes: Iterable[str] | None = None) -> None:
        """Add the totals of computed indicators, per year and half-year with records, as the engine gives them.

        Which value a cell shows is the query's rule (acthub.indicators.query: a computed value never
        replaces a reported one silently; a partial one never does). Sensitive indicators are not
        computed here for the public (their disclosure control needs whole tables: the query's).
        """
        if self._program_id is None:
            return
        periods = _record_periods(self._program_id)
        if not periods:  # no records: nothing computed, and no query for the registry either
            return
        wanted = None if places is None else set(places)
        indicators = Indicator.objects.restrict(self._user, "view").exclude(computation="")
        if codes is not None:
            indicators = indicators.filter(code__in=list(codes))
        for indicator in indicators.select_related("numerator", "denominator"):
            asked = periods
            if indicator.denominator is not None:  # a share may also be derived where its counts are reported
                # From the values already loaded, not another query: a page's query count stays flat.
                code = indicator.denominator.code
                more = {
                    f.period for f in self._cells.values() if f.indicator.code == code and f.method == Method.REPORTED
                }
                asked = sorted(
                    {*periods, *[p for p in more if p.start <= date.today()]}, key=lambda p: (p.start, p.end)
                )
            if not asked:
                continue
            if indicator.is_sensitive and audience_of(self._user, sorted(wanted or [REGION])) == "public":
                continue
            self._indicators.setdefault(indicator.code, indicator)
            try:
                result = query(self._program_id, indicator.code, periods=asked, by=["place"], user=self._user)
            except ValueError:
                continue
            for figure in result.cells:
                if figure.value is None or (wanted is not None and figure.place not in wanted):
                    continue
                # The query's figure as it is: its rule chose between the reported and the computed value.
                self._cells[figure.key] = figure
                self._answered[figure.key] = figure

    def _indicator(self, code: str) -> Indicator | None:
        if code not in self._indicators:
            self._indicators[code] = Indicator.objects.restrict(self._user, "view").filter(code=code).first()
        return self._indicators[code]

    def _ask(self, indicator: Indicator, period: str, place: str, sex: str) -> Figure | None:
        """The query's figure of one cell (asked once per cell), or None when it has no value."""
        key = (indicator.code, period, place, sex)
        if key not in self._answered:
            self._answered[key] = None
            try:
                result = query(
                    self._program_id,
                    indicator.code,
                    periods=[period],
                    places=[place],
                    by=["sex"] if sex else [],
                    user=self._user,
                )
            except ValueError:
                return None
            figure = result.get(period, place, sex=sex) if sex else result.get(period, place)
            if figure is not None and figure.value is not None:
                self._answered[key] = figure
        return self._answered[key]

    def get(self, code: str, period: str, place: str = REGION, sex: str = "") -> Figure | None:
        """The figure of one cell, or None when there is none the user may see."""
        key = (code, period, place, sex)
        stored = self._cells.get(key)
        if self._program_id is None or key in self._answered:
            return self._answered.get(key) or stored
        indicator = stored.indicator if stored is not None else self._indicator(code)
        if indicator is None or not indicator.computation:
            return stored  # nothing to compute: the stored figure is the rule's answer
        if stored is not None and settled(stored):
            return stored
        if indicator.is_sensitive and audience_of(self._user, [place]) == "public":
            return stored
        return self._ask(indicator, period, place, sex) or stored

    def for_place(self, place: str, sex: str = "") -> list[Figure]:
        """Every stored figure of a place, in indicator then period order."""
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


__all__ = [
    "PREFERENCE",
    "Figure",
    "FigureSet",
    "agree",
    "audience_of",
    "format_value",
    "get_figure",
    "preferred",
    "query",
    "shown",
]
