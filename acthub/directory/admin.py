from django.contrib import admin

from acthub.core.admin_base import ScopedAdmin
from acthub.directory.models import Organisation, OrganisationRole


@admin.register(Organisation)
class OrganisationAdmin(ScopedAdmin):
    list_display = ("name", "acronym", "type", "country", "parent", "is_public")
    search_fields = ("name", "name_local", "acronym", "description")
    list_filter = ("type", "country", "is_public")
    autocomplete_fields = ("parent",)


@admin.register(OrganisationRole)
class OrganisationRoleAdmin(ScopedAdmin):
    list_display = ("organisation", "role", "country", "program", "order")
    search_fields = ("organisation__name", "description")
    list_filter = ("program", "role", "country")
    autocomplete_fields = ("organisation",)
