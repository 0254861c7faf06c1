"""Staff pages of the indicators: data quality, and the records behind a figure.

Record-level pages are for staff roles only, and each record still goes through the restricted
querysets: a country officer sees the records of their countries, and a place outside their scope
does not exist for them (404).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from acthub.activities.models import Activity, AttendanceCount, Participation
from acthub.audit.events import record_event
from acthub.audit.models import AccessEvent
from acthub.core.access import in_record_scope, place_or_404
from acthub.core.models import Country
from acthub.core.periods import parse_period
from acthub.core.permissions import staff_required
from acthub.indicators.choices import REGION, Computation
from acthub.indicators.models import Indicator
from acthub.indicators.query import QueryError, query
from acthub.portal import selectors
from acthub.publishing.quality import quality_flags
from acthub.publishing.views.public import indicator_or_404

RECORD_DIMENSIONS = ("sex", "age_band", "agency_type", "sector", "role")


@staff_required
def quality(request: HttpRequest) -> HttpResponse:
    """`/data/quality/`: cells whose reported and computed values disagree, for every computed indicator."""
    program = selectors.program_or_404(request)
    rows, checked = quality_flags(program, request.user)
    return render(request, "indicators/quality.html", {"rows": rows, "checked": checked})


def _scope_or_404(request: HttpRequest, place: str) -> Country | None:
    """The country of a place within the user's scope (None for the region): core.access decides, 404 outside."""
    return place_or_404(request.user, place)


def _participation_filter(indicator: Indicator, params: Any, country: Country | None, synthetic: bool) -> Q:
    period = parse_period(params.get("period", ""))
    q = Q(activity__start_date__range=(period.start, period.end))
    population = Q(is_synthetic=True) | Q(activity__is_synthetic=True)
    q &= population if synthetic else ~population
    if country is not None:
        q &= Q(country=country)
    filters = {**(indicator.filters or {})}
    if indicator.computation == Computation.PERCENT and indicator.denominator is not None:
        filters = {**(indicator.denominator.filters or {})}
    for name in RECORD_DIMENSIONS:
        if params.get(name):
            filters[name] = params[name]
    return q & Q(**filters)


@staff_required
def records(request: HttpRequest, code: str) -> HttpResponse:
    """`/data/<code>/records/?period=&place=&sex=...`: the records a computed figure counts."""
    program = selectors.program_or_404(request)
    indicator = indicator_or_404(request, code)
    if not indicator.computation:
        raise Http404("A reported figure has no records behind it here.")
    place = request.GET.get("place") or REGION
    country = _scope_or_404(request, place)
    synthetic = request.GET.get("synthetic") == "1"
    try:
        period = parse_period(request.GET.get("period", ""))
        cell = query(program, code, periods=[period.id], places=[place], user=request.user, synthetic=synthetic)
    except (QueryError, ValidationError) as exc:
        raise Http404("No such period.") from exc
    context: dict[str, Any] = {"indicator": indicator, "period": period, "place": place, "result": cell}
    if indicator.computation == Computation.ACTIVITIES:
        activities: QuerySet[Activity] = Activity.objects.restrict(request.user, "view").filter(
            in_record_scope(Activity, request.user),
            program=program,
            is_synthetic=synthetic,
            start_date__range=(period.start, period.end),
        )
        if country is not None:
            activities = activities.filter(countries=country)
        context["activities"] = Paginator(activities.order_by("start_date"), 100).get_page(request.GET.get("page"))
    else:
        where = _participation_filter(indicator, request.GET, country, synthetic)
        people = (
            Participation.objects.restrict(request.user, "view")
            .filter(where, in_record_scope(Participation, request.user), activity__program=program)
            .select_related("activity", "country")
            .order_by("person_key", "activity__start_date")
        )
        counts = (
            AttendanceCount.objects.restrict(request.user, "view")
            .filter(where, in_record_scope(AttendanceCount, request.user), activity__program=program)
            .select_related("activity", "country")
        )
        context["participations"] = Paginator(people, 100).get_page(request.GET.get("page"))
        context["counts"] = list(counts)
    _log_read(request, indicator, period.id, place, synthetic, context)
    return render(request, "indicators/records.html", context)


def _log_read(
    request: HttpRequest, indicator: Indicator, period: str, place: str, synthetic: bool, context: dict[str, Any]
) -> None:
    """One access-log event per read of the records behind a figure: who, when (the event's time), what, how many."""
    shown: dict[str, int] = {}
    if "activities" in context:
        shown["activities"] = len(context["activities"].object_list)
    else:
        shown["participations"] = len(context["participations"].object_list)
        shown["attendance_counts"] = len(context["counts"])
    filters = {name: request.GET[name] for name in RECORD_DIMENSIONS if request.GET.get(name)}
    record_event(
        AccessEvent.Kind.READ,
        user=request.user,
        request=request,
        detail={
            "view": "indicators:records",
            "indicator": indicator.code,
            "period": period,
            "place": place,
            "filters": filters,
            "synthetic": synthetic,
            "page": str(request.GET.get("page") or 1)[:10],
            "shown": shown,
        },
    )
