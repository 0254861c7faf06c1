"""Saving inside a service: attributed to the acting user, so the change log says who did it."""

from __future__ import annotations

from typing import Any

from django.db import models

from acthub.audit.context import acting, current_actor


def save_as(instance: models.Model, *, acting_user: Any, via: str) -> None:
    """Save (validated by BaseModel.save) with the change attributed to `acting_user`, through `via`."""
    actor = current_actor()
    with acting(acting_user, via=via, remote_addr=actor.remote_addr, request_id=actor.request_id):
        instance.save()
