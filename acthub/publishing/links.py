"""Where a figure leads: the page that shows its provenance (the engine builds no URL; publishing does).

A figure links to the indicator's page under /data/ with its period, place and breakdown in the query
string; that page highlights the figure and shows where it comes from.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.urls import reverse
from django.utils.http import urlencode


def figure_query(figure: Any) -> dict[str, str]:
    """The query parameters that pick one figure out on its indicator's page."""
    query = {"period": figure.period.id, "place": figure.place}
    if figure.sex:
        query["sex"] = figure.sex
    return query


def figure_url(figure: Any) -> str:
    """The page showing a figure's provenance.

    A figure that carries its own link (a fact sheet's staff figure leads to its record) keeps it:
    `own_url` is that hook, so presentation apps can link elsewhere without this module knowing them.
    """
    own = getattr(figure, "own_url", "")
    if own:
        return str(own)
    return f"{reverse('indicators:pivot', args=[figure.indicator.code])}?{urlencode(figure_query(figure))}"


def chart_url(figures: Iterable[Any]) -> str:
    """The chart of some figures of one indicator: their periods (oldest first) at their place."""
    found = sorted(figures, key=lambda f: (f.period.start, f.period.end))
    if not found:
        return ""
    periods = ",".join(dict.fromkeys(f.period.id for f in found))
    query = {"period": periods, "place": found[0].place, "rows": "period", "cols": "", "view": "chart"}
    return f"{reverse('indicators:pivot', args=[found[0].indicator.code])}?{urlencode(query)}"
