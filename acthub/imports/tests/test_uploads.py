"""Uploads never stay on disk, and XLSX zip bombs are refused before any part is inflated.

Uploads may hold names and phone numbers: the stored file is deleted when its job commits, when it
fails, and when it is abandoned (past the TTL, by the purge task and command). Bombs are generated
here (nothing large is committed): a few KB that inflate to tens of MB.
"""

from __future__ import annotations

import io
import os
import time
import tracemalloc
import zipfile
from datetime import timedelta
from pathlib import Path
from typing import Any
from unittest import mock

import openpyxl
import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from acthub.accounts.testing import sign_in
from acthub.activities.models import Participation
from acthub.imports.models import ImportJob
from acthub.imports.readers import XLSX_MAIN, FileRejected, inspect_file
from acthub.imports.services import create_job, run_job
from acthub.imports.tests.conftest import csv_bytes
from acthub.imports.uploads import purge_uploads

pytestmark = pytest.mark.django_db

PEOPLE = "activity,person_key,sex,country,name,phone\nLA-TR-01,UP-1,female,LA,Synthetic Person,+856 20 555 0100"


def stored_path(job: ImportJob) -> Path:
    return Path(job.file.path)


def new_job(world: dict[str, Any], data: bytes, user: Any = None, name: str = "people.csv") -> ImportJob:
    return create_job(
        program=world["program"], kind="participants", stream=io.BytesIO(data), name=name, acting_user=user
    )


def test_upload_is_deleted_when_the_job_commits(world: dict[str, Any]) -> None:
    job = new_job(world, csv_bytes(PEOPLE))
    path = stored_path(job)
    assert path.is_file()
    run_job(job, commit=False)
    assert path.is_file() and job.status == "validated"  # kept for the commit
    run_job(job, commit=True)
    job.refresh_from_db()
    assert job.status == "complete" and job.file.name == "" and not path.exists()
    assert job.sha256 and job.size  # the record of what was uploaded stays


def test_upload_is_deleted_when_the_dry_run_fails(world: dict[str, Any]) -> None:
    job = new_job(world, csv_bytes(PEOPLE.replace(",LA,", ",ZZ,")))
    path = stored_path(job)
    run_job(job, commit=False)
    job.refresh_from_db()
    assert job.error_count and not job.can_commit and job.file.name == "" and not path.exists()


def test_upload_is_deleted_when_the_task_crashes(world: dict[str, Any]) -> None:
    from acthub.imports.tasks import run_import

    job = new_job(world, csv_bytes(PEOPLE))
    path = stored_path(job)
    with mock.patch("acthub.imports.tasks.run_job", side_effect=RuntimeError("worker bug")):
        run_import.call(job.pk, False)
    job.refresh_from_db()
    assert job.status == "error" and job.file.name == "" and not path.exists()


def test_abandoned_uploads_are_purged_after_the_ttl(world: dict[str, Any], settings: Any) -> None:
    settings.ACTHUB_IMPORT_UPLOAD_TTL_HOURS = 2
    job = new_job(world, csv_bytes(PEOPLE))
    run_job(job, commit=False)
    path = stored_path(job)
    assert purge_uploads() == 0 and path.is_file()  # still within its TTL
    ImportJob.objects.filter(pk=job.pk).update(last_updated=timezone.now() - timedelta(hours=3))
    # An unreferenced file (a crash between storing the file and saving its job), old enough to go.
    storage = ImportJob._meta.get_field("file").storage
    orphan = storage.save("imports/2020/01/orphan.csv", ContentFile(b"person_key,name\nX,Someone"))
    old = time.time() - 4 * 3600
    os.utime(storage.path(orphan), (old, old))
    out = io.StringIO()
    call_command("purge_uploads", stdout=out)
    assert "Deleted 2 abandoned upload(s)." in out.getvalue()
    job.refresh_from_db()
    assert job.status == "expired" and "upload the file again" in job.message and not path.exists()
    assert not storage.exists(orphan)
    assert not job.can_commit


def test_each_upload_queues_the_purge(client: Client, world: dict[str, Any], users: dict[str, Any]) -> None:
    sign_in(client, users["mel"])
    with mock.patch("acthub.imports.views.purge_abandoned_uploads") as purge:
        client.post(
            reverse("imports:new"),
            {
                "kind": "participants",
                "program": world["program"].pk,
                "file": SimpleUploadedFile("p.csv", csv_bytes(PEOPLE)),
            },
        )
    purge.enqueue.assert_called_once_with()


# --- XLSX bombs ------------------------------------------------------------------------------------


def bomb(inflated_mb: int, part: str = "xl/sharedStrings.xml") -> bytes:
    """A workbook-shaped ZIP whose one big part inflates to `inflated_mb` MB of shared strings."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr(
            "[Content_Types].xml",
            b'<Types><Override PartName="/xl/workbook.xml" ContentType="' + XLSX_MAIN + b'"/></Types>',
        )
        with archive.open(part, "w") as big:
            block = b"<si><t>aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa</t></si>" * 25_000  # ~1 MB
            big.write(b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')
            for _ in range(inflated_mb):
                big.write(block)
            big.write(b"</sst>")
    return buffer.getvalue()


def test_a_shared_strings_bomb_is_refused_without_inflating_it(world: dict[str, Any]) -> None:
    data = bomb(60)
    assert len(data) < 300_000  # a small upload...
    tracemalloc.start()
    try:
        with (
            mock.patch("acthub.imports.readers._open_workbook") as opened,
            pytest.raises(FileRejected, match=r"inflates from 0\.\d MB to 6\d\.\d MB, more than 100 times"),
        ):
            inspect_file(io.BytesIO(data))
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    opened.assert_not_called()
    assert peak < 8_000_000  # ...that inflating would have cost 60 MB and more
    assert not ImportJob.objects.exists()


def test_each_part_is_capped(world: dict[str, Any], settings: Any) -> None:
    settings.ACTHUB_XLSX_MAX_RATIO = 100_000
    settings.ACTHUB_XLSX_MAX_PART_BYTES = 2_000_000
    with pytest.raises(FileRejected, match=r"part xl/worksheets/sheet1\.xml inflates to 3\.\d MB \(at most 2\.0 MB\)"):
        new_job(world, bomb(3, part="xl/worksheets/sheet1.xml"), name="big.xlsx")


def test_the_stored_job_checks_the_workbook_again(world: dict[str, Any]) -> None:
    # A bomb that reached storage some other way is refused where the workbook would be opened.
    job = ImportJob.objects.create(
        program=world["program"], kind="participants", original_name="bomb.xlsx", file_format="xlsx"
    )
    job.file.save("bomb.xlsx", ContentFile(bomb(30)), save=True)
    with mock.patch("acthub.imports.readers._open_workbook") as opened:
        run_job(job, commit=True)
    opened.assert_not_called()
    job.refresh_from_db()
    assert job.status == "error" and "more than 100 times" in job.errors[0]["reason"]
    assert not Participation.objects.exists() and job.file.name == ""


def test_upload_request_never_opens_the_workbook(
    client: Client, world: dict[str, Any], users: dict[str, Any], settings: Any
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}  # the worker runs later
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["activity", "person_key", "sex", "country"])
    for n in range(30):
        sheet.append(["LA-TR-01", f"X-{n}", "female", "LA"])
    buffer = io.BytesIO()
    book.save(buffer)
    sign_in(client, users["mel"])
    with mock.patch("acthub.imports.readers._open_workbook") as opened:
        response = client.post(
            reverse("imports:new"),
            {
                "kind": "participants",
                "program": world["program"].pk,
                "file": SimpleUploadedFile("p.xlsx", buffer.getvalue()),
            },
        )
    assert response.status_code == 302
    opened.assert_not_called()
    job = ImportJob.objects.get()
    assert (job.status, job.file_format, job.total_rows) == ("created", "xlsx", 30)  # estimated from <dimension>
