"""Serializers of the country API: a country (core) with its programming status per program."""

from __future__ import annotations

from rest_framework import serializers

from acthub.core.models import Country
from acthub.program.api.serializers import CountryProgrammingSerializer


class CountrySerializer(serializers.ModelSerializer):
    """A country by its ISO code, with its ASEAN membership and its programming status per program."""

    url = serializers.HyperlinkedIdentityField(view_name="v1:country-detail", lookup_field="code")
    programming = CountryProgrammingSerializer(many=True, read_only=True)

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
