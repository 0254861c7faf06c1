"""Which population of records a computation reads: the published one, or published and pending together.

Published figures read only approved records (rows of imports not approved yet are pending). Staff
may read "published and pending" to see what an approval would change, and `manage.py factsheet
--include-pending` renders a draft from it. The choice is ambient for a block of code, like
`translation.override`, so that one rendering reads one population throughout without every layer
between the command and the engine passing a flag down.

This module imports nothing of the domain: the engine and the activities app both call it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db.models import Q

_with_pending: ContextVar[bool] = ContextVar("acthub_with_pending", default=False)


def with_pending() -> bool:
    """Whether the code running now reads pending records too (False: the published population)."""
    return _with_pending.get()


@contextmanager
def including_pending(enabled: bool = True) -> Iterator[None]:
    """Read published and pending records inside the block (staff previews and draft fact sheets)."""
    token = _with_pending.set(enabled)
    try:
        yield
    finally:
        _with_pending.reset(token)


def published_q(*relations: str) -> Q:
    """The filter of records in the population read now: approved ones only, unless pending is included.

    `relations` names related records that must be approved too ("activity" for participation rows).
    """
    if with_pending():
        return Q()
    q = Q(is_pending=False)
    for relation in relations:
        q &= Q(**{f"{relation}__is_pending": False})
    return q
