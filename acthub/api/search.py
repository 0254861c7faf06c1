"""`GET /api/v1/search/?q=`: the one search as JSON (results with type, title, URL, snippet; facets)."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle
from rest_framework.views import APIView

from acthub.api.permissions import PublicRead
from acthub.library.api.serializers import SearchResultSerializer
from acthub.library.search.query import FACETS, clean_filters, search
from acthub.portal.links import result_url
from acthub.portal.views.library import facet_view


class SearchView(APIView):
    """Search resources, organisations, projects, achievements, public activities and indicators.

    Every word of `q` must occur (case and Latin diacritics do not matter; a word is found inside
    Lao, Khmer, Thai and Burmese text written without spaces). Filter by the facets `kind`, `type`,
    `country`, `language`, `topic`, `year`. Results and facet counts hold only what the caller may see.
    """

    permission_classes = [PublicRead]
    throttle_classes = [AnonRateThrottle, UserRateThrottle]

    @extend_schema(
        operation_id="search",
        parameters=[
            OpenApiParameter("q", str, description="Words to find (at most 200 characters)."),
            OpenApiParameter("page", int, description="Page number (20 results a page)."),
            *(OpenApiParameter(name, str, description=f"Only results with this {name}.") for name in FACETS),
        ],
        responses={200: SearchResultSerializer},
    )
    def get(self, request: Request) -> Response:
        params = request.query_params
        raw_page = params.get("page", "1")
        results = search(
            params.get("q", ""),
            user=request.user,
            filters=clean_filters(params),
            page=int(raw_page) if raw_page.isdigit() else 1,
        )

        def page_link(number: int) -> str:
            query = params.copy()
            query["page"] = str(number)
            return request.build_absolute_uri(request.path + "?" + query.urlencode())

        facets = {
            f["name"]: [{"value": v["value"], "label": str(v["label"]), "count": v["count"]} for v in f["values"]]
            for f in facet_view(results, request._request)
        }
        body = {
            "query": results.query,
            "count": results.total,
            "page": results.page,
            "pages": results.pages,
            "next": page_link(results.page + 1) if results.has_next else None,
            "previous": page_link(results.page - 1) if results.has_previous else None,
            "results": [
                {
                    "type": hit.kind,
                    "subtype": hit.type,
                    "title": hit.title,
                    "url": request.build_absolute_uri(result_url(hit)),
                    "snippet": str(hit.snippet),
                    "snippet_text": hit.snippet_text,
                    "year": hit.year,
                }
                for hit in results.hits
            ],
            "facets": facets,
        }
        return Response(body)
