"""`{% source_links text as sources %}`: the documents a record cites, by title, with their pages."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse

from acthub.core.models import SourceDocument

register = template.Library()


@register.simple_tag(takes_context=True)
def source_links(context: template.Context, cited: str) -> list[dict[str, Any]]:
    """Each document of `cited` ("a.txt; b.txt"): its title and page where the visitor may see it.

    A name no document record has (an import job, a free text) is shown as written, without a link.
    """
    names = [name.strip() for name in (cited or "").split(";") if name.strip()]
    if not names:
        return []
    request = context.get("request")
    user = getattr(request, "user", None)
    found = {d.name: d for d in SourceDocument.objects.restrict(user, "view").filter(name__in=names)}
    links = []
    for name in names:
        document = found.get(name)
        if document is None:
            links.append({"name": name, "title": name, "url": ""})
        else:
            url = reverse("portal:source", args=[document.name])
            links.append({"name": name, "title": document.title, "url": url})
    return links
