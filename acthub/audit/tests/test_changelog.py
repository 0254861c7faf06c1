"""Every change of a record is kept: who, when, before, after; the log itself cannot be changed."""

import pytest
from django.contrib.contenttypes.models import ContentType

from acthub.accounts.testing import sign_in
from acthub.audit.context import acting
from acthub.audit.models import AppendOnlyError, ObjectChange
from acthub.core.services import delete_record, save_record
from acthub.core.testing.factories import CountryFactory, OrganisationFactory, ProjectFactory
from acthub.directory.models import Organisation

pytestmark = pytest.mark.django_db


def changes_of(obj):
    ct = ContentType.objects.get_for_model(type(obj))
    return list(ObjectChange.objects.filter(content_type=ct, object_id=str(obj.pk)).order_by("pk"))


def test_create_update_delete_are_logged_with_actor(users, country_a):
    mel = users["mel"]
    org = Organisation(name="Synthetic Shelter", type="civil_society", country=country_a)
    with acting(mel, via="web", remote_addr="127.0.0.9"):
        save_record(org, acting_user=mel)
    org.name = "Synthetic Shelter Network"
    save_record(org, acting_user=mel, via="admin")
    pk = org.pk
    delete_record(org, acting_user=mel)
    org.pk = pk
    create, update, delete = changes_of(org)
    assert (create.action, create.before, create.after["name"]) == ("create", None, "Synthetic Shelter")
    assert (create.user, create.via, create.remote_addr) == (mel, "web", "127.0.0.9")
    assert update.before["name"] == "Synthetic Shelter" and update.after["name"] == "Synthetic Shelter Network"
    assert update.changed_fields == ["name"] and update.via == "admin"
    assert delete.action == "delete" and delete.after is None and delete.before["name"] == "Synthetic Shelter Network"


def test_unchanged_save_logs_nothing(country_a):
    org = OrganisationFactory(country=country_a)
    before = ObjectChange.objects.count()
    org.save()
    assert ObjectChange.objects.count() == before


def test_many_to_many_changes_are_logged(country_a, country_b):
    project = ProjectFactory()
    project.countries.set([country_a, country_b])
    last = changes_of(project)[-1]
    assert last.before["countries"] == [] and last.after["countries"] == sorted([country_a.pk, country_b.pk])


def test_log_is_append_only():
    CountryFactory(code="TH")
    row = ObjectChange.objects.first()
    row.object_repr = "tampered"
    with pytest.raises(AppendOnlyError):
        row.save()
    with pytest.raises(AppendOnlyError):
        row.delete()
    with pytest.raises(AppendOnlyError):
        ObjectChange.objects.all().delete()
    with pytest.raises(AppendOnlyError):
        ObjectChange.objects.update(object_repr="tampered")
    assert ObjectChange.objects.filter(object_repr="tampered").count() == 0


def test_request_attributes_change_to_user(client, users, country_a):
    sign_in(client, users["admin"])
    response = client.post(
        "/admin/core/country/add/",
        {
            "code": "VN",
            "name": "Vietnam",
            "name_local": "Việt Nam",
            "languages": '["vi"]',
            # the country's translations inline (ADR 0012), none added here
            "core-contenttranslation-content_type-object_id-TOTAL_FORMS": "0",
            "core-contenttranslation-content_type-object_id-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content[:2000]
    change = ObjectChange.objects.filter(object_repr="Vietnam").get()
    assert change.user == users["admin"] and change.via == "admin" and change.remote_addr == "127.0.0.1"
    assert response["X-Request-ID"] == str(change.request_id)
