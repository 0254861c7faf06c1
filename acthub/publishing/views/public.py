"""Public pages of the indicators: anyone may open them; what they show is restricted per record.

The figures come from the engine only (acthub.publishing.pivot runs the query); sensitive indicators
reach the public disclosure-controlled.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from acthub.core.permissions import public_view
from acthub.indicators.api.views import CODE
from acthub.indicators.choices import REGION
from acthub.indicators.models import Indicator, Target
from acthub.indicators.query import PLACE, QueryError, query
from acthub.portal import selectors
from acthub.publishing import pivot as pivots
from acthub.publishing import throttles
from acthub.publishing.charts import ChartRow, bar_chart


def indicator_or_404(request: HttpRequest, code: str) -> Indicator:
    """An indicator the user may see, or 404."""
    found = Indicator.objects.restrict(request.user, "view").filter(code=code) if CODE.match(code) else None
    indicator = found.first() if found is not None else None
    if indicator is None:
        raise Http404("No such indicator.")
    return indicator


@public_view
def index(request: HttpRequest) -> HttpResponse:
    """`/data/`: every indicator, how it is obtained, with links to its pivot and targets."""
    indicators = Indicator.objects.restrict(request.user, "view").select_related("numerator", "denominator")
    return render(request, "indicators/index.html", {"indicators": indicators})


def _pivot_context(request: HttpRequest, code: str) -> dict[str, Any]:
    program = selectors.program_or_404(request)
    indicator = indicator_or_404(request, code)
    context: dict[str, Any] = {"indicator": indicator, "program": program, "error": None, "table": None, "status": 200}
    refused = throttles.refusal(request)
    if refused:
        context["error"], context["status"] = refused, 429
        return context
    try:
        wanted = pivots.parse_request(request.GET, indicator, program, request.user)
        result = pivots.run(program, indicator, wanted, request.user)
    except QueryError as exc:
        context["error"] = str(exc)
        context["status"] = 400
        return context
    names = pivots.labels(request.user)
    table = pivots.lay_out(result, wanted, names)
    can_drill = pivots.role_of(request.user) in pivots.STAFF and bool(indicator.computation)
    links = [
        [_records_url(indicator, cell, wanted) if can_drill and cell else "" for cell in line] for line in table.grid
    ]
    context.update(
        wanted=wanted,
        result=result,
        names=names,
        table=table,
        rows=[
            (label, list(zip(line, link_line, strict=True)))
            for (_v, label), line, link_line in zip(table.rows, table.grid, links, strict=True)
        ],
        query=request.GET.urlencode(),
        dimensions=[*pivots.AXES, *[d for d in indicator.disaggregations or [] if d != "country"]],
    )
    return context


def _records_url(indicator: Indicator, cell: Any, wanted: pivots.PivotRequest) -> str:
    """Where staff see the records behind a computed cell (the page checks their scope again)."""
    if cell.method != "computed":
        return ""
    params = {"period": cell.period.id, "place": cell.place, **{d: v for d, v in cell.group if v}}
    if wanted.synthetic:
        params["synthetic"] = "1"
    return f"{reverse('indicators:records', args=[indicator.code])}?{urlencode(params)}"


@public_view
def chart(request: HttpRequest, code: str) -> HttpResponse:
    """`/data/<code>/chart/?...`: the same figures as the pivot, as a bar chart (server-side SVG)."""
    context = _pivot_context(request, code)
    if context["error"]:
        return render(request, "indicators/pivot.html", context, status=context["status"])
    table = context["table"]
    rows: list[ChartRow] = []
    for (row_value, row_label), line in zip(table.rows, table.grid, strict=True):
        for (col_value, col_label), cell in zip(table.cols, line, strict=True):
            if cell is None or cell.value is None or (row_value == "" and len(table.rows) > 1):
                continue
            if col_value == "" and len(table.cols) > 1:
                continue
            label = row_label if len(table.cols) == 1 else f"{row_label}, {col_label}"
            rows.append(ChartRow(label=label, value=Decimal(cell.value), display=cell.display))
    indicator = context["indicator"]
    description = _("%(indicator)s: %(values)s.") % {
        "indicator": indicator.name,
        "values": "; ".join(f"{r.label}: {r.display}" for r in rows) or _("no values"),
    }
    context["chart"] = bar_chart(indicator.name, description, rows)
    return render(request, "indicators/chart.html", context)


@public_view
def targets(request: HttpRequest, code: str) -> HttpResponse:
    """`/data/<code>/targets/`: each target of the indicator beside the engine's value for its cell."""
    program = selectors.program_or_404(request)
    indicator = indicator_or_404(request, code)
    found = list(
        Target.objects.restrict(request.user, "view")
        .filter(program=program, indicator=indicator)
        .select_related("country")
        .order_by("period", "country__code")
    )
    lines = []
    for target in found:
        place = target.country.code if target.country else REGION
        try:
            cell = query(program, code, periods=[target.period], places=[place], user=request.user).get(
                target.period, place
            )
        except QueryError:
            cell = None
        actual = cell.value if cell is not None else None
        # A partial value (records for part of the period) is no actual against a target.
        complete = cell is not None and not cell.partial
        share = (
            (Decimal(100) * actual / target.value).quantize(Decimal(1))
            if actual is not None and target.value and complete
            else None
        )
        link = f"?{urlencode({'period': target.period, 'place': place, 'cols': ''})}"
        lines.append({"target": target, "place": place, "cell": cell, "share": share, "link": link})
    names = pivots.labels(request.user)[PLACE]
    return render(request, "indicators/targets.html", {"indicator": indicator, "lines": lines, "names": names})
