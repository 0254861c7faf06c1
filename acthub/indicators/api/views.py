"""Endpoints of the indicator registry and its data values."""

from __future__ import annotations

import re

from django.conf import settings
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle
from rest_framework.views import APIView

from acthub.api.permissions import PublicRead
from acthub.api.viewsets import RestrictedViewSet
from acthub.core.access import role_of
from acthub.core.permissions import STAFF
from acthub.indicators.api.serializers import DataValueSerializer, IndicatorSerializer, QueryResultSerializer
from acthub.indicators.filtersets import DataValueFilterSet, IndicatorFilterSet
from acthub.indicators.models import DataValue, Indicator
from acthub.indicators.query import QueryError, default_periods, query
from acthub.program.models import Program
from acthub.publishing.throttles import FigureQueryThrottle

CODE = re.compile(r"^[A-Z][A-Z0-9_]{1,49}$")
SLUG = re.compile(r"^[-a-zA-Z0-9_]{1,50}$")


class IndicatorViewSet(RestrictedViewSet):
    """Indicators (`/indicators/<CODE>/`), with what computed ones compute and how they break down."""

    model = Indicator
    serializer_class = IndicatorSerializer
    filterset_class = IndicatorFilterSet
    lookup_field = "code"
    lookup_value_regex = "[A-Z][A-Z0-9_]{1,49}"
    select = ("numerator", "denominator")
    search_fields = ["code", "name", "definition"]
    ordering_fields = ["code", "name"]


class DataValueViewSet(RestrictedViewSet):
    """Data values with their provenance; values of sensitive indicators only within the user's scope."""

    model = DataValue
    serializer_class = DataValueSerializer
    filterset_class = DataValueFilterSet
    select = ("program", "indicator", "country")
    search_fields = ["source_document", "source_location", "note"]
    ordering_fields = ["period_start", "period_end", "value", "indicator__code", "country__name", "reported_at"]


class QueryView(APIView):
    """The figures of one indicator by period, place and disaggregation: the same cells as the pivot.

    `period` and `place` take comma-separated lists; `by` names the breakdowns (`place`, `sex`,
    `agency_type`, ...; see the indicator's `disaggregations`). Totals over each breakdown come with
    the cells (group value ""). Figures of sensitive indicators are disclosure-controlled for the public.
    """

    permission_classes = [PublicRead]
    throttle_classes = [AnonRateThrottle, UserRateThrottle, FigureQueryThrottle]

    @extend_schema(
        operation_id="query_figures",
        parameters=[
            OpenApiParameter("indicator", str, required=True, description="Code of the indicator."),
            OpenApiParameter(
                "period",
                str,
                description="Periods, comma-separated: 2020, 2021S1, 2021Q2, 202106, 2021-01-01/2021-06-30.",
            ),
            OpenApiParameter("place", str, description="Places, comma-separated: REGION or ISO country codes."),
            OpenApiParameter("by", str, description="Breakdowns, comma-separated: place, sex, agency_type, ..."),
            OpenApiParameter("program", str, description="Slug of the program (default: the portal's)."),
        ],
        responses={
            200: QueryResultSerializer,
            400: OpenApiResponse(
                description="The query cannot be answered (the message says why); nothing was computed."
            ),
            429: OpenApiResponse(description="Too many figure queries from this client: wait and ask again."),
        },
    )
    def get(self, request: Request) -> Response:
        params = request.query_params
        programs = Program.objects.restrict(request.user, "view")
        slug = params.get("program") or settings.ACTHUB_DEFAULT_PROGRAM
        # Malformed names are looked up nowhere (a NUL byte is an error in PostgreSQL, not a miss).
        program = programs.filter(slug=slug).first() if SLUG.match(slug) else None
        if program is None:
            raise NotFound(_("No program has the slug %(slug)s.") % {"slug": slug})
        code = params.get("indicator", "")
        indicator = (
            Indicator.objects.restrict(request.user, "view").filter(code=code).first() if CODE.match(code) else None
        )
        if indicator is None:
            raise NotFound(_("No indicator has the code %(code)s.") % {"code": params.get("indicator", "")})
        split = lambda name: [v.strip() for v in params.get(name, "").split(",") if v.strip()]  # noqa: E731
        try:
            result = query(
                program,
                indicator.code,
                periods=split("period") or default_periods(program),
                places=split("place") or None,
                by=split("by"),
                user=request.user,
                synthetic=params.get("synthetic") == "1" and role_of(request.user) in STAFF,
            )
        except QueryError as exc:
            raise ValidationError({"detail": str(exc)}) from exc
        return Response(QueryResultSerializer(result, context={"program_slug": program.slug}).data)
