"""Who is acting right now: set per request by the middleware and per job by `acting()`.

A context variable rather than a thread-local, so that it also holds under ASGI and in task workers.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Actor:
    """The user (or None for the system) and how the change arrived (web, api, admin, load_seed...)."""

    user: Any = None
    via: str = "system"
    remote_addr: str | None = None
    request_id: uuid.UUID = field(default_factory=uuid.uuid4)


_current: ContextVar[Actor | None] = ContextVar("acthub_actor", default=None)


def current_actor() -> Actor:
    return _current.get() or Actor()


@contextmanager
def acting(
    user: Any = None, *, via: str = "system", remote_addr: str | None = None, request_id: uuid.UUID | None = None
) -> Iterator[Actor]:
    """Attribute every change made inside the block to `user`, arriving through `via`."""
    actor = Actor(user=user, via=via, remote_addr=remote_addr, request_id=request_id or uuid.uuid4())
    token = _current.set(actor)
    try:
        yield actor
    finally:
        _current.reset(token)


def current_request_id() -> uuid.UUID | None:
    """The id of the request or job being served (as in X-Request-ID and the logs), None outside one."""
    actor = _current.get()
    return actor.request_id if actor is not None else None
