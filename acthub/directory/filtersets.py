"""FilterSets of the stakeholder directory."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters

from acthub.api.filters import PlaceScopedFilterSet, ProgramPlaceScopedFilterSet, visible_choices
from acthub.directory.models import Organisation, OrganisationRole
from acthub.program.models import Program


class OrganisationFilterSet(PlaceScopedFilterSet):
    """Organisations by type, place, parent and whether they are public."""

    parent = filters.ModelChoiceFilter(
        queryset=visible_choices(Organisation), help_text=_("Id of the organisation this one is part of.")
    )
    program = filters.ModelChoiceFilter(
        field_name="roles__program",
        to_field_name="slug",
        distinct=True,
        queryset=visible_choices(Program),
        help_text=_("Slug of a program the organisation holds a role in."),
    )

    class Meta:
        model = Organisation
        fields = ["type", "country", "country__isnull", "parent", "is_public", "program"]


class OrganisationRoleFilterSet(ProgramPlaceScopedFilterSet):
    """Roles by program, place, role and organisation."""

    organisation = filters.ModelChoiceFilter(
        queryset=visible_choices(Organisation), help_text=_("Id of the organisation.")
    )

    class Meta:
        model = OrganisationRole
        fields = ["program", "role", "country", "country__isnull", "organisation"]
