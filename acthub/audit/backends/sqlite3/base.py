"""Django's SQLite backend, with a `flush` that lifts the audit triggers for the time of the flush.

`manage.py flush` (and the test runner between transactional tests) empties every table with DELETE,
which the append-only triggers refuse row by row. Emptying the whole database is a deliberate
administrative act, not a change of history, so the flush drops the triggers, empties the tables
and installs them again in the same batch. Nothing else in the backend differs from Django's.
"""

from __future__ import annotations

from typing import Any

from django.db.backends.sqlite3 import base, operations

from acthub.audit import triggers


class DatabaseOperations(operations.DatabaseOperations):
    """SQLite operations whose `sql_flush` keeps the audit triggers in place afterwards."""

    def sql_flush(
        self, style: Any, tables: Any, *, reset_sequences: bool = False, allow_cascade: bool = False
    ) -> list[str]:
        statements: list[str] = super().sql_flush(
            style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade
        )
        guarded = [t for t in triggers.APPEND_ONLY_TABLES if any(t in sql for sql in statements)]
        if not guarded:
            return statements
        drop = [sql for t in guarded for sql in triggers.drop_sql(self.connection, t)]
        create = [sql for t in guarded for sql in triggers.create_sql(self.connection, t)]
        return [*drop, *statements, *create]


class DatabaseWrapper(base.DatabaseWrapper):
    """Django's SQLite wrapper with the operations above."""

    ops_class = DatabaseOperations
