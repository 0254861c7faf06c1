from django.contrib import admin

from acthub.core.admin_base import ScopedAdmin
from acthub.core.admin_translations import ContentTranslationInline
from acthub.indicators.models import DataValue, Indicator, Target


@admin.register(Indicator)
class IndicatorAdmin(ScopedAdmin):
    inlines = (ContentTranslationInline,)
    list_display = ("code", "name", "unit", "method", "is_sensitive", "disclosure_threshold")
    list_filter = ("unit", "method", "is_sensitive")
    search_fields = ("code", "name", "definition")


@admin.register(Target)
class TargetAdmin(ScopedAdmin):
    list_display = ("indicator", "program", "period", "country", "value")
    list_filter = ("program", "indicator", "country")
    search_fields = ("indicator__code", "period")


@admin.register(DataValue)
class DataValueAdmin(ScopedAdmin):
    list_display = ("indicator", "period", "country", "sex", "value", "method", "reported_via", "reported_at")
    list_filter = ("program", "indicator", "method", "sex", "country")
    search_fields = ("indicator__code", "period", "source_document", "source_location", "note")
    readonly_fields = ("created", "last_updated", "period_start", "period_end", "reported_at")

    def save_model(self, request, obj, form, change):  # type: ignore[no-untyped-def]
        if obj.pk is None and obj.reported_by_id is None:
            obj.reported_by = request.user
            obj.reported_via = "admin"
        super().save_model(request, obj, form, change)
