"""The staff import pages end to end: upload, dry run, preview and errors, commit; access by role."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from acthub.activities.models import Participation
from acthub.core.permissions import ACCESS_ATTR
from acthub.imports.models import ColumnMapping, ImportJob
from acthub.imports.tests.conftest import FILES, csv_bytes

try:  # staff sessions pass the two-factor check through the accounts app's test helper
    from acthub.accounts.testing import sign_in
except ImportError:  # pragma: no cover - before two-factor authentication exists

    def sign_in(client, user, **kwargs):
        client.force_login(user)
        return client


pytestmark = pytest.mark.django_db

PARTICIPANTS = "activity,person_key,sex,country\nLA-TR-01,P-1,female,LA\nLA-TR-01,P-2,male,LA"


def upload(client, data: bytes, name: str = "people.csv", kind: str = "participants", **extra):
    form = {"kind": kind, "program": extra.pop("program"), "file": SimpleUploadedFile(name, data), **extra}
    return client.post(reverse("imports:new"), form)


def test_upload_dry_run_then_commit(client, world, users):
    sign_in(client, users["mel"])
    assert client.get(reverse("imports:new")).status_code == 200
    response = upload(client, csv_bytes(PARTICIPANTS), program=world["program"].pk)
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("imports:detail", args=[job.pk])
    assert (job.status, job.created_rows, job.created_by) == ("validated", 2, users["mel"])
    assert not Participation.objects.exists()  # a dry run writes nothing
    page = client.get(reverse("imports:detail", args=[job.pk])).content.decode()
    assert "Preview" in page and "P-2" in page and reverse("imports:commit", args=[job.pk]) in page
    assert 'hx-get="' not in page  # not polling once finished
    response = client.post(reverse("imports:commit", args=[job.pk]))
    job.refresh_from_db()
    assert response.status_code == 302 and job.status == "complete" and job.committed_by == users["mel"]
    assert Participation.objects.count() == 2
    # A second commit of the same job does nothing.
    client.post(reverse("imports:commit", args=[job.pk]))
    assert Participation.objects.count() == 2
    assert f"#{job.pk}" in client.get(reverse("imports:list")).content.decode()


def test_errors_are_shown_and_commit_is_refused(client, world, users):
    sign_in(client, users["admin"])
    upload(client, csv_bytes("activity,person_key,sex,country\nLA-TR-01,P-1,F,LA"), program=world["program"].pk)
    job = ImportJob.objects.get()
    page = client.get(reverse("imports:detail", args=[job.pk])).content.decode()
    assert "people.csv" in page and "not an allowed sex" in page and "Commit</button>" not in page
    client.post(reverse("imports:commit", args=[job.pk]))
    assert ImportJob.objects.get().status == "validated" and not Participation.objects.exists()
    errors = client.get(reverse("imports:errors", args=[job.pk]))
    assert errors["Content-Type"].startswith("text/csv")
    text = b"".join(errors.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["file", "row", "column", "reason"]
    assert rows[1][:3] == ["people.csv", "2", "sex"] and "'F' is not an allowed sex" in rows[1][3]


def test_rejected_file_is_reported_on_the_form(client, world, users, settings):
    sign_in(client, users["mel"])
    response = upload(client, b"%PDF-1.4 not a table", name="report.pdf", program=world["program"].pk)
    assert response.status_code == 200 and "This is a PDF" in response.content.decode()
    settings.ACTHUB_IMPORT_MAX_BYTES = 10
    response = upload(client, csv_bytes(PARTICIPANTS), program=world["program"].pk)
    assert "larger than the limit" in response.content.decode()
    response = upload(client, b"", program=world["program"].pk)
    assert response.status_code == 200 and not ImportJob.objects.exists()


def test_status_fragment_polls_while_running_and_refreshes_when_done(client, world, users):
    sign_in(client, users["mel"])
    job = ImportJob.objects.create(
        program=world["program"],
        kind="participants",
        original_name="x.csv",
        created_by=users["mel"],
        status="validating",
        total_rows=100,
        processed_rows=40,
    )
    page = client.get(reverse("imports:detail", args=[job.pk])).content.decode()
    assert f'hx-get="{reverse("imports:status", args=[job.pk])}"' in page and 'hx-trigger="every 1s"' in page
    assert '<progress max="100" value="40"' in page
    assert '<noscript><meta http-equiv="refresh"' in page  # without JavaScript, the page refreshes itself
    fragment = client.get(reverse("imports:status", args=[job.pk]), HTTP_HX_REQUEST="true")
    assert fragment.status_code == 200 and b"every 1s" in fragment.content
    ImportJob.objects.filter(pk=job.pk).update(status="validated")
    done = client.get(reverse("imports:status", args=[job.pk]), HTTP_HX_REQUEST="true")
    assert done["HX-Refresh"] == "true"


def test_partner_gets_403_and_anonymous_goes_to_login(client, world, users):
    urls = [reverse("imports:list"), reverse("imports:new"), reverse("imports:columns"), reverse("imports:mappings")]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302 and "login" in response["Location"]
    sign_in(client, users["partner"])
    for url in urls:
        assert client.get(url).status_code == 403


def test_officer_sees_own_jobs_only(client, world, users):
    mel_job = ImportJob.objects.create(
        program=world["program"], kind="participants", original_name="mel.csv", created_by=users["mel"]
    )
    sign_in(client, users["officer_a"])
    upload(client, csv_bytes(PARTICIPANTS), program=world["program"].pk)
    own = ImportJob.objects.get(created_by=users["officer_a"])
    listing = client.get(reverse("imports:list")).content.decode()
    assert "mel.csv" not in listing and "people.csv" in listing
    assert client.get(reverse("imports:detail", args=[mel_job.pk])).status_code == 404
    assert client.post(reverse("imports:commit", args=[mel_job.pk])).status_code == 404
    assert client.get(reverse("imports:detail", args=[own.pk])).status_code == 200
    sign_in(client, users["mel"])
    assert "people.csv" in client.get(reverse("imports:list")).content.decode()  # regional roles see all


def test_templates_and_column_docs(client, world, users):
    sign_in(client, users["officer_a"])
    csv_response = client.get(reverse("imports:template_csv", args=["participants"]))
    assert csv_response["Content-Type"].startswith("text/csv")
    assert "attachment" in csv_response["Content-Disposition"]
    assert csv_response.content.decode("utf-8-sig").rstrip().endswith("role,date,name,phone")
    xlsx = client.get(reverse("imports:template_xlsx", args=["datavalues"]))
    assert openpyxl.load_workbook(io.BytesIO(xlsx.content)).sheetnames == ["data", "README", "codes"]
    assert client.get(reverse("imports:template_csv", args=["nothing"])).status_code == 404
    docs = client.get(reverse("imports:columns")).content.decode()
    for name in ("person_key", "indicator", "countries", "kobo_attendance"):
        assert name in docs
    assert "2021S1" in docs and "not_recorded" in docs


def test_kobo_upload_through_mapping_in_the_pages(client, world, users):
    sign_in(client, users["mel"])
    assert client.get(reverse("imports:mapping_new") + "?target=participants").status_code == 200
    form = {
        "name": "Synthetic Kobo form",
        "kind": "participants",
        "col_activity": "training_code",
        "col_person_key": "participant_id",
        "col_sex": "group_participant/sex",
        "col_country": "group_participant/country",
    }
    response = client.post(reverse("imports:mapping_new") + "?target=participants", form)
    assert response.status_code == 302, response.content.decode()
    mapping = ColumnMapping.objects.get()
    assert mapping.mapping["person_key"] == "participant_id"
    edited = client.post(reverse("imports:mapping_edit", args=[mapping.pk]), {**form, "col_country": ""})
    assert edited.status_code == 200 and "This field is required" in edited.content.decode()
    missing = upload(
        client,
        (FILES / "kobo_attendance.xlsx").read_bytes(),
        name="kobo.xlsx",
        kind="kobo_attendance",
        program=world["program"].pk,
    )
    assert missing.status_code == 200 and "Choose the column mapping" in missing.content.decode()
    upload(
        client,
        (FILES / "kobo_attendance.xlsx").read_bytes(),
        name="kobo.xlsx",
        kind="kobo_attendance",
        program=world["program"].pk,
        mapping=mapping.pk,
    )
    job = ImportJob.objects.get()
    assert job.status == "validated" and job.error_count == 0, job.errors
    client.post(reverse("imports:commit", args=[job.pk]))
    assert Participation.objects.count() == 3
    sign_in(client, users["officer_a"])
    assert client.get(reverse("imports:mapping_new")).status_code == 403  # mappings serve every country
    assert "Synthetic Kobo form" in client.get(reverse("imports:mappings")).content.decode()


def _patterns(resolver, prefix=""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from _patterns(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry.callback


def test_every_import_view_declares_its_access():
    views = [(path, cb) for path, cb in _patterns(get_resolver()) if path.startswith("staff/imports/")]
    assert len(views) >= 10
    for path, callback in views:
        assert getattr(callback, ACCESS_ATTR, None) not in (None, "public"), path
