"""Fact sheet editions and jobs, read in the admin; they are made in the fact sheets' staff pages."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from acthub.core.admin_base import ScopedAdmin

from .models import FactSheetEdition, FactSheetJob


@admin.register(FactSheetEdition)
class FactSheetEditionAdmin(ScopedAdmin):
    """Drafts start in /factsheets/staff/; a published edition never changes, so nothing is edited here."""

    list_display = ("__str__", "country", "period", "language", "date_label", "status", "published_at")
    list_filter = ("status", "language", "country")
    search_fields = ("date_label", "period", "content_hash")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # A draft may go; a published edition is kept for citation (the model refuses too).
        return obj is not None and not obj.is_published and super().has_delete_permission(request, obj)


@admin.register(FactSheetJob)
class FactSheetJobAdmin(ScopedAdmin):
    """Render jobs with their status, progress and message."""

    list_display = ("__str__", "action", "status", "progress", "created_by", "created", "finished_at")
    list_filter = ("action", "status")
    search_fields = ("message", "task_id")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
