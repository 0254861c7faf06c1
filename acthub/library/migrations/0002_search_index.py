"""The full-text side of the search index: an FTS5 trigram table on SQLite, a pg_trgm index on PostgreSQL.

On SQLite the FTS5 table reads its text from library_searchentry (external content) and triggers keep
it in step with every insert, update and delete. On PostgreSQL a GIN trigram index on the folded text
serves LIKE '%word%'. Both match the same folded text (acthub.library.search.folding).
"""

from django.db import migrations

SQLITE_UP = [
    "CREATE VIRTUAL TABLE library_search_fts USING fts5("
    "folded, content='library_searchentry', content_rowid='id', tokenize='trigram case_sensitive 1')",
    "CREATE TRIGGER library_search_ai AFTER INSERT ON library_searchentry BEGIN "
    "INSERT INTO library_search_fts(rowid, folded) VALUES (new.id, new.folded); END",
    "CREATE TRIGGER library_search_ad AFTER DELETE ON library_searchentry BEGIN "
    "INSERT INTO library_search_fts(library_search_fts, rowid, folded) VALUES ('delete', old.id, old.folded); END",
    "CREATE TRIGGER library_search_au AFTER UPDATE OF folded ON library_searchentry BEGIN "
    "INSERT INTO library_search_fts(library_search_fts, rowid, folded) VALUES ('delete', old.id, old.folded); "
    "INSERT INTO library_search_fts(rowid, folded) VALUES (new.id, new.folded); END",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS library_search_au",
    "DROP TRIGGER IF EXISTS library_search_ad",
    "DROP TRIGGER IF EXISTS library_search_ai",
    "DROP TABLE IF EXISTS library_search_fts",
]
POSTGRES_UP = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX library_searchentry_folded_trgm ON library_searchentry USING gin (folded gin_trgm_ops)",
    "CREATE INDEX library_searchentry_title_trgm ON library_searchentry USING gin (title_folded gin_trgm_ops)",
]
POSTGRES_DOWN = [
    "DROP INDEX IF EXISTS library_searchentry_title_trgm",
    "DROP INDEX IF EXISTS library_searchentry_folded_trgm",
]


def _run(statements: dict[str, list[str]]):
    def run(apps, schema_editor):
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("library", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_UP, "postgresql": POSTGRES_UP}),
            _run({"sqlite": SQLITE_DOWN, "postgresql": POSTGRES_DOWN}),
        )
    ]
