"""The old indicator pages: each answers with a permanent redirect to its page under /data/ (publishing).

`/indicators/`, `/indicators/<code>/` and `/indicators/<code>/chart/` were a second set of indicator
pages beside the pivot; links already published (fact sheets, bookmarks) keep working, query string
kept, and an indicator the visitor may not see is still a 404 here, not a redirect that names it.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponsePermanentRedirect
from django.urls import reverse

from acthub.core.permissions import public_view
from acthub.publishing.views.public import chart, indicator_or_404


def _moved(request: HttpRequest, name: str, *args: str) -> HttpResponsePermanentRedirect:
    query = request.GET.urlencode()
    return HttpResponsePermanentRedirect(reverse(name, args=args) + (f"?{query}" if query else ""))


@public_view
def indicators(request: HttpRequest) -> HttpResponsePermanentRedirect:
    """`/indicators/` → `/data/`."""
    return _moved(request, "indicators:index")


@public_view
def indicator(request: HttpRequest, code: str) -> HttpResponsePermanentRedirect:
    """`/indicators/<code>/?period=&place=&sex=` → `/data/<code>/?period=&place=&sex=`."""
    return _moved(request, "indicators:pivot", indicator_or_404(request, code).code)


@public_view
def indicator_chart(request: HttpRequest, code: str) -> HttpResponsePermanentRedirect:
    """`/indicators/<code>/chart/?...` → `/data/<code>/?...&view=chart` (the visualizer's chart)."""
    return chart(request, code)
