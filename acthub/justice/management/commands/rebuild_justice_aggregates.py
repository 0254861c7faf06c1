"""`manage.py rebuild_justice_aggregates`: recompute the indicators' maintained cells from the records."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from acthub.justice.aggregates import rebuild


class Command(BaseCommand):
    help = "Recompute the victim-sensitive court indicators' maintained cells from the justice records."

    def handle(self, *args: Any, **options: Any) -> None:
        cells = rebuild()
        if options["verbosity"] >= 1:
            self.stdout.write(f"{cells} indicator cells rebuilt from the records.")
