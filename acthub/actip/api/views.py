"""ACTIP endpoints: reference data and ratifications (public), assessments (published ones public; a
draft only to its country's staff and regional MEL: elsewhere it does not exist, 404)."""

from __future__ import annotations

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters

from acthub.actip.api import serializers
from acthub.actip.models import Article, Assessment, AssessmentItem, Chapter, Ratification
from acthub.api.viewsets import RestrictedViewSet, visible
from acthub.library.models import Resource


class ArticleFilterSet(filters.FilterSet):
    chapter = filters.CharFilter(field_name="chapter__number", help_text=_("The chapter's numeral, e.g. IV."))

    class Meta:
        model = Article
        fields = ["chapter", "obligation_kind", "is_confirmed"]


class AssessmentFilterSet(filters.FilterSet):
    country = filters.CharFilter(field_name="country__code", help_text=_("ISO code of the member state."))

    class Meta:
        model = Assessment
        fields = ["country", "period", "status"]


class ChapterViewSet(RestrictedViewSet):
    """The Convention's chapters."""

    model = Chapter
    serializer_class = serializers.ChapterSerializer
    ordering_fields = ["order", "number"]


class ArticleViewSet(RestrictedViewSet):
    """The Convention's articles and their obligations (reference data; unconfirmed titles say so)."""

    model = Article
    serializer_class = serializers.ArticleSerializer
    filterset_class = ArticleFilterSet
    select = ("chapter",)
    search_fields = ["title", "summary"]
    ordering_fields = ["number"]


class RatificationViewSet(RestrictedViewSet):
    """Signature and ratification of the Convention per member state."""

    model = Ratification
    serializer_class = serializers.RatificationSerializer
    select = ("country",)
    ordering_fields = ["ratified_on", "country__name"]


class AssessmentViewSet(RestrictedViewSet):
    """Assessments per member state and period, each article's status; drafts only within the reader's scope."""

    model = Assessment
    serializer_class = serializers.AssessmentSerializer
    filterset_class = AssessmentFilterSet
    select = ("country",)
    ordering_fields = ["period", "country__name"]

    def get_prefetches(self) -> list[Prefetch]:
        user = self.request.user
        resources = Prefetch("resources", queryset=visible(Resource, user), to_attr="visible_resources")
        items = visible(AssessmentItem, user).select_related("article").prefetch_related(resources)
        return [Prefetch("items", queryset=items.order_by("article__number"))]
