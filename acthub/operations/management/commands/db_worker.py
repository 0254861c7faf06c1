"""manage.py db_worker: django-tasks-db's worker, with a heartbeat and recovery of dead workers' tasks.

It takes every option of django-tasks-db's command (`--interval`, `--queue-name`, `--worker-id`...);
see acthub/operations/workers.py for what the heartbeat does. This app comes before django-tasks-db
in INSTALLED_APPS so that this command is the one `db_worker` runs.
"""

from __future__ import annotations

from typing import Any

from django_tasks_db.management.commands.db_worker import Command as DBWorkerCommand

from acthub.operations.workers import Heartbeat


class Command(DBWorkerCommand):
    help = "Run the stored jobs (imports, fact sheet renders) with a heartbeat; start several beside each other."

    def handle(self, *args: Any, **options: Any) -> None:
        heartbeat = Heartbeat(options["worker_id"])
        heartbeat.start()
        try:
            super().handle(*args, **options)
        finally:
            heartbeat.stop()
