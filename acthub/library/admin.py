from django.contrib import admin

from acthub.core.admin_base import ScopedAdmin
from acthub.library.models import Resource, ResourceType, ResourceVersion, Topic


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
    inlines = (VersionInline,)
