"""Content fields in the page's language: `{% translated obj "name" %}` marks an English fallback.

`{% translated %}` renders the text, wrapped in `<span lang="en">` with a small "(English)" when the
translation is missing; `|translated_text:"name"` gives the bare text for attributes and options.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from acthub.core.content_translations import Translated, store_of, translate

register = template.Library()


def _translate(context: Any, obj: Any, field: str) -> Translated | None:
    if obj is None:
        return None
    request = context.get("request") if hasattr(context, "get") else None
    return translate(obj, field, store=store_of(request))


@register.simple_tag(takes_context=True)
def translated(context: Any, obj: Any, field: str) -> SafeString | str:
    text = _translate(context, obj, field)
    if text is None:
        return ""
    if not text.fallback:
        return format_html("{}", str(text))
    return format_html(
        '<span lang="{}">{}</span> <small class="fallback-marker">{}</small>', text.language, str(text), _("(English)")
    )


@register.simple_tag(takes_context=True)
def translated_text(context: Any, obj: Any, field: str) -> str:
    """The bare text (for attributes, options, titles): the fallback is not marked here."""
    text = _translate(context, obj, field)
    return "" if text is None else str(text)
