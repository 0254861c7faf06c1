"""`manage.py rebuild_aggregates [--program SLUG]`: rebuild the participation aggregates from the records.

A repair tool: the aggregates are maintained on every write, so this is never needed on a schedule.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from acthub.activities.services import rebuild_aggregates
from acthub.core.progress import progress
from acthub.program.models import Program


class Command(BaseCommand):
    help = "Rebuild the participation aggregates (presence and cube) of one program or of all."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--program", help="Slug of the program (default: every program).")

    def handle(self, *args: Any, **options: Any) -> None:
        programs = Program.objects.order_by("pk")
        if options["program"]:
            programs = programs.filter(slug=options["program"])
            if not programs.exists():
                raise CommandError(f"No program has the slug {options['program']!r}.")
        for program in progress(list(programs), desc="programs", disable=options["verbosity"] < 1):
            started = time.perf_counter()
            rebuild_aggregates(program)
            if options["verbosity"] >= 1:
                self.stdout.write(f"{program.slug}: rebuilt in {time.perf_counter() - started:.1f} s")
