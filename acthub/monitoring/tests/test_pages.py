"""The monitoring pages end to end: ACTIP heat map, drill-down and workflow, SOMTC report, grants, governance."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import load_workbook

from acthub.accounts.choices import Role
from acthub.accounts.testing import sign_in
from acthub.actip import services as s
from acthub.actip.choices import AssessmentStatus
from acthub.actip.models import Assessment
from acthub.actip.reference import load_reference
from acthub.api.tests.factories import GovernanceMeetingFactory, GrantFactory
from acthub.core.testing import factories as f
from acthub.indicators.registry import sync_registry
from acthub.program.choices import GovernanceLevel, ReportStatus
from acthub.program.models import ExchangeRate, GovernanceMembership, GrantReport, MeetingAction, MeetingDecision

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n"


@pytest.fixture
def world(country_a: Any, country_b: Any, users: dict[str, Any]) -> dict[str, Any]:
    for code in ("BN", "ID", "MY", "MM", "PH", "SG", "TH", "VN"):
        f.CountryFactory(code=code, name=f"Country {code}")
    from acthub.core.models import Country

    Country.objects.update(asean_member_since=date(1999, 4, 30))
    load_reference()
    sync_registry()
    program = f.ProgramFactory(slug="asean-act")
    officer_b = f.UserFactory(role=Role.COUNTRY_OFFICER, countries=[country_b])
    published = s.start_assessment(country_a, "2022", acting_user=users["officer_a"])
    s.update_item(published.items.get(article__number=14), acting_user=users["officer_a"], status="full")
    s.submit(published, acting_user=users["officer_a"])
    s.accept(published, acting_user=users["mel"])
    s.publish(published, acting_user=users["mel"])
    draft_b = s.start_assessment(country_b, "2022", acting_user=officer_b)
    return {"program": program, "published": published, "draft_b": draft_b, "officer_b": officer_b}


def client_for(user: Any) -> Client:
    return sign_in(Client(), user)


def test_heat_map_shows_published_statuses_and_engine_figures(world: dict[str, Any]) -> None:
    response = Client().get("/actip/?period=2022")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<svg" in html and "Article 14, Lao PDR: Full" in html
    assert f"/actip/assessments/{world['published'].pk}/#article-14" in html
    assert "Cambodia: Full" not in html  # Cambodia's draft is not published
    figures = response.context["figures"]
    full = next(r for r in figures if r.code == "ACTIP_ARTICLES_FULL")
    codes = [c.code for c in response.context["countries"]]
    assert full.cells[codes.index("LA")] == "1" and full.cells[-1] == "1"


def test_drill_down_of_a_draft_is_404_outside_its_country(world: dict[str, Any], users: dict[str, Any]) -> None:
    url = f"/actip/assessments/{world['draft_b'].pk}/"
    assert Client().get(url).status_code == 404
    assert client_for(users["officer_a"]).get(url).status_code == 404
    assert client_for(users["partner"]).get(url).status_code == 404
    assert client_for(world["officer_b"]).get(url).status_code == 200
    assert client_for(users["mel"]).get(url).status_code == 200
    item = world["draft_b"].items.get(article__number=5)
    response = client_for(users["officer_a"]).post(f"/staff/actip/items/{item.pk}/", {"status": "full"})
    assert response.status_code == 404
    response = client_for(users["officer_a"]).post(f"/staff/actip/assessments/{world['draft_b'].pk}/submit/")
    assert response.status_code == 404
    item.refresh_from_db()
    assert item.status == "not_started"


def test_workflow_through_the_pages(world: dict[str, Any], users: dict[str, Any]) -> None:
    officer = client_for(world["officer_b"])
    draft = world["draft_b"]
    item = draft.items.get(article__number=16)
    response = officer.post(f"/staff/actip/items/{item.pk}/", {"status": "partial", "evidence": "A decree."})
    assert response.status_code == 302 and response["Location"].endswith("#article-16")
    officer.post(f"/staff/actip/assessments/{draft.pk}/submit/")
    mel = client_for(users["mel"])
    mel.post(f"/staff/actip/assessments/{draft.pk}/send_back/", {"text": "Name the decree."})
    draft.refresh_from_db()
    assert draft.status == AssessmentStatus.RETURNED
    officer.post(f"/staff/actip/assessments/{draft.pk}/submit/")
    mel.post(f"/staff/actip/assessments/{draft.pk}/accept/")
    mel.post(f"/staff/actip/assessments/{draft.pk}/publish/")
    draft.refresh_from_db()
    assert draft.status == AssessmentStatus.PUBLISHED
    assert Client().get(f"/actip/assessments/{draft.pk}/").status_code == 200
    # An officer cannot accept (403 from the service's check, not a silent no-op).
    other = s.start_assessment(users["officer_a"].countries.first(), "2023", acting_user=users["officer_a"])
    s.submit(other, acting_user=users["officer_a"])
    assert client_for(users["officer_a"]).post(f"/staff/actip/assessments/{other.pk}/accept/").status_code == 403


def test_staff_start_a_draft_and_bad_input_is_explained(world: dict[str, Any], users: dict[str, Any]) -> None:
    officer = client_for(users["officer_a"])
    response = officer.post("/staff/actip/", {"country": "LA", "period": "2024"})
    assert response.status_code == 302
    assert Assessment.objects.filter(country__code="LA", period="2024").exists()
    response = officer.post("/staff/actip/", {"country": "KH", "period": "2024"})
    assert response.status_code == 200 and "Only an officer of Cambodia" in response.content.decode()
    response = officer.post("/staff/actip/", {"country": "LA", "period": "20X4"})
    assert response.status_code == 200 and response.context["form"].errors["period"]


def test_somtc_report_pdf_and_xlsx(world: dict[str, Any]) -> None:
    pdf = Client().get("/actip/report/2022/pdf/")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    xlsx = Client().get("/actip/report/2022/xlsx/")
    assert xlsx.status_code == 200
    book = load_workbook(io.BytesIO(xlsx.content))
    statuses = list(book["Statuses"].iter_rows(values_only=True))
    header = statuses[0]
    row_14 = next(r for r in statuses if r[0] == 14)
    assert row_14[header.index("Lao PDR")] == "Full" and row_14[header.index("Cambodia")] in ("", None)
    assert Client().get("/actip/report/2022/docx/").status_code == 404
    assert Client().get("/actip/report/nope/pdf/").status_code == 404


def test_changes_page(world: dict[str, Any]) -> None:
    response = Client().get("/actip/changes/?from=2021&to=2022")
    assert response.status_code == 200 and response.context["changes"] == []


def test_grants_overview_flags_overdue_and_shows_the_rate(
    world: dict[str, Any], users: dict[str, Any], country_a: Any
) -> None:
    program = world["program"]
    grant = GrantFactory(program=program, country=country_a, amount=Decimal("1000"), currency="USD")
    GrantFactory(program=program, country=country_a, amount=Decimal("500"), currency="AUD")
    GrantReport.objects.create(grant=grant, title="Late narrative", due_date=date(2000, 1, 1))
    ExchangeRate.objects.create(base="USD", quote="AUD", date=date(2020, 1, 1), rate=Decimal("1.5"), source="RBA")
    staff = client_for(users["mel"])
    response = staff.get("/staff/grants/?by=country&currency=AUD&on=2022-01-01")
    html = response.content.decode()
    assert response.status_code == 200 and "Late narrative" in html
    assert "2,000.00 AUD" in html and "1 USD = 1.50000000 AUD (2020-01-01, RBA)" in html
    missing = staff.get("/staff/grants/?by=country&currency=EUR").content.decode()
    assert "No exchange rate from AUD to EUR" in missing
    chart = staff.get("/staff/grants/chart/?by=country&currency=AUD&on=2022-01-01")
    assert chart.status_code == 200 and "<svg" in chart.content.decode()
    assert client_for(users["partner"]).get("/staff/grants/").status_code == 403


def test_partner_uploads_own_report_and_staff_review(
    world: dict[str, Any], users: dict[str, Any], country_a: Any
) -> None:
    org = f.OrganisationFactory(name="Synthetic grantee")
    grant = GrantFactory(program=world["program"], country=country_a, grantee=org)
    report = GrantReport.objects.create(grant=grant, title="Q1", due_date=date(2030, 1, 1))
    partner = f.UserFactory(role=Role.PARTNER, organisation=org)
    client = client_for(partner)
    assert "Q1" in client.get("/partner/reports/").content.decode()
    bad = client.post(f"/partner/reports/{report.pk}/", {"file": SimpleUploadedFile("q1.pdf", b"<html>")})
    assert bad.status_code == 200 and "accepts PDF, DOCX, XLSX, PPTX, PNG and JPEG" in bad.content.decode()
    good = client.post(f"/partner/reports/{report.pk}/", {"file": SimpleUploadedFile("q1.pdf", PDF)})
    assert good.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    stranger = client_for(f.UserFactory(role=Role.PARTNER, organisation=f.OrganisationFactory()))
    assert stranger.get(f"/partner/reports/{report.pk}/").status_code == 404
    reviewed = client_for(users["officer_a"]).post(
        f"/staff/grants/reports/{report.pk}/", {"decision": "return", "comment": "Add annex."}
    )
    assert reviewed.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.RETURNED and report.review_comment == "Add annex."


def test_governance_members_on_a_date_and_open_actions(
    world: dict[str, Any], users: dict[str, Any], country_a: Any
) -> None:
    body = f.GovernanceBodyFactory(program=world["program"], level=GovernanceLevel.REGIONAL, country=None, name="RPSC")
    GovernanceMembership.objects.create(body=body, member_state=country_a)
    tl = f.CountryFactory(code="TL", name="Timor-Leste")
    GovernanceMembership.objects.create(body=body, member_state=tl, start_date=date(2025, 10, 26))
    meeting = GovernanceMeetingFactory(body=body, date=date(2025, 11, 20), agenda="Opening\nWork plan")
    MeetingDecision.objects.create(meeting=meeting, text="Adopt the work plan.")
    MeetingAction.objects.create(
        meeting=meeting, description="Circulate minutes", owner_name="Secretariat", due_date=date(2025, 12, 1)
    )
    MeetingAction.objects.create(
        meeting=meeting, description="Book venue", owner_name="Host", status="done", closed_on=date(2025, 11, 21)
    )
    staff = client_for(users["mel"])
    before = staff.get(f"/staff/governance/{body.pk}/?on=2025-10-25").context
    after = staff.get(f"/staff/governance/{body.pk}/?on=2025-10-26").context
    assert [m.member_state.code for m in before["members"]] == ["LA"]
    assert sorted(m.member_state.code for m in after["members"]) == ["LA", "TL"]
    assert [a.description for a in after["open_actions"]] == ["Circulate minutes"]
    html = staff.get(f"/staff/governance/{body.pk}/").content.decode()
    assert "Adopt the work plan." in html and "Work plan" in html


def test_reading_a_draft_is_audited_and_a_published_one_is_not(world: dict[str, Any], users: dict[str, Any]) -> None:
    from acthub.audit.models import AccessEvent

    mel = client_for(users["mel"])
    assert mel.get(f"/actip/assessments/{world['draft_b'].pk}/").status_code == 200
    reads = AccessEvent.objects.filter(kind=AccessEvent.Kind.READ, user=users["mel"])
    assert [e.object_id for e in reads] == [str(world["draft_b"].pk)]
    mel.get(f"/actip/assessments/{world['published'].pk}/")
    assert reads.count() == 1
