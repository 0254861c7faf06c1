"""Stored jobs of the library, run by the task backend (django-tasks; a worker in production)."""

from __future__ import annotations

from django_tasks import task

from acthub.library import services


@task()
def extract_version(version_id: int) -> None:
    """Extract a version's text for search and make its first-page thumbnail."""
    services.run_extraction(version_id)
