from django.contrib import admin

from acthub.activities.models import (
    Activity,
    AttendanceCount,
    Participation,
    ParticipationCell,
    PersonIdentity,
    Presence,
)
from acthub.core.admin_base import AggregateAdmin, ScopedAdmin


@admin.register(Activity)
class ActivityAdmin(ScopedAdmin):
    list_display = ("code", "title", "kind", "start_date", "end_date", "mode", "is_regional", "is_synthetic")
    list_filter = ("program", "kind", "mode", "is_regional", "countries", "is_synthetic")
    search_fields = ("code", "title")
    date_hierarchy = "start_date"
    filter_horizontal = ("countries", "organisers")


@admin.register(Participation)
class ParticipationAdmin(ScopedAdmin):
    list_display = ("person_key", "activity", "sex", "age_band", "agency_type", "sector", "country", "role")
    list_filter = ("sex", "agency_type", "sector", "role", "country", "is_synthetic")
    search_fields = ("person_key", "activity__code", "activity__title")
    raw_id_fields = ("activity", "organisation", "import_job")


@admin.register(AttendanceCount)
class AttendanceCountAdmin(ScopedAdmin):
    list_display = ("activity", "count", "sex", "agency_type", "sector", "country", "role")
    list_filter = ("sex", "agency_type", "sector", "role", "country", "is_synthetic")
    search_fields = ("activity__code", "activity__title")
    raw_id_fields = ("activity", "organisation", "import_job")


@admin.register(PersonIdentity)
class PersonIdentityAdmin(ScopedAdmin):
    """Only the key and country show here: identifying details are never listed."""

    list_display = ("person_key", "country")
    list_filter = ("country",)
    search_fields = ("person_key",)
    exclude = ("name_encrypted", "phone_encrypted")


@admin.register(Presence)
class PresenceAdmin(AggregateAdmin):
    list_display = ("person_key", "month", "country", "sex", "agency_type", "role", "synthetic", "participations")
    list_filter = ("synthetic", "country", "sex", "role")
    search_fields = ("person_key",)


@admin.register(ParticipationCell)
class ParticipationCellAdmin(AggregateAdmin):
    list_display = ("kind", "period", "dims", "country", "sex", "agency_type", "role", "people", "participations")
    list_filter = ("synthetic", "kind", "dims")
    search_fields = ("=period", "country")
