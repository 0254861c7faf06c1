"""Domain operations of activities that other apps call: keeping the participation aggregates current.

Per-record writes (admin, services, shell) are followed by signals (acthub.activities.signals). Bulk
writes that bypass signals (`bulk_create`, `QuerySet.update`, raw SQL) must call one of these before
their transaction commits, so that every committed state of the records has matching aggregates.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction

from acthub.activities import aggregates
from acthub.activities.models import Activity, AttendanceCount, Participation

# When a job's activities hold nearly all of a program's rows, one rebuild of the program costs no more
# than recomputing the people of those activities; otherwise recomputing only them is cheaper.
REBUILD_SHARE = 0.9


@transaction.atomic
def after_participations_imported(job: Any) -> None:
    """Bring the aggregates up to date after an import job committed participation or attendance rows.

    Recomputes every person and attendance row of the activities the job touched (so rows the import
    changed or replaced are handled too), or rebuilds the program when the job is most of it.
    """
    # order_by() drops the model's ordering, which DISTINCT would otherwise apply to (activity, person key):
    # a million rows fetched to find a few thousand activities.
    activity_ids = set(
        Participation.objects.filter(import_job=job).order_by().values_list("activity_id", flat=True).distinct()
    )
    activity_ids |= set(AttendanceCount.objects.filter(import_job=job).values_list("activity_id", flat=True))
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
