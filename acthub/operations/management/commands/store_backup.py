"""manage.py store_backup FILE: copy a finished backup into the file store (S3 when configured), off this machine.

`manage.py backup` writes to a local path (pg_dump and SQLite's backup API need one); with several
servers that path is on one of them only. This command streams the finished file into the default
storage under `backups/`, checks that what was stored has the file's SHA-256, and with `--remove`
deletes the local copy. `manage.py fetch_backup NAME --output FILE` brings it back for `restore`.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from django.core.files import File
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError, CommandParser

PREFIX = "backups/"
CHUNK = 1024 * 1024


def sha256_of(stream: Any) -> str:
    """The SHA-256 of a binary stream, read in chunks."""
    digest = hashlib.sha256()
    for block in iter(lambda: stream.read(CHUNK), b""):
        digest.update(block)
    return digest.hexdigest()


class Command(BaseCommand):
    help = "Copy a backup file into the file store (under backups/), verified by its SHA-256."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="the backup file made by manage.py backup")
        parser.add_argument("--remove", action="store_true", help="delete the local file once stored and verified")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"{path}: no such file.")
        name = f"{PREFIX}{path.name}"
        if default_storage.exists(name):
            raise CommandError(f"{name} is already in the store: backups are never overwritten.")
        with path.open("rb") as local:
            expected = sha256_of(local)
            local.seek(0)
            stored = default_storage.save(name, File(local))
        with default_storage.open(stored, "rb") as remote:
            if sha256_of(remote) != expected:
                default_storage.delete(stored)
                raise CommandError(f"{stored} did not read back with the file's SHA-256: removed from the store.")
        if options["remove"]:
            path.unlink()
        self.stdout.write(f"Stored {path} as {stored} (sha256 {expected}).")
