"""Stored jobs of the fact sheets, run by the task backend (django-tasks; a worker in production)."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from acthub.operations.workers import task_interrupted

from . import services
from .choices import JobStatus
from .models import FactSheetJob


@task()
def render_factsheet_job(job_id: int, base_url: str = "") -> None:
    """Render a draft's PDF preview or publish it; progress and outcome are written on the job."""
    services.run_job(job_id, base_url)


@receiver(task_interrupted, dispatch_uid="factsheets-task-interrupted")
def _worker_lost(sender: Any, task_path: str, args: list[Any], kwargs: dict[str, Any], **extra: Any) -> None:
    """A worker died rendering this job (and was not retried): say so on the job; nothing was published."""
    if task_path != render_factsheet_job.module_path:
        return
    job_id = kwargs.get("job_id", args[0] if args else 0)
    FactSheetJob.objects.filter(pk=job_id, status__in=[JobStatus.CREATED, JobStatus.RUNNING]).update(
        status=JobStatus.ERROR,
        message=_("The worker rendering this job stopped before it finished: nothing was published. Start it again."),
        finished_at=timezone.now(),
    )
