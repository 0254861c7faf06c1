"""FilterSets of the justice endpoints: by country code, year, stage and case."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters

from acthub.justice.models import Charge, CourtCase, Defendant, DefendantCharge, Victim

_COUNTRY_HELP = _("ISO 3166-1 alpha-2 code of the case's country.")


class CourtCaseFilterSet(filters.FilterSet):
    country = filters.CharFilter(field_name="country__code", help_text=_COUNTRY_HELP)

    class Meta:
        model = CourtCase
        fields = ["country", "year", "stage", "outcome", "court_level", "is_synthetic"]


class ChargeFilterSet(filters.FilterSet):
    country = filters.CharFilter(field_name="case__country__code", help_text=_COUNTRY_HELP)

    class Meta:
        model = Charge
        fields = ["country", "case"]


class DefendantFilterSet(filters.FilterSet):
    country = filters.CharFilter(field_name="case__country__code", help_text=_COUNTRY_HELP)

    class Meta:
        model = Defendant
        fields = ["country", "case", "gender", "role"]


class DefendantChargeFilterSet(filters.FilterSet):
    country = filters.CharFilter(field_name="defendant__case__country__code", help_text=_COUNTRY_HELP)

    class Meta:
        model = DefendantCharge
        fields = ["country", "defendant", "charge", "verdict"]


class VictimFilterSet(filters.FilterSet):
    country = filters.CharFilter(field_name="country__code", help_text=_COUNTRY_HELP)

    class Meta:
        model = Victim
        fields = ["country", "case", "gender", "is_child"]
