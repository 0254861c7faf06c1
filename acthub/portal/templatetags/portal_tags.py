"""Template tags of the portal's own pages (figure tags live in acthub.publishing: `{% load figures %}`)."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

register = template.Library()


@register.simple_tag(takes_context=True)
def nav_current(context: template.Context, names: str) -> SafeString:
    """`<a {% nav_current "countries country" %}>`: marks the link of the section being shown."""
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    current = getattr(match, "url_name", None) if match and match.namespace == "portal" else None
    if current and current in names.split():
        return SafeString('aria-current="page"')
    return SafeString("")
