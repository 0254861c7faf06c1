"""The workers' heartbeats in the admin: read-only, for administrators (operational state, no records)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from acthub.core.access import ADMIN, role_of
from acthub.operations.models import WorkerHeartbeat


@admin.register(WorkerHeartbeat)
class WorkerHeartbeatAdmin(admin.ModelAdmin[WorkerHeartbeat]):
    """Which task workers run, where, and when each last said so."""

    list_display = ("worker_id", "hostname", "pid", "started_at", "seen_at")
    search_fields = ("worker_id", "hostname")
    date_hierarchy = "seen_at"

    def has_module_permission(self, request: HttpRequest) -> bool:
        return role_of(request.user) == ADMIN

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_module_permission(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
