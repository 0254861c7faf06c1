"""The staff home: what needs the user, within their countries only, their recent work, the staff menu."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client

from acthub.accounts.choices import Role
from acthub.accounts.testing import sign_in
from acthub.actip import services as actip
from acthub.actip.reference import load_reference
from acthub.api.tests.factories import GrantFactory
from acthub.core.testing import factories as f
from acthub.core.testing.factories import PASSWORD
from acthub.factsheets.models import FactSheetEdition
from acthub.imports.models import ImportJob
from acthub.program.models import GrantReport

pytestmark = pytest.mark.django_db


def _pending_import(program: Any, user: Any, name: str) -> ImportJob:
    return ImportJob.objects.create(
        program=program,
        kind="participants",
        original_name=name,
        created_by=user,
        status=ImportJob.Status.COMPLETE,
        approval=ImportJob.Approval.PENDING,
        created_rows=12,
    )


@pytest.fixture
def world(country_a: Any, country_b: Any, users: dict[str, Any]) -> dict[str, Any]:
    """One of each item in Lao PDR (country A) and in Cambodia (country B)."""
    program = f.ProgramFactory(slug="asean-act")
    officer_b = f.UserFactory(role=Role.COUNTRY_OFFICER, countries=[country_b])
    _pending_import(program, users["officer_a"], "lao-people.csv")
    _pending_import(program, officer_b, "cambodia-people.csv")
    ImportJob.objects.create(
        program=program,
        kind="participants",
        original_name="cambodia-broken.csv",
        created_by=officer_b,
        status=ImportJob.Status.ERROR,
        message="Unreadable file",
    )
    ImportJob.objects.create(
        program=program,
        kind="participants",
        original_name="lao-broken.csv",
        created_by=users["officer_a"],
        status=ImportJob.Status.EXPIRED,
    )
    for country in (country_a, country_b):
        FactSheetEdition.objects.create(program=program, country=country, period="2021S1", date_label="JUNE 2021")
        grant = GrantFactory(program=program, country=country)
        GrantReport.objects.create(grant=grant, title=f"Late report of {country.name}", due_date=date(2000, 1, 1))
    for code in ("BN", "ID", "MY", "MM", "PH", "SG", "TH", "VN"):
        f.CountryFactory(code=code, name=f"Country {code}")
    load_reference()
    submitted = actip.start_assessment(country_b, "2022", acting_user=officer_b)
    actip.submit(submitted, acting_user=officer_b)
    return {"program": program, "officer_b": officer_b, "assessment": submitted}


def _home(user: Any) -> Any:
    response = sign_in(Client(), user).get("/staff/")
    assert response.status_code == 200
    return response


def test_lao_officer_sees_lao_items_only_and_counts_exclude_the_others(world: dict[str, Any], users: dict[str, Any]):
    response = _home(users["officer_a"])
    html = response.content.decode()
    needs = response.context["needs"]
    assert "lao-people.csv" in html and "cambodia-people.csv" not in html
    assert "lao-broken.csv" in html and "cambodia-broken.csv" not in html
    assert "Late report of Lao PDR" in html and "Late report of Cambodia" not in html
    assert [d.country.code for d in needs.drafts] == ["LA"]
    assert len(needs.approvals) == 1 and len(needs.failed_imports) == 1 and len(needs.overdue) == 1
    assert needs.assessments == []  # Cambodia's submitted assessment is not theirs
    assert needs.total == 4 and "4 items need you." in html
    assert "Cambodia" not in html


def test_regional_mel_sees_every_country(world: dict[str, Any], users: dict[str, Any]):
    response = _home(users["mel"])
    html = response.content.decode()
    needs = response.context["needs"]
    assert "lao-people.csv" in html and "cambodia-people.csv" in html and "cambodia-broken.csv" in html
    assert {d.country.code for d in needs.drafts} == {"LA", "KH"}
    assert len(needs.overdue) == 2
    assert [a.country.code for a in needs.assessments] == ["KH"] and "Submitted for review" in html


def test_recent_work_lists_my_own_changes_only(world: dict[str, Any], users: dict[str, Any]):
    html = _home(world["officer_b"]).content.decode()
    assert "My recent work" in html
    assert f"updated ACTIP assessment “{world['assessment']}”" in html  # they submitted it: the change log's row
    quiet = _home(users["mel"]).content.decode()
    assert "You have changed nothing yet." in quiet


def test_partner_and_public_are_kept_out(world: dict[str, Any], users: dict[str, Any]):
    assert sign_in(Client(), users["partner"]).get("/staff/").status_code == 403
    anonymous = Client().get("/staff/")
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]


def test_staff_menu_on_every_page_for_staff_only(world: dict[str, Any], users: dict[str, Any]):
    page = sign_in(Client(), users["officer_a"]).get("/countries/").content.decode()
    assert 'aria-label="Staff tools"' in page
    for href in (
        "/staff/",
        "/staff/imports/",
        "/staff/imports/?approval=pending",
        "/data/quality/",
        "/data/",
        "/factsheets/staff/",
        "/library/review/",
        "/staff/actip/",
        "/staff/grants/",
        "/staff/governance/",
        "/admin/",
        "/api/docs/",
    ):
        assert f'href="{href}"' in page, href
    assert 'aria-label="Staff tools"' not in sign_in(Client(), users["partner"]).get("/countries/").content.decode()
    assert 'aria-label="Staff tools"' not in Client().get("/countries/").content.decode()


def test_partners_have_a_menu_of_their_own_tools_and_the_public_none(users: dict[str, Any]):
    partner_page = sign_in(Client(), users["partner"]).get("/countries/").content.decode()
    assert 'aria-label="Partner tools"' in partner_page
    for href in ("/partner/reports/", "/library/submit/"):
        assert f'href="{href}"' in partner_page, href
        assert sign_in(Client(), users["partner"]).get(href).status_code == 200, href
    assert "/staff/" not in partner_page
    public_page = Client().get("/countries/").content.decode()
    assert 'aria-label="Partner tools"' not in public_page and 'href="/partner/reports/"' not in public_page


def test_login_lands_staff_on_the_staff_home_and_partners_where_they_did(world: dict[str, Any], users: dict[str, Any]):
    for user, landing in ((users["mel"], "/staff/"), (users["partner"], "/")):
        response = Client().post("/accounts/login/", {"username": user.username, "password": PASSWORD})
        assert response.status_code == 302 and response["Location"] == landing, user.role
