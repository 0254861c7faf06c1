"""A grant shared by two countries (ADR 0014): listed whole in each, counted once, seen from either."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client

from acthub.accounts.choices import Role
from acthub.accounts.testing import sign_in
from acthub.api.tests.factories import GrantFactory, GrantRoundFactory
from acthub.core.testing import factories as f
from acthub.program.models import Disbursement, GrantReport
from acthub.program.services.grants import grand_total, overdue, totals

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared(country_a: Any, country_b: Any) -> dict[str, Any]:
    program = f.ProgramFactory(slug="shared-grants")
    grant_round = GrantRoundFactory(program=program, name="Round 1")
    both = GrantFactory(
        program=program,
        round=grant_round,
        countries=[country_a, country_b],
        grantee=f.OrganisationFactory(name="Synthetic Mekong Network"),
        amount=Decimal("1000"),
        currency="USD",
    )
    lao = GrantFactory(program=program, round=grant_round, country=country_a, amount=Decimal("500"), currency="USD")
    report = GrantReport.objects.create(grant=both, title="Synthetic shared report", due_date=date(2000, 1, 1))
    Disbursement.objects.create(grant=both, date=date(2022, 2, 1), amount=Decimal("400"))
    third = f.CountryFactory(code="TH", name="Thailand")
    officers = {
        code: f.UserFactory(role=Role.COUNTRY_OFFICER, countries=[country])
        for code, country in (("LA", country_a), ("KH", country_b), ("TH", third))
    }
    return {"program": program, "both": both, "lao": lao, "report": report, "officers": officers}


def test_shared_grant_is_in_each_country_whole_and_counted_once_overall(shared: dict[str, Any]) -> None:
    grants = [shared["both"], shared["lao"]]
    by_country = {t.key: t for t in totals(grants, by="country")}
    assert by_country["LA"].by_currency == {"USD": Decimal("1500")} and by_country["LA"].grants == 2
    assert by_country["KH"].by_currency == {"USD": Decimal("1000")} and by_country["KH"].grants == 1
    assert [(g.pk, [c.code for c in others]) for g, others in by_country["KH"].shared] == [(shared["both"].pk, ["LA"])]
    assert [(g.pk, [c.code for c in others]) for g, others in by_country["LA"].shared] == [(shared["both"].pk, ["KH"])]
    # The regional total (over the countries' groups) and the totals per round and currency count it once.
    assert grand_total(list(by_country.values())) == {"USD": Decimal("1500")}
    by_round = totals(grants, by="round")
    assert [(t.by_currency, t.grants) for t in by_round] == [({"USD": Decimal("1500")}, 2)]
    assert grand_total(by_round) == grand_total(totals(grants, by="currency")) == {"USD": Decimal("1500")}


def test_staff_grants_page_lists_the_shared_grant_in_both_countries(shared: dict[str, Any]) -> None:
    client = sign_in(Client(), f.UserFactory(role=Role.REGIONAL_MEL))
    html = client.get("/staff/grants/?by=country").content.decode()
    assert "Synthetic Mekong Network: 1,000.00 USD, shared with Cambodia" in html
    assert "Synthetic Mekong Network: 1,000.00 USD, shared with Lao PDR" in html
    assert "1,500.00 USD" in html  # the "All" row: the shared grant once


def test_portal_country_pages_note_the_sharing(shared: dict[str, Any]) -> None:
    lao = Client().get(f"/countries/LA/?program={shared['program'].slug}").content.decode()
    cambodia = Client().get(f"/countries/KH/?program={shared['program'].slug}").content.decode()
    assert "Synthetic Mekong Network" in lao and "shared with Cambodia" in lao
    assert "Synthetic Mekong Network" in cambodia and "shared with Lao PDR" in cambodia


def test_officer_of_either_country_sees_it_and_its_reports_a_third_does_not(shared: dict[str, Any]) -> None:
    report = shared["report"]
    for code in ("LA", "KH"):
        officer = shared["officers"][code]
        assert GrantReport.objects.restrict(officer, "view").filter(pk=report.pk).count() == 1
        assert Disbursement.objects.restrict(officer, "view").filter(grant=shared["both"]).count() == 1
        assert [item.what for item in overdue(officer, date(2022, 1, 1))] == ["Synthetic shared report"]
        page = sign_in(Client(), officer).get(f"/staff/grants/reports/{report.pk}/")
        assert page.status_code == 200
    stranger = shared["officers"]["TH"]
    assert not GrantReport.objects.restrict(stranger, "view").filter(pk=report.pk).exists()
    assert not Disbursement.objects.restrict(stranger, "view").exists()
    assert overdue(stranger, date(2022, 1, 1)) == []
    assert sign_in(Client(), stranger).get(f"/staff/grants/reports/{report.pk}/").status_code == 404


def test_api_lists_both_country_codes(shared: dict[str, Any]) -> None:
    from rest_framework.test import APIClient

    row = APIClient().get(f"/api/v1/grants/{shared['both'].pk}/").json()
    assert row["countries"] == ["KH", "LA"]
    in_cambodia = APIClient().get("/api/v1/grants/?country=KH").json()
    assert [g["id"] for g in in_cambodia["results"]] == [shared["both"].pk]
    in_laos = {g["id"] for g in APIClient().get("/api/v1/grants/?country=LA").json()["results"]}
    assert in_laos == {shared["both"].pk, shared["lao"].pk}


@pytest.mark.django_db(transaction=True)
def test_migration_carries_each_grants_country_into_its_set(latest_schema_after: None) -> None:
    before, after = ("program", "0004_s4actip_grant_countries"), ("program", "0006_s4actip_grant_country_removed")
    executor = MigrationExecutor(connection)
    executor.migrate([before])
    old = executor.loader.project_state([before]).apps
    country = old.get_model("core", "Country").objects.create(code="LA", name="Lao PDR")
    program = old.get_model("program", "Program").objects.create(
        slug="migrated", name="Migrated", start_year=2019, end_year=2027
    )
    grantee = old.get_model("directory", "Organisation").objects.create(name="Synthetic migrated grantee")
    Grant = old.get_model("program", "Grant")
    national = Grant.objects.create(program=program, grantee=grantee, country=country)
    regional = Grant.objects.create(
        program=program, grantee=old.get_model("directory", "Organisation").objects.create(name="Synthetic regional")
    )
    executor = MigrationExecutor(connection)
    executor.migrate([after])
    new = executor.loader.project_state([after]).apps.get_model("program", "Grant")
    assert list(new.objects.get(pk=national.pk).countries.values_list("code", flat=True)) == ["LA"]
    assert not new.objects.get(pk=regional.pk).countries.exists()
