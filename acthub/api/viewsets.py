"""The base of every endpoint: read-only, and reading only the records the user may see."""

from __future__ import annotations

from typing import Any, ClassVar

from django.db.models import Model, Prefetch, QuerySet
from rest_framework import viewsets
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

from acthub.api.permissions import PublicRead
from acthub.audit.reads import audit_reads
from acthub.core.querysets import VIEW


def visible(model: type[Model], user: Any) -> QuerySet[Any]:
    """The records of `model` that `user` may see: the one access rule, through `restrict`."""
    return model.objects.restrict(user, VIEW)  # type: ignore[attr-defined]


def visible_prefetch(lookup: str, model: type[Model], user: Any, *, select: tuple[str, ...] = ()) -> Prefetch:
    """Load a relation keeping only what `user` may see; a hidden foreign key reads as None."""
    return Prefetch(lookup, queryset=visible(model, user).select_related(*select))


class RestrictedViewSet(viewsets.ReadOnlyModelViewSet):
    """A read-only endpoint over `model.objects.restrict(user, "view")`.

    Subclasses name the `model`, what to join (`select`), what to load beside (`prefetch`), and the
    relations whose visibility depends on the user (`get_prefetches`). A record outside the user's view
    is absent from the list and 404 on detail.
    """

    model: ClassVar[type[Model]]
    select: ClassVar[tuple[str, ...]] = ()
    prefetch: ClassVar[tuple[str, ...]] = ()
    lookup_value_regex = "[0-9]+"
    throttle_classes = [AnonRateThrottle, UserRateThrottle]
    permission_classes = [PublicRead]

    def get_queryset(self) -> QuerySet[Any]:
        qs = visible(self.model, self.request.user)
        return qs.select_related(*self.select).prefetch_related(*self.prefetch, *self.get_prefetches())

    def get_prefetches(self) -> list[Prefetch]:
        """Prefetches that depend on the requesting user (see `visible_prefetch`)."""
        return []

    def get_object(self) -> Any:
        obj = super().get_object()
        audit_reads(self.request.user, [obj], view=f"api:{self.basename}-detail")
        return obj

    def paginate_queryset(self, queryset: Any) -> list[Any] | None:
        page = super().paginate_queryset(queryset)
        if page is not None:
            audit_reads(self.request.user, page, view=f"api:{self.basename}-list")
        return page
