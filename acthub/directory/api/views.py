"""Endpoints of the stakeholder directory."""

from __future__ import annotations

from django.db.models import Prefetch

from acthub.api.viewsets import RestrictedViewSet, visible_prefetch
from acthub.directory.api.serializers import OrganisationRoleSerializer, OrganisationSerializer
from acthub.directory.filtersets import OrganisationFilterSet, OrganisationRoleFilterSet
from acthub.directory.models import Organisation, OrganisationRole


class OrganisationViewSet(RestrictedViewSet):
    """The stakeholder directory: public entries for everyone, the rest within the user's scope."""

    model = Organisation
    serializer_class = OrganisationSerializer
    filterset_class = OrganisationFilterSet
    select = ("country",)
    search_fields = ["name", "name_local", "acronym", "description"]
    ordering_fields = ["name", "acronym", "type", "country__name"]

    def get_prefetches(self) -> list[Prefetch]:
        return [visible_prefetch("parent", Organisation, self.request.user)]


class OrganisationRoleViewSet(RestrictedViewSet):
    """Roles organisations hold in a program (key partner, focal point, grantee, ...)."""

    model = OrganisationRole
    serializer_class = OrganisationRoleSerializer
    filterset_class = OrganisationRoleFilterSet
    select = ("program", "country")
    search_fields = ["description"]
    ordering_fields = ["role", "order", "country__name", "organisation__name"]

    def get_prefetches(self) -> list[Prefetch]:
        return [visible_prefetch("organisation", Organisation, self.request.user)]
