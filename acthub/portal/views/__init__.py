"""Public portal pages: thin views over acthub.portal.selectors and the indicators engine."""

from acthub.portal.views.directory import partner, partners
from acthub.portal.views.indicators import indicator, indicator_chart, indicators
from acthub.portal.views.program import countries, country, governance, home, outcome, outcomes

__all__ = [
    "countries",
    "country",
    "governance",
    "home",
    "indicator",
    "indicator_chart",
    "indicators",
    "outcome",
    "outcomes",
    "partner",
    "partners",
]
