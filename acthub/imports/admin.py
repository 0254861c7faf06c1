from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from acthub.core.admin_base import ScopedAdmin
from acthub.imports.models import ColumnMapping, ImportJob


@admin.register(ImportJob)
class ImportJobAdmin(ScopedAdmin):
    """Import jobs are read here; they are created and committed in the staff import pages.

    The uploaded file is not offered for download: it may hold identifying details.
    """

    list_display = (
        "original_name",
        "kind",
        "status",
        "approval",
        "total_rows",
        "error_count",
        "created_by",
        "created",
    )
    list_filter = ("kind", "status", "approval")
    search_fields = ("original_name", "sha256")
    exclude = ("file",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ColumnMapping)
class ColumnMappingAdmin(ScopedAdmin):
    """Column mappings of KoboToolbox exports: {target column: header in the export}."""

    list_display = ("name", "kind", "last_updated")
    list_filter = ("kind",)
    search_fields = ("name",)
