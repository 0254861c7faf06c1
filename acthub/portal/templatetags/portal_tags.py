"""Template tags of the portal: figure references in text, figure links, periods, places and money."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template
from django.core.exceptions import ValidationError
from django.utils.safestring import SafeString

from acthub.core.periods import Period, parse_period
from acthub.indicators.engine import Figure, FigureSet
from acthub.portal import figuretext, formatting

register = template.Library()


@register.simple_tag
def figure_text(text: str, figures: FigureSet | None, place: Any = None) -> SafeString:
    """`{% figure_text achievement.text figures achievement %}`: escaped text with linked figures.

    `place` is a record with a country, a Country, a place code or None (the region).
    """
    return figuretext.render_figure_text(text, figures, place)


@register.simple_tag
def figure_link(figure: Figure) -> SafeString:
    """`{% figure_link figure %}`: the figure's value linked to its provenance."""
    return figuretext.figure_link(figure)


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


@register.simple_tag(takes_context=True)
def nav_current(context: template.Context, names: str) -> SafeString:
    """`<a {% nav_current "countries country" %}>`: marks the link of the section being shown."""
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    current = getattr(match, "url_name", None) if match and match.namespace == "portal" else None
    if current and current in names.split():
        return SafeString('aria-current="page"')
    return SafeString("")
