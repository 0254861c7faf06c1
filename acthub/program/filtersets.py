"""FilterSets of the program registry and its results."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters

from acthub.api.filters import (
    PeriodFilter,
    PlaceFilter,
    ProgramPlaceScopedFilterSet,
    ProgramScopedFilterSet,
    visible_choices,
)
from acthub.directory.models import Organisation
from acthub.program.models import (
    Achievement,
    CountryProgramming,
    FocusTag,
    GovernanceBody,
    GovernanceMeeting,
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


def _outcome_area_filter(field_name: str = "outcome_area__slug") -> filters.CharFilter:
    return filters.CharFilter(field_name=field_name, help_text=_("Slug of the outcome area."))


def _organisation_filter(field_name: str, help_text: str | Promise) -> filters.ModelChoiceFilter:
    return filters.ModelChoiceFilter(field_name=field_name, queryset=visible_choices(Organisation), help_text=help_text)


class ProgramFilterSet(filters.FilterSet):
    """Programs by funder or implementer (organisation ids)."""

    funder = _organisation_filter("funder", _("Id of the funding organisation."))
    implementer = _organisation_filter("implementer", _("Id of the implementing organisation."))

    class Meta:
        model = Program
        fields = ["funder", "implementer"]


class ProgramLinkFilterSet(ProgramScopedFilterSet):
    """A program's links by kind."""

    class Meta:
        model = ProgramLink
        fields = ["program", "kind"]


class CountryProgrammingFilterSet(ProgramScopedFilterSet):
    """Programming status per country."""

    country = PlaceFilter(field_name="country")

    class Meta:
        model = CountryProgramming
        fields = ["program", "country", "status"]


class PathwayFilterSet(ProgramScopedFilterSet):
    """A program's pathways."""

    class Meta:
        model = Pathway
        fields = ["program", "number"]


class OutcomeAreaFilterSet(ProgramScopedFilterSet):
    """A program's outcome areas."""

    class Meta:
        model = OutcomeArea
        fields = ["program", "slug"]


class OutcomeAreaIntroFilterSet(ProgramPlaceScopedFilterSet):
    """Introductions of outcome areas, regional or per country."""

    program = filters.ModelChoiceFilter(
        field_name="outcome_area__program",
        to_field_name="slug",
        queryset=visible_choices(Program),
        help_text=_("Slug of the program."),
    )
    outcome_area = _outcome_area_filter()

    class Meta:
        model = OutcomeAreaIntro
        fields = ["program", "outcome_area", "country", "country__isnull"]


class FocusTagFilterSet(filters.FilterSet):
    """Focus tags."""

    class Meta:
        model = FocusTag
        fields = ["slug"]


class ProjectFilterSet(ProgramScopedFilterSet):
    """Projects by country (REGION: the regional ones), status, pathway, focus and partner."""

    country = PlaceFilter(field_name="countries", region={"is_regional": True})
    pathway = filters.NumberFilter(field_name="pathways__number", distinct=True, help_text=_("Number of a pathway."))
    focus_tag = filters.CharFilter(field_name="focus_tags__slug", distinct=True, help_text=_("Slug of a focus tag."))
    partner = _organisation_filter("partners", _("Id of a partner organisation."))

    class Meta:
        model = Project
        fields = ["program", "country", "is_regional", "status", "pathway", "focus_tag", "partner"]


class GovernanceBodyFilterSet(ProgramPlaceScopedFilterSet):
    """Steering committees by level and place."""

    class Meta:
        model = GovernanceBody
        fields = ["program", "level", "country", "country__isnull"]


class GovernanceMeetingFilterSet(ProgramScopedFilterSet):
    """Meetings by body, place and date."""

    program = filters.ModelChoiceFilter(
        field_name="body__program",
        to_field_name="slug",
        queryset=visible_choices(Program),
        help_text=_("Slug of the program."),
    )
    body = filters.ModelChoiceFilter(queryset=visible_choices(GovernanceBody), help_text=_("Id of the body."))
    country = PlaceFilter(field_name="body__country")
    date = filters.DateFromToRangeFilter(help_text=_("Meetings from date_after to date_before (YYYY-MM-DD)."))

    class Meta:
        model = GovernanceMeeting
        fields = ["program", "body", "country", "date"]


class AchievementFilterSet(ProgramPlaceScopedFilterSet):
    """Achievements by outcome area, place, period and project."""

    outcome_area = _outcome_area_filter()
    period = PeriodFilter(field_name="period")
    project = filters.ModelChoiceFilter(
        field_name="projects", queryset=visible_choices(Project), help_text=_("Id of a project.")
    )

    class Meta:
        model = Achievement
        fields = ["program", "outcome_area", "country", "country__isnull", "period", "project", "is_published"]


class StoryFilterSet(ProgramPlaceScopedFilterSet):
    """Case studies by outcome area, place and period."""

    outcome_area = _outcome_area_filter()
    period = PeriodFilter(field_name="period")

    class Meta:
        model = Story
        fields = ["program", "outcome_area", "country", "country__isnull", "period", "is_published"]


class MediaItemFilterSet(ProgramPlaceScopedFilterSet):
    """Images by outcome area and place."""

    outcome_area = _outcome_area_filter()

    class Meta:
        model = MediaItem
        fields = ["program", "outcome_area", "country", "country__isnull", "is_published"]


class GrantRoundFilterSet(ProgramScopedFilterSet):
    """Grant rounds by launch period."""

    launched = PeriodFilter(field_name="launched")

    class Meta:
        model = GrantRound
        fields = ["program", "launched"]


class GrantFilterSet(ProgramPlaceScopedFilterSet):
    """Grants by round, grantee, place (a grant shared by countries is in each) and status."""

    round = filters.ModelChoiceFilter(queryset=visible_choices(GrantRound), help_text=_("Id of the grant round."))
    grantee = _organisation_filter("grantee", _("Id of the grantee organisation."))
    country = PlaceFilter(field_name="countries", distinct=True)
    country__isnull = filters.BooleanFilter(
        field_name="countries",
        lookup_expr="isnull",
        distinct=True,
        help_text=_("true: only regional grants; false: only national."),
    )

    class Meta:
        model = Grant
        fields = ["program", "round", "grantee", "country", "country__isnull", "status"]


class SupportDeliveredFilterSet(ProgramPlaceScopedFilterSet):
    """Support delivered in kind by outcome area, place, period and recipient."""

    outcome_area = _outcome_area_filter()
    period = PeriodFilter(field_name="period")
    recipient = _organisation_filter("recipient", _("Id of the recipient organisation."))

    class Meta:
        model = SupportDelivered
        fields = ["program", "outcome_area", "country", "country__isnull", "period", "recipient"]
