"""Invariants of justice records, in validation and in the database, and encryption at rest."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction

from acthub.audit.models import ObjectChange
from acthub.justice import services
from acthub.justice.choices import age_band
from acthub.justice.models import CourtCase, Victim
from acthub.justice.tests.factories import ChargeFactory, CourtCaseFactory, DefendantFactory, VictimFactory

pytestmark = pytest.mark.django_db


def test_verdict_before_charge_is_refused(country_a: Any, users: dict[str, Any]) -> None:
    case = CourtCase(
        country=country_a,
        court="Court",
        case_number="1",
        charge_date=dt.date(2021, 3, 1),
        verdict_date=dt.date(2021, 2, 1),
    )
    with pytest.raises(ValidationError) as exc:
        services.save_case(case, acting_user=users["admin"])
    assert "verdict_date" in exc.value.message_dict
    assert "2021-02-01" in exc.value.message_dict["verdict_date"][0]
    assert not CourtCase.objects.exists()


def test_verdict_before_charge_is_refused_by_the_database(country_a: Any) -> None:
    case = CourtCaseFactory(country=country_a)
    with pytest.raises(IntegrityError), transaction.atomic():
        CourtCase.objects.filter(pk=case.pk).update(verdict_date=dt.date(2020, 1, 1))


def test_case_number_unique_per_court(country_a: Any, country_b: Any, users: dict[str, Any]) -> None:
    CourtCaseFactory(country=country_a, court="Vientiane Court", case_number="42/2021")
    again = CourtCase(
        country=country_a, court="Vientiane Court", case_number="42/2021", charge_date=dt.date(2021, 1, 1)
    )
    with pytest.raises(ValidationError):
        services.save_case(again, acting_user=users["admin"])
    # The same number in another court is another case.
    other = CourtCase(
        country=country_a, court="Luang Prabang Court", case_number="42/2021", charge_date=dt.date(2021, 1, 1)
    )
    services.save_case(other, acting_user=users["admin"])
    assert CourtCase.objects.filter(case_number="42/2021").count() == 2


def test_case_year_follows_the_charge_then_the_report(country_a: Any) -> None:
    assert CourtCaseFactory(country=country_a, charge_date=dt.date(2022, 5, 1)).year == 2022
    assert (
        CourtCaseFactory(country=country_a, charge_date=None, offence_date=None, report_date=dt.date(2019, 5, 1)).year
        == 2019
    )
    with pytest.raises(ValidationError):
        CourtCaseFactory(country=country_a, charge_date=None, report_date=None, offence_date=None)


def test_unknown_exploitation_code_is_refused(country_a: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        CourtCaseFactory(country=country_a, exploitation_types=["ForcedLabour", "Slavery"])
    assert "Slavery" in str(exc.value)


def test_child_victim_aged_19_is_refused(country_a: Any, users: dict[str, Any]) -> None:
    case = CourtCaseFactory(country=country_a)
    victim = Victim(case=case, pseudonym="V1", age_at_exploitation=19, is_child=True)
    with pytest.raises(ValidationError) as exc:
        services.save_victim(victim, acting_user=users["admin"])
    assert "19" in exc.value.message_dict["is_child"][0]
    # The database refuses it too, whatever the write path.
    ok = VictimFactory(case=case, age_at_exploitation=15)
    assert ok.is_child is True  # follows the age when not given
    with pytest.raises(IntegrityError), transaction.atomic():
        Victim.objects.filter(pk=ok.pk).update(age_at_exploitation=19)


def test_compensation_paid_over_ordered_is_refused(country_a: Any) -> None:
    case = CourtCaseFactory(country=country_a)
    with pytest.raises(ValidationError) as exc:
        VictimFactory(case=case, compensation_ordered=Decimal("1000"), compensation_paid=Decimal("1500"))
    assert "compensation_paid" in exc.value.message_dict
    ok = VictimFactory(case=case, compensation_ordered=Decimal("1000"), compensation_paid=Decimal("400"))
    with pytest.raises(IntegrityError), transaction.atomic():
        Victim.objects.filter(pk=ok.pk).update(compensation_paid=Decimal("1000.01"))


def test_victim_linked_to_a_case_of_another_country_is_refused(
    country_a: Any, country_b: Any, users: dict[str, Any]
) -> None:
    case_b = CourtCaseFactory(country=country_b)
    victim = Victim(case=case_b, country=country_a, pseudonym="V1")
    with pytest.raises(ValidationError) as exc:
        services.save_victim(victim, acting_user=users["admin"])
    assert "case" in exc.value.message_dict
    # Left empty, the victim's country is the case's.
    saved = services.save_victim(Victim(case=case_b, pseudonym="V2"), acting_user=users["admin"])
    assert saved.country_id == country_b.pk


def test_country_officer_cannot_write_another_countrys_case(
    country_a: Any, country_b: Any, users: dict[str, Any]
) -> None:
    officer = users["officer_a"]
    with pytest.raises(PermissionDenied):
        services.save_case(
            CourtCase(country=country_b, court="C", case_number="9", charge_date=dt.date(2021, 1, 1)),
            acting_user=officer,
        )
    case_b = CourtCaseFactory(country=country_b)
    with pytest.raises(PermissionDenied):
        services.save_victim(Victim(case=case_b, pseudonym="V9"), acting_user=officer)
    own = services.save_case(
        CourtCase(country=country_a, court="C", case_number="9", charge_date=dt.date(2021, 1, 1)), acting_user=officer
    )
    assert own.pk is not None
    assert ObjectChange.objects.filter(object_id=str(own.pk), user=officer).exists()


def test_raw_read_of_victims_shows_no_plaintext_name(country_a: Any, users: dict[str, Any]) -> None:
    case = CourtCaseFactory(country=country_a)
    victim = services.save_victim(
        Victim(case=case, pseudonym="V-RAW"),
        acting_user=users["admin"],
        name="Synthetic Noy Phommavong",
        notes="Synthetic note: lives near the Thanaleng market",
    )
    defendant = services.save_defendant(
        DefendantFactory.build(case=case), acting_user=users["admin"], name="Synthetic Kham Douangdy"
    )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {Victim._meta.db_table}")  # noqa: S608 - a fixed table name
        victim_rows = cursor.fetchall()
        cursor.execute("SELECT * FROM justice_defendant")
        defendant_rows = cursor.fetchall()
        cursor.execute("SELECT after FROM audit_objectchange")
        log_rows = cursor.fetchall()
    dump = repr(victim_rows + defendant_rows + log_rows).encode()
    for secret in (b"Phommavong", b"Thanaleng", b"Douangdy"):
        assert secret not in dump
        assert secret.hex().encode() not in dump
    victim.refresh_from_db()
    defendant.refresh_from_db()
    assert victim.name == "Synthetic Noy Phommavong"
    assert victim.notes == "Synthetic note: lives near the Thanaleng market"
    assert defendant.name == "Synthetic Kham Douangdy"


def test_charge_of_another_case_cannot_carry_a_verdict(country_a: Any, users: dict[str, Any]) -> None:
    defendant = DefendantFactory(case__country=country_a)
    other_charge = ChargeFactory(case=CourtCaseFactory(country=country_a))
    with pytest.raises(ValidationError):
        services.record_verdict(defendant, other_charge, acting_user=users["admin"], verdict="convicted")
    charge = ChargeFactory(case=defendant.case)
    row = services.record_verdict(
        defendant, charge, acting_user=users["admin"], verdict="convicted", sentence_months=60
    )
    assert row.sentence_months == 60
    with pytest.raises(ValidationError):
        services.record_verdict(defendant, charge, acting_user=users["admin"], verdict="acquitted", sentence_months=12)


@pytest.mark.parametrize(
    ("age", "band"),
    [(None, "unknown"), (0, "0-8"), (8, "0-8"), (9, "9-17"), (17, "9-17"), (18, "18-20"), (47, "39-47"), (48, "48+")],
)
def test_ctdc_age_bands(age: int | None, band: str) -> None:
    assert age_band(age) == band
