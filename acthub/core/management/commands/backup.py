"""manage.py backup --output FILE: a consistent copy of the whole database, taken while it runs.

- SQLite: the online backup API (a page-by-page copy that stays consistent while others write),
  then an integrity check of the copy.
- PostgreSQL: `pg_dump --format=custom` (one consistent snapshot), then `pg_restore --list` to check
  that the archive reads back.

The copy is written beside FILE and renamed into place once checked: FILE is never half-written.
`manage.py restore FILE` puts it back (see restore.py). Backups hold every record, sensitive ones
included, and the TOTP secrets of staff: store them encrypted and access-controlled (SECURITY.md).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess  # nosec B404
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS, connections

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
        output.parent.mkdir(parents=True, exist_ok=True)
        partial = output.with_name(f".{output.name}.partial")
        partial.unlink(missing_ok=True)
        try:
            if connection.vendor == "sqlite":
                self._sqlite(connection, partial)
            elif connection.vendor == "postgresql":
                self._postgresql(connection, partial)
            else:
                raise CommandError(f"Backups of {connection.vendor} databases are not supported.")
            partial.replace(output)
        finally:
            partial.unlink(missing_ok=True)
        size = output.stat().st_size
        self.stdout.write(f"Backed up the {connection.vendor} database to {output} ({size:,} bytes).")

    def _sqlite(self, connection: Any, target: Path) -> None:
        connection.ensure_connection()
        destination = sqlite3.connect(target)
        try:
            connection.connection.backup(destination)  # consistent even while other processes write
        finally:
            destination.close()
        sqlite_integrity(target)

    def _postgresql(self, connection: Any, target: Path) -> None:
        env = pg_environment(connection.settings_dict)
        run_pg([pg_binary("pg_dump"), "--format=custom", "--no-password", f"--file={target}"], env)
        run_pg([pg_binary("pg_restore"), "--list", str(target)], env)
