"""Endpoints of the core app: countries, looked up by ISO code."""

from __future__ import annotations

from django.db.models import Prefetch

from acthub.api.viewsets import RestrictedViewSet, visible_prefetch
from acthub.core.filtersets import CountryFilterSet
from acthub.core.models import Country
from acthub.program.api.country_serializers import CountrySerializer
from acthub.program.models import CountryProgramming


class CountryViewSet(RestrictedViewSet):
    """Countries (`/countries/LA/`) with their ASEAN membership and programming status."""

    model = Country
    serializer_class = CountrySerializer
    filterset_class = CountryFilterSet
    lookup_field = "code"
    lookup_value_regex = "[A-Z]{2}"
    search_fields = ["code", "name", "name_local"]
    ordering_fields = ["code", "name", "asean_member_since"]

    def get_prefetches(self) -> list[Prefetch]:
        return [visible_prefetch("programming", CountryProgramming, self.request.user, select=("program", "country"))]
