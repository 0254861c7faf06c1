"""Public pages of the indicators: anyone may open them; what they show is restricted per record.

The figures come from the engine only (acthub.publishing.pivot runs the query); sensitive indicators
reach the public disclosure-controlled.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode

from acthub.core.content_translations import store_of
from acthub.core.permissions import public_view
from acthub.indicators.api.views import CODE
from acthub.indicators.choices import REGION
from acthub.indicators.models import Indicator, Target
from acthub.indicators.query import PLACE, QueryError, query
from acthub.portal import selectors
from acthub.publishing import pivot as pivots


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


def _records_url(indicator: Indicator, cell: Any, wanted: pivots.PivotRequest) -> str:
    """Where staff see the records behind a computed cell (the page checks their scope again)."""
    if cell.method != "computed":
        return ""
    params = {"period": cell.period.id, "place": cell.place, **{d: v for d, v in cell.group if v}}
    if wanted.synthetic:
        params["synthetic"] = "1"
    return f"{reverse('indicators:records', args=[indicator.code])}?{urlencode(params)}"


@public_view
def chart(request: HttpRequest, code: str) -> HttpResponsePermanentRedirect:
    """`/data/<code>/chart/?...` → `/data/<code>/?...&view=chart`: the visualizer draws every chart now.

    Links already published (fact sheets, bookmarks) keep working with their query string; an indicator
    the visitor may not see is a 404, not a redirect that names it.
    """
    query = request.GET.copy()
    query["view"] = "chart"
    return HttpResponsePermanentRedirect(
        f"{reverse('indicators:pivot', args=[indicator_or_404(request, code).code])}?{query.urlencode()}"
    )


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
    names = pivots.labels(request.user, store_of(request))[PLACE]
    return render(request, "indicators/targets.html", {"indicator": indicator, "lines": lines, "names": names})
