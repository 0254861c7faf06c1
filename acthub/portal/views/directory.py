"""The partners and grantees directory, filtered live with htmx or by a plain GET form."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers

from acthub.core.permissions import public_view
from acthub.directory.models import Organisation, OrganisationRole
from acthub.portal import selectors
from acthub.portal.filters import PartnerFilterForm, partner_directory
from acthub.portal.views.stakeholders import organisation_links
from acthub.program.models import GovernanceMembership

PAGE_SIZE = 50


@public_view
def partners(request: HttpRequest) -> HttpResponse:
    """`/partners/`: organisations with a role in the program; htmx requests get the results only."""
    program = selectors.program_or_404(request)
    countries = [row.country for row in selectors.programming(program, request.user)]
    form = PartnerFilterForm(request.GET or None, countries=countries)
    filters = form.cleaned_data if form.is_valid() else {}
    page = Paginator(partner_directory(program, request.user, filters), PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    selectors.attach_visible_parents(page.object_list, request.user)
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "query": query.urlencode(), "filtered": any(filters.values())}
    htmx = getattr(request, "htmx", None)
    partial = bool(htmx) and not htmx.history_restore_request  # type: ignore[union-attr]
    template = "portal/includes/partner_results.html" if partial else "portal/partners.html"
    response = render(request, template, context)
    patch_vary_headers(response, ("HX-Request",))
    return response


@public_view
def partner(request: HttpRequest, pk: int) -> HttpResponse:
    """`/partners/<id>/`: an organisation with its roles, parent and units, grants and seats."""
    program = selectors.program_or_404(request)
    user = request.user
    organisation = Organisation.objects.restrict(user, "view").select_related("country", "parent").filter(pk=pk).first()
    if organisation is None:
        raise Http404("No such organisation.")
    visible = Organisation.objects.restrict(user, "view")
    parent = visible.filter(pk=organisation.parent_id).first() if organisation.parent_id else None
    context = {
        "organisation": organisation,
        "parent": parent,
        "units": visible.filter(parent=organisation).order_by("name"),
        "roles": OrganisationRole.objects.restrict(user, "view")
        .filter(program=program, organisation=organisation)
        .select_related("country")
        .order_by("role", "country__name"),
        "grants": selectors.grants(program, user).filter(grantee=organisation),
        "seats": GovernanceMembership.objects.restrict(user, "view")
        .filter(organisation=organisation, body__program=program)
        .select_related("body"),
        **organisation_links(user, organisation),
    }
    return render(request, "portal/partner.html", context)
