"""FilterSets of the core app's records."""

from __future__ import annotations

from datetime import date

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters

from acthub.core.models import Country


class CountryFilterSet(filters.FilterSet):
    """Countries, optionally only the ASEAN member states on a date."""

    asean_member_on = filters.DateFilter(
        method="filter_asean_member_on",
        help_text=_("Only the ASEAN member states on this date (YYYY-MM-DD)."),
    )

    class Meta:
        model = Country
        fields = ["asean_member_on"]

    def filter_asean_member_on(self, qs: QuerySet[Country], name: str, value: date) -> QuerySet[Country]:
        return qs.filter(pk__in=Country.asean_members(value).values("pk"))
