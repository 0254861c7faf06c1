"""`manage.py purge_uploads`: delete import uploads left uncommitted past ACTHUB_IMPORT_UPLOAD_TTL_HOURS.

Run it from cron (hourly is plenty); each upload also queues the same purge as a stored task.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from acthub.imports.uploads import purge_uploads


class Command(BaseCommand):
    """Delete abandoned import uploads and files no import refers to."""

    help = "Delete import uploads not committed within ACTHUB_IMPORT_UPLOAD_TTL_HOURS (they may hold names)."

    def handle(self, *args: Any, **options: Any) -> None:
        purged = purge_uploads()
        if options["verbosity"]:
            self.stdout.write(f"Deleted {purged} abandoned upload(s).")
