"""Narrative text with figure references, rendered as escaped HTML whose numbers link to their source.

`[[CODE|PERIOD]]` and `[[CODE|PERIOD|PLACE]]` (acthub.indicators.references) become
`<a href="{{ figure|figure_url }}">{{ figure.display }}</a>`; a reference the engine cannot resolve (no such
value, or one the visitor may not see) becomes a visible "figure unavailable" marker. A link's title
names the indicator in the active language (English where it has no translation: an attribute carries
no fallback mark), read through the caller's translation store, so a text loads them once.
"""

from __future__ import annotations

from typing import Any

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from acthub.core.content_translations import translate
from acthub.indicators.choices import REGION
from acthub.indicators.engine import Figure, FigureSet
from acthub.indicators.references import Reference, parse_references
from acthub.publishing.formatting import period_label
from acthub.publishing.links import figure_url


def place_of(obj: Any) -> str:
    """The place code of a record with an optional `country`: its country code, or REGION."""
    if obj is None:
        return REGION
    if isinstance(obj, str):
        return obj or REGION
    country = getattr(obj, "country", obj)
    code = getattr(country, "code", None)
    return str(code) if code else REGION


def figure_link(figure: Figure, store: dict[Any, Any] | None = None) -> SafeString:
    """One figure as a link to its provenance, titled with its indicator (in the active language) and period."""
    title = f"{translate(figure.indicator, 'name', store=store)}, {period_label(figure.period)}"
    return format_html('<a class="figure" href="{}" title="{}">{}</a>', figure_url(figure), title, figure.display)


def unavailable(ref: Reference) -> SafeString:
    """The marker shown where a referenced figure cannot be shown."""
    detail = f"{ref.code} {ref.period}" + (f" {ref.place}" if ref.place else "")
    return format_html('<span class="figure-unavailable" title="{}">[{}]</span>', detail, gettext("figure unavailable"))


def render_figure_text(
    text: str, figures: FigureSet | None, place: Any = None, store: dict[Any, Any] | None = None
) -> SafeString:
    """Escape `text` and replace each figure reference by its linked value (or the marker)."""
    default_place = place_of(place)
    store = {} if store is None else store
    parts: list[tuple[SafeString]] = []
    for part in parse_references(text or ""):
        if isinstance(part, str):
            parts.append((format_html("{}", part),))
            continue
        figure = figures.get(part.code, part.period, part.place or default_place) if figures is not None else None
        parts.append((figure_link(figure, store) if figure else unavailable(part),))
    return format_html_join("", "{}", parts)
