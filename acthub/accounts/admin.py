from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from acthub.accounts.models import User
from acthub.accounts.tokens import ENROLMENT_CODE_DAYS, issue_enrolment_code
from acthub.core.access import ADMIN, REGIONAL, has_role
from acthub.core.services import save_record


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """Users and their roles: administrators change them; regional MEL may look."""

    list_display = ("username", "email", "role", "organisation", "is_active", "last_login")
    list_filter = ("role", "is_active", "countries")
    search_fields = ("username", "email", "first_name", "last_name")
    filter_horizontal = ("countries",)
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("Person", {"fields": ("first_name", "last_name", "email")}),
        ("Access", {"fields": ("role", "countries", "organisation", "is_active")}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "password1", "password2", "role", "countries")}),
    )
    readonly_fields = ("last_login", "date_joined")
    actions = ("issue_enrolment_codes",)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return has_role(request.user, REGIONAL)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_module_permission(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return has_role(request.user, [ADMIN])

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return has_role(request.user, [ADMIN])

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return has_role(request.user, [ADMIN])

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        save_record(obj, acting_user=request.user, via="admin")

    @admin.action(description=_("Issue a two-factor enrolment code"))
    def issue_enrolment_codes(self, request: HttpRequest, queryset: Any) -> HttpResponse | None:
        """Show a new one-time enrolment code per selected user, once, on this page (never stored)."""
        if not has_role(request.user, [ADMIN]):
            raise PermissionDenied
        codes = [(user, issue_enrolment_code(user, acting_user=request.user)) for user in queryset]
        context = {**self.admin_site.each_context(request), "codes": codes, "days": ENROLMENT_CODE_DAYS}
        context["title"] = _("Two-factor enrolment codes")
        return TemplateResponse(request, "admin/accounts/enrolment_codes.html", context)

    def get_actions(self, request: HttpRequest) -> Any:
        actions = super().get_actions(request)
        if not has_role(request.user, [ADMIN]):
            actions.pop("issue_enrolment_codes", None)
        return actions


# django-otp's own admin can show a device's secret and its QR code: whoever sees it can clone the
# second factor. acthub's lists devices without secrets; an administrator only removes a lost one.
if admin.site.is_registered(TOTPDevice):
    admin.site.unregister(TOTPDevice)


@admin.register(TOTPDevice)
class TOTPDeviceAdmin(admin.ModelAdmin[TOTPDevice]):
    """Enrolled authenticators, without their secrets. Deleting one makes its owner enrol again."""

    list_display = ("user", "name", "confirmed", "created_at", "last_used_at")
    list_filter = ("confirmed",)
    search_fields = ("user__username", "name")
    fields = ("user", "name", "confirmed", "created_at", "last_used_at")
    readonly_fields = fields

    def has_module_permission(self, request: HttpRequest) -> bool:
        return has_role(request.user, [ADMIN])

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_module_permission(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return has_role(request.user, [ADMIN])
