"""Grants: totals with two currencies and a dated rate table, overdue items on a fixed clock, reports' workflow."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from io import StringIO
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from acthub.accounts.choices import Role
from acthub.api.tests.factories import GrantFactory, GrantRoundFactory
from acthub.audit.models import ObjectChange
from acthub.core.testing import factories as f
from acthub.program.choices import MilestoneStatus, ReportStatus
from acthub.program.models import ExchangeRate, GrantMilestone, GrantReport
from acthub.program.services.grants import MissingRate, grand_total, overdue, review_report, submit_report, totals

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
TODAY = date(2022, 3, 15)  # the fixed clock of these tests


@pytest.fixture
def world(country_a: Any, country_b: Any) -> dict[str, Any]:
    program = f.ProgramFactory(slug="grants-world")
    first = GrantRoundFactory(program=program, name="Round 1")
    second = GrantRoundFactory(program=program, name="Round 2", launched="202201")
    grants = [
        GrantFactory(program=program, round=first, country=country_a, amount=Decimal("100000"), currency="AUD"),
        GrantFactory(program=program, round=first, country=country_b, amount=Decimal("50000"), currency="USD"),
        GrantFactory(program=program, round=second, country=country_a, amount=Decimal("20000"), currency="USD"),
        GrantFactory(program=program, round=second, country=country_b, amount=None, currency=""),
    ]
    return {"program": program, "grants": grants, "rounds": (first, second)}


def test_totals_per_round_country_and_currency_never_mix_currencies(world: dict[str, Any]) -> None:
    grants = world["grants"]
    by_round = {t.label: t.by_currency for t in totals(grants, by="round")}
    assert by_round == {
        "Round 1": {"AUD": Decimal("100000"), "USD": Decimal("50000")},
        "Round 2": {"USD": Decimal("20000")},
    }
    by_country = {t.key: (t.by_currency, t.grants) for t in totals(grants, by="country")}
    assert by_country == {
        "LA": ({"AUD": Decimal("100000"), "USD": Decimal("20000")}, 2),
        "KH": ({"USD": Decimal("50000")}, 1),
    }
    assert {t.key: t.by_currency for t in totals(grants, by="currency")} == {
        "AUD": {"AUD": Decimal("100000")},
        "USD": {"USD": Decimal("70000")},
    }
    assert grand_total(totals(grants, by="round")) == {"AUD": Decimal("100000"), "USD": Decimal("70000")}


def test_cross_currency_totals_use_the_dated_rate_and_say_which(world: dict[str, Any]) -> None:
    ExchangeRate.objects.create(base="USD", quote="AUD", date=date(2021, 12, 31), rate=Decimal("1.40"), source="RBA")
    ExchangeRate.objects.create(base="USD", quote="AUD", date=date(2022, 3, 1), rate=Decimal("1.50"), source="RBA")
    ExchangeRate.objects.create(base="USD", quote="AUD", date=date(2022, 4, 1), rate=Decimal("9"), source="later")
    result = {t.label: t for t in totals(world["grants"], by="round", currency="AUD", on=TODAY)}
    assert result["Round 1"].converted == Decimal("175000.00")  # 100,000 AUD + 50,000 USD x 1.50
    assert result["Round 2"].converted == Decimal("30000.00")
    (used,) = result["Round 1"].rates
    assert (used.base, used.quote, used.rate, used.date, used.source) == (
        "USD",
        "AUD",
        Decimal("1.50"),
        date(2022, 3, 1),
        "RBA",
    )
    earlier = {t.label: t for t in totals(world["grants"], by="round", currency="AUD", on=date(2022, 1, 15))}
    assert earlier["Round 1"].converted == Decimal("170000.00")
    # The inverse rate serves the other direction, and says so.
    in_usd = {t.label: t for t in totals(world["grants"], by="round", currency="USD", on=TODAY)}
    assert in_usd["Round 1"].converted == Decimal("116666.67")
    assert "inverse" in in_usd["Round 1"].rates[0].source


def test_a_missing_rate_refuses_the_total(world: dict[str, Any]) -> None:
    with pytest.raises(MissingRate, match="No exchange rate from USD to AUD on or before 2022-03-15"):
        totals(world["grants"], by="country", currency="AUD", on=TODAY)
    ExchangeRate.objects.create(base="USD", quote="AUD", date=date(2022, 6, 1), rate=Decimal("1.5"), source="RBA")
    with pytest.raises(MissingRate):  # a rate dated after the day asked is not used
        totals(world["grants"], by="country", currency="AUD", on=TODAY)


def test_rate_table_refuses_bad_rates() -> None:
    with pytest.raises(ValidationError) as caught:
        ExchangeRate.objects.create(base="USD", quote="USD", date=TODAY, rate=Decimal("1"), source="x")
    assert "different currencies" in str(caught.value)
    with pytest.raises(ValidationError) as caught:
        ExchangeRate.objects.create(base="usd", quote="AUD", date=TODAY, rate=Decimal("0"), source="x")
    assert "base" in caught.value.message_dict and "rate" in caught.value.message_dict


def test_overdue_on_a_fixed_clock_and_within_scope(world: dict[str, Any], users: dict[str, Any]) -> None:
    la, kh = world["grants"][0], world["grants"][1]
    GrantReport.objects.create(grant=la, title="Q4 narrative", due_date=date(2022, 1, 31))
    GrantReport.objects.create(grant=la, title="Q1 narrative", due_date=date(2022, 4, 30))  # not yet due
    GrantReport.objects.create(grant=kh, title="KH narrative", due_date=date(2022, 2, 28))
    GrantMilestone.objects.create(grant=la, title="Baseline study", due_date=date(2022, 3, 14))
    GrantMilestone.objects.create(
        grant=la, title="Launch", due_date=date(2022, 1, 1), status=MilestoneStatus.MET, completed_on=date(2022, 1, 2)
    )
    mel = [(i.what, i.days_late) for i in overdue(users["mel"], TODAY)]
    assert mel == [("Q4 narrative", 43), ("KH narrative", 15), ("Baseline study", 1)]
    officer = [i.what for i in overdue(users["officer_a"], TODAY)]
    assert officer == ["Q4 narrative", "Baseline study"]  # Cambodia's report is outside Lao PDR's scope
    assert overdue(users["mel"], date(2022, 1, 31)) == []  # due today is not late


def test_weekly_digest_mails_each_staff_member_their_scope(world: dict[str, Any], users: dict[str, Any]) -> None:
    for user in users.values():
        user.email = f"{user.username}@example.org"
        user.save()
    GrantReport.objects.create(grant=world["grants"][1], title="KH narrative", due_date=date(2022, 2, 28))
    out = StringIO()
    call_command("grants_digest", "--today", "2022-03-15", stdout=out)
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == sorted([users["mel"].email, users["admin"].email])  # the Lao officer has nothing due
    assert "KH narrative" in mail.outbox[0].body and "15 days late" in mail.outbox[0].body
    assert "2 digest(s)" in out.getvalue()


def test_digest_refuses_a_bad_date() -> None:
    with pytest.raises(Exception, match="expected a date YYYY-MM-DD"):
        call_command("grants_digest", "--today", "15/03/2022")


def _partner_of(grant: Any) -> Any:
    return f.UserFactory(role=Role.PARTNER, organisation=grant.grantee)


def test_partner_submits_own_report_and_staff_review_it(world: dict[str, Any], users: dict[str, Any]) -> None:
    grant = world["grants"][0]
    report = GrantReport.objects.create(grant=grant, title="Q4 narrative", due_date=date(2022, 1, 31))
    partner = _partner_of(grant)
    submitted = submit_report(report, acting_user=partner, file=SimpleUploadedFile("q4.pdf", PDF))
    assert submitted.status == ReportStatus.SUBMITTED and submitted.submitted_by == partner
    with pytest.raises(PermissionDenied):
        review_report(submitted, acting_user=partner, accept=True)
    with pytest.raises(ValidationError):
        review_report(submitted, acting_user=users["officer_a"], accept=False, comment="  ")
    returned = review_report(submitted, acting_user=users["officer_a"], accept=False, comment="Add the budget.")
    assert returned.status == ReportStatus.RETURNED and returned.review_comment == "Add the budget."
    again = submit_report(returned, acting_user=partner, file=SimpleUploadedFile("q4-v2.pdf", PDF))
    accepted = review_report(again, acting_user=users["mel"], accept=True)
    assert accepted.status == ReportStatus.ACCEPTED
    changes = ObjectChange.objects.filter(object_repr__contains="Q4 narrative").order_by("pk")
    assert [c.user_id for c in changes][-4:] == [partner.pk, users["officer_a"].pk, partner.pk, users["mel"].pk]


def test_other_partners_and_other_countries_cannot_touch_a_report(world: dict[str, Any], users: dict[str, Any]) -> None:
    kh_grant = world["grants"][1]
    report = GrantReport.objects.create(grant=kh_grant, title="KH narrative", due_date=date(2022, 2, 28))
    stranger = _partner_of(world["grants"][0])
    with pytest.raises(PermissionDenied):
        submit_report(report, acting_user=stranger, file=SimpleUploadedFile("r.pdf", PDF))
    submit_report(report, acting_user=_partner_of(kh_grant), file=SimpleUploadedFile("r.pdf", PDF))
    with pytest.raises(PermissionDenied):  # the Lao officer may not review Cambodia's report
        review_report(report, acting_user=users["officer_a"], accept=True)
    assert not GrantReport.objects.restrict(stranger, "view").filter(pk=report.pk).exists()


@pytest.mark.parametrize(
    ("name", "content", "why"),
    [
        ("report.pdf", b"MZ\x90\x00 an executable", "report.pdf: The file is a program, not a document"),
        ("report.pdf", b"<html><script>alert(1)</script></html>", "accepts PDF, DOCX, XLSX, PPTX, PNG and JPEG"),
        ("report.pdf", b"%PDF-1.4 truncated", "not a complete PDF document"),
        ("report.pdf", b"", "is empty"),
        ("report.docx", b"PK\x03\x04 not really a zip", "damaged"),
    ],
)
def test_a_report_file_is_checked_by_content(world: dict[str, Any], name: str, content: bytes, why: str) -> None:
    grant = world["grants"][0]
    report = GrantReport.objects.create(grant=grant, title="Checked", due_date=date(2022, 1, 31))
    with pytest.raises(ValidationError, match=why):
        submit_report(report, acting_user=_partner_of(grant), file=SimpleUploadedFile(name, content))
    report.refresh_from_db()
    assert report.status == ReportStatus.DUE and not report.file


def test_an_oversized_file_is_refused(world: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("acthub.library.uploads.max_bytes", lambda: 10)
    grant = world["grants"][0]
    report = GrantReport.objects.create(grant=grant, title="Big", due_date=date(2022, 1, 31))
    with pytest.raises(ValidationError, match="larger than"):
        submit_report(report, acting_user=_partner_of(grant), file=SimpleUploadedFile("big.pdf", PDF))


def test_a_report_is_stored_under_the_type_its_bytes_show(world: dict[str, Any]) -> None:
    grant = world["grants"][0]
    report = GrantReport.objects.create(grant=grant, title="Renamed", due_date=date(2022, 1, 31))
    submit_report(report, acting_user=_partner_of(grant), file=SimpleUploadedFile("report.docx", PDF))
    report.refresh_from_db()
    stored = report.file.name.rsplit("/", 1)[-1]
    assert (
        report.status == ReportStatus.SUBMITTED and stored.startswith(f"report-{report.pk}") and stored.endswith(".pdf")
    )
