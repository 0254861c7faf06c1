"""`manage.py sync_indicators`: create or update the computed indicators acthub defines (idempotent)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from acthub.indicators.registry import specs, sync_registry


class Command(BaseCommand):
    help = "Create or update the computed indicators of acthub.indicators.registry."

    def handle(self, *args: Any, **options: Any) -> None:
        written = sync_registry()
        if options["verbosity"] >= 1:
            changed = ", ".join(written) if written else "none (up to date)"
            self.stdout.write(f"{len(specs())} computed indicators; written: {changed}")
