"""Uploaded and generated files go through STORAGES: here an S3-compatible server (moto) on loopback.

Every path that writes a file: an import's upload (stored, read back by the dry run and the commit,
removed once identifying details are committed), a fact sheet's edition (HTML, PDF, JSON) and its
PDF preview, and the readiness probe. None may assume a local path.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.files.storage import default_storage
from django.test import Client, override_settings

from acthub.accounts.testing import sign_in
from acthub.factsheets import services as sheets
from acthub.factsheets.choices import EditionStatus, Format, JobAction, JobStatus
from acthub.factsheets.models import FactSheetEdition, FactSheetJob
from acthub.imports.services import create_job, run_job
from acthub.operations.testing import S3Server, s3_server

pytestmark = pytest.mark.django_db
IMMEDIATE_TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(scope="module")
def s3() -> Iterator[S3Server]:
    with s3_server() as server:
        yield server


@pytest.fixture
def on_s3(s3: S3Server, settings: Any) -> Iterator[S3Server]:
    settings.TASKS = IMMEDIATE_TASKS
    with override_settings(STORAGES=s3.storages()):
        assert type(default_storage).__name__ != "FileSystemStorage"
        yield s3


def test_the_settings_select_s3_from_the_environment(s3: S3Server) -> None:
    code = (
        "import django; django.setup(); from django.core.files.storage import storages; "
        "s = storages['default']; print(type(s).__name__, s.bucket_name, s.querystring_auth)"
    )
    env = {**os.environ, **s3.environment(), "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    out = subprocess.run(  # noqa: S603 - our interpreter
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60, check=True
    )
    assert out.stdout.split() == ["S3Storage", s3.bucket, "True"]


def test_an_import_is_stored_validated_and_committed_from_s3(on_s3: S3Server, users: dict[str, Any]) -> None:
    from acthub.activities.models import Activity
    from acthub.core.testing.factories import ProgramFactory

    program = ProgramFactory(slug="syn-s3", name="Synthetic S3 Program")
    data = (
        b"code,kind,title,start_date,end_date,countries,mode\r\n"
        b"LA-S3-01,training,Synthetic stored training,2021-03-01,2021-03-02,LA,in_person\r\n"
    )
    job = create_job(
        program=program, kind="activities", stream=io.BytesIO(data), name="a.csv", acting_user=users["mel"]
    )
    assert job.file.name in on_s3.stored_keys()  # in the bucket, not on a disk of this server
    with pytest.raises(NotImplementedError):
        job.file.path  # noqa: B018 - no local path exists
    run_job(job, commit=False, acting_user=users["mel"])
    assert job.status == "validated", job.errors
    run_job(job, commit=True, acting_user=users["mel"])
    assert job.status == "complete", job.errors
    assert Activity.objects.filter(program=program, code="LA-S3-01", title="Synthetic stored training").exists()


def test_a_published_edition_and_a_preview_are_stored_in_s3(on_s3: S3Server, db: None) -> None:
    from django.core.management import call_command

    from acthub.accounts.choices import Role
    from acthub.core.testing.factories import UserFactory
    from acthub.program.models import Program

    call_command("load_seed", verbosity=0)
    mel = UserFactory(role=Role.REGIONAL_MEL)
    program = Program.objects.get(slug="asean-act")
    edition = sheets.do_create_draft(
        program=program, scope_code="LA", period="2021S1", language="en", date_label="", acting_user=mel
    )
    job = sheets.do_start_job(edition, JobAction.PREVIEW_PDF, acting_user=mel)
    job = FactSheetJob.objects.get(pk=job.pk)
    assert job.status == JobStatus.COMPLETE and job.result.name in on_s3.stored_keys()
    client = sign_in(Client(), mel)
    preview = client.get(f"/factsheets/staff/jobs/{job.pk}/result/")
    assert preview.status_code == 200 and b"".join(preview.streaming_content).startswith(b"%PDF-")

    sheets.do_publish_edition(edition, acting_user=mel)
    edition = FactSheetEdition.objects.get(pk=edition.pk)
    assert edition.status == EditionStatus.PUBLISHED and edition.verify()
    keys = on_s3.stored_keys()
    assert all(edition.file_for(fmt).name in keys for fmt in Format)
    served = Client().get(f"/factsheets/editions/{edition.pk}/pdf/")
    body = served.content if not served.streaming else b"".join(served.streaming_content)
    assert served.status_code == 200 and body == edition.read(Format.PDF)


def test_readiness_writes_and_reads_the_store(on_s3: S3Server) -> None:
    response = Client().get("/readyz")
    assert response.status_code == 200 and response.json()["checks"]["storage"]["ok"] is True
    assert not [key for key in on_s3.stored_keys() if key.startswith("health/")]  # the probe cleans up
