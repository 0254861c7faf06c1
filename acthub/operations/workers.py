"""Task workers side by side: each keeps a heartbeat; a task whose worker died is queued again or failed.

`manage.py db_worker` (this app's version of django-tasks-db's command) writes its heartbeat every
ACTHUB_WORKER_HEARTBEAT_SECONDS from a thread of its own. A worker is taken for dead when its last
beat is older than ACTHUB_WORKER_STALE_SECONDS (or it has no beat at all). Every worker then looks,
on each beat, for tasks still marked running by a dead worker: a worker killed in the middle of a
job (out of memory, kill -9, a lost machine) left one behind. Its database work was one
transaction and has been rolled back; the task is queued again while it has run fewer than
ACTHUB_TASK_MAX_ATTEMPTS times, and marked failed after that, with `task_interrupted` sent so that
the job it ran (an import, a fact sheet render) can say why.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connection
from django.dispatch import Signal
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from acthub.operations.models import WorkerHeartbeat

logger = logging.getLogger(__name__)

# Sent once for each task given up after its worker died: `task_path`, `args`, `kwargs`, `message`.
task_interrupted = Signal()

LOST = "acthub.operations.workers.WorkerLost"


class WorkerLost(Exception):
    """Recorded on a task result whose worker stopped while running it."""


def heartbeat_seconds() -> float:
    """How often a worker writes its heartbeat."""
    return float(getattr(settings, "ACTHUB_WORKER_HEARTBEAT_SECONDS", 5))


def stale_seconds() -> float:
    """How old a heartbeat may be before its worker is taken for dead."""
    return float(getattr(settings, "ACTHUB_WORKER_STALE_SECONDS", 60))


def live_workers() -> list[WorkerHeartbeat]:
    """The workers whose heartbeat is fresh."""
    horizon = timezone.now() - timedelta(seconds=stale_seconds())
    return list(WorkerHeartbeat.objects.filter(seen_at__gte=horizon))


def beat(worker_id: str, started_at: Any) -> None:
    """Write (or create) this worker's heartbeat now."""
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={
            "hostname": socket.gethostname()[:255],
            "pid": os.getpid(),
            "started_at": started_at,
            "seen_at": timezone.now(),
        },
    )


def recover_interrupted(*, own_worker_id: str | None = None) -> list[str]:
    """Queue again (or fail) the tasks left running by dead workers; returns what was done, one line each."""
    now = timezone.now()
    horizon = now - timedelta(seconds=stale_seconds())
    live = set(WorkerHeartbeat.objects.filter(seen_at__gte=horizon).values_list("worker_id", flat=True))
    if own_worker_id:
        live.add(own_worker_id)  # this worker knows its own task is alive, whatever its last beat
    attempts_allowed = int(getattr(settings, "ACTHUB_TASK_MAX_ATTEMPTS", 2))
    done: list[str] = []
    running = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING, started_at__lt=horizon)
    for result in running.only("id", "worker_ids", "started_at", "task_path", "args_kwargs"):
        worker = result.worker_ids[-1] if result.worker_ids else ""
        if worker in live:
            continue
        # Conditional updates: when two workers recover at once, one of them does it.
        claimed = DBTaskResult.objects.filter(
            pk=result.pk, status=TaskResultStatus.RUNNING, started_at=result.started_at
        )
        attempts = len(result.worker_ids)
        if attempts < attempts_allowed:
            if claimed.update(status=TaskResultStatus.READY, started_at=None):
                done.append(f"task {result.pk} ({result.task_path}) lost with worker {worker}: queued again")
            continue
        message = (
            f"The worker {worker} stopped while running this task ({attempts} attempt(s)); nothing it did was kept."
        )
        if claimed.update(
            status=TaskResultStatus.FAILED, finished_at=now, exception_class_path=LOST, traceback=message
        ):
            done.append(f"task {result.pk} ({result.task_path}) lost with worker {worker}: failed")
            args_kwargs = result.args_kwargs or {}
            _load_module_of(result.task_path)
            task_interrupted.send(
                sender=WorkerLost,
                task_path=result.task_path,
                args=args_kwargs.get("args", []),
                kwargs=args_kwargs.get("kwargs", {}),
                message=message,
            )
    for line in done:
        logger.warning(line)
    return done


def _load_module_of(task_path: str) -> None:
    """Import the task's module, so that its `task_interrupted` receivers are connected in this process."""
    from django.utils.module_loading import import_string

    try:
        import_string(task_path)
    except ImportError:
        logger.warning("the task %s no longer exists", task_path)


class Heartbeat(threading.Thread):
    """Beats every `heartbeat_seconds()` and recovers dead workers' tasks until stopped."""

    def __init__(self, worker_id: str) -> None:
        super().__init__(name=f"heartbeat-{worker_id}", daemon=True)
        self.worker_id = worker_id
        self.started_at = timezone.now()
        self._stop_event = threading.Event()

    def start(self) -> None:
        """Write the first beat before any task is claimed, then keep beating in the thread."""
        beat(self.worker_id, self.started_at)
        recover_interrupted(own_worker_id=self.worker_id)
        super().start()

    def run(self) -> None:
        try:
            while not self._stop_event.wait(heartbeat_seconds()):
                try:
                    beat(self.worker_id, self.started_at)
                    recover_interrupted(own_worker_id=self.worker_id)
                except DatabaseError:
                    # A locked SQLite file or a database restart: the next beat tries again.
                    logger.warning("worker %s could not write its heartbeat", self.worker_id, exc_info=True)
        finally:
            connection.close()  # this thread's own connection

    def stop(self) -> None:
        """Stop beating and remove the heartbeat: a worker that stops cleanly leaves no task behind."""
        self._stop_event.set()
        if self.is_alive():
            self.join(timeout=heartbeat_seconds() + 5)
        try:
            WorkerHeartbeat.objects.filter(worker_id=self.worker_id).delete()
        except DatabaseError:
            logger.warning("worker %s could not remove its heartbeat", self.worker_id, exc_info=True)
