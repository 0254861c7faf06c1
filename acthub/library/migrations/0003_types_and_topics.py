"""The resource types and topics the library starts with (administrators add more in the admin)."""

from django.db import migrations

from acthub.library.defaults import ensure_defaults


def add(apps, schema_editor):
    ensure_defaults(apps.get_model("library", "ResourceType"), apps.get_model("library", "Topic"))


class Migration(migrations.Migration):
    dependencies = [("library", "0002_search_index")]

    operations = [migrations.RunPython(add, migrations.RunPython.noop)]
