from django.contrib import admin

from acthub.activities.models import Activity, AttendanceCount, Participation, PersonIdentity
from acthub.core.admin_base import ScopedAdmin


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
