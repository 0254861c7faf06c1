"""What an import changes in the figures: each cell it covers, as published and with pending data.

Staff see pending data marked as such beside the published figure before they approve it (and after,
to check). Both columns come from the engine (acthub.indicators), the second read inside
`including_pending()`; nothing here computes a figure.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from acthub.approvals.population import including_pending
from acthub.approvals.services import coverage
from acthub.indicators.models import Indicator
from acthub.indicators.query import QueryError, query

MAX_INDICATORS = 12


@dataclass(frozen=True)
class PendingFigure:
    """One cell: indicator, period and place, the published figure and the figure with pending data."""

    code: str
    name: str
    period: str
    place: str
    published: str
    with_pending: str

    @property
    def changes(self) -> bool:
        """Whether approving (or having approved) the pending data moves this figure."""
        return self.published != self.with_pending


def pending_figures(job: Any, user: Any) -> list[PendingFigure]:
    """The cells of the periods and places the job covers, for the indicators it feeds that `user` sees."""
    cover = coverage(job)
    if not cover.rows or not cover.periods:
        return []
    indicators = Indicator.objects.restrict(user, "view").filter(code__in=cover.indicators).order_by("code")
    places = set(cover.places) | {"REGION"}
    rows: list[PendingFigure] = []
    for indicator in indicators[:MAX_INDICATORS]:
        try:
            published = query(job.program, indicator.code, periods=cover.periods, by=["place"], user=user)
            with including_pending():
                staged = query(job.program, indicator.code, periods=cover.periods, by=["place"], user=user)
        except QueryError:
            continue
        for cell in staged.cells:
            if cell.place not in places:
                continue
            before = published.get(cell.period.id, cell.place)
            rows.append(
                PendingFigure(
                    code=indicator.code,
                    name=indicator.name,
                    period=cell.period.id,
                    place=cell.place,
                    published=before.display if before is not None else "\u2013",
                    with_pending=cell.display,
                )
            )
    return rows
