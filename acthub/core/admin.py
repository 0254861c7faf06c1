from django.contrib import admin

from acthub.core.admin_base import ScopedAdmin
from acthub.core.admin_translations import ContentTranslationInline
from acthub.core.models import Country, SourceDocument


@admin.register(Country)
class CountryAdmin(ScopedAdmin):
    inlines = (ContentTranslationInline,)
    list_display = ("code", "name", "name_local", "asean_member_since", "asean_member_until")
    search_fields = ("code", "name", "name_local")
    list_filter = ("asean_member_since",)


@admin.register(SourceDocument)
class SourceDocumentAdmin(ScopedAdmin):
    """The documents records cite (reference data: staff read them, regional roles edit them)."""

    list_display = ("title", "name", "issued", "is_public")
    search_fields = ("title", "name")
    list_filter = ("is_public",)
