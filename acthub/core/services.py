"""Writes that every interface shares: validate, check the actor's scope, save atomically, audit.

The admin, the seed loader and (later) imports call these; none saves a record on its own.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.utils.translation import gettext as _

from acthub.audit.context import acting, current_actor
from acthub.core.access import can, can_add, in_scope_for_change

M = TypeVar("M", bound=models.Model)


def _check(acting_user: Any, instance: models.Model) -> None:
    if acting_user is None:  # the system itself: loaders and migrations
        return
    if instance.pk is None:
        if not can_add(acting_user, type(instance)):
            raise PermissionDenied(_("You may not add %(model)s records.") % {"model": instance._meta.verbose_name})
    elif not can(acting_user, "change", instance):
        raise PermissionDenied(_("You may not change this record."))
    # A new record scoped through a many-to-many has no countries yet: the form that sets them
    # offers only countries inside the user's scope, and the set is checked once saved.
    if instance.pk is None and getattr(instance, "scope_is_many", False):
        return
    if getattr(instance, "scope_field", None) not in (None, "pk") and not in_scope_for_change(acting_user, instance):
        raise PermissionDenied(_("This record's country is outside your scope."))


@transaction.atomic
def save_record(
    instance: M,
    *,
    acting_user: Any,
    via: str | None = None,
    m2m: Mapping[str, Iterable[models.Model]] | None = None,
) -> M:
    """Validate and save one record (and its many-to-many sets) as `acting_user`."""
    _check(acting_user, instance)
    actor = current_actor()
    with acting(acting_user, via=via or actor.via, remote_addr=actor.remote_addr, request_id=actor.request_id):
        instance.save()
        for name, items in (m2m or {}).items():
            getattr(instance, name).set(list(items))
    return instance


@transaction.atomic
def delete_record(instance: models.Model, *, acting_user: Any, via: str | None = None) -> None:
    """Delete one record as `acting_user`, if their role and scope allow it."""
    if acting_user is not None and not can(acting_user, "change", instance):
        raise PermissionDenied(_("You may not delete this record."))
    actor = current_actor()
    with acting(acting_user, via=via or actor.via, remote_addr=actor.remote_addr, request_id=actor.request_id):
        instance.delete()
