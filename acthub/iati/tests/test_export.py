"""The IATI export: valid against the official schema (seed and a 30-project program), refused when broken."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from lxml import etree

from acthub.core.models import Country
from acthub.core.testing import factories as f
from acthub.iati.builder import ActivityBuilder, ExportError, equal_shares
from acthub.iati.services import activity_file
from acthub.iati.validation import IatiInvalid, validate, validate_bytes
from acthub.indicators.models import Target
from acthub.program.models import Disbursement, Grant, Program
from acthub.seed.loader import load_seed

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded() -> Program:
    load_seed()
    return Program.objects.get(slug="asean-act")


def parse(data: bytes) -> etree._Element:
    return etree.fromstring(data)


def test_seed_program_validates_and_carries_its_facts(seeded: Program) -> None:
    doc = parse(activity_file())
    validate(doc)  # the official XSD and the standard's rules
    (parent,) = doc.findall("iati-activity")
    assert parent.findtext("iati-identifier") == "AU-5-ASEAN-ACT"
    assert parent.find("reporting-org").get("ref") == "AU-5"
    assert parent.get("default-currency") == "AUD"
    roles = {(o.get("role"), o.findtext("narrative")) for o in parent.findall("participating-org")}
    assert ("1", "Australian Government") in roles and ("3", "Cardno") in roles
    grantees = {name for role, name in roles if role == "4"}
    assert "Village Focus International" in grantees and len(grantees) == 9
    shares = [
        Decimal(e.get("percentage"))
        for e in [*parent.findall("recipient-country"), *parent.findall("recipient-region")]
    ]
    assert sum(shares) == 100
    assert {e.get("code") for e in parent.findall("recipient-country")} >= {"LA", "KH", "VN", "MM", "ID"}
    budget = parent.find("budget")
    assert budget.find("value").text == "80000000.00"
    assert budget.find("period-start").get("iso-date") == "2018-01-01"
    # Results come from the engine: 2,037 trained in 2020, 1,212 in Jan-Jun 2021.
    trained = [
        r for r in parent.findall("result") if r.findtext("title/narrative") == "Counter-trafficking actors trained"
    ]
    periods = {p.find("period-start").get("iso-date"): p.find("actual").get("value") for p in trained[0].iter("period")}
    assert periods == {"2020-01-01": "2037", "2021-01-01": "1212"}


def test_results_carry_targets_and_the_sex_dimension(seeded: Program) -> None:
    indicator = f.IndicatorFactory(code="WOMEN_LED", name="Trainings led", disaggregations=["sex"])
    f.DataValueFactory(program=seeded, indicator=indicator, country=None, period="2022", value=40)
    f.DataValueFactory(program=seeded, indicator=indicator, country=None, period="2022", sex="female", value=25)
    Target.objects.create(indicator=indicator, program=seeded, period="2022", value=Decimal(50))
    doc = parse(activity_file())
    (result,) = [r for r in doc.iter("result") if r.findtext("title/narrative") == "Trainings led"]
    period = result.find("indicator/period")
    assert period.find("target").get("value") == "50"
    actuals = {
        (
            a.findtext("dimension") or "",
            a.find("dimension").get("value") if a.find("dimension") is not None else "",
            a.get("value"),
        )
        for a in period.findall("actual")
    }
    assert ("", "", "40") in actuals and ("", "female", "25") in actuals


def synthetic_program(projects: int = 30) -> Program:
    funder = f.OrganisationFactory(name="Synthetic Funder", type="donor")
    implementer = f.OrganisationFactory(name="Synthetic Implementer", type="implementer")
    program: Any = f.ProgramFactory(
        slug="synthetic",
        name="Synthetic program",
        budget_amount=Decimal("1000000"),
        budget_currency="USD",
        funder=funder,
        implementer=implementer,
        iati_reporting_org_ref="XM-DAC-00",
        iati_identifier="XM-DAC-00-SYN",
        iati_sectors=[{"code": "15130", "percentage": 60}, {"code": "15180", "percentage": 40}],
    )
    countries = [f.CountryFactory(code=code, name=f"Synthetic {code}") for code in ("KH", "LA", "TH")]
    for n in range(projects):
        project = f.ProjectFactory(
            program=program,
            title=f"Synthetic project {n}",
            start_date=date(2020, 1, 1),
            end_date=date(2024, 12, 31),
            is_regional=n % 5 == 0,
        )
        project.countries.set(countries[: 1 + n % 3])
        grantee = f.OrganisationFactory(name=f"Synthetic grantee {n}", type="civil_society")
        grant = Grant.objects.create(
            program=program,
            grantee=grantee,
            project=project,
            amount=Decimal(10000 + n),
            currency="THB" if n % 2 else "USD",
            start_date=date(2021, 1, 1),
            end_date=date(2021, 12, 31),
        )
        Disbursement.objects.create(grant=grant, date=date(2021, 3, 1), amount=Decimal(5000))
    return program


def test_synthetic_program_of_thirty_projects_validates() -> None:
    program = synthetic_program(30)
    doc = parse(activity_file(program))
    activities = doc.findall("iati-activity")
    assert len(activities) == 31
    children = [a for a in activities if a.get("hierarchy") == "2"]
    assert len(children) == 30
    assert all(a.find("related-activity[@type='1']").get("ref") == "XM-DAC-00-SYN" for a in children)
    assert len(activities[0].findall("related-activity[@type='2']")) == 30
    for activity in activities:
        places = [*activity.findall("recipient-country"), *activity.findall("recipient-region")]
        assert sum(Decimal(p.get("percentage")) for p in places) == 100
    thb = [t for t in doc.iter("transaction") if t.find("value").get("currency") == "THB"]
    assert len(thb) == 15 and all(t.find("transaction-type").get("code") == "3" for t in thb)


def test_budget_ending_before_it_starts_is_refused_naming_the_element(seeded: Program) -> None:
    doc = ActivityBuilder(seeded).build()
    doc.find("iati-activity/budget/period-end").set("iso-date", "2017-12-31")
    with pytest.raises(IatiInvalid) as caught:
        validate_bytes(etree.tostring(doc, pretty_print=True))
    (problem,) = caught.value.problems
    assert problem.element == "/iati-activities/iati-activity/budget/period-end"
    assert problem.activity == "AU-5-ASEAN-ACT"
    assert "before it starts on 2018-01-01" in problem.message
    assert problem.line is not None


def test_transaction_without_any_currency_is_refused_and_nothing_is_written(tmp_path: Path) -> None:
    program = synthetic_program(1)
    Program.objects.filter(pk=program.pk).update(budget_amount=None, budget_currency="")
    grant = Grant.objects.get(program=program)
    Grant.objects.filter(pk=grant.pk).update(amount=None, currency="")
    target = tmp_path / "iati.xml"
    target.write_bytes(b"previous file")
    with pytest.raises(CommandError) as caught:
        call_command("export_iati", "--output", str(target), "--program", "synthetic")
    message = str(caught.value)
    assert "XM-DAC-00-SYN-" in message and "iati-activity[2]/transaction/value (line" in message
    assert "no @currency and the activity has no @default-currency" in message
    assert target.read_bytes() == b"previous file"


def test_schema_problem_names_element_and_reason(seeded: Program) -> None:
    doc = ActivityBuilder(seeded).build()
    activity = doc.find("iati-activity")
    activity.remove(activity.find("activity-status"))
    with pytest.raises(IatiInvalid) as caught:
        validate(doc)
    text = str(caught.value)
    assert "/iati-activities/iati-activity" in text and "activity-date" in text and "Expected" in text


def test_percentages_not_summing_to_100_are_refused(seeded: Program) -> None:
    doc = ActivityBuilder(seeded).build()
    doc.find("iati-activity/recipient-country").set("percentage", "50")
    with pytest.raises(IatiInvalid, match=r"sum to 137\.50, not 100"):
        validate(doc)


def test_equal_shares_sum_to_exactly_100() -> None:
    for n in range(1, 40):
        assert sum(equal_shares(n)) == 100


def test_program_without_identifier_is_not_exported() -> None:
    program = f.ProgramFactory(slug="plain")
    with pytest.raises(ExportError, match="no IATI activity identifier"):
        activity_file(program)


def test_malformed_xml_is_refused_with_its_line() -> None:
    with pytest.raises(IatiInvalid) as caught:
        validate_bytes(b"<iati-activities>\n<oops></iati-activities>")
    assert caught.value.problems[0].line == 2


def test_command_writes_the_validated_file(seeded: Program, tmp_path: Path) -> None:
    target = tmp_path / "out.xml"
    call_command("export_iati", "--output", str(target))
    validate_bytes(target.read_bytes())


def test_public_url_serves_the_validated_file(seeded: Program) -> None:
    response = Client().get("/iati/activities.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    validate_bytes(response.content)


def test_public_url_refuses_an_invalid_file_with_structured_json() -> None:
    program = synthetic_program(1)
    Program.objects.filter(pk=program.pk).update(budget_amount=None, budget_currency="")
    Grant.objects.filter(program=program).update(amount=None, currency="")
    response = Client().get("/iati/activities.xml")
    assert response.status_code == 503
    body = response.json()["error"]
    assert body["code"] == "iati_invalid" and "default-currency" in body["problems"][0]


def test_public_url_without_a_published_program_is_404() -> None:
    response = Client().get("/iati/activities.xml")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_published"


def test_grant_shared_by_two_countries_names_both_and_still_validates() -> None:
    program = synthetic_program(3)
    grant = Grant.objects.filter(program=program).order_by("pk").first()
    assert grant is not None and grant.project is not None
    grant.project.countries.set([])  # the countries come from the grant alone
    grant.project.is_regional = False
    grant.project.save()
    grant.countries.set(Country.objects.filter(code__in=["KH", "LA"]))
    doc = parse(activity_file(program))
    validate(doc)
    child = next(
        a for a in doc.findall("iati-activity") if a.findtext("iati-identifier").endswith(f"-{grant.project.pk}")
    )
    places = {p.get("code"): Decimal(p.get("percentage")) for p in child.findall("recipient-country")}
    assert places == {"KH": Decimal(50), "LA": Decimal(50)} and not child.findall("recipient-region")
    assert not [t for t in child.iter("transaction") if t.find("recipient-country") is not None]
