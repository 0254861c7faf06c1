"""The life of an uploaded import file: it may hold names and phone numbers, so it never stays on disk.

A job's file is deleted when the job commits or fails (acthub.imports.services.run_job), and when it is
abandoned: a file not committed within ACTHUB_IMPORT_UPLOAD_TTL_HOURS of its job's last change is
deleted and the job marked expired, by `purge_uploads()`, which runs as a stored task after every
upload and from `manage.py purge_uploads` (for cron). Files under the imports folder that no job
refers to (a crash between storing a file and saving its job) go too, once older than the TTL.
The job keeps the file's name, size and SHA-256 as the record of what was uploaded.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import datetime, timedelta

from django.conf import settings
from django.core.files.storage import Storage
from django.utils import timezone
from django.utils.translation import gettext as _

from acthub.audit.context import acting
from acthub.imports.models import ImportJob

logger = logging.getLogger(__name__)

UPLOAD_FOLDER = "imports"
Status = ImportJob.Status


def ttl() -> timedelta:
    """How long an upload may wait for its commit."""
    return timedelta(hours=float(settings.ACTHUB_IMPORT_UPLOAD_TTL_HOURS))


def discard_upload(job: ImportJob) -> None:
    """Delete the job's stored file (the job keeps its name, size and SHA-256 as the record of it)."""
    if not job.file:
        return
    name = job.file.name
    storage = job.file.storage
    ImportJob.objects.filter(pk=job.pk).update(file="")
    job.file.name = ""
    try:
        storage.delete(name)
    except OSError:  # the store refused: the file is no longer referenced, the orphan sweep retries
        logger.warning("import job %s: could not delete its upload %s", job.pk, name)


def purge_uploads(now: datetime | None = None) -> int:
    """Delete abandoned uploads and unreferenced files older than the TTL; returns how many files went."""
    cutoff = (now or timezone.now()) - ttl()
    purged = 0
    stale = ImportJob.objects.exclude(file="").filter(last_updated__lt=cutoff)
    for job in stale.only("pk", "file", "status"):
        waiting = job.status in (Status.CREATED, Status.VALIDATING, Status.VALIDATED, Status.COMMITTING)
        if waiting:
            # Conditional, so that a commit claimed at this moment is not expired under it.
            expired = ImportJob.objects.filter(pk=job.pk, status=job.status, last_updated__lt=cutoff).update(
                status=Status.EXPIRED,
                message=_(
                    "The upload was deleted after %(hours)s hours without a commit (it may hold personal "
                    "details): upload the file again to import it."
                )
                % {"hours": f"{ttl().total_seconds() / 3600:g}"},
                finished_at=timezone.now(),
            )
            if not expired:
                continue
        with acting(None, via="purge_uploads"):
            discard_upload(job)
        purged += 1
    return purged + _sweep_orphans(cutoff)


def _files(storage: Storage, folder: str) -> Iterator[str]:
    try:
        folders, files = storage.listdir(folder)
    except (FileNotFoundError, NotImplementedError):
        return
    for name in files:
        yield f"{folder}/{name}"
    for sub in folders:
        yield from _files(storage, f"{folder}/{sub}")


def _sweep_orphans(cutoff: datetime) -> int:
    storage = ImportJob._meta.get_field("file").storage
    referenced = set(ImportJob.objects.exclude(file="").values_list("file", flat=True))
    removed = 0
    for name in _files(storage, UPLOAD_FOLDER):
        if name in referenced:
            continue
        try:
            if storage.get_modified_time(name) >= cutoff:
                continue  # perhaps a job being saved right now
            storage.delete(name)
        except (OSError, NotImplementedError):
            continue
        removed += 1
    return removed
