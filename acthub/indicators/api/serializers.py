"""Serializers of the indicator registry and its data values."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
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
    # Plain text, not a second enum of the same choices as `method` (one name per choice set in the schema).
    preference = serializers.CharField(
        read_only=True, help_text="Which value a cell shows when it has both: reported or computed."
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
            "computation",
            "filters",
            "numerator_filter",
            "preference",
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
            "is_pending",
        ]


class QueryCellSerializer(serializers.Serializer):
    """One figure of a query: where it sits, both values it may have, and what is shown."""

    period = serializers.CharField(source="period.id", help_text="DHIS2 period identifier.")
    place = serializers.CharField(help_text="ISO code of the country, or REGION.")
    group = serializers.SerializerMethodField(help_text='Disaggregation values; "" is the total over one.')
    value = serializers.DecimalField(max_digits=18, decimal_places=4, allow_null=True, help_text="The value shown.")
    display = serializers.CharField(
        help_text='The value as shown: "2,037", "35%", "<11" (suppressed), a dash (no records).'
    )
    method = serializers.CharField(allow_null=True, help_text="Which value is shown: reported or computed.")
    reported = serializers.DecimalField(max_digits=18, decimal_places=4, allow_null=True)
    computed = serializers.DecimalField(max_digits=18, decimal_places=4, allow_null=True)
    numerator = serializers.IntegerField(allow_null=True, help_text="For a percentage: its numerator.")
    denominator = serializers.IntegerField(allow_null=True, help_text="For a percentage: its denominator.")
    suppressed = serializers.BooleanField(help_text="Hidden by disclosure control.")
    provenance = serializers.CharField(help_text="The source document, or the query over records.")

    @extend_schema_field(serializers.DictField(child=serializers.CharField()))
    def get_group(self, obj: Any) -> dict[str, str]:
        return dict(obj.group)


class QueryResultSerializer(serializers.Serializer):
    """The figures of an indicator by period, place and disaggregation: what the pivot shows."""

    program = serializers.SerializerMethodField(help_text="Slug of the program.")
    indicator = serializers.CharField(source="indicator.code")
    unit = serializers.CharField(source="indicator.unit")
    audience = serializers.CharField(help_text="public: disclosure-controlled where sensitive; internal: not.")
    rule = serializers.CharField(help_text="Which value a cell shows when it has both.")
    periods = serializers.SerializerMethodField()
    places = serializers.ListField(child=serializers.CharField())
    by = serializers.ListField(child=serializers.CharField())
    synthetic = serializers.BooleanField(help_text="Whether these are synthetic demo figures.")
    cells = QueryCellSerializer(many=True)

    def get_program(self, obj: Any) -> str:
        return str(self.context.get("program_slug", ""))

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_periods(self, obj: Any) -> list[str]:
        return [p.id for p in obj.periods]
