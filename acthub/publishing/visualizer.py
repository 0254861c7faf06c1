"""The data visualizer of one indicator: what was chosen (all in the URL), the engine's answer, and its views.

A choice is periods (acthub.publishing.periodpicker, relative ranges kept relative), places, the
row and column breakdowns, the view (table, chart or map), the chart's kind (bar or line) and, for
staff, whether pending (unapproved) data is included. The same choice gives the page, its htmx
fragment and every download (CSV, XLSX, SVG, PNG), so they all show the same cells.

Figures come only from the engine (acthub.publishing.pivot runs acthub.indicators.query.query); the
engine's disclosure control is the last step inside it. With pending data, the engine is asked
twice, once inside `including_pending()`, and a cell whose value differs is marked pending; only
staff whose scope covers every place of the table may ask, so a country officer never sees another
country's pending values (nor a region total that contains them).

Labels built here (country names, the indicator's name in chart and map titles and descriptions)
are in the active language, read through the request's translation store; a missing translation
gives the plain English text (an SVG title or a file carries no fallback mark). Codes stay codes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.http import QueryDict
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from acthub.approvals.population import including_pending
from acthub.core.access import STAFF, role_of, sees_internal
from acthub.core.content_translations import translate
from acthub.indicators.choices import REGION
from acthub.indicators.figures import NONE, Figure
from acthub.indicators.models import Indicator
from acthub.indicators.query import PLACE, TOTAL, QueryError, QueryResult, default_periods, query
from acthub.publishing import maps, periodpicker
from acthub.publishing import pivot as pivots
from acthub.publishing.charts import BarChart, ChartRow, bar_chart
from acthub.publishing.linechart import LineChart, line_chart

VIEWS = ("table", "chart", "map")
CHART_KINDS = ("bar", "line")
# Breakdowns as people name them (never the field names).
DIMENSION_LABELS = {
    "period": gettext_lazy("Period"),
    PLACE: gettext_lazy("Place"),
    "sex": gettext_lazy("Sex"),
    "age_band": gettext_lazy("Age band"),
    "agency_type": gettext_lazy("Type of agency"),
    "sector": gettext_lazy("State or non-state"),
    "role": gettext_lazy("Role in the activity"),
}
KIND_LABELS = {
    "year": gettext_lazy("Years"),
    "six_monthly": gettext_lazy("Half-years"),
    "quarterly": gettext_lazy("Quarters"),
    "monthly": gettext_lazy("Months"),
}
# The parameters that make up a choice, in the order URLs write them.
PARAMETERS = ("period", "place", "rows", "cols", "view", "chart", "pending", "synthetic")


def dimension_label(name: str) -> str:
    """A breakdown as people name it: "Age band", not age_band."""
    return str(DIMENSION_LABELS.get(name, name.replace("_", " ").capitalize()))


@dataclass(frozen=True)
class Choice:
    """Everything the visitor chose; `params` writes it back as the query string of a shareable URL."""

    periods: periodpicker.PeriodChoice
    places: list[str] | None
    rows: str
    cols: str
    view: str
    chart: str
    pending: bool
    synthetic: bool

    @property
    def pivot_request(self) -> pivots.PivotRequest:
        return pivots.PivotRequest(list(self.periods.periods), self.places, self.rows, self.cols, self.synthetic)

    def params(self, **changes: str) -> str:
        """The query string of this choice, with some parameters changed (view=map, ...)."""
        values: dict[str, str] = {
            "period": ",".join(self.periods.tokens),
            "place": ",".join(self.places or []),
            "rows": self.rows,
            "cols": self.cols,
            "view": self.view,
            "chart": self.chart,
            "pending": "1" if self.pending else "",
            "synthetic": "1" if self.synthetic else "",
        }
        values.update(changes)
        # cols="" means "no columns" and must survive; the others are left out when empty.
        return urlencode([(k, values[k]) for k in PARAMETERS if values[k] or k == "cols"])


def parse_choice(params: QueryDict, indicator: Indicator, program: Any, user: Any, today: date) -> Choice:
    """A choice from the query string, or QueryError (PeriodChoiceError) saying what is wrong.

    Periods are resolved here (relative ranges on `today`); breakdowns and places are checked by
    acthub.publishing.pivot and the engine, which refuse them before anything is computed.
    """
    tokens = periodpicker.tokens_of(params.getlist("period")) or default_periods(program)
    periods = periodpicker.resolve(tokens, today)
    resolved = params.copy()
    resolved.setlist("period", [",".join(periods.periods)])
    wanted = pivots.parse_request(resolved, indicator, program, user)
    view = params.get("view") or "table"
    kind = params.get("chart") or "bar"
    if view not in VIEWS:
        raise QueryError(_("%(value)s is not a view: use table, chart or map.") % {"value": view})
    if kind not in CHART_KINDS:
        raise QueryError(_("%(value)s is not a kind of chart: use bar or line.") % {"value": kind})
    pending = params.get("pending") == "1" and role_of(user) in STAFF
    if pending and not sees_internal(user, wanted.places or [REGION]):
        raise QueryError(
            _(
                "Pending data can be shown only for places in your countries: choose your countries as the "
                "places (not the region), or leave out pending data."
            )
        )
    return Choice(periods, wanted.places, wanted.rows, wanted.cols, view, kind, pending, wanted.synthetic)


@dataclass(frozen=True)
class Shown:
    """A cell as the visualizer shows it: the engine's cell, and whether it includes pending data."""

    cell: Figure | None
    pending: bool = False
    published: str = ""  # the published value beside a pending one

    @property
    def coordinates(self) -> dict[str, str]:
        """The cell's period, place and group, for data attributes (tests compare them to the engine)."""
        if self.cell is None:
            return {}
        return {"period": self.cell.period.id, "place": self.cell.place, **dict(self.cell.group)}


@dataclass
class Outcome:
    """The engine's answer to a choice, laid out as a table, and the published one beside it."""

    choice: Choice
    result: QueryResult
    table: pivots.PivotTable
    published: QueryResult
    name: str = ""  # the indicator's name in the active language (English where it has none)
    grid: list[list[Shown]] = field(default_factory=list)

    @property
    def has_pending(self) -> bool:
        return any(s.pending for line in self.grid for s in line)


def _run(program: Any, indicator: Indicator, choice: Choice, user: Any) -> tuple[QueryResult, QueryResult]:
    """(published, shown): the same result twice unless pending data is included."""
    published = pivots.run(program, indicator, choice.pivot_request, user)
    if not choice.pending:
        return published, published
    with including_pending():
        staged = pivots.run(program, indicator, choice.pivot_request, user)
    return published, staged


def mark(staged: Figure | None, published: Figure | None) -> Shown:
    """A cell with pending data is marked where it differs from the published one."""
    if staged is None:
        return Shown(None)
    before = published.display if published is not None else NONE
    return Shown(staged, pending=before != staged.display, published=before)


def indicator_name(indicator: Indicator, store: dict[Any, Any] | None = None) -> str:
    """The indicator's name in the active language, plain (English where it has no translation)."""
    return str(translate(indicator, "name", store=store))


def run(program: Any, indicator: Indicator, choice: Choice, user: Any, store: dict[Any, Any] | None = None) -> Outcome:
    """Ask the engine for the choice and lay its cells out by rows and columns, labelled in the active language."""
    store = {} if store is None else store
    published, shown = _run(program, indicator, choice, user)
    names = pivots.labels(user, store)
    name = indicator_name(indicator, store)
    table = pivots.lay_out(shown, choice.pivot_request, names, name)
    outcome = Outcome(choice, shown, table, published, name)
    for line in table.grid:
        outcome.grid.append(
            [
                Shown(c)
                if not choice.pending or c is None
                else mark(c, published.get(c.period.id, c.place, **dict(c.group)))
                for c in line
            ]
        )
    return outcome


def _chart_values(outcome: Outcome) -> tuple[list[str], list[tuple[str, list[tuple[Decimal | None, str]]]]]:
    """Categories (rows without the total, unless it is the only row) and one series per column."""
    table = outcome.table
    rows = [(i, label) for i, (value, label) in enumerate(table.rows) if value != TOTAL or len(table.rows) == 1]
    cols = [(j, label) for j, (value, label) in enumerate(table.cols) if value != TOTAL or len(table.cols) == 1]
    series = []
    for j, label in cols:
        points: list[tuple[Decimal | None, str]] = []
        for i, _label in rows:
            cell = table.grid[i][j]
            if cell is None or cell.value is None or cell.suppressed:
                points.append((None, cell.display if cell is not None else NONE))
            else:
                points.append((Decimal(cell.value), cell.display))
        series.append((str(label), points))
    return [str(label) for _i, label in rows], series


def _description(title: str, categories: list[str], series: list[Any]) -> str:
    parts = []
    for name, points in series:
        values = "; ".join(f"{c}: {d}" for c, (_v, d) in zip(categories, points, strict=True))
        parts.append(f"{name}: {values}" if len(series) > 1 else values)
    return _("%(indicator)s: %(values)s.") % {
        "indicator": title,
        "values": " | ".join(parts) or _("no values"),
    }


def chart_of(outcome: Outcome) -> BarChart | LineChart:
    """The chart of the table: bars (one per row and column) or lines (one per column over the rows)."""
    title = outcome.name or outcome.result.indicator.name
    categories, series = _chart_values(outcome)
    description = _description(title, categories, series)
    if outcome.choice.chart == "line":
        return line_chart(title, description, categories, series)
    rows = []
    for name, points in series:
        for category, (value, display) in zip(categories, points, strict=True):
            label = category if len(series) == 1 else f"{category}, {name}"
            if value is not None:
                rows.append(ChartRow(label=label, value=value, display=display))
    return bar_chart(title, description, rows)


def map_of(
    program: Any, indicator: Indicator, choice: Choice, user: Any, store: dict[Any, Any] | None = None
) -> tuple[maps.RegionMap, str, list[Shown]]:
    """The region map of the latest period chosen: the engine's total of each country (all groups).

    Returns the map, the period it shows and the cells of its data table (the text alternative),
    labelled in the active language (`store`: the request's translation store).
    """
    store = {} if store is None else store
    period = choice.periods.periods[-1]
    countries = [p for p in choice.places or [] if p != REGION] or None
    published = query(
        program, indicator.code, periods=[period], places=countries, by=[PLACE], user=user, synthetic=choice.synthetic
    )
    shown = published
    if choice.pending:
        with including_pending():
            shown = query(
                program,
                indicator.code,
                periods=[period],
                places=countries,
                by=[PLACE],
                user=user,
                synthetic=choice.synthetic,
            )
    names = pivots.labels(user, store)[PLACE]
    cells = {p: c for p in shown.places if p != REGION and (c := shown.get(period, p)) is not None}
    label = pivots.label_of("period", period, {}, {p.id: p for p in shown.periods})
    title = _("%(indicator)s, %(period)s, by country") % {
        "indicator": indicator_name(indicator, store),
        "period": label,
    }
    listed = [
        mark(c, published.get(period, c.place)) if choice.pending else Shown(c)
        for code in maps.TILES
        if (c := cells.get(code)) is not None
    ]
    description = _("A map of the region, one square per country: %(values)s.") % {
        "values": "; ".join(f"{names.get(s.cell.place, s.cell.place)}: {s.cell.display}" for s in listed if s.cell)
        or _("no values")
    }
    words = {"no_data": _("No data"), "hidden": _("Hidden (small count)"), "range": _("%(low)s to %(high)s")}
    return maps.region_map(title, description, cells, names, words), label, listed
