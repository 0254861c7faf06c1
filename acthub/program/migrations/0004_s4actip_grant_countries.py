"""A grant names its countries (a set) instead of one country: first add the set beside the old field."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
        ("program", "0003_s4actip_minutes_in_library"),
    ]

    operations = [
        migrations.AddField(
            model_name="grant",
            name="countries",
            field=models.ManyToManyField(
                blank=True,
                help_text="Empty for the regional program; a grant shared by countries names each.",
                # A temporary reverse name: the old country field still holds `grants` until 0006.
                related_name="grants_shared",
                to="core.country",
                verbose_name="countries",
            ),
        ),
    ]
