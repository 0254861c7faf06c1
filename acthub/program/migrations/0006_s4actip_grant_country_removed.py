"""The old single country of a grant goes, now that its set of countries holds it."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("program", "0005_s4actip_grant_countries_copy")]

    operations = [
        migrations.AlterModelOptions(
            name="grant",
            options={"ordering": ["program", "grantee__name", "pk"], "verbose_name": "grant", "verbose_name_plural": "grants"},
        ),
        migrations.RemoveField(model_name="grant", name="country"),
        migrations.AlterField(
            model_name="grant",
            name="countries",
            field=models.ManyToManyField(
                blank=True,
                help_text="Empty for the regional program; a grant shared by countries names each.",
                related_name="grants",
                to="core.country",
                verbose_name="countries",
            ),
        ),
    ]
