from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from acthub.approvals.models import Decision
from acthub.core.admin_base import ScopedAdmin


@admin.register(Decision)
class DecisionAdmin(ScopedAdmin):
    """Approval decisions are read here; they are taken in the staff import pages and never changed."""

    list_display = ("job", "action", "decided_by", "created", "rows")
    list_filter = ("action",)
    search_fields = ("reason",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
