"""Staff case pages: who sees which case (other-country cases do not exist), what is shown, what is logged."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client

from acthub.accounts.testing import sign_in
from acthub.audit.models import AccessEvent
from acthub.justice.models import CourtCase, Defendant, Victim
from acthub.justice.tests.factories import CourtCaseFactory, DefendantFactory, VictimFactory
from acthub.workspace.menu import staff_menu

pytestmark = pytest.mark.django_db


@pytest.fixture
def cases(country_a: Any, country_b: Any) -> dict[str, Any]:
    own = CourtCaseFactory(
        country=country_a, court="Synthetic Court A", case_number="A-1", verdict_date=dt.date(2021, 2, 9)
    )
    VictimFactory(case=own, pseudonym="V-OWN-1", age_at_exploitation=15, testified_by_video_link=True)
    VictimFactory(case=own, pseudonym="V-OWN-2", identity_protected=False)
    DefendantFactory(case=own, pseudonym="D-OWN-1")
    other = CourtCaseFactory(country=country_b, court="Synthetic Court B", case_number="B-1")
    VictimFactory(case=other, pseudonym="V-OTHER-1")
    return {"own": own, "other": other}


def _reads(model: type[Any]) -> set[str]:
    kind = ContentType.objects.get_for_model(model)
    return set(
        AccessEvent.objects.filter(kind=AccessEvent.Kind.READ, content_type=kind).values_list("object_id", flat=True)
    )


def test_country_officer_sees_own_country_only(cases: dict[str, CourtCase], users: dict[str, Any]) -> None:
    client = sign_in(Client(), users["officer_a"])
    page = client.get("/staff/cases/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Synthetic Court A A-1" in text and "Synthetic Court B" not in text
    assert client.get(f"/staff/cases/{cases['other'].pk}/").status_code == 404  # as if it did not exist
    assert "Synthetic Court" not in client.get("/staff/cases/?country=KH").content.decode()
    detail = client.get(f"/staff/cases/{cases['own'].pk}/")
    assert detail.status_code == 200
    body = detail.content.decode()
    assert "V-OWN-1" in body and "V-OWN-2" in body and "D-OWN-1" in body and "V-OTHER-1" not in body
    assert "testified by video link".capitalize() in body  # the victim-sensitive measures are shown
    assert "(30)" in body  # days from charge (2021-01-10) to verdict (2021-02-09)


def test_every_read_is_an_access_event(cases: dict[str, CourtCase], users: dict[str, Any]) -> None:
    client = sign_in(Client(), users["officer_a"])
    client.get("/staff/cases/")
    listed = AccessEvent.objects.filter(kind=AccessEvent.Kind.LIST_READ, user=users["officer_a"])
    assert listed.count() == 1
    client.get(f"/staff/cases/{cases['own'].pk}/")
    own = cases["own"]
    assert _reads(CourtCase) == {str(own.pk)}
    assert _reads(Victim) == {str(v.pk) for v in own.victims.all()}
    assert _reads(Defendant) == {str(d.pk) for d in own.defendants.all()}
    client.get(f"/staff/cases/{cases['other'].pk}/")  # a 404 reads nothing
    assert _reads(CourtCase) == {str(own.pk)}


@pytest.mark.parametrize("role", ["mel", "admin"])
def test_regional_roles_see_every_country(role: str, cases: dict[str, CourtCase], users: dict[str, Any]) -> None:
    client = sign_in(Client(), users[role])
    text = client.get("/staff/cases/").content.decode()
    assert "Synthetic Court A" in text and "Synthetic Court B" in text
    assert client.get(f"/staff/cases/{cases['other'].pk}/").status_code == 200


def test_others_are_kept_out(cases: dict[str, CourtCase], users: dict[str, Any]) -> None:
    assert Client().get("/staff/cases/").status_code == 302  # to the login page
    partner = sign_in(Client(), users["partner"])
    assert partner.get("/staff/cases/").status_code == 403
    assert partner.get(f"/staff/cases/{cases['own'].pk}/").status_code == 403
    assert not AccessEvent.objects.filter(kind__in=[AccessEvent.Kind.READ, AccessEvent.Kind.LIST_READ]).exists()


def test_staff_menu_links_the_case_list(users: dict[str, Any]) -> None:
    assert "/staff/cases/" in {link["url"] for link in staff_menu(users["officer_a"])}
    assert staff_menu(users["partner"]) == []
