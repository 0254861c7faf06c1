"""Carry each grant's one country into its set of countries (a regional grant keeps an empty set)."""

from typing import Any

from django.db import migrations


def copy_country(apps: Any, schema_editor: Any) -> None:
    """Each grant with a country gets that country as the one member of `countries`."""
    Grant = apps.get_model("program", "Grant")
    through = Grant.countries.through
    through.objects.bulk_create(
        [
            through(grant_id=pk, country_id=country_id)
            for pk, country_id in Grant.objects.filter(country__isnull=False).values_list("pk", "country_id")
        ],
        ignore_conflicts=True,
    )


def copy_back(apps: Any, schema_editor: Any) -> None:
    """Going back keeps one country per grant: the first of its set (by code)."""
    Grant = apps.get_model("program", "Grant")
    for grant in Grant.objects.all():
        first = grant.countries.order_by("code").first()
        if first is not None:
            Grant.objects.filter(pk=grant.pk).update(country=first)


class Migration(migrations.Migration):
    dependencies = [("program", "0004_s4actip_grant_countries")]

    operations = [migrations.RunPython(copy_country, copy_back)]
