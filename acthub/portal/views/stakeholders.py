"""The stakeholder directory: organisations by country, type, sector and role; a map; CSV/XLSX export."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django import forms
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from acthub.activities.models import Activity
from acthub.core.access import role_of
from acthub.core.models import Country, SourceDocument
from acthub.core.permissions import public_view
from acthub.directory.choices import STATE_TYPES, CtipRole, OrganisationType, Sector
from acthub.directory.models import Organisation
from acthub.program.models import Project

PAGE_SIZE = 50


class DirectoryFilterForm(forms.Form):
    """The directory's filters (every one optional)."""

    q = forms.CharField(label=gettext_lazy("Name"), required=False, max_length=100)
    country = forms.ChoiceField(label=gettext_lazy("Country"), required=False)
    type = forms.ChoiceField(label=gettext_lazy("Type"), required=False)
    sector = forms.ChoiceField(label=gettext_lazy("Sector"), required=False)
    role = forms.ChoiceField(label=gettext_lazy("Role in counter-trafficking"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        every = [("", _("All"))]
        countries = [(c.code, c.name) for c in Country.objects.order_by("name")]
        self.fields["country"].choices = [  # type: ignore[attr-defined]
            *every,
            ("REGION", _("Regional")),
            *countries,
        ]
        self.fields["type"].choices = [  # type: ignore[attr-defined]
            *every,
            *OrganisationType.choices,
        ]
        self.fields["sector"].choices = [  # type: ignore[attr-defined]
            *every,
            *Sector.choices,
        ]
        self.fields["role"].choices = [  # type: ignore[attr-defined]
            *every,
            *CtipRole.choices,
        ]


def directory_queryset(user: Any, filters: dict[str, Any]) -> QuerySet[Organisation]:
    """The organisations `user` may see, narrowed by the filters."""
    qs = Organisation.objects.restrict(user, "view").select_related("country")
    if filters.get("q"):
        term = filters["q"]
        qs = qs.filter(Q(name__icontains=term) | Q(acronym__icontains=term) | Q(name_local__icontains=term))
    country = filters.get("country")
    if country == "REGION":
        qs = qs.filter(country__isnull=True)
    elif country:
        qs = qs.filter(country__code=country)
    if filters.get("type"):
        qs = qs.filter(type=filters["type"])
    if filters.get("sector") == Sector.STATE:
        qs = qs.filter(type__in=STATE_TYPES)
    elif filters.get("sector") == Sector.NON_STATE:
        qs = qs.exclude(type__in=STATE_TYPES)
    if filters.get("role"):
        # JSON list membership the same way on SQLite and PostgreSQL: compare on the Python side.
        wanted = filters["role"]
        ids = [pk for pk, roles in qs.values_list("pk", "ctip_roles") if isinstance(roles, list) and wanted in roles]
        qs = qs.filter(pk__in=ids)
    return qs.order_by("name")


def contacts_visible(user: Any, organisation: Organisation) -> bool:
    """Contact details: public where the entry says so, otherwise for signed-in partners and staff."""
    return organisation.contacts_public or role_of(user) != "public"


def organisation_links(user: Any, organisation: Organisation) -> dict[str, Any]:
    """What an organisation's page lists besides its roles: projects, activities, resources, contacts."""
    from acthub.library.models import Resource

    resources = Resource.objects.restrict(user, "view").filter(Q(publisher=organisation) | Q(organisation=organisation))
    return {
        "projects": Project.objects.restrict(user, "view").filter(partners=organisation).order_by("title"),
        "activities": Activity.objects.restrict(user, "view")
        .filter(organisers=organisation, is_synthetic=False)
        .order_by("-start_date")[:50],
        "resources": resources.select_related("type").order_by("-year", "title").distinct(),
        "show_contacts": contacts_visible(user, organisation),
    }


def _filters(request: HttpRequest) -> tuple[DirectoryFilterForm, dict[str, Any]]:
    form = DirectoryFilterForm(request.GET or None)
    return form, (form.cleaned_data if form.is_valid() else {})


@public_view
def directory(request: HttpRequest) -> HttpResponse:
    """`/directory/`: the stakeholder directory with its filters and a map of counts per country."""
    form, filters = _filters(request)
    qs = directory_queryset(request.user, filters)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    without_country = {k: v for k, v in filters.items() if k != "country"}
    counts = Counter(
        directory_queryset(request.user, without_country)
        .exclude(country__isnull=True)
        .values_list("country__code", flat=True)
    )
    query = request.GET.copy()
    query.pop("page", None)
    map_query = request.GET.copy()
    map_query.pop("page", None)
    map_query.pop("country", None)
    context = {
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "map_query": map_query.urlencode(),
        "counts": counts,
        "map_svg": region_map(counts, map_query.urlencode()),
        "filtered": any(filters.values()),
    }
    return render(request, "portal/directory.html", context)


def _rows(user: Any, organisations: QuerySet[Organisation]) -> list[list[str]]:
    header = [
        _("Name"),
        _("Acronym"),
        _("Type"),
        _("Sector"),
        _("Roles"),
        _("Country"),
        _("Website"),
        _("E-mail"),
        _("Phone"),
        _("Address"),
    ]
    rows = [[str(h) for h in header]]
    for o in organisations:
        show = contacts_visible(user, o)
        rows.append(
            [
                o.name,
                o.acronym,
                o.get_type_display(),
                o.get_sector_display(),
                "; ".join(o.get_ctip_roles_display()),
                o.country.code if o.country else "REGION",
                o.website,
                o.contact_email if show else "",
                o.contact_phone if show else "",
                o.contact_address if show else "",
            ]
        )
    return rows


@public_view
def directory_export(request: HttpRequest, fmt: str) -> HttpResponseBase:
    """`/directory/export/<csv|xlsx>/`: the filtered directory, contact details as the page shows them."""
    from acthub.core.exports import csv_response, xlsx_response

    if fmt not in ("csv", "xlsx"):
        raise Http404(_("No such format."))
    _form, filters = _filters(request)
    rows = _rows(request.user, directory_queryset(request.user, filters))
    if fmt == "csv":
        return csv_response("directory.csv", rows)
    return xlsx_response("directory.xlsx", {str(_("Directory")): rows})


@public_view
def project(request: HttpRequest, pk: int) -> HttpResponse:
    """`/projects/<id>/`: a project with its partners, activities and resources."""
    item = Project.objects.restrict(request.user, "view").prefetch_related("countries").filter(pk=pk).first()
    if item is None:
        raise Http404(_("No such project."))
    from acthub.library.models import Resource

    context = {
        "project": item,
        "pathways": item.pathways.all(),
        "focus_tags": item.focus_tags.all(),
        "partners": item.partners.restrict(request.user, "view"),
        "activities": item.activities.restrict(request.user, "view").filter(is_synthetic=False)[:100],
        "resources": Resource.objects.restrict(request.user, "view").filter(evidence_for__projects=item).distinct(),
    }
    return render(request, "portal/project.html", context)


@public_view
def activity(request: HttpRequest, pk: int) -> HttpResponse:
    """`/activities/<id>/`: an activity of the program (demo activities are not shown)."""
    item = (
        Activity.objects.restrict(request.user, "view")
        .filter(pk=pk, is_synthetic=False)
        .select_related("project")
        .first()
    )
    if item is None:
        raise Http404(_("No such activity."))
    context = {
        "activity": item,
        "countries": item.countries.all(),
        "organisers": item.organisers.restrict(request.user, "view"),
    }
    return render(request, "portal/activity.html", context)


# A schematic map of the region: one tile per member state, roughly where it lies (no map data needed).
TILES = [
    ("MM", 60, 20),
    ("LA", 140, 20),
    ("VN", 220, 60),
    ("TH", 100, 80),
    ("KH", 170, 110),
    ("MY", 110, 170),
    ("SG", 150, 225),
    ("BN", 250, 170),
    ("PH", 300, 90),
    ("ID", 220, 250),
    ("TL", 320, 270),
]


def region_map(counts: Counter[str], query: str) -> str:
    """An SVG of the region, each country a tile with its count, linking to its list."""
    from django.urls import reverse
    from django.utils.html import escape

    names = dict(Country.objects.values_list("code", "name"))
    base = reverse("portal:directory")
    parts = [
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 320" role="img" class="region-map" '
        f'aria-label="{escape(_("Organisations per country"))}">'
    ]
    for code, x, y in TILES:
        name = names.get(code, code)
        count = counts.get(code, 0)
        href = f"{base}?country={code}" + (f"&amp;{escape(query)}" if query else "")
        parts.append(
            f'<a href="{href}"><title>{escape(name)}: {count}</title>'
            f'<rect x="{x}" y="{y}" width="70" height="44" rx="6" class="tile{" empty" if not count else ""}"/>'
            f'<text x="{x + 35}" y="{y + 18}" text-anchor="middle" class="code">{code}</text>'
            f'<text x="{x + 35}" y="{y + 36}" text-anchor="middle" class="count">{count}</text></a>'
        )
    parts.append("</svg>")
    return "".join(parts)


@public_view
def source(request: HttpRequest, name: str) -> HttpResponse:
    """`/sources/<name>/`: a source document records cite, by its title, with its text."""
    item = SourceDocument.objects.restrict(request.user, "view").filter(name=name).first()
    if item is None:
        raise Http404(_("No such source document."))
    return render(request, "portal/source.html", {"document": item})
