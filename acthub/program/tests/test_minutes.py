"""Meeting minutes are a library resource: the file passes the library's checks, the page shows them by level."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from acthub.accounts.choices import Role
from acthub.accounts.testing import sign_in
from acthub.api.tests.factories import GovernanceMeetingFactory
from acthub.core.testing import factories as f
from acthub.library.choices import AccessLevel, ReviewStatus
from acthub.library.defaults import ensure_defaults
from acthub.library.models import Resource
from acthub.program.choices import GovernanceLevel
from acthub.program.services.governance import attach_minutes

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00 a renamed Windows program"


@pytest.fixture
def meeting(country_a: Any) -> Any:
    ensure_defaults()
    program = f.ProgramFactory(slug="minutes-world")
    body = f.GovernanceBodyFactory(program=program, level=GovernanceLevel.NATIONAL, country=country_a, name="NPSC LA")
    return GovernanceMeetingFactory(body=body, date=date(2025, 11, 20), title="Third NPSC meeting")


def test_minutes_become_an_internal_library_resource_of_the_bodys_country(meeting: Any, users: dict[str, Any]) -> None:
    attach_minutes(meeting, acting_user=users["officer_a"], upload=io.BytesIO(PDF), file_name="minutes.pdf")
    meeting.refresh_from_db()
    resource = meeting.minutes
    assert resource.type.slug == "minutes" and resource.title == "Minutes: Third NPSC meeting"
    assert resource.access_level == AccessLevel.INTERNAL and resource.status == ReviewStatus.PUBLISHED
    assert [c.code for c in resource.countries.all()] == ["LA"]
    (version,) = resource.versions.all()
    assert version.file_kind == "pdf" and version.size == len(PDF)
    assert not Resource.objects.restrict(None, "view").filter(pk=resource.pk).exists()  # not public


def test_a_renamed_executable_is_refused_as_minutes_and_nothing_changes(meeting: Any, users: dict[str, Any]) -> None:
    before = Resource.objects.count()
    with pytest.raises(ValidationError) as refused:
        attach_minutes(meeting, acting_user=users["mel"], upload=io.BytesIO(EXE), file_name="minutes.pdf")
    assert "minutes.pdf: The file is a program, not a document" in str(refused.value)
    meeting.refresh_from_db()
    assert meeting.minutes is None and Resource.objects.count() == before


def test_an_officer_of_another_country_cannot_attach_minutes(meeting: Any, country_b: Any) -> None:
    stranger = f.UserFactory(role=Role.COUNTRY_OFFICER, countries=[country_b])
    with pytest.raises(PermissionDenied):
        attach_minutes(meeting, acting_user=stranger, upload=io.BytesIO(PDF), file_name="minutes.pdf")


def test_staff_upload_minutes_on_the_body_page_and_see_the_refusal_reason(meeting: Any, users: dict[str, Any]) -> None:
    client = sign_in(Client(), users["mel"])
    url = f"/staff/governance/meetings/{meeting.pk}/minutes/"
    assert client.get(url).status_code == 405
    refused = client.post(
        url, {"file": SimpleUploadedFile("minutes.pdf", EXE), "access_level": "internal"}, follow=True
    )
    assert "The file is a program, not a document" in refused.content.decode()
    meeting.refresh_from_db()
    assert meeting.minutes is None
    done = client.post(url, {"file": SimpleUploadedFile("minutes.pdf", PDF), "access_level": "public"})
    assert done.status_code == 302
    meeting.refresh_from_db()
    assert meeting.minutes.access_level == AccessLevel.PUBLIC
    page = client.get(f"/staff/governance/{meeting.body_id}/").content.decode()
    assert f'href="/library/{meeting.minutes_id}/"' in page
