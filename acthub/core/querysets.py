"""Restricted querysets: the one place that decides which records a user may see or change.

Every view, API endpoint and admin page asks `Model.objects.restrict(user, action)`; none filters by
country on its own. A model describes its own visibility with three class hooks (see `ScopedModel`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Self

from django.db import models
from django.db.models import Q

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from acthub.accounts.models import User

VIEW, CHANGE = "view", "change"
NOTHING = Q(pk__in=[])


class RestrictedQuerySet(models.QuerySet[Any]):
    """A queryset that can narrow itself to what a user may see (`view`) or edit (`change`)."""

    def restrict(self, user: User | AnonymousUser | None, action: str = VIEW) -> Self:
        from acthub.core.access import access_q

        q = access_q(self.model, user, action)
        if q is None:
            return self
        return self.filter(q)
