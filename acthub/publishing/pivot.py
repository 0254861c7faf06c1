"""The pivot of one indicator: reading its request, asking the engine, laying the cells out.

Shared by the pivot page, its chart, its CSV and XLSX downloads and the API's query endpoint, so that
all of them show the same figures for the same parameters.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.http import QueryDict
from django.utils.translation import gettext as _

from acthub.core.access import STAFF, role_of
from acthub.core.content_translations import translate
from acthub.core.models import Country
from acthub.core.periods import Period
from acthub.indicators.choices import DISAGGREGATIONS, REGION
from acthub.indicators.models import Indicator
from acthub.indicators.query import PLACE, TOTAL, Figure, QueryError, QueryResult, default_periods, query

AXES = ("period", PLACE)


@dataclass(frozen=True)
class PivotRequest:
    """What a pivot shows: periods, places, the row and column dimensions, and the population."""

    periods: list[str]
    places: list[str] | None
    rows: str
    cols: str
    synthetic: bool = False

    @property
    def by(self) -> list[str]:
        return [d for d in (self.rows, self.cols) if d and d != "period"]


def _split(params: QueryDict, name: str) -> list[str]:
    return [v.strip() for value in params.getlist(name) for v in value.split(",") if v.strip()]


def parse_request(params: QueryDict, indicator: Indicator, program: Any, user: Any) -> PivotRequest:
    """A pivot request from query parameters: `period`, `place`, `rows`, `cols` and `synthetic=1`."""
    allowed = [*AXES, *[d for d in indicator.disaggregations or [] if d != "country"]]
    rows = params.get("rows") or "period"
    cols = params.get("cols") if "cols" in params else PLACE
    for name, value in (("rows", rows), ("cols", cols)):
        if value and value not in allowed:
            raise QueryError(
                _("%(name)s: %(value)s is not one of %(allowed)s.")
                % {"name": name, "value": value, "allowed": ", ".join(allowed)}
            )
    if rows == cols:
        cols = ""
    places = _split(params, "place") or None
    synthetic = params.get("synthetic") == "1" and role_of(user) in STAFF
    return PivotRequest(_split(params, "period") or default_periods(program), places, rows, cols or "", synthetic)


def run(program: Any, indicator: Indicator, request: PivotRequest, user: Any) -> QueryResult:
    """The engine's answer to a pivot request."""
    places = request.places
    if PLACE not in (request.rows, request.cols) and places is None:
        places = [REGION]
    return query(
        program,
        indicator.code,
        periods=request.periods,
        places=places,
        by=request.by,
        user=user,
        synthetic=request.synthetic,
    )


def labels(user: Any, store: dict[Any, Any] | None = None) -> dict[str, dict[str, str]]:
    """How each dimension's values read: country names (in the active language, else English), choice
    labels, "Total". `store` is the request's translation store (acthub.core.content_translations)."""
    store = {} if store is None else store
    names = {c.code: str(translate(c, "name", store=store)) for c in Country.objects.restrict(user, "view")}
    found: dict[str, dict[str, str]] = {PLACE: {REGION: _("Region (all countries)"), **names}}
    for name, choices in DISAGGREGATIONS.items():
        if choices is not None:
            found[name] = {str(v): str(label) for v, label in choices.choices if v}
    return found


def label_of(dimension: str, value: str, names: dict[str, dict[str, str]], periods: dict[str, Period]) -> str:
    """One value of a dimension as people read it."""
    if dimension == "period":
        from acthub.publishing.formatting import period_label

        return period_label(periods[value]) if value in periods else value
    if value == TOTAL:
        return _("Total")
    return names.get(dimension, {}).get(value, value)


@dataclass
class PivotTable:
    """Cells laid out by rows and columns, with their labels."""

    result: QueryResult
    rows: list[tuple[str, str]]
    cols: list[tuple[str, str]]
    grid: list[list[Figure | None]] = field(default_factory=list)


def _axis_values(result: QueryResult, dimension: str) -> list[str]:
    if not dimension:
        return [TOTAL]
    if dimension in AXES:
        return result.values(dimension)
    return [*result.values(dimension), TOTAL]


def lay_out(
    result: QueryResult, request: PivotRequest, names: dict[str, dict[str, str]], title: str | None = None
) -> PivotTable:
    """The pivot grid; a period or place that is not an axis is fixed to the first one asked.

    `title` heads the one column when there are no columns (the indicator's name as shown; its
    English name by default)."""
    periods = {p.id: p for p in result.periods}
    row_values = _axis_values(result, request.rows)
    col_values = _axis_values(result, request.cols)
    table = PivotTable(
        result,
        [(v, label_of(request.rows, v, names, periods)) for v in row_values],
        [
            (v, label_of(request.cols, v, names, periods) if request.cols else title or result.indicator.name)
            for v in col_values
        ],
    )
    for r in row_values:
        line: list[Figure | None] = []
        for c in col_values:
            coordinates = {request.rows: r}
            if request.cols:
                coordinates[request.cols] = c
            period = coordinates.pop("period", result.periods[0].id)
            place = coordinates.pop(PLACE, result.places[0])
            line.append(result.get(period, place, **coordinates))
        table.grid.append(line)
    return table


def plain(value: Decimal | None) -> Decimal | int | None:
    """A value for a download: 30, not 30.0000."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else value.normalize()


def long_rows(result: QueryResult, names: dict[str, dict[str, str]]) -> list[list[Any]]:
    """Every cell of a result as one row of a download, with a header row."""
    dims = result.dimensions
    header = ["indicator", "period", "place", *dims, "value", "display", "method", "reported", "computed"]
    header += ["numerator", "denominator", "suppressed", "provenance"]
    rows: list[list[Any]] = [header]
    for cell in result.cells:
        rows.append(
            [
                result.indicator.code,
                cell.period.id,
                cell.place,
                *[cell.value_of(d) or "total" for d in dims],
                plain(cell.value),
                cell.display,
                cell.method or "",
                plain(cell.reported),
                plain(cell.computed),
                cell.numerator,
                cell.denominator,
                cell.suppressed,
                cell.provenance,
            ]
        )
    return rows
