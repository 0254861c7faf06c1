"""`manage.py load_seed [--data-dir DIR]`: load (or refresh) the program of the seed documents."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from acthub.seed.loader import DATA_DIR, SeedError, load_seed


class Command(BaseCommand):
    help = (
        "Load the seed program (countries, organisations, program, indicators, figures, achievements...) "
        "from YAML data files. All or nothing; running it again changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        """--data-dir: where the YAML files are."""
        parser.add_argument(
            "--data-dir", type=Path, default=DATA_DIR, help=f"Folder of the YAML data files (default: {DATA_DIR})."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        """Load the seed; on a SeedError, exit non-zero with its message (nothing was written)."""
        verbosity = int(options["verbosity"])
        try:
            result = load_seed(options["data_dir"], progress=verbosity > 0)
        except SeedError as exc:
            # Nothing was written: the loader's transaction rolled back.
            raise CommandError(f"Seed not loaded, nothing changed. {exc}") from exc
        if verbosity > 1:
            for f in result.files:
                self.stdout.write(
                    f"  {f.file:28} {f.created:4} created {f.updated:4} updated {f.unchanged:4} unchanged"
                )
        self.stdout.write(
            self.style.SUCCESS(
                f"Seed loaded: {result.created} created, {result.updated} updated, {result.unchanged} unchanged."
            )
        )
