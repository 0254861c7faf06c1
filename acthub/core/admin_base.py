"""The base every admin page uses: restricted querysets, role checks, writes through the services."""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib import admin
from django.db import models
from django.forms import ModelForm
from django.http import HttpRequest

from acthub.core.access import (
    COUNTRY_OFFICER,
    REGIONAL,
    can,
    can_add,
    countries_to_assign,
    has_role,
    is_staff,
    role_of,
    sees_every_country,
)
from acthub.core.admin_guard import GuardedAdminMixin
from acthub.core.models import Country
from acthub.core.querysets import CHANGE
from acthub.core.services import delete_record, save_record


class ScopedAdmin(GuardedAdminMixin, admin.ModelAdmin[Any]):
    """A ModelAdmin that shows only what the user may see and saves through `save_record`.

    The list, lookups and related-object widgets follow `GuardedAdminMixin` (every admin does).
    """

    readonly_fields: ClassVar[tuple[str, ...]] = ("created", "last_updated")
    list_per_page = 50

    def _is_staff(self, request: HttpRequest) -> bool:
        return is_staff(request.user)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._is_staff(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._is_staff(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return self._is_staff(request) and can_add(request.user, self.model)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if not self._is_staff(request):
            return False
        if obj is None:
            return role_of(request.user) != COUNTRY_OFFICER or can_add(request.user, self.model)
        return can(request.user, CHANGE, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_change_permission(request, obj)

    def related_choices(self, db_field: Any, request: HttpRequest) -> models.QuerySet[Any]:
        if db_field.related_model is Country:
            return countries_to_assign(request.user)
        return super().related_choices(db_field, request)

    def save_model(self, request: HttpRequest, obj: Any, form: ModelForm[Any], change: bool) -> None:
        save_record(obj, acting_user=request.user, via="admin")

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        delete_record(obj, acting_user=request.user, via="admin")

    def delete_queryset(self, request: HttpRequest, queryset: models.QuerySet[Any]) -> None:
        restricted: Any = queryset
        for obj in restricted.restrict(request.user, CHANGE):
            delete_record(obj, acting_user=request.user, via="admin")


class ScopedInline(admin.TabularInline[Any, Any]):
    """An inline that follows the same role rules as its parent page."""

    extra = 0

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_staff(request.user) and (obj is None or can(request.user, CHANGE, obj))

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_add_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_add_permission(request, obj)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_staff(request.user)


class AggregateAdmin(admin.ModelAdmin[Any]):
    """Derived aggregates: read-only, for the regional roles that see every country (repair: rebuild_aggregates)."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return has_role(request.user, REGIONAL)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return sees_every_country(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
