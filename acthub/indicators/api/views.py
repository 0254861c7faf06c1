"""Endpoints of the indicator registry and its data values."""

from __future__ import annotations

from acthub.api.viewsets import RestrictedViewSet
from acthub.indicators.api.serializers import DataValueSerializer, IndicatorSerializer
from acthub.indicators.filtersets import DataValueFilterSet, IndicatorFilterSet
from acthub.indicators.models import DataValue, Indicator


class IndicatorViewSet(RestrictedViewSet):
    """Indicators (`/indicators/<CODE>/`)."""

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
