"""Database triggers that make the audit tables append-only below the ORM (SQLite and PostgreSQL).

The ORM already refuses updates and deletes of audit rows; these triggers also refuse them from raw
SQL, a shell, or a bug that bypasses the model. One update is allowed: the actor's foreign key
becoming NULL with nothing else changed, which is what deleting that user's account does (the row
keeps the user's name). A database owner can still drop a trigger: this protects against mistakes
and injected SQL run with the application's rights, not against the database administrator.

On SQLite a migration that rebuilds one of these tables drops its triggers; such a migration must
call `install` again (tests/test_security_audit.py checks that the triggers are in place).
"""

from __future__ import annotations

from typing import Any

APPEND_ONLY_TABLES = ("audit_objectchange", "audit_accessevent")
USER_COLUMN = "user_id"
MESSAGE = "audit rows are append-only"

_PG_FUNCTION = f"""
CREATE OR REPLACE FUNCTION acthub_audit_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.{USER_COLUMN} IS NOT NULL AND NEW.{USER_COLUMN} IS NULL
       AND (to_jsonb(NEW) - '{USER_COLUMN}') = (to_jsonb(OLD) - '{USER_COLUMN}') THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION USING MESSAGE = '{MESSAGE}: ' || TG_OP || ' on ' || TG_TABLE_NAME,
        ERRCODE = 'restrict_violation';
END;
$$ LANGUAGE plpgsql
"""


def trigger_names(table: str) -> list[str]:
    """The names of the triggers that guard `table`."""
    return [f"{table}_append_only_update", f"{table}_append_only_delete"]


def _columns(connection: Any, table: str) -> list[str]:
    with connection.cursor() as cursor:
        return [col.name for col in connection.introspection.get_table_description(cursor, table)]


def create_sql(connection: Any, table: str) -> list[str]:
    """The statements that install the triggers of `table` on this connection's database."""
    update, delete = trigger_names(table)
    if connection.vendor == "postgresql":
        return [
            _PG_FUNCTION,
            f'DROP TRIGGER IF EXISTS {update} ON "{table}"',
            f'CREATE TRIGGER {update} BEFORE UPDATE OR DELETE ON "{table}" '
            "FOR EACH ROW EXECUTE FUNCTION acthub_audit_append_only()",
        ]
    if connection.vendor == "sqlite":
        same = " AND ".join(f'NEW."{c}" IS OLD."{c}"' for c in _columns(connection, table) if c != USER_COLUMN)
        allowed = f"OLD.{USER_COLUMN} IS NOT NULL AND NEW.{USER_COLUMN} IS NULL AND {same}"
        raise_ = f"SELECT RAISE(ABORT, '{MESSAGE}');"
        return [
            f'CREATE TRIGGER IF NOT EXISTS {update} BEFORE UPDATE ON "{table}" WHEN NOT ({allowed}) BEGIN {raise_} END',
            f'CREATE TRIGGER IF NOT EXISTS {delete} BEFORE DELETE ON "{table}" BEGIN {raise_} END',
        ]
    return []  # another database: the ORM guard still holds


def drop_sql(connection: Any, table: str) -> list[str]:
    """The statements that remove the triggers of `table`."""
    if connection.vendor == "postgresql":
        return [f'DROP TRIGGER IF EXISTS {name} ON "{table}"' for name in trigger_names(table)[:1]]
    if connection.vendor == "sqlite":
        return [f"DROP TRIGGER IF EXISTS {name}" for name in trigger_names(table)]
    return []


def _run(connection: Any, statements: list[str]) -> None:
    # cursor.execute without parameters: the PL/pgSQL body must reach the server unformatted.
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def install(apps: Any, schema_editor: Any) -> None:
    """Migration step: install the append-only triggers on every audit table."""
    connection = schema_editor.connection
    for table in APPEND_ONLY_TABLES:
        _run(connection, create_sql(connection, table))


def uninstall(apps: Any, schema_editor: Any) -> None:
    """Migration step (reverse): remove them."""
    connection = schema_editor.connection
    for table in APPEND_ONLY_TABLES:
        _run(connection, drop_sql(connection, table))


def installed(connection: Any) -> set[str]:
    """The append-only trigger names present in the database (for tests and checks)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        elif connection.vendor == "postgresql":
            cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
        else:
            return set()
        return {row[0] for row in cursor.fetchall()} & {n for t in APPEND_ONLY_TABLES for n in trigger_names(t)}


def expected(connection: Any) -> set[str]:
    """The trigger names `install` creates on this connection's database."""
    if connection.vendor == "postgresql":
        return {trigger_names(t)[0] for t in APPEND_ONLY_TABLES}
    if connection.vendor == "sqlite":
        return {n for t in APPEND_ONLY_TABLES for n in trigger_names(t)}
    return set()
