"""ACTIP reference data for regional MEL and admins; assessments are edited through their workflow pages."""

from django.contrib import admin
from django.http import HttpRequest

from acthub.actip import models as m
from acthub.core.admin_base import ScopedAdmin


@admin.register(m.Chapter)
class ChapterAdmin(ScopedAdmin):
    list_display = ("number", "title", "order")
    search_fields = ("number", "title")


@admin.register(m.Article)
class ArticleAdmin(ScopedAdmin):
    list_display = ("number", "title", "chapter", "obligation_kind", "is_confirmed")
    list_filter = ("chapter", "obligation_kind", "is_confirmed")
    search_fields = ("title", "summary")


@admin.register(m.Ratification)
class RatificationAdmin(ScopedAdmin):
    list_display = ("country", "signed_on", "ratified_on")
    search_fields = ("country__name", "note", "source")


class _WorkflowOnly(ScopedAdmin):
    """Shown for reference; written only through the assessment workflow (services and pages)."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(m.Assessment)
class AssessmentAdmin(_WorkflowOnly):
    """Read-only here: drafting, review and publication go through the audited workflow services."""

    list_display = ("country", "period", "status", "published_at")
    list_filter = ("status", "country", "period")
    search_fields = ("country__name", "period", "summary")


@admin.register(m.AssessmentItem)
class AssessmentItemAdmin(_WorkflowOnly):
    list_display = ("assessment", "article", "status")
    list_filter = ("status", "assessment__country")
    search_fields = ("evidence", "laws", "assessment__country__name")


@admin.register(m.ReviewComment)
class ReviewCommentAdmin(_WorkflowOnly):
    list_display = ("assessment", "author", "created")
    search_fields = ("text",)
