"""The partners directory's filter form (country, type, role, text) and the query it implies."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from acthub.core.models import Country
from acthub.directory.choices import OrganisationType, PartnerRole
from acthub.directory.models import Organisation, OrganisationRole
from acthub.program.models import Program

REGIONAL = "regional"


class PartnerFilterForm(forms.Form):
    """GET parameters of /partners/: every field optional, unknown values rejected quietly."""

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    country = forms.ChoiceField(label=_("Country"), required=False)
    type = forms.ChoiceField(label=_("Type"), required=False)
    role = forms.ChoiceField(label=_("Role"), required=False)

    def __init__(self, *args: Any, countries: list[Country], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        every = [("", _("All"))]
        choices: dict[str, list[tuple[str, Any]]] = {
            "country": [*every, (REGIONAL, _("Regional")), *((c.code, c.name) for c in countries)],
            "type": [*every, *OrganisationType.choices],
            "role": [*every, *PartnerRole.choices],
        }
        for name, options in choices.items():
            cast(forms.ChoiceField, self.fields[name]).choices = options
        self.fields["q"].widget.attrs.update({"type": "search", "autocomplete": "off"})


def partner_directory(program: Program, user: Any, filters: dict[str, str]) -> QuerySet[Organisation]:
    """Organisations holding a role in the program, filtered by the form's cleaned data."""
    roles = OrganisationRole.objects.restrict(user, "view").filter(program=program)
    if filters.get("role"):
        roles = roles.filter(role=filters["role"])
    qs = Organisation.objects.restrict(user, "view").filter(pk__in=roles.values("organisation"))
    country = filters.get("country")
    if country == REGIONAL:
        qs = qs.filter(country__isnull=True)
    elif country:
        # An organisation belongs to a country by its seat or by a role it holds there.
        qs = qs.filter(Q(country__code=country) | Q(pk__in=roles.filter(country__code=country).values("organisation")))
    if filters.get("type"):
        qs = qs.filter(type=filters["type"])
    if text := (filters.get("q") or "").strip():
        qs = qs.filter(
            Q(name__icontains=text)
            | Q(acronym__icontains=text)
            | Q(name_local__icontains=text)
            | Q(description__icontains=text)
            | Q(pk__in=roles.filter(description__icontains=text).values("organisation"))
        )
    role_rows = roles.select_related("country").order_by("role", "country__name")
    return (
        qs.select_related("country", "parent")
        .prefetch_related(Prefetch("roles", queryset=role_rows, to_attr="program_roles"))
        .order_by("name")
    )
