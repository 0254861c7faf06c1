"""PostgreSQL: drop the trigram index on the folded title, which no query uses.

Matching reads only `folded` (title and text together, migration 0002); the title is compared only
to rank the rows already matched, which needs no index. The index cost a tenth of every write to the
search index (a 100,000-resource rebuild spends most of its time in trigram indexes). SQLite has no
such index: nothing to do there.
"""

from django.db import migrations

UP = "DROP INDEX IF EXISTS library_searchentry_title_trgm"
DOWN = (
    "CREATE INDEX IF NOT EXISTS library_searchentry_title_trgm ON library_searchentry "
    "USING gin (title_folded gin_trgm_ops)"
)


def _run(sql: str):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("library", "0003_types_and_topics")]

    operations = [migrations.RunPython(_run(UP), _run(DOWN))]
