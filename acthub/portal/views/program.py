"""The program's pages: at a glance, countries, outcome areas and governance."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from acthub.core.permissions import public_view
from acthub.directory.choices import PartnerRole
from acthub.indicators.choices import REGION
from acthub.indicators.engine import FigureSet
from acthub.portal import selectors
from acthub.program.choices import GovernanceLevel, ProgrammingStatus
from acthub.program.models import Pathway, ProgramLink


@public_view
def home(request: HttpRequest) -> HttpResponse:
    """`/`: the program at a glance."""
    program = selectors.request_program(request)
    if program is None:
        return render(request, "portal/empty.html")
    user = request.user
    figures = FigureSet.load(program, user)
    programming = list(selectors.programming(program, user))
    by_status = [
        (label, [row for row in programming if row.status == status]) for status, label in ProgrammingStatus.choices
    ]
    context = {
        "figures": figures,
        "groups": selectors.figure_groups(figures, REGION),
        "key_partners": selectors.roles(program, user, PartnerRole.KEY_PARTNER, None),
        "by_status": [(label, rows) for label, rows in by_status if rows],
        "bodies": selectors.governance(program, user, level=GovernanceLevel.REGIONAL),
        "pathways": Pathway.objects.restrict(user, "view").filter(program=program).order_by("number"),
        "areas": selectors.outcome_areas(program, user),
        "links": ProgramLink.objects.restrict(user, "view").filter(program=program).order_by("order"),
        "grant_rounds": selectors.grant_rounds(program, user),
    }
    return render(request, "portal/home.html", context)


@public_view
def countries(request: HttpRequest) -> HttpResponse:
    """`/countries/`: where the program works, with each country's programming status."""
    program = selectors.program_or_404(request)
    rows = selectors.programming(program, request.user)
    return render(request, "portal/countries.html", {"rows": rows})


@public_view
def country(request: HttpRequest, code: str) -> HttpResponse:
    """`/countries/<code>/`: a country's partners, governance, figures, results and case studies."""
    program = selectors.program_or_404(request)
    place = selectors.country_or_404(request.user, code)
    figures = FigureSet.load(program, request.user)
    page = selectors.country_page(program, request.user, place)
    focal = [(role, page.chaired_body(role.organisation_id)) for role in page.focal_points]
    context = {
        "country": place,
        "page": page,
        "focal": focal,
        "figures": figures,
        "groups": selectors.figure_groups(figures, place.code),
    }
    return render(request, "portal/country.html", context)


@public_view
def outcomes(request: HttpRequest) -> HttpResponse:
    """`/outcomes/`: the outcome areas with their regional introductions."""
    program = selectors.program_or_404(request)
    user = request.user
    areas = list(selectors.outcome_areas(program, user))
    figures = FigureSet.load(program, user)
    intros = {s.area.pk: s for s in selectors.area_sections(program, user, areas=areas, countries=[None])}
    rows = [(area, intros.get(area.pk)) for area in areas]
    return render(request, "portal/outcomes.html", {"rows": rows, "figures": figures})


@public_view
def outcome(request: HttpRequest, slug: str) -> HttpResponse:
    """`/outcomes/<slug>/`: an outcome area's introductions and achievements, regional and per country."""
    program = selectors.program_or_404(request)
    user = request.user
    area = selectors.outcome_areas(program, user).filter(slug=slug).first()
    if area is None:
        raise Http404("No such outcome area.")
    places = [None, *selectors.countries_with_content(program, user)]
    sections = selectors.area_sections(program, user, areas=[area], countries=places)
    figures = FigureSet.load(program, user)
    return render(request, "portal/outcome.html", {"area": area, "sections": sections, "figures": figures})


@public_view
def governance(request: HttpRequest) -> HttpResponse:
    """`/governance/`: the regional and national steering committees."""
    program = selectors.program_or_404(request)
    bodies = selectors.governance(program, request.user)
    return render(request, "portal/governance.html", {"bodies": bodies})
