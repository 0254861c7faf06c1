"""`/open-data/`: every public dataset with its definition, suppression rule and tidy CSV; the justice definitions.

The cells come from the engine's public query (acthub.publishing.datasets); these views only lay out
what it returns and build the links.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render

from acthub.core import exports
from acthub.core.permissions import public_view
from acthub.indicators.api.views import CODE
from acthub.indicators.query import QueryError
from acthub.justice import indicators as justice
from acthub.justice.demo import public_demo
from acthub.portal import selectors
from acthub.publishing import datasets, throttles


@public_view
def index(request: HttpRequest) -> HttpResponse:
    """`/open-data/`: the datasets (justice first, by area), each with definition, rule and CSV link."""
    found = datasets.datasets()
    context = {
        "justice_sets": [d for d in found if d.topic == datasets.JUSTICE],
        "other_sets": [d for d in found if d.topic != datasets.JUSTICE],
        "statuses": datasets.STATUSES,
    }
    return render(request, "publishing/open_data.html", context)


@public_view
def justice_definitions(request: HttpRequest) -> HttpResponse:
    """`/open-data/justice/`: the victim-sensitive court indicators, by area, with what they count over."""
    public = {d.code: d for d in datasets.datasets() if d.topic == datasets.JUSTICE}
    areas = [
        (name, [(item, public.get(item.code)) for item in justice.ITEMS if item.area == key])
        for key, name in justice.AREAS.items()
    ]
    return render(request, "publishing/open_data_justice.html", {"areas": areas, "k": justice.K})


@public_view
def dataset_csv(request: HttpRequest, code: str) -> HttpResponse | StreamingHttpResponse:
    """`/open-data/<code>.csv`: the dataset as a tidy table, one row per cell."""
    found = datasets.dataset(code) if CODE.match(code) else None
    if found is None:
        raise Http404("No such dataset.")
    refused = throttles.refusal(request)
    if refused:
        return HttpResponse(refused, status=429, content_type="text/plain; charset=utf-8")
    program = selectors.program_or_404(request)
    try:
        table = datasets.result(program, found)
    except QueryError as exc:
        return HttpResponse(str(exc), status=400, content_type="text/plain; charset=utf-8")
    # A demo instance's justice figures include synthetic cases: the file says so on every row.
    synthetic = found.topic == datasets.JUSTICE and public_demo()
    return exports.csv_response(f"{code.lower()}.csv", datasets.tidy_rows(found, table, synthetic=synthetic))
