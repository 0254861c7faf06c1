"""The change log and the users admin are scoped like the records they describe (finding 5).

The review: a MEL user scoped to Cambodia read every country's change log (`/api/v1/change-log/?search=LA`
showed an unpublished Lao story's body).
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from acthub.accounts.choices import Role
from acthub.accounts.testing import sign_in
from acthub.audit.models import ObjectChange
from acthub.core.testing.factories import StoryFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def stories(country_a: Any, country_b: Any) -> dict[str, Any]:
    return {
        "la": StoryFactory(country=country_a, title="Synthetic Lao draft LA", body="Lao body", is_published=False),
        "kh": StoryFactory(country=country_b, title="Synthetic Cambodia draft", body="KH body", is_published=False),
    }


@pytest.fixture
def mel_kh(country_b: Any) -> Any:
    return UserFactory(role=Role.REGIONAL_MEL, countries=[country_b])


def change_of(story: Any) -> ObjectChange:
    return ObjectChange.objects.filter(object_id=str(story.pk), content_type__model="story").latest("pk")


def test_scoped_mel_reads_only_their_countries_changes(stories, mel_kh, users):
    client = sign_in(Client(), mel_kh)
    body = client.get("/api/v1/change-log/", {"search": "LA"}).json()
    assert "Lao body" not in str(body) and "Synthetic Lao draft" not in str(body)
    listed = client.get("/api/v1/change-log/", {"record_type": "program.story"}).json()
    assert [row["object_repr"] for row in listed["results"]] == ["Synthetic Cambodia draft"]
    assert client.get(f"/api/v1/change-log/{change_of(stories['la']).pk}/").status_code == 404
    assert client.get(f"/api/v1/change-log/{change_of(stories['kh']).pk}/").status_code == 200
    # A MEL user of every country still reads everything.
    everyone = sign_in(Client(), users["mel"]).get("/api/v1/change-log/", {"record_type": "program.story"}).json()
    assert everyone["count"] == 2


def test_scoped_mel_change_log_admin_is_scoped(stories, mel_kh):
    page = sign_in(Client(), mel_kh).get("/admin/audit/objectchange/")
    assert page.status_code == 200
    assert b"Synthetic Cambodia draft" in page.content and b"Synthetic Lao draft" not in page.content
    detail = sign_in(Client(), mel_kh).get(f"/admin/audit/objectchange/{change_of(stories['la']).pk}/change/")
    assert detail.status_code == 302  # the admin's answer for a record that does not exist


def test_scoped_mel_sees_only_users_of_their_countries(country_a, country_b, mel_kh):
    UserFactory(username="synthetic-officer-la", role=Role.COUNTRY_OFFICER, countries=[country_a])
    UserFactory(username="synthetic-officer-kh", role=Role.COUNTRY_OFFICER, countries=[country_b])
    page = sign_in(Client(), mel_kh).get("/admin/accounts/user/")
    assert page.status_code == 200
    assert b"synthetic-officer-kh" in page.content and b"synthetic-officer-la" not in page.content
