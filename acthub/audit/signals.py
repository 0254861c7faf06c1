"""Writes an ObjectChange for every create, update and delete of a BaseModel record.

The before-state is read from the database just before the save, so changes made through any path
(admin, loader, services, shell) are logged the same way. Saves that change nothing log nothing,
which keeps re-running the seed loader silent.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

from acthub.audit.context import current_actor
from acthub.core.models import BaseModel

SKIPPED_FIELDS = {"created", "last_updated", "password", "last_login"}


def snapshot(instance: models.Model) -> dict[str, Any]:
    """The record's own fields and many-to-many ids, as JSON-ready values."""
    data: dict[str, Any] = {}
    for f in instance._meta.concrete_fields:
        if f.name not in SKIPPED_FIELDS:
            value = f.value_from_object(instance)
            if isinstance(f, models.FileField):
                value = value.name  # a file is logged by its stored name, not its contents
            elif isinstance(value, bytes | memoryview):
                # Binary fields hold encrypted identities: the log keeps a digest that shows a change,
                # never the ciphertext (which would outlive a key rotation in the log).
                value = f"sha256:{hashlib.sha256(bytes(value)).hexdigest()[:16]}"
            data[f.attname] = value
    if instance.pk is not None:
        for m2m in instance._meta.many_to_many:
            data[m2m.name] = sorted(getattr(instance, m2m.name).values_list("pk", flat=True))
    # Round-trip through JSON so that before/after compare as they will be stored.
    result: dict[str, Any] = json.loads(json.dumps(data, cls=DjangoJSONEncoder))
    return result


def _tracked(sender: Any) -> bool:
    if not isinstance(sender, type):
        return False
    meta: Any = getattr(sender, "_meta", None)
    return issubclass(sender, BaseModel) or (meta is not None and meta.label == "accounts.User")


def _log(instance: models.Model, action: str, before: dict[str, Any] | None, after: dict[str, Any] | None) -> None:
    from acthub.audit.models import ObjectChange

    actor = current_actor()
    user = actor.user if actor.user is not None and actor.user.pk else None
    ObjectChange.objects.create(
        user=user,
        user_name=getattr(user, "username", "") if user else "",
        via=actor.via,
        remote_addr=actor.remote_addr,
        request_id=actor.request_id,
        action=action,
        content_type=ContentType.objects.get_for_model(type(instance)),
        object_id=str(instance.pk),
        object_repr=str(instance)[:200],
        before=before,
        after=after,
    )


def _pre_save(sender: type, instance: models.Model, raw: bool = False, **kwargs: Any) -> None:
    if raw or not _tracked(sender):
        return
    old = sender._default_manager.filter(pk=instance.pk).first() if instance.pk is not None else None  # type: ignore[attr-defined]
    instance._audit_before = snapshot(old) if old is not None else None  # type: ignore[attr-defined]


def _post_save(sender: type, instance: models.Model, created: bool, raw: bool = False, **kwargs: Any) -> None:
    if raw or not _tracked(sender):
        return
    before = getattr(instance, "_audit_before", None)
    after = snapshot(instance)
    if before == after:
        return
    _log(instance, "create" if before is None else "update", before, after)


def _post_delete(sender: type, instance: models.Model, **kwargs: Any) -> None:
    if _tracked(sender):
        _log(instance, "delete", snapshot(instance), None)


def _m2m_changed(sender: type, instance: models.Model, action: str, **kwargs: Any) -> None:
    instance.__dict__.pop("_acthub_country_ids", None)  # a user's scope changed: forget the cached one
    if not _tracked(type(instance)):
        return
    if action in ("pre_add", "pre_remove", "pre_clear"):
        instance._audit_m2m_before = snapshot(instance)  # type: ignore[attr-defined]
    elif action in ("post_add", "post_remove", "post_clear"):
        before = getattr(instance, "_audit_m2m_before", None)
        after = snapshot(instance)
        if before is not None and before != after:
            _log(instance, "update", before, after)


def connect() -> None:
    pre_save.connect(_pre_save, dispatch_uid="audit_pre_save")
    post_save.connect(_post_save, dispatch_uid="audit_post_save")
    post_delete.connect(_post_delete, dispatch_uid="audit_post_delete")
    m2m_changed.connect(_m2m_changed, dispatch_uid="audit_m2m_changed")
