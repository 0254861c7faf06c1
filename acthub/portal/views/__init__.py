"""Public portal pages: thin views over acthub.portal.selectors and the indicators engine."""

from acthub.portal.views.catalogue import activities, projects
from acthub.portal.views.directory import partner, partners
from acthub.portal.views.indicators import indicator, indicator_chart, indicators
from acthub.portal.views.library import (
    library,
    resource,
    resource_file,
    resource_thumbnail,
    review,
    review_queue,
    search_page,
    submit,
)
from acthub.portal.views.program import countries, country, governance, home, outcome, outcomes
from acthub.portal.views.stakeholders import activity, directory, directory_export, project, source

__all__ = [
    "activities",
    "activity",
    "countries",
    "country",
    "directory",
    "directory_export",
    "governance",
    "home",
    "indicator",
    "indicator_chart",
    "indicators",
    "library",
    "outcome",
    "outcomes",
    "partner",
    "partners",
    "project",
    "projects",
    "resource",
    "resource_file",
    "resource_thumbnail",
    "review",
    "review_queue",
    "search_page",
    "source",
    "submit",
]
