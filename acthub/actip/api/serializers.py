"""Serializers of the ACTIP endpoints: the Convention's reference data, ratifications and assessments."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from acthub.actip.models import Article, Assessment, AssessmentItem, Chapter, Ratification
from acthub.api.fields import CountryCodeField


class ChapterSerializer(serializers.ModelSerializer):
    """A chapter of the Convention (its title empty where the reference is unconfirmed)."""

    url = serializers.HyperlinkedIdentityField(view_name="v1:actipchapter-detail")

    class Meta:
        model = Chapter
        fields = ["id", "url", "number", "title", "order"]


class ArticleSerializer(serializers.ModelSerializer):
    """An article and the kind of obligation it sets; `is_confirmed` false where the title is not checked."""

    url = serializers.HyperlinkedIdentityField(view_name="v1:actiparticle-detail")
    chapter = serializers.CharField(source="chapter.number", read_only=True, help_text="The chapter's numeral.")
    heading = serializers.CharField(
        source="label", read_only=True, help_text="The title, or a placeholder naming the article."
    )

    class Meta:
        model = Article
        fields = ["id", "url", "chapter", "number", "title", "heading", "obligation_kind", "summary", "is_confirmed"]


class RatificationSerializer(serializers.ModelSerializer):
    """A member state's signature and ratification of the Convention."""

    url = serializers.HyperlinkedIdentityField(view_name="v1:actipratification-detail")
    country = CountryCodeField(allow_null=False)

    class Meta:
        model = Ratification
        fields = ["id", "url", "country", "signed_on", "ratified_on", "note", "source"]


class AssessmentItemSerializer(serializers.ModelSerializer):
    """One article's status in an assessment, its evidence, laws and the library resources the reader may see."""

    article = serializers.IntegerField(source="article.number", read_only=True)
    laws = serializers.ListField(source="law_list", child=serializers.CharField(), read_only=True)
    links = serializers.ListField(child=serializers.URLField(), read_only=True)
    resources = serializers.SerializerMethodField(help_text="Ids of the linked library resources the reader may see.")

    class Meta:
        model = AssessmentItem
        fields = ["id", "article", "status", "evidence", "laws", "links", "resources"]

    def get_resources(self, item: Any) -> list[int]:
        return [resource.pk for resource in getattr(item, "visible_resources", [])]


class AssessmentSerializer(serializers.ModelSerializer):
    """A member state's assessment for a reporting period, with every article's status."""

    url = serializers.HyperlinkedIdentityField(view_name="v1:actipassessment-detail")
    country = CountryCodeField(allow_null=False)
    period_label = serializers.CharField(read_only=True)
    items = AssessmentItemSerializer(many=True, read_only=True)

    class Meta:
        model = Assessment
        fields = ["id", "url", "country", "period", "period_label", "status", "summary", "published_at", "items"]
