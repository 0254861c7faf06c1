"""`manage.py rebuild_search_index [--kind KIND ...]`: rebuild the search index from the records.

The index follows every change by itself; rebuild it after restoring a backup made before the
library existed, or after loading records with bulk tools that send no signals.
"""

from __future__ import annotations

from typing import Any, TextIO, cast

from django.core.management.base import BaseCommand, CommandParser

from acthub.core.progress import progress
from acthub.library.search.index import KINDS, count_records, rebuild


class Command(BaseCommand):
    """Rebuild the search index with a progress bar (plain lines when not on a terminal)."""

    help = "Rebuild the search index (all kinds, or those named with --kind)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--kind", action="append", choices=sorted(KINDS), help="Only this kind (repeatable).")
        parser.add_argument("--no-progress", action="store_true", help="No progress bar.")

    def handle(self, *args: Any, **options: Any) -> None:
        kinds = options["kind"] or list(KINDS)
        # A bar on a terminal, plain lines in a log (acthub.core.progress).
        err = cast(TextIO, self.stderr._out)
        bar = progress(total=count_records(kinds), unit="records", disable=options["no_progress"], file=err)
        try:
            total = rebuild(kinds, progress=bar.update)
        finally:
            bar.close()
        self.stdout.write(f"Indexed {total} records ({', '.join(kinds)}).")
