"""Imports of court cases, defendants and victims: happy paths, HTCDS columns, and every refusal of issue 11."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

import openpyxl
import pytest
from django.db import connection

from acthub.core.testing.factories import ProgramFactory
from acthub.imports.models import ImportJob
from acthub.imports.tests.conftest import csv_bytes, run
from acthub.justice.models import Charge, CourtCase, Defendant, Victim
from acthub.justice.tests.factories import CourtCaseFactory

pytestmark = pytest.mark.django_db

CASES = "country,court,case_number,stage,charge_date,verdict_date,exploitation_types,outcome,judge_trained,charges"
VICTIMS = (
    "country,court,case_number,pseudonym,gender,age_at_exploitation,is_child,nationality,exploitation_types,"
    "times_testified,testified_by_video_link,compensation_requested,compensation_ordered,compensation_paid,name"
)
COURT = "Synthetic Vientiane Court"


@pytest.fixture
def world(country_a: Any, country_b: Any) -> dict[str, Any]:
    return {"program": ProgramFactory(slug="syn"), "la": country_a, "kh": country_b}


def _errors(job: ImportJob) -> list[tuple[int, str]]:
    return [(e["row"], e["column"]) for e in job.errors]


def test_cases_defendants_and_victims_import(world: dict[str, Any], users: dict[str, Any]) -> None:
    cases = csv_bytes(
        f"""{CASES}
LA,{COURT},1/2021,verdict,2021-01-10,2021-04-20,SexualExploitation,conviction,yes,PC 2017:215;PC 2017:216
LA,{COURT},2/2021,prosecution,2021-02-01,,ForcedLabour;ForcedBegging,,,
"""
    )
    job = run(world, "court_cases", cases, user=users["officer_a"], name="cases.csv")
    assert job.status == ImportJob.Status.COMPLETE, job.errors
    case = CourtCase.objects.get(case_number="1/2021")
    assert (case.year, case.days_charge_to_verdict(), case.judge_trained) == (2021, 100, True)
    assert sorted(Charge.objects.filter(case=case).values_list("article", flat=True)) == ["215", "216"]
    assert CourtCase.objects.get(case_number="2/2021").exploitation_types == ["ForcedLabour", "ForcedBegging"]
    again = run(world, "court_cases", cases, user=users["officer_a"])
    assert (again.status, again.created_rows, again.unchanged_rows) == ("complete", 0, 2)

    defendants = csv_bytes(
        f"""country,court,case_number,pseudonym,gender,age_band,nationality,role,name
LA,{COURT},1/2021,D-1,Masculine,30-38,la,RecruiterOrIntermediary,Synthetic Defendant One
"""
    )
    job = run(world, "defendants", defendants, user=users["officer_a"])
    assert job.status == ImportJob.Status.COMPLETE, job.errors
    defendant = Defendant.objects.get(pseudonym="D-1")
    assert (defendant.nationality, defendant.name) == ("LA", "Synthetic Defendant One")

    victims = csv_bytes(
        f"""{VICTIMS}
LA,{COURT},1/2021,V-1,Feminine,16,,LA,SexualExploitation,2,yes,yes,1000,400,Synthetic Victim One
LA,{COURT},1/2021,V-2,Masculine,25,no,TH,ForcedLabour,0,,no,,,
"""
    )
    job = run(world, "victims", victims, user=users["officer_a"], name="victims.csv")
    assert job.status == ImportJob.Status.COMPLETE, job.errors
    v1 = Victim.objects.get(pseudonym="V-1")
    assert (v1.is_child, v1.times_testified, v1.compensation_paid, v1.name) == (
        True,
        2,
        Decimal("400"),
        "Synthetic Victim One",
    )
    assert v1.country == world["la"]
    # The name is encrypted at rest, and the uploaded file (which held it) is not kept.
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM justice_victim")
        assert b"Synthetic Victim One" not in repr(cursor.fetchall()).encode()
    assert not ImportJob.objects.get(pk=job.pk).file
    assert all("Synthetic Victim One" not in str(row["values"]) for row in job.preview)


def _case(world: dict[str, Any]) -> Any:
    return CourtCaseFactory(country=world["la"], court=COURT, case_number="1/2021")


@pytest.mark.parametrize(
    ("kind", "header", "row", "column", "words"),
    [
        # A verdict before the charge date.
        (
            "court_cases",
            CASES,
            f"LA,{COURT},9/2021,verdict,2021-03-01,2021-02-01,,,,",
            "verdict_date",
            "before the charge",
        ),
        # An unknown exploitation code.
        ("court_cases", CASES, f"LA,{COURT},9/2021,,2021-03-01,,Slavery,,,", "exploitation_types", "Unknown code"),
        # A case number repeated in one court (already recorded with other values).
        ("court_cases", CASES, f"LA,{COURT},1/2021,trial,2021-03-01,,,,,", "case_number", "unique in its court"),
        # A child victim aged 19.
        ("victims", VICTIMS, f"LA,{COURT},1/2021,V-9,Feminine,19,yes,LA,,,,,,,", "is_child", "under 18"),
        # Compensation paid larger than ordered.
        ("victims", VICTIMS, f"LA,{COURT},1/2021,V-9,Feminine,30,,LA,,,,yes,100,150,", "compensation_paid", "exceed"),
        # An unknown exploitation code for a victim.
        ("victims", VICTIMS, f"LA,{COURT},1/2021,V-9,Feminine,30,,LA,Slavery,,,,,,", "exploitation_types", "Slavery"),
        # A victim linked to a case of another country (the case is Lao; the row says Cambodia).
        ("victims", VICTIMS, f"KH,{COURT},1/2021,V-9,Feminine,30,,KH,,,,,,,", "country", "a case of LA"),
    ],
)
def test_each_bad_input_is_named_and_nothing_is_saved(
    world: dict[str, Any], users: dict[str, Any], kind: str, header: str, row: str, column: str, words: str
) -> None:
    _case(world)
    good = {
        "court_cases": f"LA,{COURT},8/2021,,2021-03-01,,,,,",
        "victims": f"LA,{COURT},1/2021,V-8,Feminine,30,,LA,,,,,,,",
    }[kind]
    before = (CourtCase.objects.count(), Victim.objects.count())
    job = run(world, kind, csv_bytes(f"{header}\n{good}\n{row}\n"), user=users["admin"], name=f"bad-{kind}.csv")
    assert job.error_count >= 1 and not job.can_commit
    assert job.original_name == f"bad-{kind}.csv"  # the file the errors belong to
    assert (3, column) in _errors(job), job.errors
    assert any(words in e["reason"] for e in job.errors if e["row"] == 3), job.errors
    assert (CourtCase.objects.count(), Victim.objects.count()) == before  # the good row was not saved either


def test_case_number_twice_in_one_file(world: dict[str, Any], users: dict[str, Any]) -> None:
    data = csv_bytes(f"{CASES}\nLA,{COURT},5/2021,,2021-03-01,,,,,\nLA,{COURT},5/2021,,2021-03-02,,,,,\n")
    job = run(world, "court_cases", data, user=users["admin"])
    assert (3, "case_number") in _errors(job)
    assert not CourtCase.objects.exists()


def test_another_countrys_case_is_unknown_to_a_country_officer(world: dict[str, Any], users: dict[str, Any]) -> None:
    CourtCaseFactory(country=world["kh"], court=COURT, case_number="7/2021")
    data = csv_bytes(f"{VICTIMS}\nLA,{COURT},7/2021,V-1,Feminine,30,,LA,,,,,,,\nKH,{COURT},7/2021,V-2,,,,,,,,,,,\n")
    job = run(world, "victims", data, user=users["officer_a"])
    reasons = {(e["row"], e["column"]): e["reason"] for e in job.errors}
    # Row 2: the officer may not see Cambodia's cases, so the message does not reveal that one exists.
    assert "Unknown case" in reasons[(2, "case_number")] and "KH" not in reasons[(2, "case_number")]
    assert "outside your scope" in reasons[(3, "country")]
    assert not Victim.objects.exists()


def test_htcds_spreadsheet_columns_for_victims(world: dict[str, Any], users: dict[str, Any]) -> None:
    _case(world)
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(
        [
            "country",
            "court",
            "case_number",
            "pseudonym",
            "prs_FirstName",
            "prs_Gender",
            "prs_Citizenship",
            "vic_AgeWhenTrafficked",
            "vic_MethodsOfControl",
            "vic_TypeOfExploitation",
            "prs_MobilePhone",
        ]
    )
    sheet.append(
        [
            "LA",
            COURT,
            "1/2021",
            "V-H1",
            "Synthetic",
            "Feminine",
            "TH",
            17,
            "DebtBondage;FalsePromises",
            "ForcedLabour",
            "0",
        ]
    )
    buffer = io.BytesIO()
    book.save(buffer)
    job = run(world, "victims", buffer.getvalue(), user=users["admin"], name="htcds.xlsx")
    assert job.status == ImportJob.Status.COMPLETE, job.errors
    victim = Victim.objects.get(pseudonym="V-H1")
    assert (victim.gender, victim.nationality, victim.age_at_exploitation, victim.is_child) == (
        "Feminine",
        "TH",
        17,
        True,
    )
    assert victim.means_of_control == ["DebtBondage", "FalsePromises"]
    assert victim.exploitation_types == ["ForcedLabour"]
    assert victim.name is None  # the HTCDS first-name column is ignored, never stored
    assert not ImportJob.objects.get(pk=job.pk).file  # nor is the file that held it
