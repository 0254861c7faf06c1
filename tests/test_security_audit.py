"""The audit trail: append-only in the ORM and in the database; sensitive reads; nothing secret logged."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import DatabaseError, connection, transaction
from django.http import HttpRequest, HttpResponse
from django.test import Client, override_settings
from django.urls import path

from acthub.accounts.testing import sign_in
from acthub.activities.models import PersonIdentity
from acthub.audit import triggers
from acthub.audit.events import record_event
from acthub.audit.models import AccessEvent, AppendOnlyError, ObjectChange
from acthub.audit.reads import audit_reads, audits_reads
from acthub.core.permissions import public_view
from acthub.core.testing import factories as f
from config import urls as config_urls

pytestmark = pytest.mark.django_db


@public_view
@audits_reads("program.Story")
def story_page(request: HttpRequest, pk: int) -> HttpResponse:
    """A detail page of another app, declaring the record its URL names."""
    return HttpResponse("a story")


# Django refuses i18n_patterns inside include(): the root patterns are spread instead.
urlpatterns = [path("stories/<int:pk>/", story_page), *config_urls.urlpatterns]


@pytest.fixture
def rows(users: dict[str, Any], country_a: Any) -> tuple[Any, AccessEvent]:
    f.OrganisationFactory(country=country_a)
    return ObjectChange.objects.order_by("-pk").first(), record_event("login", user=users["partner"])


def reads_of(obj: Any) -> list[AccessEvent]:
    ct = ContentType.objects.get_for_model(type(obj))
    return list(AccessEvent.objects.filter(kind="read", content_type=ct, object_id=str(obj.pk)).order_by("pk"))


# Append-only --------------------------------------------------------------------------------------------


def test_triggers_are_installed() -> None:
    assert triggers.installed(connection) == triggers.expected(connection) != set()


@pytest.mark.parametrize("model", [ObjectChange, AccessEvent])
def test_the_orm_refuses_changes(rows: Any, model: Any) -> None:
    row = model.objects.order_by("-pk").first()
    row.via = "tampered"
    with pytest.raises(AppendOnlyError):
        row.save()
    with pytest.raises(AppendOnlyError):
        row.delete()
    with pytest.raises(AppendOnlyError):
        model.objects.filter(pk=row.pk).update(via="tampered")
    with pytest.raises(AppendOnlyError):
        model.objects.filter(pk=row.pk).delete()


@pytest.mark.parametrize("table", triggers.APPEND_ONLY_TABLES)
def test_the_database_refuses_changes(rows: Any, table: str) -> None:
    # The table names are our own constants, not input.
    tampering = [
        f"UPDATE {table} SET via = 'tampered'",  # noqa: S608
        f"DELETE FROM {table}",  # noqa: S608
        f"UPDATE {table} SET user_id = NULL",  # noqa: S608
        # Pointing a row at another user is a change too, even though clearing the user is allowed.
        f"UPDATE {table} SET user_id = (SELECT MAX(id) FROM accounts_user)",  # noqa: S608
    ]
    with connection.cursor() as cursor:
        for sql in tampering:
            with pytest.raises(DatabaseError), transaction.atomic():
                cursor.execute(sql)
        cursor.execute(f"SELECT COUNT(*) FROM {table} WHERE via = 'tampered'")  # noqa: S608
        assert cursor.fetchone()[0] == 0


def test_deleting_a_user_keeps_their_audit_rows(client: Client, country_a: Any) -> None:
    user = f.UserFactory(role="admin", username="leaving-admin")
    sign_in(client, user)
    inline = "core-contenttranslation-content_type-object_id"  # the country's translations (ADR 0012)
    client.post(
        "/admin/core/country/add/",
        {
            "code": "VN",
            "name": "Vietnam",
            "name_local": "",
            "languages": "[]",
            f"{inline}-TOTAL_FORMS": "0",
            f"{inline}-INITIAL_FORMS": "0",
        },
    )
    change = ObjectChange.objects.get(object_repr="Vietnam")
    logins = AccessEvent.objects.filter(user=user, kind="login").count()
    user.delete()
    change.refresh_from_db()
    assert change.user is None and change.user_name == "leaving-admin"
    assert AccessEvent.objects.filter(user_name="leaving-admin", kind="login", user=None).count() == logins >= 1


# Sensitive reads ---------------------------------------------------------------------------------------


@pytest.fixture
def secrets(country_a: Any, country_b: Any) -> dict[str, Any]:
    program = f.ProgramFactory(slug="asean-act")
    sensitive = f.IndicatorFactory(code="VICTIMS_SUPPORTED", is_sensitive=True)
    return {
        "program": program,
        "story": f.StoryFactory(program=program, country=country_a, is_published=False),
        "published": f.StoryFactory(
            program=program, country=country_a, is_published=True, consent_obtained=True, anonymised=True
        ),
        "organisation": f.OrganisationFactory(country=country_a, is_public=False),
        "value": f.DataValueFactory(program=program, indicator=sensitive, country=country_a, value=3),
    }


def test_api_detail_and_list_reads_are_logged(client: Client, users: dict[str, Any], secrets: dict[str, Any]) -> None:
    sign_in(client, users["officer_a"])
    story, published = secrets["story"], secrets["published"]
    assert client.get(f"/api/v1/stories/{story.pk}/", REMOTE_ADDR="198.51.100.4").status_code == 200
    (read,) = reads_of(story)
    assert (read.user, read.remote_addr, read.via, read.detail) == (
        users["officer_a"],
        "198.51.100.4",
        "api",
        {"view": "api:story-detail"},
    )
    client.get("/api/v1/stories/")
    assert len(reads_of(story)) == 2 and reads_of(published) == []  # published stories are not sensitive
    client.get("/api/v1/data-values/")
    assert len(reads_of(secrets["value"])) == 1


def test_admin_and_portal_detail_reads_are_logged(
    client: Client, users: dict[str, Any], secrets: dict[str, Any]
) -> None:
    sign_in(client, users["mel"])
    org, story = secrets["organisation"], secrets["story"]
    assert client.get(f"/admin/program/story/{story.pk}/change/").status_code == 200
    assert client.get(f"/partners/{org.pk}/").status_code == 200
    assert [r.detail["view"] for r in reads_of(story)] == ["admin:program_story_change"]
    assert [r.detail["view"] for r in reads_of(org)] == ["portal:partner"]


@override_settings(ROOT_URLCONF=__name__)
def test_pages_that_declare_their_record_log_its_reads(
    client: Client, users: dict[str, Any], secrets: dict[str, Any]
) -> None:
    story, published = secrets["story"], secrets["published"]
    sign_in(client, users["officer_a"])
    client.get(f"/stories/{story.pk}/")
    client.get(f"/stories/{published.pk}/")
    (read,) = reads_of(story)
    assert read.detail["view"].endswith("story_page") and read.user == users["officer_a"]
    assert reads_of(published) == []


def test_reads_outside_the_scope_are_404_and_not_logged(
    client: Client, users: dict[str, Any], secrets: dict[str, Any], country_b: Any
) -> None:
    other = f.StoryFactory(program=secrets["program"], country=country_b, is_published=False)
    sign_in(client, users["officer_a"])
    assert client.get(f"/api/v1/stories/{other.pk}/").status_code == 404
    assert reads_of(other) == []


def test_anonymous_reads_of_public_records_are_not_logged(client: Client, secrets: dict[str, Any]) -> None:
    client.get(f"/api/v1/stories/{secrets['published'].pk}/")
    client.get("/api/v1/stories/")
    assert not AccessEvent.objects.filter(kind="read").exists()


def test_every_participation_and_identity_read_is_sensitive(users: dict[str, Any], country_a: Any) -> None:
    identity = PersonIdentity(person_key="P-0001", country=country_a)
    identity.set_details(name="Synthetic Person", phone="+856 20 0000 0000")
    identity.save()
    assert audit_reads(users["officer_a"], [identity], view="test") == 1


# Nothing secret in the logs ------------------------------------------------------------------------------


def test_identities_are_logged_as_digests_never_as_text(users: dict[str, Any], country_a: Any, caplog: Any) -> None:
    identity = PersonIdentity(person_key="P-0002", country=country_a)
    identity.set_details(name="Synthetic Secret Name", phone="+856 20 1111 1111")
    identity.save()
    change = ObjectChange.objects.filter(object_id=str(identity.pk), action="create").latest("pk")
    stored = repr(change.after) + repr([e.detail for e in AccessEvent.objects.all()])
    stored += " ".join(r.getMessage() for r in caplog.records)
    assert "Synthetic Secret Name" not in stored and "1111" not in stored
    assert change.after["name_encrypted"].startswith("sha256:")
