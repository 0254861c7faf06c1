"""Where a search result leads: the page of each kind of indexed record (the index itself builds no URL)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse


def result_url(hit: Any) -> str:
    """The page of a search hit (kind, object_id, key)."""
    kind, pk, key = hit.kind, hit.object_id, hit.key
    if kind == "resource":
        return reverse("portal:resource", args=[pk])
    if kind == "factsheet":
        return reverse("factsheets:edition", args=[pk])
    if kind == "organisation":
        return reverse("portal:partner", args=[pk])
    if kind == "project":
        return reverse("portal:project", args=[pk])
    if kind == "achievement":
        return reverse("portal:outcome", args=[key]) + f"#achievement-{pk}"
    if kind == "activity":
        return reverse("portal:activity", args=[pk])
    if kind == "indicator":
        return reverse("indicators:pivot", args=[key])
    raise ValueError(f"no page for search results of kind {kind!r}")
