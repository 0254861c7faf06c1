"""The admin shows each staff role only its scope and saves through the audited services."""

import pytest
from django.contrib import admin

from acthub.accounts.testing import sign_in
from acthub.audit.models import ObjectChange
from acthub.core.testing.factories import StoryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def stories(country_a, country_b):
    return {
        "a": StoryFactory(country=country_a, title="Story of A", is_published=False),
        "b": StoryFactory(country=country_b, title="Story of B", is_published=False),
    }


def test_every_model_has_an_admin_with_search():
    from django.apps import apps

    # Secrets have no admin on purpose: their owner manages API tokens on /accounts/tokens/, and an
    # enrolment code is issued by `adduser` or the user admin's action (SECURITY.md).
    # A content translation is edited inline on the record it translates, under that record's admin.
    no_admin = {"accounts.ApiToken", "accounts.EnrolmentCode", "core.ContentTranslation"}
    ours = [m for m in apps.get_models() if m.__module__.startswith("acthub.") and m._meta.label not in no_admin]
    missing = [m._meta.label for m in ours if m not in admin.site._registry]
    assert missing == []
    no_search = [m._meta.label for m in ours if not admin.site._registry[m].search_fields]
    assert no_search == []


def test_country_officer_sees_and_edits_only_own_country(client, users, stories):
    sign_in(client, users["officer_a"])
    listing = client.get("/admin/program/story/")
    assert listing.status_code == 200
    assert b"Story of A" in listing.content and b"Story of B" not in listing.content
    outside = client.get(f"/admin/program/story/{stories['b'].pk}/change/")
    assert outside.status_code == 302  # the admin treats a record outside the queryset as missing
    inside = client.get(f"/admin/program/story/{stories['a'].pk}/change/")
    assert inside.status_code == 200
    form_countries = inside.context["adminform"].form.fields["country"].queryset
    assert [c.code for c in form_countries] == ["LA"]


def test_country_officer_cannot_change_reference_data_or_users(client, users, country_a):
    sign_in(client, users["officer_a"])
    assert client.get(f"/admin/core/country/{country_a.pk}/change/").context["has_change_permission"] is False
    assert client.get("/admin/accounts/user/").status_code == 403
    assert client.get("/admin/audit/objectchange/").status_code == 403


def test_partner_has_no_admin(client, users):
    sign_in(client, users["partner"])
    response = client.get("/admin/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_edit_through_admin_is_logged(client, users, stories):
    sign_in(client, users["mel"])
    story = stories["b"]
    response = client.post(
        f"/admin/program/story/{story.pk}/change/",
        {
            "program": story.program_id,
            "country": story.country_id,
            "title": "Story of B, revised",
            "body": story.body,
            "period": "",
            "source_document": "",
            "source_location": "",
            # The story's translations inline (ADR 0012), posted empty.
            "core-contenttranslation-content_type-object_id-TOTAL_FORMS": "0",
            "core-contenttranslation-content_type-object_id-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    changes = ObjectChange.objects.filter(object_id=str(story.pk), action="update", content_type__model="story")
    change = changes.get()
    assert change.user == users["mel"] and change.after["title"] == "Story of B, revised"


def test_admin_refuses_invalid_period_with_field_message(client, users, stories):
    sign_in(client, users["admin"])
    story = stories["a"]
    response = client.post(
        f"/admin/program/story/{story.pk}/change/",
        {
            "program": story.program_id,
            "country": story.country_id,
            "title": story.title,
            "body": "x",
            "period": "2021S3",
            "core-contenttranslation-content_type-object_id-TOTAL_FORMS": "0",
            "core-contenttranslation-content_type-object_id-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "S1 (January-June)" in " ".join(response.context["adminform"].form.errors["period"])
