"""Endpoints of the program registry and of what the program reports."""

from __future__ import annotations

from django.db.models import Prefetch, Q

from acthub.api.viewsets import RestrictedViewSet, visible, visible_prefetch
from acthub.core.models import Country
from acthub.directory.models import Organisation
from acthub.program import filtersets
from acthub.program.api import result_serializers as results
from acthub.program.api import serializers
from acthub.program.models import (
    Achievement,
    CountryProgramming,
    FocusTag,
    GovernanceBody,
    GovernanceMeeting,
    GovernanceMembership,
    Grant,
    GrantRound,
    MediaItem,
    OutcomeArea,
    OutcomeAreaIntro,
    Pathway,
    Program,
    ProgramLink,
    Project,
    Story,
    SupportDelivered,
)


class ProgramViewSet(RestrictedViewSet):
    """Programs (`/programs/<slug>/`), with their funder, implementer and links."""

    model = Program
    serializer_class = serializers.ProgramSerializer
    filterset_class = filtersets.ProgramFilterSet
    lookup_field = "slug"
    lookup_value_regex = "[-a-zA-Z0-9_]+"
    prefetch = ("links",)
    search_fields = ["name", "acronym", "tagline", "description"]
    ordering_fields = ["name", "start_year"]

    def get_prefetches(self) -> list[Prefetch]:
        user = self.request.user
        return [visible_prefetch("funder", Organisation, user), visible_prefetch("implementer", Organisation, user)]


class ProgramLinkViewSet(RestrictedViewSet):
    """Websites, resource portals and social accounts of programs."""

    model = ProgramLink
    serializer_class = serializers.ProgramLinkSerializer
    filterset_class = filtersets.ProgramLinkFilterSet
    select = ("program",)
    search_fields = ["label", "description"]
    ordering_fields = ["order", "label"]


class CountryProgrammingViewSet(RestrictedViewSet):
    """Each country's programming status in each program."""

    model = CountryProgramming
    serializer_class = serializers.CountryProgrammingSerializer
    filterset_class = filtersets.CountryProgrammingFilterSet
    select = ("program", "country")
    search_fields = ["note", "country__name"]
    ordering_fields = ["country__name", "status"]


class PathwayViewSet(RestrictedViewSet):
    """The pathways of programs."""

    model = Pathway
    serializer_class = serializers.PathwaySerializer
    filterset_class = filtersets.PathwayFilterSet
    select = ("program",)
    search_fields = ["name", "description"]
    ordering_fields = ["number", "name"]


class OutcomeAreaViewSet(RestrictedViewSet):
    """The outcome areas of programs, in order."""

    model = OutcomeArea
    serializer_class = serializers.OutcomeAreaSerializer
    filterset_class = filtersets.OutcomeAreaFilterSet
    select = ("program",)
    search_fields = ["name", "slug"]
    ordering_fields = ["order", "name"]


class OutcomeAreaIntroViewSet(RestrictedViewSet):
    """The paragraphs that open outcome areas, regional or per country."""

    model = OutcomeAreaIntro
    serializer_class = serializers.OutcomeAreaIntroSerializer
    filterset_class = filtersets.OutcomeAreaIntroFilterSet
    select = ("outcome_area__program", "country")
    search_fields = ["text"]
    ordering_fields = ["outcome_area__order", "country__name"]


class FocusTagViewSet(RestrictedViewSet):
    """Thematic focus tags of projects (`/focus-tags/<slug>/`)."""

    model = FocusTag
    serializer_class = serializers.FocusTagSerializer
    filterset_class = filtersets.FocusTagFilterSet
    lookup_field = "slug"
    lookup_value_regex = "[-a-zA-Z0-9_]+"
    search_fields = ["name", "slug"]
    ordering_fields = ["name", "slug"]


class ProjectViewSet(RestrictedViewSet):
    """Projects, national or regional, with their countries, pathways, focus and partners."""

    model = Project
    serializer_class = serializers.ProjectSerializer
    filterset_class = filtersets.ProjectFilterSet
    select = ("program",)
    prefetch = ("pathways", "focus_tags")
    search_fields = ["title", "summary"]
    ordering_fields = ["title", "start_date", "end_date", "status"]

    def get_prefetches(self) -> list[Prefetch]:
        user = self.request.user
        return [visible_prefetch("countries", Country, user), visible_prefetch("partners", Organisation, user)]


class GovernanceBodyViewSet(RestrictedViewSet):
    """Steering committees with their seats; a seat held by a hidden organisation is left out."""

    model = GovernanceBody
    serializer_class = serializers.GovernanceBodySerializer
    filterset_class = filtersets.GovernanceBodyFilterSet
    select = ("program", "country")
    search_fields = ["name", "acronym", "description"]
    ordering_fields = ["name", "level", "country__name"]

    def get_prefetches(self) -> list[Prefetch]:
        user = self.request.user
        seats = (
            visible(GovernanceMembership, user)
            .filter(Q(organisation__isnull=True) | Q(organisation__in=visible(Organisation, user)))
            .select_related("organisation", "member_state")
        )
        return [Prefetch("memberships", queryset=seats)]


class GovernanceMeetingViewSet(RestrictedViewSet):
    """Meetings of governance bodies, latest first within each body."""

    model = GovernanceMeeting
    serializer_class = serializers.GovernanceMeetingSerializer
    filterset_class = filtersets.GovernanceMeetingFilterSet
    select = ("body__program", "body__country")
    search_fields = ["title", "summary"]
    ordering_fields = ["date", "title"]


class AchievementViewSet(RestrictedViewSet):
    """Result statements; figures in the text come from the indicators engine, for this user."""

    model = Achievement
    serializer_class = results.AchievementSerializer
    filterset_class = filtersets.AchievementFilterSet
    select = ("program", "outcome_area", "country")
    search_fields = ["text"]
    ordering_fields = ["order", "period", "outcome_area__order", "country__name"]

    def get_prefetches(self) -> list[Prefetch]:
        user = self.request.user
        return [visible_prefetch("projects", Project, user), visible_prefetch("organisations", Organisation, user)]


class StoryViewSet(RestrictedViewSet):
    """Case studies: the published ones for everyone, the others within the user's scope."""

    model = Story
    serializer_class = results.StorySerializer
    filterset_class = filtersets.StoryFilterSet
    select = ("program", "country", "outcome_area")
    search_fields = ["title", "body"]
    ordering_fields = ["title", "period", "country__name"]


class MediaItemViewSet(RestrictedViewSet):
    """Images with their captions."""

    model = MediaItem
    serializer_class = results.MediaItemSerializer
    filterset_class = filtersets.MediaItemFilterSet
    select = ("program", "country", "outcome_area")
    search_fields = ["caption"]
    ordering_fields = ["caption", "country__name"]


class GrantRoundViewSet(RestrictedViewSet):
    """Calls for grants."""

    model = GrantRound
    serializer_class = results.GrantRoundSerializer
    filterset_class = filtersets.GrantRoundFilterSet
    select = ("program",)
    search_fields = ["name", "purpose"]
    ordering_fields = ["launched", "name"]


class GrantViewSet(RestrictedViewSet):
    """Grants; a grantee outside the user's view reads as null."""

    model = Grant
    serializer_class = results.GrantSerializer
    filterset_class = filtersets.GrantFilterSet
    select = ("program",)
    search_fields = ["purpose"]
    ordering_fields = ["start_date", "end_date", "amount", "status"]

    def get_prefetches(self) -> list[Prefetch]:
        user = self.request.user
        return [visible_prefetch("grantee", Organisation, user), visible_prefetch("countries", Country, user)]


class SupportDeliveredViewSet(RestrictedViewSet):
    """Support given in kind."""

    model = SupportDelivered
    serializer_class = results.SupportDeliveredSerializer
    filterset_class = filtersets.SupportDeliveredFilterSet
    select = ("program", "country", "outcome_area")
    search_fields = ["item", "recipient_description", "purpose"]
    ordering_fields = ["item", "period", "quantity", "country__name"]

    def get_prefetches(self) -> list[Prefetch]:
        return [visible_prefetch("recipient", Organisation, self.request.user)]
