"""The ACTIP, grant-operation and governance endpoints: who reads what, and a draft elsewhere is 404."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from rest_framework.test import APIClient

from acthub.accounts.choices import Role
from acthub.accounts.testing import sign_in
from acthub.actip import services as actip
from acthub.actip.reference import load_reference
from acthub.api.tests.factories import GovernanceMeetingFactory, GrantFactory
from acthub.core.testing import factories as f
from acthub.program.choices import GovernanceLevel
from acthub.program.models import Disbursement, GovernanceMembership, GrantReport, MeetingAction, MeetingDecision

pytestmark = pytest.mark.django_db


@pytest.fixture
def monitored(program: Any, country_a: Any, country_b: Any, users: dict[str, Any]) -> dict[str, Any]:
    for code in ("BN", "ID", "MY", "MM", "PH", "SG", "TH", "VN"):
        f.CountryFactory(code=code, name=f"Country {code}")
    load_reference()
    officer_b = f.UserFactory(role=Role.COUNTRY_OFFICER, countries=[country_b])
    published = actip.start_assessment(country_a, "2022", acting_user=users["officer_a"])
    actip.submit(published, acting_user=users["officer_a"])
    actip.accept(published, acting_user=users["mel"])
    actip.publish(published, acting_user=users["mel"])
    draft_b = actip.start_assessment(country_b, "2022", acting_user=officer_b)
    grantee = f.OrganisationFactory(name="Synthetic grantee")
    grant = GrantFactory(program=program, country=country_a, grantee=grantee, amount=Decimal("1000"), currency="USD")
    Disbursement.objects.create(grant=grant, date=date(2022, 2, 1), amount=Decimal("400"))
    report = GrantReport.objects.create(grant=grant, title="Synthetic Q1 report", due_date=date(2022, 3, 31))
    body = f.GovernanceBodyFactory(program=program, level=GovernanceLevel.REGIONAL, country=None, name="RPSC")
    GovernanceMembership.objects.create(body=body, member_state=country_a)
    GovernanceMembership.objects.create(body=body, member_state=country_b, start_date=date(2025, 10, 26))
    meeting = GovernanceMeetingFactory(body=body, date=date(2025, 11, 20))
    MeetingDecision.objects.create(meeting=meeting, text="Adopt the work plan.")
    MeetingAction.objects.create(meeting=meeting, description="Circulate the notes", owner_name="Secretariat")
    return {
        "published": published,
        "draft_b": draft_b,
        "officer_b": officer_b,
        "grantee": grantee,
        "report": report,
        "body": body,
    }


def _ids(response: Any) -> set[int]:
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def test_reference_and_ratifications_are_public(api: APIClient, monitored: dict[str, Any]) -> None:
    articles = api.get("/api/v1/actip-articles/?chapter=IV").json()
    assert articles["count"] >= 1 and all(a["chapter"] == "IV" for a in articles["results"])
    assert api.get("/api/v1/actip-articles/?is_confirmed=false").status_code == 200
    assert api.get("/api/v1/actip-ratifications/").json()["count"] >= 1
    assert api.get("/api/v1/actip-chapters/").json()["count"] >= 1


def test_assessments_published_for_all_drafts_only_in_scope(
    api: APIClient, client_for: Callable[[str], APIClient], monitored: dict[str, Any]
) -> None:
    published, draft = monitored["published"], monitored["draft_b"]
    assert _ids(api.get("/api/v1/actip-assessments/")) == {published.pk}
    assert api.get(f"/api/v1/actip-assessments/{draft.pk}/").status_code == 404
    # The Lao officer: another country's draft does not exist for them.
    officer_a = client_for("officer_a")
    assert _ids(officer_a.get("/api/v1/actip-assessments/")) == {published.pk}
    missing = officer_a.get(f"/api/v1/actip-assessments/{draft.pk}/")
    assert missing.status_code == 404 and missing["Content-Type"] == "application/json"
    own = sign_in(APIClient(), monitored["officer_b"]).get(f"/api/v1/actip-assessments/{draft.pk}/")
    assert own.status_code == 200 and own.json()["status"] == "draft" and own.json()["items"]
    assert _ids(client_for("mel").get("/api/v1/actip-assessments/?country=KH")) == {draft.pk}


def test_grant_operations_only_to_staff_and_the_grantee(
    api: APIClient, client_for: Callable[[str], APIClient], monitored: dict[str, Any]
) -> None:
    report = monitored["report"]
    for endpoint in ("grant-reports", "grant-disbursements"):
        assert _ids(api.get(f"/api/v1/{endpoint}/")) == set()
        assert _ids(client_for("partner").get(f"/api/v1/{endpoint}/")) == set()  # another organisation
    assert api.get(f"/api/v1/grant-reports/{report.pk}/").status_code == 404
    grantee = sign_in(APIClient(), f.UserFactory(role=Role.PARTNER, organisation=monitored["grantee"]))
    assert _ids(grantee.get("/api/v1/grant-reports/")) == {report.pk}
    paid = grantee.get("/api/v1/grant-disbursements/").json()["results"]
    assert [(row["amount"], row["currency"]) for row in paid] == [("400.00", "USD")]
    assert _ids(client_for("officer_a").get("/api/v1/grant-reports/")) == {report.pk}
    assert _ids(sign_in(APIClient(), monitored["officer_b"]).get("/api/v1/grant-reports/")) == set()


def test_governance_seats_on_a_date_decisions_and_actions(api: APIClient, monitored: dict[str, Any]) -> None:
    body = monitored["body"]
    before = api.get(f"/api/v1/governance-memberships/?body={body.pk}&on=2025-10-25").json()["results"]
    after = api.get(f"/api/v1/governance-memberships/?body={body.pk}&on=2025-10-26").json()["results"]
    assert [m["member_state"] for m in before] == ["LA"]
    assert sorted(m["member_state"] for m in after) == ["KH", "LA"]
    assert [d["text"] for d in api.get("/api/v1/meeting-decisions/").json()["results"]] == ["Adopt the work plan."]
    actions = api.get(f"/api/v1/meeting-actions/?body={body.pk}&status=open").json()["results"]
    assert [(a["description"], a["owner_name"]) for a in actions] == [("Circulate the notes", "Secretariat")]
    bad = api.get("/api/v1/governance-memberships/?on=not-a-date")
    assert bad.status_code == 400 and "on" in str(bad.json())
