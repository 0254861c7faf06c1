"""Serializers of the search API (documentation of its JSON; the view fills them)."""

from __future__ import annotations

from rest_framework import serializers


class SearchHitSerializer(serializers.Serializer[object]):
    """One result."""

    type = serializers.CharField(help_text="Kind of record: resource, factsheet, organisation, project, ...")
    subtype = serializers.CharField(help_text="Resource type, organisation type, activity kind, ...")
    title = serializers.CharField()
    url = serializers.CharField(help_text="The record's page.")
    snippet = serializers.CharField(help_text="Text around the match; matched words in <mark>, HTML-escaped.")
    snippet_text = serializers.CharField(help_text="The same snippet as plain text.")
    year = serializers.IntegerField(allow_null=True)


class FacetValueSerializer(serializers.Serializer[object]):
    """A facet value and how many results have it."""

    value = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]
    count = serializers.IntegerField()


class SearchResultSerializer(serializers.Serializer[object]):
    """A page of results with the facet counts over every match."""

    query = serializers.CharField()
    count = serializers.IntegerField()
    page = serializers.IntegerField()
    pages = serializers.IntegerField()
    next = serializers.CharField(allow_null=True)
    previous = serializers.CharField(allow_null=True)
    results = SearchHitSerializer(many=True)
    facets = serializers.DictField(child=FacetValueSerializer(many=True))
