"""The filters of the public list of activities: kind, country (or regional), year and mode."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from acthub.activities.choices import ActivityKind, Mode
from acthub.activities.models import Activity
from acthub.core.models import Country

REGIONAL = "regional"


class ActivityFilterSet(django_filters.FilterSet):
    """Activities by kind, country (`regional`: the regional ones), calendar year of the start, and mode."""

    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=ActivityKind.choices, empty_label=_("All"))
    country = django_filters.ChoiceFilter(label=_("Country"), method="filter_country", empty_label=_("All"))
    year = django_filters.ChoiceFilter(label=_("Year"), method="filter_year", empty_label=_("All"))
    mode = django_filters.ChoiceFilter(label=_("Mode"), choices=Mode.choices, empty_label=_("All"))

    class Meta:
        model = Activity
        fields = ["kind", "country", "year", "mode"]

    def __init__(self, *args: Any, countries: QuerySet[Country], years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filters["country"].extra["choices"] = [(REGIONAL, _("Regional")), *((c.code, c.name) for c in countries)]
        self.filters["year"].extra["choices"] = [(str(y), str(y)) for y in years]

    def filter_country(self, qs: QuerySet[Activity], name: str, value: str) -> QuerySet[Activity]:
        if value == REGIONAL:
            return qs.filter(is_regional=True)
        return qs.filter(countries__code=value).distinct()

    def filter_year(self, qs: QuerySet[Activity], name: str, value: str) -> QuerySet[Activity]:
        return qs.filter(start_date__year=int(value))
