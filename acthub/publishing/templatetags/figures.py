"""Template tags for figures: references in text, figure links, periods, places and money.

Shared by the portal and the fact sheets (`{% load figures %}`), so a figure reads and links alike on
every page.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template
from django.core.exceptions import ValidationError
from django.utils.safestring import SafeString

from acthub.core.periods import Period, parse_period
from acthub.core.templatetags.content_i18n import store_in_context
from acthub.indicators.engine import Figure, FigureSet
from acthub.publishing import figuretext, formatting, links

register = template.Library()


@register.simple_tag(takes_context=True)
def figure_text(context: Any, text: str, figures: FigureSet | None, place: Any = None) -> SafeString:
    """`{% figure_text achievement.text figures achievement %}`: escaped text with linked figures.

    `place` is a record with a country, a Country, a place code or None (the region).
    """
    return figuretext.render_figure_text(text, figures, place, store_in_context(context))


@register.simple_tag(takes_context=True)
def figure_link(context: Any, figure: Figure) -> SafeString:
    """`{% figure_link figure %}`: the figure's value linked to its provenance, titled in the page's language."""
    return figuretext.figure_link(figure, store_in_context(context))


@register.filter
def figure_url(figure: Figure) -> str:
    """`{{ figure|figure_url }}`: the page showing the figure's provenance."""
    return links.figure_url(figure)


@register.simple_tag
def chart_url(latest: Figure, earlier: list[Figure] | None = None) -> str:
    """`{% chart_url group.latest group.earlier %}`: the chart of these figures of one indicator."""
    return links.chart_url([latest, *(earlier or [])])


@register.filter
def period_label(period: Period | str) -> str:
    """`{{ figure.period|period_label }}` or `{{ "2021S1"|period_label }}`: "Jan-Jun 2021"."""
    if isinstance(period, str):
        if not period:
            return ""
        try:
            return formatting.period_label(parse_period(period))
        except ValidationError:  # stored periods are validated; show an odd one as it is
            return period
    return formatting.period_label(period)


@register.filter
def place_label(code: str, names: dict[str, str]) -> str:
    """`{{ figure.place|place_label:country_names }}`: a country's name or "Region"."""
    return formatting.place_label(code, names)


@register.simple_tag
def money(amount: Decimal | None, currency: str) -> str:
    """`{% money program.budget_amount program.budget_currency %}`: "A$80 million"."""
    return formatting.money(amount, currency)


@register.simple_tag
def years_label(start_year: int, end_year: int) -> str:
    """`{% years_label program.start_year program.end_year %}`: "10-year program (2018-2028)"."""
    return formatting.years_label(start_year, end_year)
