"""How a view declares who may open it. Every view either is public or names the roles it admits.

The authorization-matrix test walks the URL resolver and fails on any view that declares neither, so
a new page cannot be forgotten. Record-level scope is still decided by restricted querysets.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any, TypeVar

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from acthub.core.access import PUBLIC, SIGNED_IN, STAFF, has_role

V = TypeVar("V", bound=Callable[..., Any])

ACCESS_ATTR = "acthub_access"
__all__ = ["SIGNED_IN", "STAFF", "public_view", "roles_required", "staff_required"]


def public_view(view: V) -> V:
    """Mark a view as open to everyone (what it shows is still restricted per record)."""
    setattr(view, ACCESS_ATTR, PUBLIC)
    return view


def roles_required(roles: Iterable[str]) -> Callable[[V], V]:
    """Admit only these roles: anonymous users go to the login page, other roles get 403."""
    allowed = tuple(roles)

    def decorate(view: V) -> V:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not has_role(request.user, allowed):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        setattr(wrapper, ACCESS_ATTR, ("roles", allowed))
        return wrapper  # type: ignore[return-value]

    return decorate


staff_required = roles_required(STAFF)
