"""Narratives of a sheet in its language, figures linked: `{% sheet_text intro "text" figures place %}`.

The names on a sheet go through `{% translated %}` (acthub.core.templatetags.content_i18n), as on the
portal. Narratives (the program's tagline and description, outcome-area introductions, achievements,
case studies) also carry figure references (`[[CODE|PERIOD]]`), which a translation keeps: the
translated text is rendered by the same `figure_text` as the English one, and an English fallback is
marked the same way as a name. The sheet passes one translation store (`translation_store`) to every
template it renders, so each model's translations are read once per sheet; a portal page that shows
the same narratives (the home page) uses these tags too, with the request's store.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html_join
from django.utils.safestring import SafeString

from acthub.core.content_translations import Translated
from acthub.core.templatetags.content_i18n import marked, store_in_context, translate_in_context
from acthub.indicators.engine import FigureSet
from acthub.publishing.figuretext import render_figure_text

register = template.Library()


def _text(context: Any, obj: Any, field: str) -> Translated:
    text = translate_in_context(context, obj, field)
    return Translated("", "", fallback=False) if text is None else text


@register.simple_tag(takes_context=True)
def sheet_text(context: Any, obj: Any, field: str, figures: FigureSet | None = None, place: Any = None) -> SafeString:
    """`obj.field` in the sheet's language with its figures linked; an English fallback is marked."""
    text = _text(context, obj, field)
    return marked(text, render_figure_text(str(text), figures, place, store_in_context(context)))


@register.simple_tag(takes_context=True)
def sheet_paragraph_list(
    context: Any, obj: Any, field: str, figures: FigureSet | None = None, place: Any = None
) -> list[SafeString]:
    """`obj.field`'s paragraphs (separated by blank lines), each rendered and marked if English, for a
    template that sets them itself: `{% sheet_paragraph_list program "description" figures as paragraphs %}`."""
    text = _text(context, obj, field)
    store = store_in_context(context)
    paragraphs = [p.strip() for p in str(text).split("\n\n") if p.strip()]
    return [
        marked(Translated(p, text.language, text.fallback), render_figure_text(p, figures, place, store))
        for p in paragraphs
    ]


@register.simple_tag(takes_context=True)
def sheet_paragraphs(
    context: Any, obj: Any, field: str, figures: FigureSet | None = None, place: Any = None
) -> SafeString:
    """`obj.field`'s paragraphs (separated by blank lines) as `<p>` elements, each marked if English."""
    paragraphs = sheet_paragraph_list(context, obj, field, figures, place)
    return format_html_join("\n", "<p>{}</p>", ((p,) for p in paragraphs))
