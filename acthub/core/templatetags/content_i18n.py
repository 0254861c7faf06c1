"""Content fields in the page's language: `{% translated obj "name" %}` marks an English fallback.

`{% translated %}` renders the text, wrapped in `<span lang="en">` with a small "(English)" when the
translation is missing; `{% translated_text %}` gives the bare text for attributes and options, and
`{% translated_list countries "name" %}` several records' texts joined by commas, each marked.

A page's translations are loaded once per request (kept on the request). Text rendered without a
request (a fact sheet, rendered for the portal, the PDF and the JSON alike) passes its own store in
the context as `translation_store`, so that it too loads each model's translations once.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from acthub.core.content_translations import Translated, store_of, translate

register = template.Library()
# The context variable holding a translation store when there is no request (see the module docstring).
STORE_VARIABLE = "translation_store"


def store_in_context(context: Any) -> dict[Any, Any]:
    """The context's translation store, or the request's (for Python that builds text for a template)."""
    store = context.get(STORE_VARIABLE) if hasattr(context, "get") else None
    if store is None:
        store = store_of(context.get("request") if hasattr(context, "get") else None)
    return store


def translate_in_context(context: Any, obj: Any, field: str) -> Translated | None:
    """`obj.field` in the active language, read through the context's store (or the request's)."""
    if obj is None:
        return None
    return translate(obj, field, store=store_in_context(context))


@register.simple_tag(takes_context=True)
def translated(context: Any, obj: Any, field: str) -> SafeString | str:
    """The text in the page's language, or the English text marked as a fallback."""
    text = translate_in_context(context, obj, field)
    if text is None:
        return ""
    return marked(text, format_html("{}", str(text)))


def marked(text: Translated, html: SafeString) -> SafeString:
    """`html` (the rendered `text`) as it is, or, when `text` is an English fallback, marked as one."""
    if not text.fallback:
        return html
    return format_html(
        '<span lang="{}">{}</span> <small class="fallback-marker">{}</small>', text.language, html, _("(English)")
    )


@register.simple_tag(takes_context=True)
def translated_text(context: Any, obj: Any, field: str) -> str:
    """The bare text (for attributes, options, titles): the fallback is not marked here."""
    text = translate_in_context(context, obj, field)
    return "" if text is None else str(text)


@register.simple_tag(takes_context=True)
def translated_list(context: Any, objects: Any, field: str) -> SafeString:
    """Each record's text as `{% translated %}` renders it, joined by commas (a list inside a sentence)."""
    return format_html_join(", ", "{}", ((translated(context, obj, field),) for obj in objects or ()))
