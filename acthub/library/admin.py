from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from acthub.core.access import ADMIN, role_of
from acthub.core.admin_base import ScopedAdmin
from acthub.core.admin_translations import ContentTranslationInline
from acthub.library.models import Resource, ResourceType, ResourceVersion, SearchEntry, SearchFacet, Topic


@admin.register(ResourceType)
class ResourceTypeAdmin(ScopedAdmin):
    list_display = ("name", "slug", "order")
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Topic)
class TopicAdmin(ScopedAdmin):
    list_display = ("name", "kind", "slug", "order")
    search_fields = ("name", "slug")
    list_filter = ("kind",)


class VersionInline(admin.StackedInline[ResourceVersion, Resource]):
    model = ResourceVersion
    extra = 0
    fields = ("language", "title", "url", "file_kind", "size", "text_status", "text_message")
    readonly_fields = ("file_kind", "size", "text_status", "text_message")


@admin.register(Resource)
class ResourceAdmin(ScopedAdmin):
    list_display = ("title", "type", "year", "access_level", "status", "publisher", "is_synthetic")
    search_fields = ("title", "summary")
    list_filter = ("status", "access_level", "type", "countries", "is_synthetic")
    autocomplete_fields = ("publisher", "organisation")
    filter_horizontal = ("countries", "topics")
    readonly_fields = ("created", "last_updated", "submitted_by", "reviewed_by", "reviewed_at")
    exclude = ("evidence_for",)
    inlines = (VersionInline, ContentTranslationInline)


@admin.register(ResourceVersion)
class ResourceVersionAdmin(ScopedAdmin):
    list_display = ("resource", "language", "file_kind", "size", "text_status")
    search_fields = ("resource__title", "title")
    list_filter = ("language", "file_kind", "text_status")
    readonly_fields = ("created", "last_updated", "file_kind", "size", "sha256", "text_status", "text_message")


class DerivedDataAdmin(admin.ModelAdmin[Any]):
    """The search index is derived from the records: administrators may look at it, nobody edits it."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return role_of(request.user) == ADMIN

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return role_of(request.user) == ADMIN

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(SearchEntry)
class SearchEntryAdmin(DerivedDataAdmin):
    list_display = ("kind", "object_id", "title", "is_public", "type", "year")
    search_fields = ("title",)
    list_filter = ("kind", "is_public")


@admin.register(SearchFacet)
class SearchFacetAdmin(DerivedDataAdmin):
    list_display = ("entry", "facet", "value")
    search_fields = ("value",)
    list_filter = ("facet",)
