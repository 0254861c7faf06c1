"""Serializers of the core app: countries."""

from __future__ import annotations

from rest_framework import serializers

from acthub.api.fields import ProgramSlugField
from acthub.core.models import Country
from acthub.program.models import CountryProgramming


class CountryProgrammingBriefSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    """A country's programming status in one program, shown inside the country."""

    program = ProgramSlugField()

    class Meta:
        model = CountryProgramming
        fields = ["program", "status", "note"]


class CountrySerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    """A country by its ISO code, with its ASEAN membership and its programming per program."""

    url = serializers.HyperlinkedIdentityField(view_name="v1:country-detail", lookup_field="code")
    programming = CountryProgrammingBriefSerializer(many=True, read_only=True)

    class Meta:
        model = Country
        fields = [
            "url",
            "code",
            "name",
            "name_local",
            "languages",
            "asean_member_since",
            "asean_member_until",
            "programming",
        ]
