"""FilterSets of the indicator registry and its data values."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters

from acthub.api.filters import PeriodFilter, PeriodWithinFilter, ProgramPlaceScopedFilterSet, SexFilter, visible_choices
from acthub.indicators.models import DataValue, Indicator


class IndicatorFilterSet(filters.FilterSet):
    """Indicators by unit, method and sensitivity."""

    class Meta:
        model = Indicator
        fields = ["unit", "method", "is_sensitive"]


class DataValueFilterSet(ProgramPlaceScopedFilterSet):
    """Data values by program, indicator, place, period (exact or within), sex and method."""

    indicator = filters.ModelChoiceFilter(
        to_field_name="code", queryset=visible_choices(Indicator), help_text=_("Code of the indicator.")
    )
    period = PeriodFilter(field_name="period")
    within = PeriodWithinFilter(field_name="period")
    sex = SexFilter(field_name="sex")

    class Meta:
        model = DataValue
        fields = ["program", "indicator", "country", "country__isnull", "period", "within", "sex", "method"]
