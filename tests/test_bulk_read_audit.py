"""Pages that show many sensitive records write one access-log event per view (finding 6).

Requested through their URLs, as a user would: the participation and identity admin lists, an import's
preview and its error list. Each writes one LIST_READ event: who, when, which view, how many.
"""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import pytest
from django.test import Client

from acthub.accounts.testing import sign_in
from acthub.activities.models import Activity, Participation, PersonIdentity
from acthub.audit.models import AccessEvent
from acthub.core.testing.factories import ProgramFactory
from acthub.imports.services import create_job, run_job

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(country_a: Any) -> Activity:
    activity = Activity.objects.create(
        program=ProgramFactory(),
        code="LA-TR-9",
        kind="training",
        title="T",
        start_date=date(2021, 1, 1),
        end_date=date(2021, 1, 2),
    )
    activity.countries.set([country_a])
    for n in range(3):
        Participation.objects.create(activity=activity, person_key=f"LA-{n}", country=country_a)
        identity = PersonIdentity(person_key=f"LA-{n}", country=country_a)
        identity.set_details(name=f"Synthetic {n}")
        identity.save()
    return activity


def list_reads() -> list[AccessEvent]:
    return list(AccessEvent.objects.filter(kind=AccessEvent.Kind.LIST_READ).order_by("pk"))


@pytest.mark.parametrize(
    ("url", "model"),
    [
        ("/admin/activities/participation/", "activities.participation"),
        ("/admin/activities/personidentity/", "activities.personidentity"),
    ],
)
def test_admin_lists_of_people_write_one_event_per_view(people, users, url, model):
    client = sign_in(Client(), users["officer_a"])
    assert client.get(url).status_code == 200
    [event] = list_reads()
    assert event.user == users["officer_a"] and event.time is not None and event.remote_addr == "127.0.0.1"
    assert event.detail["model"] == model and event.detail["count"] == 3 and event.detail["view"].endswith("changelist")
    client.get(url)
    assert len(list_reads()) == 2  # one per view, never one per row


def test_a_list_of_public_records_writes_none(users, country_a):
    sign_in(Client(), users["officer_a"]).get("/admin/core/country/")
    assert list_reads() == []


def test_import_preview_and_error_list_write_one_event_each(people, users, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    data = b"activity,person_key,country\r\nLA-TR-9,LA-7,LA\r\nLA-TR-9,LA-8,LA\r\nNOPE,LA-9,LA\r\n"
    job = create_job(
        program=people.program, kind="participants", stream=io.BytesIO(data), name="p.csv", acting_user=users["admin"]
    )
    run_job(job, commit=False, acting_user=users["admin"])
    job.refresh_from_db()
    client = sign_in(Client(), users["admin"])
    assert client.get(f"/staff/imports/{job.pk}/").status_code == 200
    [preview] = list_reads()
    assert preview.detail == {"view": "imports:detail", "model": "imports.importjob", "count": len(job.preview)}
    assert preview.object_id == str(job.pk) and preview.user == users["admin"]
    assert client.get(f"/staff/imports/{job.pk}/errors.csv").status_code == 200
    assert list_reads()[-1].detail["view"] == "imports:errors" and list_reads()[-1].detail["count"] == 1
