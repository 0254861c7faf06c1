"""Data approval before publication, end to end through the real import pages and the public pages.

A regional MEL officer imports activities and participants for a new half-year (July-December 2021)
through the staff import pages. The public home page and the fact sheets do not change until the data
is approved; after approval they show it; reverting both imports returns every page to before.
Staff see the pending figures beside the published ones on the import's page.
"""

from __future__ import annotations

import csv
import io
import re
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from acthub.accounts.testing import sign_in
from acthub.activities.models import Activity, Participation, ParticipationCell, Presence
from acthub.approvals.models import Decision
from acthub.audit.models import ObjectChange
from acthub.imports.models import ImportJob
from acthub.indicators.models import DataValue
from acthub.program.models import Program

pytestmark = pytest.mark.django_db

IMMEDIATE_TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# The pages a visitor reads: the home page and the fact sheets of the region and of Lao PDR.
PAGES = ["/", "/factsheets/REGION/?period=2021S2", "/factsheets/LA/?period=2021S2", "/factsheets/REGION/"]
# Per-response tokens (CSP nonce, CSRF) differ on every response and say nothing about the figures.
VOLATILE = re.compile(r'((?:nonce|value|content)=|"inlineStyleNonce": )"[A-Za-z0-9+/=_-]{16,}"')
NEW_TRAINEES = 23


def csv_file(name: str, header: list[str], rows: list[list[str]]) -> SimpleUploadedFile:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return SimpleUploadedFile(name, out.getvalue().encode())


def public_pages() -> dict[str, str]:
    """What an anonymous visitor is shown on each page (status and body, tokens blanked)."""
    shown = {}
    for url in PAGES:
        response = Client().get(url)
        shown[url] = f"{response.status_code}\n" + VOLATILE.sub(r'\1""', response.content.decode())
    return shown


def import_through_pages(staff: Client, program: Program, kind: str, upload: SimpleUploadedFile) -> ImportJob:
    response = staff.post(reverse("imports:new"), {"kind": kind, "program": program.pk, "file": upload})
    assert response.status_code == 302, response.content.decode()[:2000]
    job = ImportJob.objects.latest("pk")
    assert job.status == "validated", (job.message, job.errors)
    assert staff.post(reverse("imports:commit", args=[job.pk])).status_code == 302
    job.refresh_from_db()
    assert (job.status, job.approval) == ("complete", "pending"), job.message
    return job


@pytest.fixture
def mel_staff(seed: None, users: dict[str, Any], settings: Any) -> Client:
    settings.TASKS = IMMEDIATE_TASKS
    return sign_in(Client(), users["mel"])


def test_new_half_year_is_published_only_once_approved_and_revert_restores_every_page(
    mel_staff: Client, users: dict[str, Any]
) -> None:
    program = Program.objects.get()
    assert not Participation.objects.exists()
    # The seed program's data loads as approved: published, nothing pending.
    assert DataValue.objects.exists() and not DataValue.objects.filter(is_pending=True).exists()
    assert not ImportJob.objects.exists()
    before = public_pages()
    cube_before = sorted(ParticipationCell.objects.filter(people__gt=0).values_list("with_pending", "period", "people"))

    activities = import_through_pages(
        mel_staff,
        program,
        "activities",
        csv_file(
            "activities.csv",
            ["code", "kind", "title", "start_date", "end_date", "countries"],
            [["SYN-LA-2021-AUG", "training", "Synthetic training, August 2021", "2021-08-02", "2021-08-04", "LA"]],
        ),
    )
    people = import_through_pages(
        mel_staff,
        program,
        "participants",
        csv_file(
            "participants.csv",
            ["activity", "person_key", "sex", "agency_type", "country", "role"],
            [
                ["SYN-LA-2021-AUG", f"SYN-H2-{n:03d}", "female" if n % 3 == 0 else "male", "police", "LA", "trainee"]
                for n in range(NEW_TRAINEES)
            ],
        ),
    )
    assert Participation.objects.filter(is_pending=True).count() == NEW_TRAINEES
    # Committed but pending: no public page changes.
    assert public_pages() == before

    # Staff see the pending figure beside the published one, marked as pending.
    detail = mel_staff.get(reverse("imports:detail", args=[people.pk])).content.decode()
    assert "Pending approval" in detail and "With pending data" in detail
    assert re.search(
        rf"<td>2021S2</td>\s*<td>LA</td>\s*<td class=\"num\">\u2013</td>\s*<td class=\"num\">{NEW_TRAINEES} <em>",
        detail,
    )

    for job in (activities, people):
        assert mel_staff.post(reverse("imports:approve", args=[job.pk]), {"reason": "checked"}).status_code == 302
        job.refresh_from_db()
        assert (job.approval, job.approved_by) == ("approved", users["mel"])
    approved = public_pages()
    assert approved["/"] != before["/"]
    home = approved["/"]
    assert f">{NEW_TRAINEES}<" in home and "Jul" in home  # the headline is the new half-year's
    for url in PAGES[1:3]:
        assert approved[url] != before[url], url
        assert str(NEW_TRAINEES) in approved[url], url

    # Revert: the participants first (their activity belongs to the other import), then the activities.
    refused = mel_staff.post(reverse("imports:revert", args=[activities.pk]), follow=True).content.decode()
    assert "revert those first" in refused and Activity.objects.filter(import_job=activities).exists()
    for job in (people, activities):
        assert mel_staff.post(reverse("imports:revert", args=[job.pk]), {"reason": "test"}).status_code == 302
        job.refresh_from_db()
        assert job.status == "reverted"
    assert public_pages() == before
    assert not Participation.objects.exists() and not Activity.objects.filter(code="SYN-LA-2021-AUG").exists()
    assert not Presence.objects.filter(person_key__startswith="SYN-H2-").exists()
    cube_after = sorted(ParticipationCell.objects.filter(people__gt=0).values_list("with_pending", "period", "people"))
    assert cube_after == cube_before

    # Audited: every decision is recorded with who and why, and each one changed the job in the change log.
    decisions = Decision.objects.filter(job__in=[activities, people])
    assert sorted(decisions.values_list("action", flat=True)) == ["approved", "approved", "reverted", "reverted"]
    assert set(decisions.values_list("decided_by", flat=True)) == {users["mel"].pk}
    job_changes = ObjectChange.objects.filter(object_id__in=[str(activities.pk), str(people.pk)])
    assert job_changes.filter(object_repr__contains="Reverted").exists()
