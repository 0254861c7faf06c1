"""Backups: `manage.py backup` then `manage.py restore` into a fresh database gives the same tables.

Every table is compared by its row count and a hash of its content (rows in a canonical order), on
SQLite always and on PostgreSQL when the suite runs there. Sessions are the one table left out.
Finding 10: backups were written 0644, in clear, with live sessions; restore took what it was given.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from acthub.activities.models import PersonIdentity
from acthub.api.tests.world import build_records
from acthub.audit.events import record_event
from acthub.core.backup_files import MAGIC
from acthub.core.testing import factories as f

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.django_db(transaction=True)


def _canonical(value: Any) -> str:
    if isinstance(value, bytes | memoryview):
        return bytes(value).hex()
    if isinstance(value, dict | list):
        return json.dumps(value, sort_keys=True, default=str)
    return repr(value)


def snapshot(cursor: Any, tables: list[str]) -> dict[str, tuple[int, str]]:
    """Each table's row count and the SHA-256 of its rows, sorted (the physical order may differ).

    Sessions are not compared: a backup leaves them out (`test_backups_hold_no_sessions`).
    """
    result = {}
    for table in tables:
        if table == "django_session":
            continue
        cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - table names from the catalogue
        rows = sorted("|".join(_canonical(v) for v in row) for row in cursor.fetchall())
        result[table] = (len(rows), hashlib.sha256("\n".join(rows).encode()).hexdigest())
    return result


@pytest.fixture
def data(country_a: Any, country_b: Any, users: dict[str, Any]) -> None:
    """Records of every kind in two countries, an encrypted identity, change-log and access-log rows."""
    program = f.ProgramFactory(slug="asean-act", name="ASEAN-Australia Counter Trafficking", acronym="ASEAN-ACT")
    build_records(program, country_a, 1)
    build_records(program, country_b, 2)
    identity = PersonIdentity(person_key="P-BACKUP", country=country_a)
    identity.set_details(name="Synthetic Person", phone="+856 20 0000 0000")
    identity.save()
    record_event("login", user=users["admin"])
    from django.contrib.sessions.backends.db import SessionStore

    live = SessionStore()
    live["synthetic"] = "a live session"
    live.create()


def restore_in_subprocess(backup: Path, database_url: str) -> None:
    env = {**os.environ, "DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    result = subprocess.run(  # noqa: S603 - our interpreter and arguments
        [sys.executable, "manage.py", "restore", str(backup), "--noinput"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr


# SQLite -----------------------------------------------------------------------------------------------


@pytest.fixture
def sqlite_only() -> None:
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite backup runs when the suite runs on SQLite")


def sqlite_tables(cursor: Any) -> list[str]:
    cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
    return [row[0] for row in cursor.fetchall()]


def sqlite_snapshot(target: str) -> dict[str, tuple[int, str]]:
    import sqlite3

    # A plain connection (no type converters) on each side, so that values compare as stored.
    with sqlite3.connect(target, uri=target.startswith("file:")) as db:
        cursor = db.cursor()
        return snapshot(cursor, sqlite_tables(cursor))


def test_sqlite_backup_restores_into_a_fresh_database(sqlite_only: None, data: None, tmp_path: Path) -> None:
    backup = tmp_path / "acthub-backup.sqlite3"
    out = io.StringIO()
    call_command("backup", output=backup, stdout=out)
    assert "Backed up the sqlite database" in out.getvalue()
    before = sqlite_snapshot(connection.settings_dict["NAME"])
    assert len(before) > 40 and before["audit_objectchange"][0] > 50 and before["audit_accessevent"][0] > 0

    fresh = tmp_path / "fresh.sqlite3"
    restore_in_subprocess(backup, f"sqlite:///{fresh}")
    assert sqlite_snapshot(str(fresh)) == before

    # The restored copy keeps the audit log append-only.
    import sqlite3

    with sqlite3.connect(fresh) as db, pytest.raises(sqlite3.IntegrityError):
        db.execute("DELETE FROM audit_objectchange")


def test_sqlite_restore_replaces_a_database_in_use(sqlite_only: None, data: None, tmp_path: Path) -> None:
    backup = tmp_path / "acthub-backup.sqlite3"
    call_command("backup", output=backup, stdout=io.StringIO())
    before = sqlite_snapshot(connection.settings_dict["NAME"])
    f.OrganisationFactory(name="Written after the backup")
    call_command("restore", str(backup), interactive=False, stdout=io.StringIO())
    assert sqlite_snapshot(connection.settings_dict["NAME"]) == before


def test_backups_are_private_encrypted_and_hold_no_sessions(sqlite_only: None, data: None, tmp_path: Path) -> None:
    from django.contrib.sessions.models import Session

    assert Session.objects.count() == 1
    backup = tmp_path / "acthub.bak"
    backup.write_bytes(b"")
    backup.chmod(0o644)  # even over an existing, readable file
    call_command("backup", output=backup, stdout=io.StringIO())
    assert backup.stat().st_mode & 0o777 == 0o600
    content = backup.read_bytes()
    assert content.startswith(MAGIC) and b"SQLite format 3" not in content and b"ASEAN-Australia" not in content
    assert [p.name for p in tmp_path.iterdir()] == ["acthub.bak"]  # no plain copy left beside it
    fresh = tmp_path / "fresh.sqlite3"
    restore_in_subprocess(backup, f"sqlite:///{fresh}")
    import sqlite3

    with sqlite3.connect(fresh) as db:
        assert db.execute("SELECT COUNT(*) FROM django_session").fetchone()[0] == 0
        assert db.execute("SELECT COUNT(*) FROM program_program").fetchone()[0] == 1


def test_backup_refuses_without_a_key(sqlite_only: None, tmp_path: Path, settings: Any) -> None:
    settings.ACTHUB_BACKUP_KEYS = []
    with pytest.raises(CommandError, match="ACTHUB_BACKUP_KEYS is empty"):
        call_command("backup", output=tmp_path / "b.bak", stdout=io.StringIO())
    assert list(tmp_path.iterdir()) == []


def test_restore_refuses_a_backup_it_cannot_verify(
    sqlite_only: None, data: None, tmp_path: Path, settings: Any
) -> None:
    from cryptography.fernet import Fernet

    backup = tmp_path / "acthub.bak"
    call_command("backup", output=backup, stdout=io.StringIO())
    good = backup.read_bytes()
    before = sqlite_snapshot(connection.settings_dict["NAME"])
    altered = bytearray(good)
    altered[len(good) // 2] ^= 0x01
    cases = {
        "altered": bytes(altered),
        "truncated": good[: len(good) - 10],
        "cut at a part": good[: len(MAGIC) + 4 + int.from_bytes(good[len(MAGIC) : len(MAGIC) + 4], "big")],
        "plain": b"SQLite format 3\x00" + b"\x00" * 100,  # an unencrypted database file
    }
    for name, content in cases.items():
        if name == "cut at a part" and len(content) == len(good):
            continue  # a database small enough for one part: the truncation case covers it
        backup.write_bytes(content)
        with pytest.raises(CommandError, match="cannot be verified"):
            call_command("restore", str(backup), interactive=False, stdout=io.StringIO())
    backup.write_bytes(good)
    settings.ACTHUB_BACKUP_KEYS = [Fernet.generate_key().decode()]  # the wrong key
    with pytest.raises(CommandError, match="no key of ACTHUB_BACKUP_KEYS verifies it"):
        call_command("restore", str(backup), interactive=False, stdout=io.StringIO())
    assert sqlite_snapshot(connection.settings_dict["NAME"]) == before  # nothing was touched


def test_restore_refuses_what_is_not_a_backup(sqlite_only: None, tmp_path: Path) -> None:
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"not a database at all" * 100)
    with pytest.raises(CommandError):
        call_command("restore", str(junk), interactive=False, stdout=io.StringIO())
    with pytest.raises(CommandError, match="no such file"):
        call_command("restore", str(tmp_path / "missing"), interactive=False, stdout=io.StringIO())


# PostgreSQL -------------------------------------------------------------------------------------------


@pytest.fixture
def fresh_postgres() -> Iterator[tuple[str, dict[str, Any]]]:
    """A new, empty PostgreSQL database beside the test database, dropped afterwards."""
    if connection.vendor != "postgresql":
        pytest.skip("the PostgreSQL backup runs when the suite runs on PostgreSQL")
    name = f"acthub_restore_{uuid.uuid4().hex[:8]}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    settings = {**connection.settings_dict, "NAME": name}
    try:
        yield name, settings
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def postgres_snapshot(settings: dict[str, Any]) -> dict[str, tuple[int, str]]:
    import psycopg

    with (
        psycopg.connect(
            dbname=settings["NAME"],
            user=settings.get("USER") or None,
            password=settings.get("PASSWORD") or None,
            host=settings.get("HOST") or None,
            port=settings.get("PORT") or None,
        ) as db,
        db.cursor() as cursor,
    ):
        cursor.execute(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name"
        )
        tables = [row[0] for row in cursor.fetchall()]
        return snapshot(cursor, tables)


def test_postgres_backup_restores_into_a_fresh_database(
    data: None, fresh_postgres: tuple[str, dict[str, Any]], tmp_path: Path
) -> None:
    name, fresh_settings = fresh_postgres
    backup = tmp_path / "acthub.dump"
    call_command("backup", output=backup, stdout=io.StringIO())
    assert backup.read_bytes()[:16] == MAGIC and b"PGDMP" not in backup.read_bytes()  # encrypted
    before = postgres_snapshot(connection.settings_dict)
    assert len(before) > 40 and before["audit_objectchange"][0] > 50

    s = fresh_settings
    credentials = s.get("USER") or ""
    if s.get("PASSWORD"):
        credentials += f":{s['PASSWORD']}"
    url = f"postgres://{credentials}@{s.get('HOST') or '127.0.0.1'}:{s.get('PORT') or 5432}/{name}"
    restore_in_subprocess(backup, url)
    assert postgres_snapshot(fresh_settings) == before
