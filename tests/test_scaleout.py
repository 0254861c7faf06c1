"""Nothing assumes one process: two application servers and a task worker share one database and one store.

Two gunicorn servers (A and B) and `manage.py db_worker` run `config.settings.production` against
this run's PostgreSQL test database and an S3-compatible server (moto), all on loopback:

- an import uploaded through A is validated by the worker and committed through B;
- a fact sheet published through B is served by A, from the shared store;
- a page cached by A is not stale after a change through B;
- a worker killed in the middle of a commit leaves nothing half-written, and its task runs again
  in the next worker, to the end.

PostgreSQL only (SQLite is one machine's file): on SQLite the test is skipped, loudly.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from acthub.accounts.choices import Role
from acthub.accounts.testing import current_code, enrolled_device
from acthub.activities.models import Activity
from acthub.core.testing.factories import UserFactory
from acthub.factsheets import services as sheets
from acthub.factsheets.choices import EditionStatus, Format
from acthub.factsheets.models import FactSheetEdition
from acthub.imports.models import ImportJob
from acthub.operations.testing import S3Server, s3_server
from acthub.program.models import Program
from tests.scaleout_support import Browser, Service, app_server, database_url, environment, task_worker, wait_until

ON_POSTGRESQL = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
pytestmark = [
    pytest.mark.skipif(
        not ON_POSTGRESQL,
        reason="!!! SCALE-OUT TEST SKIPPED: it needs PostgreSQL (DATABASE_URL=postgres://...; make test runs it) !!!",
    ),
    pytest.mark.django_db(transaction=True),
]

PASSWORD = "Synthetic-Scaleout-Passphrase-2026"
HEADER = "code,kind,title,start_date,end_date,countries,mode\r\n"


def activities_csv(prefix: str, rows: int) -> bytes:
    """Synthetic trainings, one a row."""
    lines = [
        f"{prefix}-{i:06d},training,Synthetic scale-out training {i},2021-03-01,2021-03-02,LA,in_person\r\n"
        for i in range(rows)
    ]
    return (HEADER + "".join(lines)).encode()


@pytest.fixture
def deployment(tmp_path: Path) -> Iterator[dict[str, Any]]:
    """The seed program and a regional MEL user in the database; then the store, A, B and one worker."""
    from django.core.management import call_command

    call_command("load_seed", verbosity=0)
    mel = UserFactory(role=Role.REGIONAL_MEL, username="synthetic-mel")
    # Hashed as production hashes (the test settings' fast hasher is not among the servers').
    hasher = PBKDF2PasswordHasher()
    type(mel).objects.filter(pk=mel.pk).update(password=hasher.encode(PASSWORD, hasher.salt()))
    device = enrolled_device(mel)
    logs = tmp_path / "logs"
    logs.mkdir()
    (tmp_path / "static").mkdir()
    services: list[Service] = []
    # The test reads what the servers stored from the same store.
    with s3_server() as s3, override_settings(STORAGES=s3.storages()):
        env = environment(database_url(connection.settings_dict), s3, tmp_path / "static")
        try:
            services.append(task_worker("worker-1", env, logs))
            services.append(app_server("server-a", env, logs))
            services.append(app_server("server-b", env, logs))
            yield {"env": env, "logs": logs, "s3": s3, "services": services, "mel": mel, "device": device}
        finally:
            for service in services:
                service.stop()


def _job(pk: int) -> ImportJob:
    return ImportJob.objects.get(pk=pk)


def test_two_servers_and_a_worker_share_imports_editions_pages_and_survive_a_killed_worker(
    deployment: dict[str, Any],
) -> None:
    worker, a, b = deployment["services"]
    services: list[Service] = deployment["services"]
    s3: S3Server = deployment["s3"]
    program_pk = str(Program.objects.get(slug="asean-act").pk)
    staff = Browser()
    staff.sign_in(a, "synthetic-mel", PASSWORD, lambda: current_code(deployment["device"]))

    # 1. Uploaded through A, validated by the worker, committed through B.
    form = staff.get(a, "/staff/imports/new/")
    fields = {"csrfmiddlewaretoken": form.csrf(), "kind": "activities", "program": program_pk}
    uploaded = staff.upload(a, "/staff/imports/new/", fields, "trainings.csv", activities_csv("SO-A", 3))
    assert uploaded.status == 302, uploaded.text[:2000]
    job_pk = int(re.search(r"/staff/imports/(\d+)/", uploaded.headers["location"]).group(1))
    assert _job(job_pk).file.name in s3.stored_keys()  # in the shared store, not on A's disk
    wait_until(lambda: _job(job_pk).status == "validated", timeout=120, what="the dry run", services=services)
    detail = staff.get(b, f"/staff/imports/{job_pk}/")
    assert detail.status == 200 and "SO-A-000002" in detail.text
    committed = staff.post(b, f"/staff/imports/{job_pk}/commit/", {"csrfmiddlewaretoken": detail.csrf()})
    assert committed.status == 302
    wait_until(lambda: _job(job_pk).status == "complete", timeout=120, what="the commit", services=services)
    assert Activity.objects.filter(code__startswith="SO-A-").count() == 3

    # 2. A page cached by A, a fact sheet published through B: A shows it at once and serves its files.
    visitor = Browser()
    before = visitor.get(a, "/factsheets/LA/")
    assert visitor.get(a, "/factsheets/LA/").headers["x-acthub-cache"] == "hit"
    edition = sheets.do_create_draft(
        program=Program.objects.get(slug="asean-act"),
        scope_code="LA",
        period="2021S1",
        language="en",
        date_label="",
        acting_user=deployment["mel"],
    )
    assert f"/factsheets/editions/{edition.pk}/" not in before.text
    draft = staff.get(b, f"/factsheets/staff/drafts/{edition.pk}/")
    started = staff.post(
        b, f"/factsheets/staff/drafts/{edition.pk}/jobs/", {"csrfmiddlewaretoken": draft.csrf(), "action": "publish"}
    )
    assert started.status in (200, 302)
    wait_until(
        lambda: FactSheetEdition.objects.get(pk=edition.pk).status == EditionStatus.PUBLISHED,
        timeout=240,
        what="the publication",
        services=services,
    )
    after = visitor.get(a, "/factsheets/LA/")
    assert after.headers["x-acthub-cache"] == "miss" and f"/factsheets/editions/{edition.pk}/" in after.text
    edition.refresh_from_db()
    stored_pdf = s3.client().get_object(Bucket=s3.bucket, Key=edition.pdf_file.name)["Body"].read()
    served = visitor.get(a, f"/factsheets/editions/{edition.pk}/pdf/")
    assert served.status == 200 and served.body == stored_pdf and served.body.startswith(b"%PDF-")
    assert edition.verify()
    assert all(edition.file_for(fmt).name in s3.stored_keys() for fmt in Format)

    # 3. The worker is killed in the middle of a commit: nothing is written; the next worker runs it again.
    big = 20000
    form = staff.get(a, "/staff/imports/new/")
    fields = {"csrfmiddlewaretoken": form.csrf(), "kind": "activities", "program": program_pk}
    uploaded = staff.upload(a, "/staff/imports/new/", fields, "many.csv", activities_csv("SO-K", big))
    job_pk = int(re.search(r"/staff/imports/(\d+)/", uploaded.headers["location"]).group(1))
    wait_until(lambda: _job(job_pk).status == "validated", timeout=300, what="the large dry run", services=services)
    detail = staff.get(b, f"/staff/imports/{job_pk}/")
    staff.post(b, f"/staff/imports/{job_pk}/commit/", {"csrfmiddlewaretoken": detail.csrf()})

    def commit_under_way() -> bool:
        # The worker has claimed the commit and reports progress from inside its transaction (the
        # dry run left processed_rows at `big`; the commit starts again from 0).
        running = DBTaskResult.objects.filter(
            task_path__endswith="run_import", args_kwargs__args=[job_pk, True], status="RUNNING"
        ).exists()
        return running and 0 < _job(job_pk).processed_rows < big

    wait_until(commit_under_way, timeout=120, what="the commit under way", services=services)
    worker.stop(kill=True)
    assert _job(job_pk).status == "committing"  # the killed worker recorded no outcome
    assert Activity.objects.filter(code__startswith="SO-K-").count() == 0  # nothing half-written
    replacement = task_worker("worker-2", deployment["env"], deployment["logs"])
    services.append(replacement)
    wait_until(lambda: _job(job_pk).status == "complete", timeout=300, what="the retried commit", services=services)
    assert Activity.objects.filter(code__startswith="SO-K-").count() == big
    retried = DBTaskResult.objects.filter(task_path__endswith="run_import", args_kwargs__args=[job_pk, True])
    # The task marks the job complete from inside; the worker records the task's own result just after.
    wait_until(
        lambda: retried.filter(status="SUCCESSFUL").exists(), timeout=60, what="the task's result", services=services
    )
    assert retried.get().worker_ids == ["worker-1", "worker-2"]
    ready = visitor.get(b, "/readyz").text
    assert '"alive": 1' in ready
