"""Merge the twin women's-share indicators into one (issue 14).

The seed defined PEOPLE_TRAINED_FEMALE_PCT beside acthub's computed PEOPLE_TRAINED_WOMEN_PCT: two
near-identical indicators that pages showed as twin cards, 58% and 57.7%. PEOPLE_TRAINED_WOMEN_PCT
stays (the registry's, computed from records, whole percentages). The retired indicator's data
values and targets move to it, except a cell the kept indicator already holds (that one is kept);
figure references in texts ([[PEOPLE_TRAINED_FEMALE_PCT|...]]) are rewritten; then the retired
indicator is deleted. Where only the retired one exists (a database never synced), it is renamed.
"""

from django.db import migrations

RETIRED = "PEOPLE_TRAINED_FEMALE_PCT"
KEPT = "PEOPLE_TRAINED_WOMEN_PCT"

# Texts that may hold figure references, as (app, model, field).
REFERENCE_FIELDS = [
    ("program", "Achievement", "text"),
    ("program", "OutcomeAreaIntro", "text"),
    ("program", "Story", "body"),
    ("directory", "OrganisationRole", "description"),
]


def merge(apps, schema_editor):
    Indicator = apps.get_model("indicators", "Indicator")
    DataValue = apps.get_model("indicators", "DataValue")
    Target = apps.get_model("indicators", "Target")
    retired = Indicator.objects.filter(code=RETIRED).first()
    if retired is None:
        return
    kept = Indicator.objects.filter(code=KEPT).first()
    if kept is None:
        retired.code = KEPT
        retired.save(update_fields=["code"])
        return
    for value in DataValue.objects.filter(indicator=retired):
        clash = DataValue.objects.filter(
            program_id=value.program_id,
            indicator=kept,
            period=value.period,
            country_id=value.country_id,
            sex=value.sex,
            method=value.method,
        )
        if clash.exists():
            value.delete()
        else:
            value.indicator = kept
            value.save(update_fields=["indicator"])
    for target in Target.objects.filter(indicator=retired):
        if Target.objects.filter(
            indicator=kept, program_id=target.program_id, period=target.period, country_id=target.country_id
        ).exists():
            target.delete()
        else:
            target.indicator = kept
            target.save(update_fields=["indicator"])
    Indicator.objects.filter(numerator=retired).update(numerator=kept)
    Indicator.objects.filter(denominator=retired).update(denominator=kept)
    for app, model_name, field in REFERENCE_FIELDS:
        model = apps.get_model(app, model_name)
        for obj in model.objects.filter(**{f"{field}__contains": f"[[{RETIRED}|"}):
            setattr(obj, field, getattr(obj, field).replace(f"[[{RETIRED}|", f"[[{KEPT}|"))
            obj.save(update_fields=[field])
    retired.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("indicators", "0006_s4justice_justice_computation"),
        ("program", "0007_media_credit_alt_consent_s5edges"),
        ("directory", "0003_organisation_contact_address_and_more"),
    ]

    operations = [migrations.RunPython(merge, migrations.RunPython.noop)]
