"""Who may call an API endpoint. Every endpoint declares one of these; the default refuses everyone.

- `PublicRead`: anyone may read; what they see is still `Model.objects.restrict(user, "view")`.
- `roles(...)`: only these roles (anonymous callers get 401, other roles 403).

Each class carries `acthub_access` in the same form as the page decorators of
`acthub.core.permissions`, so the authorization-matrix test reads pages and endpoints alike.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import permissions
from rest_framework.request import Request

from acthub.core.access import role_of
from acthub.core.permissions import ACCESS_ATTR, STAFF


class Undeclared(permissions.BasePermission):
    """The default: an endpoint that forgot to declare its permission is closed, not open."""

    message = _("This endpoint declares no permission and is closed.")
    acthub_access = "undeclared"

    def has_permission(self, request: Request, view: Any) -> bool:
        return False


class PublicRead(permissions.BasePermission):
    """Reading is open to everyone, record by record through the restricted querysets.

    Writing methods are refused, except where the view has no handler for them at all: those get
    DRF's 405, which says more than a 403 about a read-only API.
    """

    acthub_access = "public"

    def has_permission(self, request: Request, view: Any) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return True
        return not hasattr(view, str(request.method).lower())


def roles(*names: str) -> type[permissions.BasePermission]:
    """A permission class admitting only these roles (the role is read through acthub.core.access)."""
    allowed = tuple(names)

    class HasRole(permissions.BasePermission):
        message = _("Your role may not use this endpoint.")

        def has_permission(self, request: Request, view: Any) -> bool:
            return role_of(request.user) in allowed

    HasRole.__name__ = HasRole.__qualname__ = "HasRole_" + "_".join(allowed)
    setattr(HasRole, ACCESS_ATTR, ("roles", allowed))
    return HasRole


StaffOnly = roles(*STAFF)


def declared_access(view_class: Any) -> list[Any]:
    """The `acthub_access` declarations of a DRF view's permission classes (empty: none declared)."""
    found: list[Any] = []
    for permission in getattr(view_class, "permission_classes", []):
        if permission is Undeclared:
            continue
        access = getattr(permission, ACCESS_ATTR, None)
        if access is None:
            # Any other permission class is a declaration too; the matrix checks what it does.
            access = "public" if permission is permissions.AllowAny else ("custom", repr(permission))
        found.append(access)
    return found
