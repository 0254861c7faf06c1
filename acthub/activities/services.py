"""Domain operations of activities that other apps call: keeping the participation aggregates current.

Per-record writes (admin, services, shell) are followed by signals (acthub.activities.signals). Bulk
writes that bypass signals (`bulk_create`, `QuerySet.update`, raw SQL) must call one of these before
their transaction commits, so that every committed state of the records has matching aggregates.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import models, transaction
from django.utils.translation import gettext as _

from acthub.activities import aggregates
from acthub.activities.models import Activity, AttendanceCount, Participation, PersonIdentity

# When a job's activities hold nearly all of a program's rows, one rebuild of the program costs no more
# than recomputing the people of those activities; otherwise recomputing only them is cheaper.
REBUILD_SHARE = 0.9


class RecordsDependOnImport(ValueError):
    """An import cannot be reverted: records of other imports (or entered by hand) belong to its activities."""


def job_activity_ids(job: Any) -> set[int]:
    """The activities whose people an import job's rows touch: those it created and those its rows are in."""
    # order_by() drops the model's ordering, which DISTINCT would otherwise apply to (activity, person key):
    # a million rows fetched to find a few thousand activities.
    activity_ids = set(
        Participation.objects.filter(import_job=job).order_by().values_list("activity_id", flat=True).distinct()
    )
    activity_ids |= set(AttendanceCount.objects.filter(import_job=job).values_list("activity_id", flat=True))
    activity_ids |= set(Activity.objects.filter(import_job=job).values_list("pk", flat=True))
    return activity_ids


@transaction.atomic
def set_job_pending(job: Any, pending: bool) -> int:
    """Mark every activity, participation and attendance row of an import pending (or approved), then
    recompute the people they touch in both populations; returns how many rows changed."""
    changed = 0
    for model in (Activity, Participation, AttendanceCount):
        changed += model.objects.filter(import_job=job).exclude(is_pending=pending).update(is_pending=pending)
    if changed:
        after_participations_imported(job)
    return changed


@transaction.atomic
def delete_imported(job: Any) -> int:
    """Delete every activity, participation, attendance row and identity an import wrote, and bring the
    aggregates back to what they were before it; returns how many rows were deleted.

    Refused (RecordsDependOnImport) when the import's activities hold rows it did not write: they would
    go with them. Rows are deleted in bulk (one statement per table), not one by one through signals;
    the import job and its approval decisions are the audit record, as they are of the import itself.
    """
    from django.db import connection

    created = Activity.objects.filter(import_job=job)
    foreign_p = Participation.objects.filter(activity__in=created).exclude(import_job=job)
    foreign_c = AttendanceCount.objects.filter(activity__in=created).exclude(import_job=job)
    others = sorted(
        set(foreign_p.values_list("import_job_id", flat=True).distinct())
        | set(foreign_c.values_list("import_job_id", flat=True).distinct()),
        key=lambda j: (j is None, j or 0),
    )
    if others:
        names = ", ".join(str(j) if j is not None else _("records entered by hand") for j in others)
        raise RecordsDependOnImport(
            _("Activities of this import hold rows of other imports (%(jobs)s): revert those first.") % {"jobs": names}
        )
    people = Participation.objects.filter(import_job=job).order_by()
    keys = set(people.values_list("activity__program_id", "person_key").distinct())
    counts = AttendanceCount.objects.filter(import_job=job)
    keys |= {
        (program_id, aggregates.attendance_key(pk))
        for pk, program_id in counts.values_list("pk", "activity__program_id")
    }
    deleted = 0
    with connection.cursor() as cursor:
        for model in (Participation, AttendanceCount):
            table = connection.ops.quote_name(model._meta.db_table)
            column = connection.ops.quote_name(model._meta.get_field("import_job").column)
            cursor.execute(f"DELETE FROM {table} WHERE {column} = %s", [job.pk])  # noqa: S608 - quoted names
            deleted += cursor.rowcount
    # Activities go through the ORM: their many-to-many rows and links from elsewhere go with them.
    deleted += created.count()
    created.delete()
    remaining = Participation.objects.filter(person_key=models.OuterRef("person_key"))
    orphans = PersonIdentity.objects.filter(import_job=job).exclude(models.Exists(remaining))
    deleted += orphans.count()
    orphans.delete()
    aggregates.refresh_keys(keys)
    return deleted


@transaction.atomic
def after_participations_imported(job: Any) -> None:
    """Bring the aggregates up to date after an import job committed participation or attendance rows.

    Recomputes every person and attendance row of the activities the job touched (so rows the import
    changed or replaced are handled too), or rebuilds the program when the job is most of it.
    """
    activity_ids = job_activity_ids(job)
    if not activity_ids:
        return
    program_ids = set(Activity.objects.filter(pk__in=activity_ids).values_list("program_id", flat=True))
    # Both counts after the import: a rebuild reads all of the programs' rows, a refresh only the touched ones.
    touched = Participation.objects.filter(activity_id__in=activity_ids).count()
    existing = Participation.objects.filter(activity__program_id__in=program_ids).count()
    if touched >= REBUILD_SHARE * max(existing, 1):
        for program_id in program_ids:
            aggregates.rebuild_program(program_id)
    else:
        aggregates.refresh_activities(activity_ids)


def refresh_people(program: Any, person_keys: Iterable[str]) -> int:
    """Recompute these people's contribution in a program (after a `QuerySet.update` of their rows)."""
    program_id = getattr(program, "pk", program)
    return aggregates.refresh_keys((program_id, key) for key in person_keys)


def refresh_activities(activities: Iterable[Any]) -> None:
    """Recompute everyone who took part in these activities (after bulk changes to their rows)."""
    aggregates.refresh_activities(getattr(a, "pk", a) for a in activities)


def rebuild_aggregates(program: Any | None = None) -> list[int]:
    """Rebuild the aggregates of one program, or of every program with activities; returns their ids."""
    from acthub.program.models import Program

    if program is not None:
        ids = [getattr(program, "pk", program)]
    else:
        ids = list(Program.objects.order_by("pk").values_list("pk", flat=True))
    for program_id in ids:
        aggregates.rebuild_program(program_id)
    return ids
