"""manage.py fetch_backup NAME --output FILE: bring a backup stored by `store_backup` back to a local file.

The file is written beside FILE and renamed into place once complete: FILE is never half-written,
and an existing FILE is never overwritten. Then `manage.py restore FILE`.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError, CommandParser

from acthub.operations.management.commands.store_backup import CHUNK, PREFIX


class Command(BaseCommand):
    help = "Copy a stored backup (backups/NAME in the file store) to a local file for manage.py restore."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name", help="the backup's file name (as store_backup printed it)")
        parser.add_argument("--output", required=True, type=Path, help="the local file to write")

    def handle(self, *args: Any, **options: Any) -> None:
        name = str(options["name"]).removeprefix(PREFIX)
        if "/" in name or name.startswith("."):
            raise CommandError(f"{name}: give the backup's file name only.")
        stored, output = f"{PREFIX}{name}", options["output"]
        if not default_storage.exists(stored):
            raise CommandError(f"{stored}: no such backup in the store.")
        if output.exists():
            raise CommandError(f"{output} exists: choose another file.")
        partial = output.with_name(f".{output.name}.partial")
        try:
            # Backups hold every sensitive record: readable by their owner only.
            descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(descriptor, "wb") as local, default_storage.open(stored, "rb") as remote:
                shutil.copyfileobj(remote, local, CHUNK)
            partial.replace(output)
        finally:
            partial.unlink(missing_ok=True)
        self.stdout.write(f"Fetched {stored} to {output} ({output.stat().st_size:,} bytes).")
