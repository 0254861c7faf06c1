"""A failed import form keeps the chosen file: the next try uses it unless another is chosen (issue 14)."""

from __future__ import annotations

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from acthub.accounts.testing import sign_in
from acthub.imports.held import SESSION_KEY
from acthub.imports.models import ColumnMapping, ImportJob
from acthub.imports.tests.conftest import FILES
from acthub.imports.uploads import purge_uploads

pytestmark = pytest.mark.django_db


def _mapping() -> ColumnMapping:
    return ColumnMapping.objects.create(
        name="Synthetic Kobo form",
        kind="participants",
        mapping={
            "activity": "training_code",
            "person_key": "participant_id",
            "sex": "group_participant/sex",
            "country": "group_participant/country",
        },
    )


def test_the_file_of_a_failed_form_is_used_on_the_next_try(client, world, users):
    sign_in(client, users["mel"])
    mapping = _mapping()
    data = (FILES / "kobo_attendance.xlsx").read_bytes()
    form = {"kind": "kobo_attendance", "program": world["program"].pk}
    failed = client.post(reverse("imports:new"), {**form, "file": SimpleUploadedFile("kobo.xlsx", data)})
    page = failed.content.decode()
    assert failed.status_code == 200 and "Choose the column mapping" in page
    assert "Using kobo.xlsx (uploaded " in page and 'name="use_held" value="1"' in page
    assert not ImportJob.objects.exists()

    # The next try sends no file: the kept one is the job's file.
    done = client.post(reverse("imports:new"), {**form, "mapping": mapping.pk, "use_held": "1"})
    assert done.status_code == 302, done.content.decode()
    job = ImportJob.objects.get()
    assert (job.original_name, job.sha256) == ("kobo.xlsx", hashlib.sha256(data).hexdigest())
    assert SESSION_KEY not in client.session  # used once, then forgotten and deleted


def test_choosing_another_file_replaces_the_kept_one(client, world, users):
    sign_in(client, users["mel"])
    mapping = _mapping()
    data = (FILES / "kobo_attendance.xlsx").read_bytes()
    form = {"kind": "kobo_attendance", "program": world["program"].pk}
    client.post(reverse("imports:new"), {**form, "file": SimpleUploadedFile("first.xlsx", data)})
    kept_path = client.session[SESSION_KEY]["path"]
    client.post(
        reverse("imports:new"),
        {**form, "mapping": mapping.pk, "use_held": "1", "file": SimpleUploadedFile("second.xlsx", data)},
    )
    assert ImportJob.objects.get().original_name == "second.xlsx"
    storage = ImportJob._meta.get_field("file").storage
    assert not storage.exists(kept_path)


def test_without_a_kept_file_the_form_still_asks_for_one(client, world, users):
    sign_in(client, users["mel"])
    response = client.post(
        reverse("imports:new"), {"kind": "participants", "program": world["program"].pk, "use_held": "1"}
    )
    assert response.status_code == 200 and "This field is required" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_a_kept_file_is_purged_like_any_abandoned_upload(client, world, users, settings):
    from datetime import timedelta

    from django.utils import timezone

    sign_in(client, users["mel"])
    data = (FILES / "kobo_attendance.xlsx").read_bytes()
    client.post(
        reverse("imports:new"),
        {"kind": "kobo_attendance", "program": world["program"].pk, "file": SimpleUploadedFile("k.xlsx", data)},
    )
    path = client.session[SESSION_KEY]["path"]
    storage = ImportJob._meta.get_field("file").storage
    assert storage.exists(path)
    purge_uploads(now=timezone.now() + timedelta(days=30))
    assert not storage.exists(path)
    page = client.get(reverse("imports:new")).content.decode()
    assert "Using k.xlsx" not in page  # the session no longer names a file that is gone
