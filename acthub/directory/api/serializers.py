"""Serializers of the stakeholder directory."""

from __future__ import annotations

from rest_framework import serializers

from acthub.api.fields import CountryCodeField, ProgramSlugField
from acthub.directory.models import Organisation, OrganisationRole


class OrganisationRefSerializer(serializers.ModelSerializer):
    """An organisation named from another record: its link, name and acronym."""

    url = serializers.HyperlinkedIdentityField(view_name="v1:organisation-detail")

    class Meta:
        model = Organisation
        fields = ["id", "url", "name", "acronym"]


class OrganisationSerializer(serializers.ModelSerializer):
    """An entry of the stakeholder directory; `country` null means a regional organisation."""

    url = serializers.HyperlinkedIdentityField(view_name="v1:organisation-detail")
    country = CountryCodeField()
    parent = OrganisationRefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Organisation
        fields = [
            "id",
            "url",
            "name",
            "name_local",
            "acronym",
            "type",
            "country",
            "parent",
            "website",
            "languages",
            "description",
            "is_public",
            "source_document",
            "source_location",
        ]


class OrganisationRoleSerializer(serializers.ModelSerializer):
    """An organisation's role in a program, for a country or (country null) for the region."""

    url = serializers.HyperlinkedIdentityField(view_name="v1:organisationrole-detail")
    program = ProgramSlugField()
    organisation = OrganisationRefSerializer(read_only=True, allow_null=True)
    country = CountryCodeField()

    class Meta:
        model = OrganisationRole
        fields = [
            "id",
            "url",
            "program",
            "organisation",
            "role",
            "country",
            "description",
            "order",
            "source_document",
            "source_location",
        ]
