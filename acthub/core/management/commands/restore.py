"""manage.py restore FILE: replace the whole database with a backup made by `manage.py backup`.

The file is verified and decrypted with ACTHUB_BACKUP_KEYS first, into a private (0700) folder that
is removed at the end: a file that is not an encrypted acthub backup, that no key opens, or that was
truncated or altered anywhere is refused before anything is touched.

- SQLite: the backup file is checked, then copied over the database with the online backup API,
  in one step: the database is either the old one or the restored one, never a mix.
- PostgreSQL: `pg_restore --clean --if-exists --single-transaction --exit-on-error`: every object is
  dropped and recreated inside one transaction, which a failure rolls back entirely.

Restore into a fresh database (an empty file, or a new PostgreSQL database) or over an existing one;
the latter asks for confirmation unless --noinput. Stop the application servers first.
"""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
from pathlib import Path
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS, connections

from acthub.core.backup_files import BackupUnverifiable, decrypt_file
from acthub.core.management.commands.backup import pg_binary, pg_environment, run_pg, sqlite_integrity


class Command(BaseCommand):
    help = "Replace the whole database with a backup file made by manage.py backup."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="the backup file")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="the database alias (default: default)")
        parser.add_argument(
            "--noinput", "--no-input", dest="interactive", action="store_false", help="do not ask for confirmation"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"{path}: no such file.")
        connection = connections[options["database"]]
        if connection.vendor not in ("sqlite", "postgresql"):
            raise CommandError(f"Restoring {connection.vendor} databases is not supported.")
        if options["interactive"] and self._has_tables(connection):
            answer = input(
                f"This replaces every table of the database {connection.settings_dict['NAME']}. Type 'yes': "
            )
            if answer.strip().lower() != "yes":
                raise CommandError("Restore cancelled.")
        private = Path(tempfile.mkdtemp(prefix=".acthub-restore-"))  # 0700
        try:
            plain = private / "database"
            try:
                decrypt_file(path, plain)
            except (BackupUnverifiable, ImproperlyConfigured) as exc:
                raise CommandError(f"{path} cannot be verified: {exc}. Nothing was restored.") from exc
            if connection.vendor == "sqlite":
                self._sqlite(connection, plain)
            else:
                self._postgresql(connection, plain)
        finally:
            shutil.rmtree(private, ignore_errors=True)
        connection.close()  # nothing cached from before the restore survives
        self.stdout.write(f"Restored {path} into the {connection.vendor} database {connection.settings_dict['NAME']}.")

    def _has_tables(self, connection: Any) -> bool:
        with connection.cursor() as cursor:
            return bool(connection.introspection.table_names(cursor))

    def _sqlite(self, connection: Any, path: Path) -> None:
        sqlite_integrity(path)
        source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            tables = {row[0] for row in source.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if "django_migrations" not in tables:
                raise CommandError("The backup is not of an acthub database (it has no django_migrations).")
            connection.ensure_connection()
            source.backup(connection.connection)
        finally:
            source.close()

    def _postgresql(self, connection: Any, path: Path) -> None:
        env = pg_environment(connection.settings_dict)
        run_pg([pg_binary("pg_restore"), "--list", str(path)], env)  # a readable archive, before dropping anything
        connection.close()  # our own open connection must not hold locks on what is dropped
        run_pg(
            [
                pg_binary("pg_restore"),
                "--clean",
                "--if-exists",
                "--single-transaction",
                "--exit-on-error",
                "--no-owner",
                "--no-privileges",
                "--no-password",
                f"--dbname={env['PGDATABASE']}",
                str(path),
            ],
            env,
        )
