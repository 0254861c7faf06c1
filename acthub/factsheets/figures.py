"""The figures a sheet may show: the engine's FigureSet seen as at the end of the period it covers.

A sheet for `2021S1` shows figures of that half-year and the history before it (the regional sheet of
June 2021 cites 2,037 people trained in 2020 next to 1,212 in Jan-Jun 2021), never a figure of a later
period. Every figure the sheet asks for is recorded with the section that showed it, which is what
the JSON document lists. In staff mode a figure links to its record instead of the public page.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Iterator

from django.urls import reverse

from acthub.core.periods import Period
from acthub.indicators.choices import REGION
from acthub.indicators.engine import Figure, FigureSet
from acthub.portal.selectors import FigureGroup


class StaffFigure(Figure):
    """A figure whose link leads staff to the data value it comes from (its admin page)."""

    @property
    def own_url(self) -> str:
        """The admin page of the data value the figure comes from (read by publishing's figure_url)."""
        if not self.data_value_id:  # a computed cell has no single record: its public page lists them
            return ""
        return reverse("admin:indicators_datavalue_change", args=[self.data_value_id])


def as_staff(figure: Figure) -> StaffFigure:
    """The same figure, linking to its record."""
    return StaffFigure(**{f.name: getattr(figure, f.name) for f in dataclasses.fields(figure) if f.init})


def overlaps(a: Period, b: Period) -> bool:
    """Whether two periods share at least one day."""
    return a.start <= b.end and b.start <= a.end


class SheetFigures:
    """A FigureSet cut off at the end of the sheet's period, recording what each section shows.

    It answers `get` and `for_place` like a FigureSet, so the portal's `figure_text` and
    `figure_link` tags render a sheet's narrative unchanged.
    """

    def __init__(self, figures: FigureSet, period: Period, *, staff: bool = False) -> None:
        self._figures = figures
        self.period = period
        self.staff = staff
        self.section = ""
        self._used: dict[tuple[str, str, str, str], Figure] = {}
        self._sections: dict[tuple[str, str, str, str], list[str]] = defaultdict(list)

    def visible(self, figure: Figure | None) -> bool:
        """Whether a figure belongs on the sheet: its period ends by the end of the sheet's period."""
        return figure is not None and figure.period.end <= self.period.end

    def _show(self, figure: Figure) -> Figure:
        key = figure.key
        self._used.setdefault(key, figure)
        if self.section and self.section not in self._sections[key]:
            self._sections[key].append(self.section)
        return as_staff(figure) if self.staff else figure

    def get(self, code: str, period: str, place: str = REGION, sex: str = "") -> Figure | None:
        """One figure the sheet shows (recorded as shown), or None."""
        figure = self._figures.get(code, period, place, sex)
        if figure is None or not self.visible(figure):
            return None
        return self._show(figure)

    def peek(self, place: str, sex: str = "") -> list[Figure]:
        """Every figure of a place the sheet could show, without recording them as shown."""
        return [f for f in self._figures.for_place(place, sex) if self.visible(f)]

    def for_place(self, place: str, sex: str = "") -> list[Figure]:
        """Every figure of a place the sheet may show, in indicator then period order (recorded)."""
        return [self._show(f) for f in self.peek(place, sex)]

    def has_data(self, place: str) -> bool:
        """Whether the place has any figure for the sheet's period (not only history)."""
        return any(overlaps(f.period, self.period) for f in self.peek(place))

    def periods_with_data(self, place: str) -> list[str]:
        """The periods (ids) with a figure for the place, any date, oldest first."""
        found = {f.period for f in self._figures.for_place(place)}
        return [p.id for p in sorted(found, key=lambda p: (p.start, p.end))]

    def headline(self, place: str) -> list[FigureGroup]:
        """One group per indicator whose latest figure falls in the sheet's period, in registry order.

        The latest figure leads, earlier ones (history up to the period) follow; totals only.
        """
        by_indicator: dict[int, list[Figure]] = defaultdict(list)
        for figure in self.peek(place):
            if not figure.is_partial:  # records for part of the period only: no headline
                by_indicator[figure.indicator.pk].append(figure)
        groups = []
        for pk in sorted(by_indicator):
            found = sorted(by_indicator[pk], key=lambda f: (f.period.end, f.period.start), reverse=True)
            if overlaps(found[0].period, self.period):
                shown = [self._show(f) for f in found]
                groups.append(FigureGroup(found[0].indicator, shown[0], shown[1:]))
        return groups

    def series(self, code: str, place: str, sex: str = "") -> list[Figure]:
        """One indicator's figures at a place, oldest period first (recorded)."""
        found = [f for f in self.peek(place, sex) if f.indicator.code == code]
        return [self._show(f) for f in sorted(found, key=lambda f: (f.period.start, f.period.end))]

    def used(self) -> Iterator[tuple[Figure, list[str]]]:
        """Each figure shown, with the sections that show it, in indicator, period, place order."""
        for key in sorted(self._used, key=lambda k: (k[0], self._used[k].period.start, k[1], k[2], k[3])):
            yield self._used[key], self._sections.get(key, [])

    def __len__(self) -> int:
        return len(self._used)
