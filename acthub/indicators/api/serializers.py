"""Serializers of the indicator registry and its data values."""

from __future__ import annotations

from rest_framework import serializers

from acthub.api.fields import CountryCodeField, ProgramSlugField
from acthub.indicators.models import DataValue, Indicator


class IndicatorSerializer(serializers.ModelSerializer):
    """What is measured: code, definition, unit, method, disaggregations and disclosure threshold."""

    url = serializers.HyperlinkedIdentityField(view_name="v1:indicator-detail", lookup_field="code")
    numerator: serializers.SlugRelatedField[Indicator] = serializers.SlugRelatedField(
        slug_field="code", read_only=True, allow_null=True
    )
    denominator: serializers.SlugRelatedField[Indicator] = serializers.SlugRelatedField(
        slug_field="code", read_only=True, allow_null=True
    )

    class Meta:
        model = Indicator
        fields = [
            "url",
            "code",
            "name",
            "definition",
            "unit",
            "method",
            "numerator",
            "denominator",
            "disaggregations",
            "is_sensitive",
            "disclosure_threshold",
        ]


class DataValueSerializer(serializers.ModelSerializer):
    """One figure (indicator x place x period x sex) with its provenance; `sex` empty is the total."""

    url = serializers.HyperlinkedIdentityField(view_name="v1:datavalue-detail")
    program = ProgramSlugField()
    indicator: serializers.SlugRelatedField[Indicator] = serializers.SlugRelatedField(
        slug_field="code", read_only=True, help_text="Code of the indicator."
    )
    indicator_url: serializers.HyperlinkedRelatedField[Indicator] = serializers.HyperlinkedRelatedField(
        source="indicator", view_name="v1:indicator-detail", lookup_field="code", read_only=True
    )
    country = CountryCodeField()
    place = serializers.CharField(source="place_code", read_only=True, help_text="ISO code of the country, or REGION.")

    class Meta:
        model = DataValue
        fields = [
            "id",
            "url",
            "program",
            "indicator",
            "indicator_url",
            "period",
            "period_start",
            "period_end",
            "country",
            "place",
            "sex",
            "value",
            "method",
            "source_document",
            "source_location",
            "reported_via",
            "reported_at",
            "note",
        ]
