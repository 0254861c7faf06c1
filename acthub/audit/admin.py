from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from acthub.audit.models import AccessEvent, ObjectChange
from acthub.core.access import ADMIN, REGIONAL, has_role


@admin.register(ObjectChange)
class ObjectChangeAdmin(admin.ModelAdmin[ObjectChange]):
    """The change log, read-only, for regional MEL and admin."""

    list_display = ("time", "action", "content_type", "object_repr", "user_name", "via", "remote_addr")
    list_filter = ("action", "via", "content_type")
    search_fields = ("object_repr", "user_name", "object_id", "request_id")
    date_hierarchy = "time"

    def has_module_permission(self, request: HttpRequest) -> bool:
        return has_role(request.user, REGIONAL)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_module_permission(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(AccessEvent)
class AccessEventAdmin(admin.ModelAdmin[AccessEvent]):
    """The access log (logins, lockouts, role changes, sensitive reads), read-only, for admin only."""

    list_display = ("time", "kind", "user_name", "content_type", "object_id", "via", "remote_addr")
    list_filter = ("kind", "via", "content_type")
    search_fields = ("user_name", "object_id", "request_id")
    date_hierarchy = "time"

    def has_module_permission(self, request: HttpRequest) -> bool:
        # Who read which sensitive record is itself sensitive: administrators only.
        return has_role(request.user, [ADMIN])

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_module_permission(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
