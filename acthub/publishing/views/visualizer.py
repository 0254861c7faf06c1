"""`/data/<code>/`: the data visualizer of an indicator, and its downloads (CSV, XLSX, SVG, PNG).

One code path: every response reads the choice from the query string (acthub.publishing.visualizer),
asks the engine once (twice with pending data) and renders what was asked. Works without
JavaScript (a GET form and links); htmx only swaps `#viz-result` and pushes the URL.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from acthub.core import exports
from acthub.core.access import STAFF, role_of
from acthub.core.content_translations import store_of, translate
from acthub.core.models import Country
from acthub.core.periods import parse_period
from acthub.core.permissions import public_view
from acthub.indicators.choices import REGION
from acthub.indicators.query import PLACE, QueryError
from acthub.portal import selectors
from acthub.publishing import maps, periodpicker, throttles
from acthub.publishing import pivot as pivots
from acthub.publishing import visualizer as viz
from acthub.publishing.formatting import period_label
from acthub.publishing.linechart import LineChart
from acthub.publishing.values import values as published_values
from acthub.publishing.views.public import _records_url, indicator_or_404

SVG_TYPE = "image/svg+xml"
PNG_TYPE = "image/png"


def _form_options(request: HttpRequest, program: Any, indicator: Any) -> dict[str, Any]:
    """What the form offers: periods by kind, relative ranges, places, breakdowns (all with labels)."""
    today = timezone.localdate()
    first = getattr(program, "start_year", today.year)
    options = periodpicker.calendar_options(first, today)
    groups = [(_("Relative"), [(token, str(label)) for token, label in periodpicker.RELATIVE_CHOICES])]
    for kind, ids in options.items():
        groups.append((str(viz.KIND_LABELS[kind]), [(pid, period_label(parse_period(pid))) for pid in ids]))
    countries = Country.objects.restrict(request.user, "view").filter(code__in=list(maps.TILES))
    store = store_of(request)
    places = sorted(((c.code, str(translate(c, "name", store=store))) for c in countries), key=lambda p: p[1])
    dimensions = [*pivots.AXES, *[d for d in indicator.disaggregations or [] if d != "country"]]
    return {
        "period_groups": groups,
        "place_options": [(REGION, _("Region (all countries)")), *places],
        "dimension_options": [(d, viz.dimension_label(d)) for d in dimensions],
        "is_staff": role_of(request.user) in STAFF,
    }


def _context(request: HttpRequest, code: str) -> dict[str, Any]:
    """The choice, the engine's answer and its views; or an error (status 400 or 429) and nothing computed."""
    program = selectors.program_or_404(request)
    indicator = indicator_or_404(request, code)
    context: dict[str, Any] = {"indicator": indicator, "program": program, "error": None, "status": 200}
    context.update(_form_options(request, program, indicator))
    tokens = periodpicker.tokens_of(request.GET.getlist("period"))
    context["chosen_periods"] = set(tokens)
    context["chosen_places"] = set(pivots._split(request.GET, "place"))
    context["chosen"] = {k: request.GET.get(k, "") for k in ("rows", "cols", "view", "chart")}
    context["view_options"] = _view_labels()
    context["chart_options"] = [("bar", _("Bar chart")), ("line", _("Line chart"))]
    context["current_view"] = request.GET.get("view") or "table"
    context["current_chart"] = request.GET.get("chart") or "bar"
    refused = throttles.refusal(request)
    if refused:
        context["error"], context["status"] = refused, 429
        return context
    try:
        choice = viz.parse_choice(request.GET, indicator, program, request.user, timezone.localdate())
        store = store_of(request)
        outcome = viz.run(program, indicator, choice, request.user, store)
        region_map = viz.map_of(program, indicator, choice, request.user, store) if choice.view == "map" else None
    except QueryError as exc:
        context["error"] = str(exc)
        context["status"] = 400
        return context
    can_drill = role_of(request.user) in STAFF and bool(indicator.computation)
    wanted = choice.pivot_request
    rows = []
    for (_value, label), line in zip(outcome.table.rows, outcome.grid, strict=True):
        rows.append(
            (label, [(s, _records_url(indicator, s.cell, wanted) if can_drill and s.cell else "") for s in line])
        )
    context.update(
        choice=choice,
        outcome=outcome,
        result=outcome.result,
        table=outcome.table,
        wanted=wanted,
        rows=rows,
        names=pivots.labels(request.user, store),
        query=choice.params(),
        view_links=[(v, label, choice.params(view=v)) for v, label in _view_labels()],
        row_label=viz.dimension_label(choice.rows),
        col_label=viz.dimension_label(choice.cols) if choice.cols else "",
        resolved=[pivots.label_of("period", p.id, {}, {p.id: p}) for p in outcome.result.periods],
    )
    if choice.view == "chart":
        context["chart"] = viz.chart_of(outcome)
        context["line"] = isinstance(context["chart"], LineChart)
    if region_map is not None:
        context["region_map"], context["map_period"], listed = region_map
        country_names = context["names"][PLACE]
        context["map_cells"] = [(country_names.get(s.cell.place, s.cell.place), s) for s in listed if s.cell]
    return context


def _view_labels() -> list[tuple[str, str]]:
    return [("table", _("Table")), ("chart", _("Chart")), ("map", _("Map"))]


@public_view
def pivot(request: HttpRequest, code: str) -> HttpResponse:
    """`/data/<code>/?period=LAST_4_QUARTERS,2021&place=REGION,LA&rows=period&cols=sex&view=chart&chart=line`.

    The indicator's one page: its definition, the visualizer and every published value with its
    provenance. An htmx request gets the result region only.
    """
    context = _context(request, code)
    if not context["error"]:
        context["values"] = published_values(context["program"], context["indicator"], request.user, request.GET)
        context["country_names"] = context["names"][PLACE]  # the labels the result was laid out with
    template = "publishing/_visualizer_result.html" if request.headers.get("HX-Request") else None
    return render(request, template or "publishing/visualizer.html", context, status=context["status"])


def _svg(context: dict[str, Any]) -> str:
    """The standalone SVG of the chosen view: the map, the chart, or (for the table view) a bar chart."""
    if "region_map" in context:
        return render_to_string("publishing/svg/map.html", context)
    if "chart" not in context:
        context["chart"] = viz.chart_of(context["outcome"])
        context["line"] = isinstance(context["chart"], LineChart)
    template = "publishing/svg/line.html" if context.get("line") else "publishing/svg/bar.html"
    return render_to_string(template, context)


def _png(svg: str) -> bytes:
    """The SVG rendered by CairoSVG; `unsafe=False` (its default) resolves no external file or URL."""
    import cairosvg

    return bytes(cairosvg.svg2png(bytestring=svg.encode("utf-8"), unsafe=False, output_width=1440))


@public_view
def download(request: HttpRequest, code: str, fmt: str) -> HttpResponse | StreamingHttpResponse:
    """`/data/<code>/download.<csv|xlsx|svg|png>?<the choice>`: the current view, the same cells.

    CSV and XLSX hold every cell of the result, one row each (formulas neutralised); SVG and PNG the
    chart or map. With pending data (staff) the file says so in its name and in a column.
    """
    context = _context(request, code)
    if context["error"]:
        return HttpResponse(context["error"], status=context["status"], content_type="text/plain; charset=utf-8")
    choice: viz.Choice = context["choice"]
    name = code.lower() + ("-with-pending" if choice.pending else "")
    if fmt in ("svg", "png"):
        svg = '<?xml version="1.0" encoding="UTF-8"?>\n' + _svg(context)
        disposition = {"Content-Disposition": content_disposition_header(True, f"{name}.{fmt}")}
        if fmt == "svg":
            return HttpResponse(svg, content_type=SVG_TYPE, headers=disposition)
        return HttpResponse(_png(svg), content_type=PNG_TYPE, headers=disposition)
    rows = pivots.long_rows(context["result"], context["names"])
    if choice.pending:
        outcome: viz.Outcome = context["outcome"]
        pending = set()
        for cell in outcome.result.cells:
            before = outcome.published.get(cell.period.id, cell.place, **dict(cell.group))
            if viz.mark(cell, before).pending:
                pending.add(id(cell))
        rows = [[*rows[0], "pending"]] + [
            [*row, "yes" if id(cell) in pending else ""]
            for row, cell in zip(rows[1:], outcome.result.cells, strict=True)
        ]
    if fmt == "xlsx":
        return exports.xlsx_response(f"{name}.xlsx", {code: rows})
    return exports.csv_response(f"{name}.csv", rows)
