"""Narratives of a sheet in its language, figures linked: `{% sheet_text intro "text" figures place %}`.

The names on a sheet go through `{% translated %}` (acthub.core.templatetags.content_i18n), as on the
portal. Narratives (outcome-area introductions, achievements, case studies) also carry figure
references (`[[CODE|PERIOD]]`), which a translation keeps: the translated text is rendered by the
same `figure_text` as the English one, and an English fallback is marked the same way as a name.
The sheet passes one translation store (`translation_store`) to every template it renders, so each
model's translations are read once per sheet.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html_join
from django.utils.safestring import SafeString

from acthub.core.content_translations import Translated, translate
from acthub.core.templatetags.content_i18n import STORE_VARIABLE, marked
from acthub.indicators.engine import FigureSet
from acthub.publishing.figuretext import render_figure_text

register = template.Library()


def _text(context: Any, obj: Any, field: str) -> Translated:
    store = context.get(STORE_VARIABLE)
    return translate(obj, field, store=store if store is not None else {})


@register.simple_tag(takes_context=True)
def sheet_text(context: Any, obj: Any, field: str, figures: FigureSet | None = None, place: Any = None) -> SafeString:
    """`obj.field` in the sheet's language with its figures linked; an English fallback is marked."""
    text = _text(context, obj, field)
    return marked(text, render_figure_text(str(text), figures, place))


@register.simple_tag(takes_context=True)
def sheet_paragraphs(
    context: Any, obj: Any, field: str, figures: FigureSet | None = None, place: Any = None
) -> SafeString:
    """`obj.field`'s paragraphs (separated by blank lines) as `<p>` elements, each marked if English."""
    text = _text(context, obj, field)
    paragraphs = [p.strip() for p in str(text).split("\n\n") if p.strip()]
    return format_html_join(
        "\n",
        "<p>{}</p>",
        (
            (marked(Translated(p, text.language, text.fallback), render_figure_text(p, figures, place)),)
            for p in paragraphs
        ),
    )
