"""Keep the participation aggregates exact on every per-record create, change and delete.

Each handler recomputes only the person keys the change touched, inside the same transaction as the
change, so a committed state never has stale aggregates. Deleting an activity cascades to all its
participation rows: their recomputation is deferred to the activity's own post_delete and done once.
"""

from __future__ import annotations

import threading
from typing import Any

from django.db.models.signals import post_delete, post_save, pre_delete, pre_save

from acthub.activities import aggregates
from acthub.activities.models import Activity, AttendanceCount, Participation

_state = threading.local()


def _deferred() -> dict[int, set[tuple[int, str]]]:
    if not hasattr(_state, "activities"):
        _state.activities = {}
    result: dict[int, set[tuple[int, str]]] = _state.activities
    return result


def _program_of(activity_id: int) -> int | None:
    return Activity.objects.filter(pk=activity_id).values_list("program_id", flat=True).first()


def _old_key(sender: Any, instance: Any, key: str) -> tuple[int, str] | None:
    if instance.pk is None:
        return None
    old = sender._default_manager.filter(pk=instance.pk).values("activity__program_id", "activity_id").first()
    if old is None:
        return None
    return (old["activity__program_id"], key)


def _participation_pre_save(sender: Any, instance: Participation, raw: bool = False, **kwargs: Any) -> None:
    if raw or instance.pk is None:
        return
    old = Participation.objects.filter(pk=instance.pk).values("activity__program_id", "person_key").first()
    instance._agg_old = (old["activity__program_id"], old["person_key"]) if old else None  # type: ignore[attr-defined]


def _participation_post_save(sender: Any, instance: Participation, raw: bool = False, **kwargs: Any) -> None:
    if raw:
        return
    keys = {(instance.activity.program_id, instance.person_key)}
    old = getattr(instance, "_agg_old", None)
    if old:
        keys.add(old)
    aggregates.refresh_keys(keys)


def _participation_post_delete(sender: Any, instance: Participation, **kwargs: Any) -> None:
    deferred = _deferred().get(instance.activity_id)
    if deferred is not None:
        return  # the activity is being deleted: its post_delete recomputes everyone at once
    program_id = _program_of(instance.activity_id)
    if program_id is not None:
        aggregates.refresh_keys([(program_id, instance.person_key)])


def _attendance_pre_save(sender: Any, instance: AttendanceCount, raw: bool = False, **kwargs: Any) -> None:
    if raw or instance.pk is None:
        return
    instance._agg_old = _old_key(AttendanceCount, instance, aggregates.attendance_key(instance.pk))  # type: ignore[attr-defined]


def _attendance_post_save(sender: Any, instance: AttendanceCount, raw: bool = False, **kwargs: Any) -> None:
    if raw:
        return
    keys = {(instance.activity.program_id, aggregates.attendance_key(instance.pk))}
    old = getattr(instance, "_agg_old", None)
    if old:
        keys.add(old)
    aggregates.refresh_keys(keys)


def _attendance_post_delete(sender: Any, instance: AttendanceCount, **kwargs: Any) -> None:
    if _deferred().get(instance.activity_id) is not None:
        return
    program_id = _program_of(instance.activity_id)
    if program_id is not None:
        aggregates.refresh_keys([(program_id, aggregates.attendance_key(instance.pk))])


_ACTIVITY_FIELDS = ("program_id", "start_date", "is_synthetic")


def _activity_pre_save(sender: Any, instance: Activity, raw: bool = False, **kwargs: Any) -> None:
    if raw or instance.pk is None:
        return
    instance._agg_old = Activity.objects.filter(pk=instance.pk).values(*_ACTIVITY_FIELDS).first()  # type: ignore[attr-defined]


def _activity_post_save(sender: Any, instance: Activity, raw: bool = False, **kwargs: Any) -> None:
    old = getattr(instance, "_agg_old", None)
    if raw or not old or all(old[f] == getattr(instance, f) for f in _ACTIVITY_FIELDS):
        return
    keys = _activity_keys(instance.pk, instance.program_id)
    if old["program_id"] != instance.program_id:
        keys |= {(old["program_id"], key) for _program, key in keys}
    aggregates.refresh_keys(keys)


def _activity_keys(activity_id: int, program_id: int) -> set[tuple[int, str]]:
    people = Participation.objects.filter(activity_id=activity_id).values_list("person_key", flat=True)
    counts = AttendanceCount.objects.filter(activity_id=activity_id).values_list("pk", flat=True)
    return {(program_id, key) for key in people} | {(program_id, aggregates.attendance_key(pk)) for pk in counts}


def _activity_pre_delete(sender: Any, instance: Activity, **kwargs: Any) -> None:
    _deferred()[instance.pk] = _activity_keys(instance.pk, instance.program_id)


def _activity_post_delete(sender: Any, instance: Activity, **kwargs: Any) -> None:
    keys = _deferred().pop(instance.pk, None)
    if keys:
        aggregates.refresh_keys(keys)


def connect() -> None:
    """Connect the handlers (called once from the app's ready())."""
    pre_save.connect(_participation_pre_save, sender=Participation, dispatch_uid="agg_participation_pre_save")
    post_save.connect(_participation_post_save, sender=Participation, dispatch_uid="agg_participation_post_save")
    post_delete.connect(_participation_post_delete, sender=Participation, dispatch_uid="agg_participation_delete")
    pre_save.connect(_attendance_pre_save, sender=AttendanceCount, dispatch_uid="agg_attendance_pre_save")
    post_save.connect(_attendance_post_save, sender=AttendanceCount, dispatch_uid="agg_attendance_post_save")
    post_delete.connect(_attendance_post_delete, sender=AttendanceCount, dispatch_uid="agg_attendance_delete")
    pre_save.connect(_activity_pre_save, sender=Activity, dispatch_uid="agg_activity_pre_save")
    post_save.connect(_activity_post_save, sender=Activity, dispatch_uid="agg_activity_post_save")
    pre_delete.connect(_activity_pre_delete, sender=Activity, dispatch_uid="agg_activity_pre_delete")
    post_delete.connect(_activity_post_delete, sender=Activity, dispatch_uid="agg_activity_post_delete")
