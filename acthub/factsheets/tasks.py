"""Stored jobs of the fact sheets, run by the task backend (django-tasks; a worker in production)."""

from __future__ import annotations

from django_tasks import task

from . import services


@task()
def render_factsheet_job(job_id: int, base_url: str = "") -> None:
    """Render a draft's PDF preview or publish it; progress and outcome are written on the job."""
    services.run_job(job_id, base_url)
