"""manage.py backup --output FILE: an encrypted, consistent copy of the whole database, taken while it runs.

- SQLite: the online backup API (a page-by-page copy that stays consistent while others write),
  then an integrity check of the copy.
- PostgreSQL: `pg_dump --format=custom` (one consistent snapshot), then `pg_restore --list` to check
  that the archive reads back.

Sessions are left out (a backup must not hold live logins). The copy is then encrypted with
ACTHUB_BACKUP_KEYS (acthub.core.backup_files), written 0600 beside FILE and renamed into place: FILE
is never half-written, and the plain copy lives only in a private (0700) folder that is removed at
the end, whatever happens. `manage.py restore FILE` verifies and puts it back (see restore.py).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess  # nosec B404
import tempfile
from pathlib import Path
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS, connections

from acthub.core.backup_files import backup_keys, encrypt_file

# subprocess (above) runs only the PostgreSQL client programs, with fixed arguments and no shell.


def pg_binary(name: str) -> str:
    """The path of a PostgreSQL client program (pg_dump, pg_restore), from PATH or Debian's layout."""
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), reverse=True)
    if candidates:
        return str(candidates[0])
    raise CommandError(f"{name} was not found: install the PostgreSQL client (e.g. apt-get install postgresql-client).")


def pg_environment(settings_dict: dict[str, Any]) -> dict[str, str]:
    """Connection settings for libpq programs as PG* variables (the password never on a command line)."""
    env = dict(os.environ)
    options = settings_dict.get("OPTIONS") or {}
    for variable, value in (
        ("PGHOST", settings_dict.get("HOST")),
        ("PGPORT", settings_dict.get("PORT")),
        ("PGUSER", settings_dict.get("USER")),
        ("PGPASSWORD", settings_dict.get("PASSWORD")),
        ("PGDATABASE", settings_dict.get("NAME")),
        ("PGSSLMODE", options.get("sslmode")),
    ):
        if value:
            env[variable] = str(value)
    return env


def run_pg(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """Run a PostgreSQL client program; a failure becomes a CommandError with its message."""
    # Fixed program paths and arguments, no shell.
    result = subprocess.run(args, env=env, capture_output=True, text=True, check=False)  # noqa: S603 # nosec B603
    if result.returncode != 0:
        raise CommandError(f"{Path(args[0]).name} failed: {result.stderr.strip() or result.stdout.strip()}")
    return result


def sqlite_integrity(path: Path) -> None:
    """Raise CommandError unless the SQLite file at `path` passes `PRAGMA integrity_check`."""
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as check:
            verdict = check.execute("PRAGMA integrity_check").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        raise CommandError(f"{path} is not a readable SQLite database: {exc}") from exc
    if verdict != "ok":
        raise CommandError(f"{path} failed its integrity check: {verdict}")


class Command(BaseCommand):
    help = "Back up the whole database to a file (SQLite online backup, or pg_dump custom format)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", required=True, type=Path, help="the backup file to write")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="the database alias (default: default)")

    def handle(self, *args: Any, **options: Any) -> None:
        connection = connections[options["database"]]
        output: Path = options["output"]
        try:
            backup_keys()  # before any work: no key, no backup
        except ImproperlyConfigured as exc:
            raise CommandError(str(exc)) from exc
        if connection.vendor not in ("sqlite", "postgresql"):
            raise CommandError(f"Backups of {connection.vendor} databases are not supported.")
        output.parent.mkdir(parents=True, exist_ok=True)
        partial = output.with_name(f".{output.name}.partial")
        partial.unlink(missing_ok=True)
        private = Path(tempfile.mkdtemp(prefix=".acthub-backup-", dir=output.parent))  # 0700
        try:
            plain = private / "database"
            if connection.vendor == "sqlite":
                self._sqlite(connection, plain)
            else:
                self._postgresql(connection, plain)
            encrypt_file(plain, partial)
            partial.replace(output)
        finally:
            partial.unlink(missing_ok=True)
            shutil.rmtree(private, ignore_errors=True)
        size = output.stat().st_size
        self.stdout.write(f"Backed up the {connection.vendor} database to {output} ({size:,} bytes, encrypted).")

    def _sqlite(self, connection: Any, target: Path) -> None:
        connection.ensure_connection()
        os.close(os.open(target, os.O_WRONLY | os.O_CREAT, 0o600))
        destination = sqlite3.connect(target)
        try:
            connection.connection.backup(destination)  # consistent even while other processes write
            # No live sessions in a backup; VACUUM rewrites the file so their pages are gone too.
            destination.execute("DELETE FROM django_session")
            destination.commit()
            destination.execute("VACUUM")
        finally:
            destination.close()
        sqlite_integrity(target)

    def _postgresql(self, connection: Any, target: Path) -> None:
        env = pg_environment(connection.settings_dict)
        os.close(os.open(target, os.O_WRONLY | os.O_CREAT, 0o600))
        run_pg(
            [
                pg_binary("pg_dump"),
                "--format=custom",
                "--no-password",
                "--exclude-table-data=django_session",  # no live sessions in a backup
                f"--file={target}",
            ],
            env,
        )
        run_pg([pg_binary("pg_restore"), "--list", str(target)], env)
