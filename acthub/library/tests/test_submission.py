"""Partners submit, staff approve: through the pages, with the change log and the stored extraction job."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from acthub.accounts.testing import sign_in
from acthub.audit.models import ObjectChange
from acthub.core.testing.factories import OrganisationFactory
from acthub.library import services
from acthub.library.choices import AccessLevel, ReviewStatus, TextStatus
from acthub.library.models import Resource
from acthub.library.search.query import search
from acthub.library.tests import files
from acthub.library.tests.factories import resource_type

pytestmark = pytest.mark.django_db


@pytest.fixture
def partner(users: dict[str, Any], country_a: Any) -> Any:
    user = users["partner"]
    user.organisation = OrganisationFactory(name="Synthetic Shelter Network", country=country_a)
    user.save()
    return user


def _submit(client: Client, upload: SimpleUploadedFile, **extra: Any) -> Any:
    data = {
        "title": "Synthetic shelter practice study",
        "type": resource_type("study").pk,
        "summary": "Freedom of movement in shelters.",
        "year": "2021",
        "language": "en",
        "access_level": AccessLevel.PUBLIC,
        "file": upload,
        **extra,
    }
    return client.post("/library/submit/", data)


def test_partner_submits_staff_approves(
    partner: Any, users: dict[str, Any], country_a: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client = sign_in(Client(), partner)
    pdf = SimpleUploadedFile("study.pdf", files.pdf("Zorblax freedom of movement"), content_type="application/pdf")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:  # the stored job, once committed
        response = _submit(client, pdf, countries=[country_a.pk])
    assert len(callbacks) == 1
    assert response.status_code == 302
    resource = Resource.objects.get()
    assert (resource.status, resource.organisation, resource.submitted_by) == (
        ReviewStatus.SUBMITTED,
        partner.organisation,
        partner,
    )
    version = resource.versions.get()
    # The stored job ran (immediately in tests): text for search, and a thumbnail of page one.
    assert version.text_status == TextStatus.DONE and "Zorblax" in version.text
    assert version.thumbnail.name.endswith(".png")
    # Before approval: the submitter sees it, the public does not, not even in search.
    assert client.get(resource_url := f"/library/{resource.pk}/").status_code == 200
    assert Client().get(resource_url).status_code == 404
    assert search("zorblax", user=None).total == 0
    assert search("zorblax", user=partner).total == 1
    # A partner cannot approve, not even their own submission.
    assert client.post(f"/library/{resource.pk}/review/", {"decision": "approve"}).status_code == 403
    with pytest.raises(PermissionDenied):
        services.approve_resource(resource, acting_user=partner)
    staff = sign_in(Client(), users["officer_a"])
    assert resource.title in staff.get("/library/review/").content.decode()
    response = staff.post(
        f"/library/{resource.pk}/review/", {"decision": "approve", "access_level": AccessLevel.PUBLIC, "note": ""}
    )
    assert response.status_code == 302
    resource.refresh_from_db()
    assert (resource.status, resource.reviewed_by) == (ReviewStatus.PUBLISHED, users["officer_a"])
    assert Client().get(resource_url).status_code == 200
    assert [h.title for h in search("zorblax", user=None).hits] == [resource.title]
    download = Client().get(f"/library/{resource.pk}/en/file/")
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF-")
    assert Client().get(f"/library/{resource.pk}/en/thumbnail/")["Content-Type"] == "image/png"
    # Who did what is in the change log.
    actors = set(
        ObjectChange.objects.filter(content_type__model="resource", object_id=str(resource.pk)).values_list(
            "user_name", flat=True
        )
    )
    assert {partner.username, users["officer_a"].username} <= actors


def test_a_renamed_executable_is_refused_and_nothing_is_saved(partner: Any) -> None:
    client = sign_in(Client(), partner)
    fake = SimpleUploadedFile("report.pdf", files.EXECUTABLE, content_type="application/pdf")
    response = _submit(client, fake)
    assert response.status_code == 200
    assert "a program, not a document" in response.content.decode()
    assert not Resource.objects.exists()


def test_rejection_needs_a_reason_and_the_public_never_sees_it(partner: Any, users: dict[str, Any]) -> None:
    resource = services.submit_resource(
        acting_user=partner, title="Synthetic draft", type=resource_type("brief"), languages=["en"]
    )
    with pytest.raises(Exception, match="Say why"):
        services.reject_resource(resource, acting_user=users["mel"], note=" ")
    services.reject_resource(resource, acting_user=users["mel"], note="Out of scope.")
    resource.refresh_from_db()
    assert resource.status == ReviewStatus.REJECTED
    assert Client().get(f"/library/{resource.pk}/").status_code == 404
    assert "Out of scope." in sign_in(Client(), partner).get(f"/library/{resource.pk}/").content.decode()


def test_the_public_cannot_submit() -> None:
    response = Client().get("/library/submit/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    with pytest.raises(PermissionDenied):
        services.submit_resource(acting_user=None, title="x", type=resource_type())
