"""The background task that runs an import job (dry run or commit), through Django's tasks API.

The staff pages enqueue it; `manage.py db_worker` (django-tasks-db) runs it in production, the
immediate backend runs it in-process in tests.
"""

from __future__ import annotations

import logging
from typing import Any

from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from acthub.imports.models import ImportJob
from acthub.imports.services import run_job
from acthub.imports.uploads import discard_upload, purge_uploads
from acthub.operations.workers import task_interrupted

logger = logging.getLogger(__name__)


@task()
def run_import(job_id: int, commit: bool) -> dict[str, Any]:
    """Validate (commit=False) or commit (commit=True) one job; the job records the outcome."""
    job = ImportJob.objects.select_related("program", "mapping", "created_by", "committed_by").filter(pk=job_id).first()
    if job is None:
        return {"job": job_id, "status": "missing"}
    acting_user = job.committed_by if commit else job.created_by
    try:
        run_job(job, commit=commit, acting_user=acting_user)
    except Exception:
        # The job must not stay "running" forever: record the failure where the page shows it.
        logger.exception("import job %s failed", job_id)
        ImportJob.objects.filter(pk=job_id).update(
            status=ImportJob.Status.ERROR,
            message=_("The import failed unexpectedly: nothing was written. The administrators have the details."),
            finished_at=timezone.now(),
        )
        discard_upload(job)  # a failed job's upload (perhaps with names and phones) is not kept
        return {"job": job_id, "status": ImportJob.Status.ERROR}
    return {"job": job_id, "status": job.status, **job.summary()}


@task()
def purge_abandoned_uploads() -> dict[str, int]:
    """Delete uploads left uncommitted past their TTL (enqueued after every upload; also a command)."""
    return {"purged": purge_uploads()}


@receiver(task_interrupted, dispatch_uid="imports-task-interrupted")
def _worker_lost(sender: Any, task_path: str, args: list[Any], kwargs: dict[str, Any], **extra: Any) -> None:
    """A worker died running this import (and was not retried): say so on the job; its transaction rolled back."""
    if task_path != run_import.module_path:
        return
    job_id = kwargs.get("job_id", args[0] if args else 0)
    ImportJob.objects.filter(pk=job_id, status__in=ImportJob.RUNNING).update(
        status=ImportJob.Status.ERROR,
        message=_("The worker running this import stopped before it finished: nothing was written. Start it again."),
        finished_at=timezone.now(),
    )
