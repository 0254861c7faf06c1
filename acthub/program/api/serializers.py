"""Serializers of the program registry: programs, places, pathways, projects and governance."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from acthub.api.fields import CountryCodeField, ProgramSlugField
from acthub.directory.api.serializers import OrganisationRefSerializer
from acthub.program.models import (
    CountryProgramming,
    FocusTag,
    GovernanceBody,
    GovernanceMeeting,
    GovernanceMembership,
    OutcomeArea,
    OutcomeAreaIntro,
    Pathway,
    Program,
    ProgramLink,
    Project,
)

SOURCE = ["source_document", "source_location"]


class ProgramLinkBriefSerializer(serializers.ModelSerializer):
    """A link shown inside its program."""

    address = serializers.URLField(source="url", read_only=True)

    class Meta:
        model = ProgramLink
        fields = ["kind", "label", "address", "description"]


class ProgramSerializer(serializers.ModelSerializer):
    """A program: period, budget, funder and implementer, narrative and links."""

    url = serializers.HyperlinkedIdentityField(view_name="v1:program-detail", lookup_field="slug")
    funder = OrganisationRefSerializer(read_only=True, allow_null=True)
    implementer = OrganisationRefSerializer(read_only=True, allow_null=True)
    links = ProgramLinkBriefSerializer(many=True, read_only=True)

    class Meta:
        model = Program
        fields = [
            "url",
            "slug",
            "name",
            "acronym",
            "start_year",
            "end_year",
            "budget_amount",
            "budget_currency",
            "funder",
            "implementer",
            "tagline",
            "description",
            "links",
            *SOURCE,
        ]


class ProgramLinkSerializer(serializers.ModelSerializer):
    """A website, resource portal or social account of a program."""

    url = serializers.HyperlinkedIdentityField(view_name="v1:programlink-detail")
    program = ProgramSlugField()
    address = serializers.URLField(source="url", read_only=True)

    class Meta:
        model = ProgramLink
        fields = ["id", "url", "program", "kind", "label", "address", "description", "order"]


class CountryProgrammingSerializer(serializers.ModelSerializer):
    """A country's programming status in a program."""

    url = serializers.HyperlinkedIdentityField(view_name="v1:countryprogramming-detail")
    program = ProgramSlugField()
    country = CountryCodeField(allow_null=False)

    class Meta:
        model = CountryProgramming
        fields = ["id", "url", "program", "country", "status", "note", *SOURCE]


class PathwaySerializer(serializers.ModelSerializer):
    """A numbered pathway of a program."""

    url = serializers.HyperlinkedIdentityField(view_name="v1:pathway-detail")
    program = ProgramSlugField()

    class Meta:
        model = Pathway
        fields = ["id", "url", "program", "number", "name", "description", *SOURCE]


class OutcomeAreaSerializer(serializers.ModelSerializer):
    """An outcome area of a program, in order."""

    url = serializers.HyperlinkedIdentityField(view_name="v1:outcomearea-detail")
    program = ProgramSlugField()

    class Meta:
        model = OutcomeArea
        fields = ["id", "url", "program", "slug", "name", "order", *SOURCE]


class OutcomeAreaIntroSerializer(serializers.ModelSerializer):
    """The paragraph opening an outcome area, for the region (country null) or a country."""

    url = serializers.HyperlinkedIdentityField(view_name="v1:outcomeareaintro-detail")
    program = serializers.CharField(source="outcome_area.program.slug", read_only=True)
    outcome_area: serializers.SlugRelatedField[OutcomeArea] = serializers.SlugRelatedField(
        slug_field="slug", read_only=True
    )
    country = CountryCodeField()

    class Meta:
        model = OutcomeAreaIntro
        fields = ["id", "url", "program", "outcome_area", "country", "text", *SOURCE]


class FocusTagSerializer(serializers.ModelSerializer):
    """A thematic focus of projects."""

    url = serializers.HyperlinkedIdentityField(view_name="v1:focustag-detail", lookup_field="slug")

    class Meta:
        model = FocusTag
        fields = ["url", "slug", "name"]


class ProjectSerializer(serializers.ModelSerializer):
    """A project, national (in its countries) or regional, with its pathways, focus and partners."""

    url = serializers.HyperlinkedIdentityField(view_name="v1:project-detail")
    program = ProgramSlugField()
    countries: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="code", many=True, read_only=True
    )
    pathways: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="number", many=True, read_only=True
    )
    focus_tags: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="slug", many=True, read_only=True
    )
    partners = OrganisationRefSerializer(many=True, read_only=True)

    class Meta:
        model = Project
        fields = [
            "id",
            "url",
            "program",
            "title",
            "summary",
            "is_regional",
            "countries",
            "start_date",
            "end_date",
            "status",
            "pathways",
            "focus_tags",
            "partners",
            *SOURCE,
        ]


class GovernanceMembershipSerializer(serializers.ModelSerializer):
    """A seat on a governance body, held by an organisation or by a member state."""

    organisation = OrganisationRefSerializer(read_only=True, allow_null=True)
    member_state = CountryCodeField(help_text="ISO code of the member state holding the seat, if a state holds it.")

    class Meta:
        model = GovernanceMembership
        fields = ["role", "organisation", "member_state", "order", "start_date", "end_date"]


class GovernanceBodySerializer(serializers.ModelSerializer):
    """A steering committee, regional (country null) or national, with its seats."""

    url = serializers.HyperlinkedIdentityField(view_name="v1:governancebody-detail")
    program = ProgramSlugField()
    country = CountryCodeField()
    memberships = GovernanceMembershipSerializer(many=True, read_only=True)

    class Meta:
        model = GovernanceBody
        fields = ["id", "url", "program", "level", "country", "name", "acronym", "description", "memberships", *SOURCE]


class GovernanceMeetingSerializer(serializers.ModelSerializer):
    """A meeting of a governance body."""

    url = serializers.HyperlinkedIdentityField(view_name="v1:governancemeeting-detail")
    body: serializers.HyperlinkedRelatedField[GovernanceBody] = serializers.HyperlinkedRelatedField(
        view_name="v1:governancebody-detail", read_only=True
    )
    body_name = serializers.CharField(source="body.name", read_only=True)
    program = serializers.CharField(source="body.program.slug", read_only=True)
    country = CountryCodeField(source="body.country")

    class Meta:
        model = GovernanceMeeting
        fields = ["id", "url", "program", "body", "body_name", "country", "date", "title", "summary", *SOURCE]
