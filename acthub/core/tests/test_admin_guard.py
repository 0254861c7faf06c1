"""Every admin page, whoever registered it: no lookup through a secret, no widget naming a hidden record.

Findings 3 and 4 of the security review: `/admin/otp_totp/totpdevice/?user=<id>&key__startswith=<hex>`
recovered a TOTP key about 640 requests; `/admin/activities/participation/add/?organisation=33` named a
non-public Lao organisation to a Cambodia officer.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django_otp.plugins.otp_totp.models import TOTPDevice

from acthub.accounts.choices import Role
from acthub.accounts.testing import enrolled_device, sign_in
from acthub.core.admin_guard import GuardedAdminMixin, secret_fields, touches_secret
from acthub.core.testing.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def _admin_request(user: Any) -> Any:
    request = RequestFactory().get("/admin/")
    request.user = user
    return request


def test_every_registered_admin_has_the_guard():
    assert all(isinstance(a, GuardedAdminMixin) for a in admin.site._registry.values())
    # The secrets the review named are known as such.
    assert "key" in secret_fields(TOTPDevice)
    assert "password" in secret_fields(_user_model())


def _user_model() -> Any:
    from acthub.accounts.models import User

    return User


def test_no_admin_allows_a_lookup_through_a_secret_field(users):
    request = _admin_request(users["admin"])
    checked = 0
    for model, model_admin in admin.site._registry.items():
        paths = [f"{name}__startswith" for name in secret_fields(model)]
        for field in model._meta.get_fields():
            if field.is_relation and field.related_model is not None and not field.auto_created:
                paths += [f"{field.name}__{name}__startswith" for name in secret_fields(field.related_model)]
        for path in paths:
            assert not model_admin.lookup_allowed(path, "0", request), f"{model._meta.label}: {path}"
            checked += 1
    assert checked >= 3  # at least TOTP keys, passwords, and a device's user's password


def test_no_admin_shows_searches_filters_or_sorts_by_a_secret_field(users):
    request = _admin_request(users["admin"])
    for model, model_admin in admin.site._registry.items():
        declared = [
            *[f for f in model_admin.get_list_display(request) if isinstance(f, str)],
            *model_admin.get_search_fields(request),
            *[f if isinstance(f, str) else f[0] for f in model_admin.get_list_filter(request) if not callable(f)],
            *(model_admin.get_ordering(request) or ()),
        ]
        leaking = [name for name in declared if touches_secret(model, name.lstrip("^=@"))]
        assert leaking == [], f"{model._meta.label}: {leaking}"


def test_totp_key_cannot_be_recovered_by_prefix_lookups(client, users):
    target = users["mel"]
    device = enrolled_device(target)
    sign_in(client, users["admin"])
    prefix = device.key[:1]
    response = client.get(f"/admin/otp_totp/totpdevice/?user={target.pk}&key__startswith={prefix}")
    assert response.status_code == 400
    # The same through the user: a relation does not open the way either.
    response = client.get("/admin/otp_totp/totpdevice/?user__password__startswith=md5")
    assert response.status_code == 400
    assert client.get(f"/admin/otp_totp/totpdevice/?user={target.pk}").status_code == 200


@pytest.fixture
def kh_officer(country_b: Any) -> Any:
    return UserFactory(role=Role.COUNTRY_OFFICER, countries=[country_b])


def test_raw_id_label_of_a_hidden_record_is_the_label_of_a_missing_one(client, country_a, country_b, kh_officer):
    hidden = OrganisationFactory(name="Synthetic Hidden Lao Shelter", country=country_a, is_public=False)
    shown = OrganisationFactory(name="Synthetic Cambodia Office", country=country_b, is_public=False)
    sign_in(client, kh_officer)
    page = client.get(f"/admin/activities/participation/add/?organisation={hidden.pk}")
    assert page.status_code == 200 and b"Synthetic Hidden Lao Shelter" not in page.content
    assert "organisation" not in page.context["adminform"].form.initial
    missing = client.get("/admin/activities/participation/add/?organisation=987654")
    assert "organisation" not in missing.context["adminform"].form.initial
    # A record in scope is still named, so the test would see a label if one were shown.
    own = client.get(f"/admin/activities/participation/add/?organisation={shown.pk}")
    assert b"Synthetic Cambodia Office" in own.content


def test_raw_id_widget_of_an_existing_record_names_no_hidden_record(client, country_a, country_b, kh_officer):
    from acthub.activities.models import Participation
    from acthub.core.testing.factories import ProgramFactory

    hidden = OrganisationFactory(name="Synthetic Hidden Lao Shelter", country=country_a, is_public=False)
    activity = _activity(ProgramFactory(), country_b)
    row = Participation.objects.create(activity=activity, person_key="KH-1", country=country_b, organisation=hidden)
    sign_in(client, kh_officer)
    page = client.get(f"/admin/activities/participation/{row.pk}/change/")
    assert page.status_code == 200 and b"Synthetic Hidden Lao Shelter" not in page.content


def test_autocomplete_offers_no_hidden_record(client, country_a, country_b, kh_officer):
    OrganisationFactory(name="Synthetic Hidden Lao Shelter", country=country_a, is_public=False)
    OrganisationFactory(name="Synthetic Hidden Cambodia Shelter", country=country_b, is_public=False)
    sign_in(client, kh_officer)
    response = client.get(
        "/admin/autocomplete/",
        {"app_label": "directory", "model_name": "organisationrole", "field_name": "organisation", "term": "Shelter"},
    )
    assert response.status_code == 200
    assert [r["text"] for r in response.json()["results"]] == ["Synthetic Hidden Cambodia Shelter"]


def _activity(program: Any, country: Any) -> Any:
    from datetime import date

    from acthub.activities.models import Activity

    activity = Activity.objects.create(
        program=program,
        code="KH-TR-01",
        kind="training",
        title="T",
        start_date=date(2021, 1, 1),
        end_date=date(2021, 1, 2),
    )
    activity.countries.set([country])
    return activity
