"""ACTIP reference data for regional MEL and admins; assessments are edited through their workflow pages."""

from django.contrib import admin
from django.http import HttpRequest

from acthub.actip import models as m
from acthub.core.admin_base import ScopedAdmin


@admin.register(m.Chapter)
class ChapterAdmin(ScopedAdmin):
    list_display = ("number", "title", "order")


@admin.register(m.Article)
class ArticleAdmin(ScopedAdmin):
    list_display = ("number", "title", "chapter", "obligation_kind", "is_confirmed")
    list_filter = ("chapter", "obligation_kind", "is_confirmed")
    search_fields = ("title", "summary")


@admin.register(m.Ratification)
class RatificationAdmin(ScopedAdmin):
    list_display = ("country", "signed_on", "ratified_on")


@admin.register(m.Assessment)
class AssessmentAdmin(ScopedAdmin):
    """Read-only here: drafting, review and publication go through the audited workflow services."""

    list_display = ("country", "period", "status", "published_at")
    list_filter = ("status", "country", "period")
    readonly_fields = (
        "country",
        "period",
        "status",
        "summary",
        "drafted_by",
        "submitted_at",
        "reviewed_by",
        "published_at",
    )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
