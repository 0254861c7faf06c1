"""Meeting minutes become library resources; grant-report files are checked by the library's validator.

Each meeting's minutes file (if any) becomes an internal, published library resource of the type
"minutes" with one version holding the same stored file, and the meeting points at it. Going back
restores the file field from that version.
"""

from pathlib import PurePosixPath

import django.db.models.deletion
from django.db import migrations, models

import acthub.library.uploads

KINDS = {"pdf": "pdf", "docx": "docx", "xlsx": "xlsx", "pptx": "pptx", "png": "png", "jpg": "jpeg", "jpeg": "jpeg"}


def minutes_to_resources(apps, schema_editor):
    Meeting = apps.get_model("program", "GovernanceMeeting")
    Resource = apps.get_model("library", "Resource")
    Version = apps.get_model("library", "ResourceVersion")
    ResourceType = apps.get_model("library", "ResourceType")
    meetings = Meeting.objects.exclude(minutes_file="").exclude(minutes_file__isnull=True).select_related("body")
    if not meetings.exists():
        return
    kind, _created = ResourceType.objects.get_or_create(
        slug="minutes", defaults={"name": "Meeting minutes", "order": 100}
    )
    for meeting in meetings:
        resource = Resource.objects.create(
            title=f"Minutes: {meeting.title}"[:500],
            type=kind,
            published_on=meeting.date,
            year=meeting.date.year,
            languages=["en"],
            access_level="internal",  # minutes were staff-only before; staff may open them later
            status="published",
        )
        if meeting.body.country_id:
            resource.countries.set([meeting.body.country_id])
        name = meeting.minutes_file.name
        try:
            size = meeting.minutes_file.size
        except OSError:  # the file is gone from storage: keep the reference, size unknown
            size = 0
        Version.objects.create(
            resource=resource,
            language="en",
            file=name,
            file_kind=KINDS.get(PurePosixPath(name).suffix.lower().lstrip("."), ""),
            size=size,
        )
        meeting.minutes = resource
        meeting.save(update_fields=["minutes"])


def resources_to_minutes(apps, schema_editor):
    Meeting = apps.get_model("program", "GovernanceMeeting")
    Version = apps.get_model("library", "ResourceVersion")
    for meeting in Meeting.objects.exclude(minutes__isnull=True):
        version = Version.objects.filter(resource_id=meeting.minutes_id).exclude(file="").first()
        if version is not None:
            meeting.minutes_file = version.file.name
            meeting.save(update_fields=["minutes_file"])


class Migration(migrations.Migration):
    dependencies = [
        ("program", "0002_grants_governance_iati"),
        ("library", "0003_types_and_topics"),
    ]

    operations = [
        migrations.AlterField(
            model_name="grantreport",
            name="file",
            field=models.FileField(
                blank=True,
                upload_to="grants/reports/%Y/",
                validators=[acthub.library.uploads.validate_document],
                verbose_name="file",
            ),
        ),
        migrations.RenameField(model_name="governancemeeting", old_name="minutes", new_name="minutes_file"),
        migrations.AddField(
            model_name="governancemeeting",
            name="minutes",
            field=models.ForeignKey(
                blank=True,
                help_text="The library resource that holds the minutes.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="minutes_of",
                to="library.resource",
                verbose_name="minutes",
            ),
        ),
        migrations.RunPython(minutes_to_resources, resources_to_minutes),
        migrations.RemoveField(model_name="governancemeeting", name="minutes_file"),
    ]
