"""`/activities/` and `/projects/`: the public lists of the program's activities and projects.

Records come through the restricted querysets; demo (synthetic) and not-yet-approved records are left
out, as everywhere in public. No participant is named, and the only counts of people or projects shown
are the engine's figures.
"""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.db.models.functions import ExtractYear
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from acthub.activities.filtersets import ActivityFilterSet
from acthub.activities.models import Activity
from acthub.approvals.population import published_q
from acthub.core.models import Country
from acthub.core.permissions import public_view
from acthub.directory.models import Organisation
from acthub.indicators.choices import REGION
from acthub.indicators.engine import Figure, FigureSet
from acthub.portal.selectors import program_or_404
from acthub.program.models import Project

PAGE_SIZE = 25
# The engine's count of the program's multi-year projects (seed: "31 multi-year projects").
PROJECT_COUNT = "PROJECTS_MULTIYEAR"


def _query_without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@public_view
def activities(request: HttpRequest) -> HttpResponse:
    """`/activities/?kind=&country=&year=&mode=`: the program's activities, newest first, paginated."""
    program = program_or_404(request)
    visible = Activity.objects.restrict(request.user, "view").filter(published_q(), program=program, is_synthetic=False)
    years = sorted(set(visible.annotate(year=ExtractYear("start_date")).values_list("year", flat=True)), reverse=True)
    countries = Country.objects.filter(activities__in=visible).distinct().order_by("name")
    filterset = ActivityFilterSet(
        request.GET or None,
        queryset=visible.prefetch_related("countries").order_by("-start_date", "title"),
        countries=countries,
        years=years,
    )
    # A value outside the choices is named by the form and lists nothing, rather than being ignored.
    found = filterset.qs if not filterset.is_bound or filterset.is_valid() else Activity.objects.none()
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "filter": filterset,
        "page": page,
        "query": _query_without_page(request),
        "filtered": filterset.is_bound and any(filterset.form.data.get(n) for n in filterset.filters),
    }
    return render(request, "portal/activities.html", context)


def latest_figure(figures: FigureSet, place: str) -> Figure | None:
    """The place's latest figure among those loaded (one indicator), or None."""
    found = figures.for_place(place)
    return found[-1] if found else None


@public_view
def projects(request: HttpRequest) -> HttpResponse:
    """`/projects/`: the recorded projects, and the engine's count of the projects the program reports."""
    program = program_or_404(request)
    user = request.user
    recorded = (
        Project.objects.restrict(user, "view")
        .filter(program=program)
        .prefetch_related(
            Prefetch("countries", queryset=Country.objects.order_by("name")),
            "pathways",
            "focus_tags",
            Prefetch("partners", queryset=Organisation.objects.restrict(user, "view").order_by("name")),
        )
        .order_by("title")
    )
    page = Paginator(recorded, PAGE_SIZE).get_page(request.GET.get("page"))
    figures = FigureSet.load(program, user, places=[REGION], codes=[PROJECT_COUNT])
    context: dict[str, Any] = {
        "page": page,
        "recorded": page.paginator.count,
        "reported": latest_figure(figures, REGION),
        "query": _query_without_page(request),
    }
    return render(request, "portal/projects.html", context)
