"""Serializers of what a program reports: achievements, case studies, images, grants, support."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.reverse import reverse

from acthub.api.fields import CountryCodeField, OutcomeAreaSlugField, ProgramSlugField
from acthub.directory.api.serializers import OrganisationRefSerializer
from acthub.program.api.figures import FigureCache, ResolvedReference, render
from acthub.program.models import Achievement, Grant, GrantRound, MediaItem, Story, SupportDelivered

SOURCE = ["source_document", "source_location"]


class FigureReferenceSerializer(serializers.Serializer):
    """A figure named in a text, with the value the user may see and where it comes from."""

    reference = serializers.CharField(source="token", help_text="The reference as written in the text.")
    indicator = serializers.CharField(source="reference.code", help_text="Indicator code.")
    period = serializers.CharField(source="reference.period")
    place = serializers.CharField(help_text="ISO code of the country, or REGION.")
    display = serializers.CharField(
        source="figure.display", allow_null=True, help_text="The value as shown; null when not available."
    )
    value = serializers.DecimalField(source="figure.value", max_digits=18, decimal_places=4, allow_null=True)
    method = serializers.CharField(source="figure.method", allow_null=True)
    data_value = serializers.SerializerMethodField(help_text="Link to the data value and its provenance.")

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_data_value(self, obj: ResolvedReference) -> str | None:
        if obj.figure is None or obj.figure.data_value_id is None:  # computed figures have no stored row
            return None
        return reverse("v1:datavalue-detail", args=[obj.figure.data_value_id], request=self.context.get("request"))


class AchievementListSerializer(serializers.ListSerializer):
    """Loads the figures of a whole page of achievements at once before showing them."""

    def to_representation(self, data: Any) -> list[Any]:
        items = list(data.all() if hasattr(data, "all") else data)
        figure_cache(self.context).prime(items)
        return super().to_representation(items)


def figure_cache(context: dict[str, Any]) -> FigureCache:
    """The figures of this response, shared by every achievement serialized in it."""
    if "figures" not in context:
        request = context.get("request")
        context["figures"] = FigureCache(getattr(request, "user", None))
    cache: FigureCache = context["figures"]
    return cache


class AchievementSerializer(serializers.ModelSerializer):
    """A result statement; `text` holds figure references, `text_rendered` their values."""

    url = serializers.HyperlinkedIdentityField(view_name="v1:achievement-detail")
    program = ProgramSlugField()
    outcome_area = OutcomeAreaSlugField(allow_null=False)
    country = CountryCodeField()
    text_rendered = serializers.SerializerMethodField(
        help_text="The statement with every figure reference replaced by the value the user may see."
    )
    figures = serializers.SerializerMethodField(help_text="The figure references of the statement, in order.")
    projects: serializers.HyperlinkedRelatedField[Any] = serializers.HyperlinkedRelatedField(
        view_name="v1:project-detail", many=True, read_only=True
    )
    organisations = OrganisationRefSerializer(many=True, read_only=True)

    class Meta:
        model = Achievement
        list_serializer_class = AchievementListSerializer
        fields = [
            "id",
            "url",
            "program",
            "outcome_area",
            "country",
            "period",
            "text",
            "text_rendered",
            "figures",
            "order",
            "projects",
            "organisations",
            "is_published",
            *SOURCE,
        ]

    def get_text_rendered(self, obj: Achievement) -> str:
        return render(figure_cache(self.context).resolve(obj))

    @extend_schema_field(FigureReferenceSerializer(many=True))
    def get_figures(self, obj: Achievement) -> list[Any]:
        refs = [p for p in figure_cache(self.context).resolve(obj) if isinstance(p, ResolvedReference)]
        return list(FigureReferenceSerializer(refs, many=True, context=self.context).data)


class StorySerializer(serializers.ModelSerializer):
    """A case study (published only with consent, anonymised)."""

    url = serializers.HyperlinkedIdentityField(view_name="v1:story-detail")
    program = ProgramSlugField()
    country = CountryCodeField()
    outcome_area = OutcomeAreaSlugField()

    class Meta:
        model = Story
        fields = [
            "id",
            "url",
            "program",
            "country",
            "outcome_area",
            "title",
            "body",
            "period",
            "consent_obtained",
            "anonymised",
            "is_published",
            *SOURCE,
        ]


class MediaItemSerializer(serializers.ModelSerializer):
    """An image with its caption; `file` is its address, null when there is no file."""

    url = serializers.HyperlinkedIdentityField(view_name="v1:mediaitem-detail")
    program = ProgramSlugField()
    country = CountryCodeField()
    outcome_area = OutcomeAreaSlugField()
    file = serializers.FileField(read_only=True, allow_null=True, use_url=True)

    class Meta:
        model = MediaItem
        fields = ["id", "url", "program", "country", "outcome_area", "caption", "file", "is_published", *SOURCE]


class GrantRoundSerializer(serializers.ModelSerializer):
    """A call for grants."""

    url = serializers.HyperlinkedIdentityField(view_name="v1:grantround-detail")
    program = ProgramSlugField()
    launched_label = serializers.CharField(read_only=True, help_text="The launch period as people read it.")

    class Meta:
        model = GrantRound
        fields = ["id", "url", "program", "name", "launched", "launched_label", "purpose", "phase", *SOURCE]


class GrantSerializer(serializers.ModelSerializer):
    """A grant to one organisation, for its countries (codes; empty: the region)."""

    url = serializers.HyperlinkedIdentityField(view_name="v1:grant-detail")
    program = ProgramSlugField()
    round: serializers.HyperlinkedRelatedField[GrantRound] = serializers.HyperlinkedRelatedField(
        view_name="v1:grantround-detail", read_only=True, allow_null=True
    )
    grantee = OrganisationRefSerializer(
        read_only=True, allow_null=True, help_text="Null when the grantee is not in the user's view."
    )
    countries = CountryCodeField(
        many=True, read_only=True, help_text="ISO 3166-1 alpha-2 codes of the grant's countries; empty for the region."
    )

    class Meta:
        model = Grant
        fields = [
            "id",
            "url",
            "program",
            "round",
            "grantee",
            "countries",
            "purpose",
            "initiated",
            "start_date",
            "end_date",
            "amount",
            "currency",
            "status",
            *SOURCE,
        ]


class SupportDeliveredSerializer(serializers.ModelSerializer):
    """Support given in kind: what, how much, to whom, when."""

    url = serializers.HyperlinkedIdentityField(view_name="v1:supportdelivered-detail")
    program = ProgramSlugField()
    country = CountryCodeField()
    outcome_area = OutcomeAreaSlugField()
    recipient = OrganisationRefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = SupportDelivered
        fields = [
            "id",
            "url",
            "program",
            "country",
            "outcome_area",
            "item",
            "quantity",
            "unit",
            "recipient",
            "recipient_description",
            "purpose",
            "period",
            *SOURCE,
        ]
