"""Signal receivers that keep the search index current on every change of an indexed record."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db.models.signals import m2m_changed, post_delete, post_save

from acthub.library.search import index

# Many-to-many sets that feed an entry's facets or text: (model label, field name).
M2M_FIELDS = [
    ("library.Resource", "countries"),
    ("library.Resource", "topics"),
    ("program.Project", "countries"),
    ("program.Project", "focus_tags"),
    ("activities.Activity", "countries"),
]


def _saved(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if raw:  # fixtures loaded as they are: `rebuild_search_index` catches up
        return
    index.update(sender._meta.label, instance.pk)


def _deleted(sender: Any, instance: Any, **kwargs: Any) -> None:
    index.remove(sender._meta.label, instance.pk)


def _version_changed(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if raw:
        return
    from acthub.library.models import Resource

    if Resource.objects.filter(pk=instance.resource_id).exists():
        index.update("library.Resource", instance.resource_id)


def _m2m(sender: Any, instance: Any, action: str, reverse: bool, model: Any, pk_set: Any, **kwargs: Any) -> None:
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if not reverse:
        index.update(instance._meta.label, instance.pk)
        return
    # Changed from the other side (a country's resources): update each record on the indexed side.
    for pk in pk_set or []:
        index.update(model._meta.label, pk)


def _import_finished(sender: Any, instance: Any, **kwargs: Any) -> None:
    # Imports write activities in bulk (no per-record signals): index what they added.
    if getattr(instance, "status", "") == "complete" and getattr(instance, "kind", "") == "activities":
        index.index_missing("activity")


def connect_kind(kind: index.Kind) -> None:
    """Keep one kind's entries current on every save and delete of its records."""
    post_save.connect(_saved, sender=kind.model, dispatch_uid=f"search-save-{kind.name}")
    post_delete.connect(_deleted, sender=kind.model, dispatch_uid=f"search-delete-{kind.name}")


def connect() -> None:
    """Connect the receivers (called once from the app's ready())."""
    for kind in index.KINDS.values():
        connect_kind(kind)
    version = apps.get_model("library.ResourceVersion")
    post_save.connect(_version_changed, sender=version, dispatch_uid="search-version-save")
    post_delete.connect(_version_changed, sender=version, dispatch_uid="search-version-delete")
    for label, name in M2M_FIELDS:
        through = getattr(apps.get_model(label), name).through
        m2m_changed.connect(_m2m, sender=through, dispatch_uid=f"search-m2m-{label}-{name}")
    post_save.connect(_import_finished, sender=apps.get_model("imports.ImportJob"), dispatch_uid="search-import")
