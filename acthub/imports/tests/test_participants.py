"""Participant imports: the happy path, identities, re-import, every row-level rejection, and scope."""

from __future__ import annotations

import io

import openpyxl
import pytest

from acthub.activities.models import Participation, PersonIdentity
from acthub.audit.models import ObjectChange
from acthub.imports.models import ImportJob
from acthub.imports.tests.conftest import FILES, csv_bytes, error_tuples, run

pytestmark = pytest.mark.django_db

HEADER = "activity,person_key,sex,age_band,has_disability,organisation,agency_type,sector,country,role"


def counts() -> tuple[int, int]:
    return Participation.objects.count(), PersonIdentity.objects.count()


def test_bom_lao_thai_file_imports_and_identities_are_encrypted(world):
    job = run(world, "participants", (FILES / "participants_bom_lao_thai.csv").read_bytes())
    assert job.status == ImportJob.Status.COMPLETE, job.errors
    assert (job.created_rows, job.unchanged_rows, job.error_count) == (4, 0, 0)
    first = Participation.objects.get(activity=world["training"], person_key="LA-0001")
    assert (first.sex, first.age_band, first.has_disability, first.agency_type, first.sector) == (
        "female",
        "30-38",
        False,
        "police",
        "state",  # derived from the agency type
    )
    assert first.organisation == world["police"] and first.import_job == job
    assert Participation.objects.get(person_key="LA-0002").organisation == world["police"]  # by acronym
    assert Participation.objects.get(person_key="TH-0001").sector == "non_state"
    # Lao and Thai survive, encrypted at rest; the person in two activities has one identity.
    assert PersonIdentity.objects.count() == 3
    lao = PersonIdentity.objects.get(person_key="LA-0001")
    assert lao.details() == {"name": "ນາງ ສົມສີ ພົມມະວົງ", "phone": "+856 20 5555 0001"}
    assert "ສົມສີ".encode() not in bytes(lao.name_encrypted)
    assert PersonIdentity.objects.get(person_key="TH-0001").details()["name"] == "นางสาว สมใจ ใจดี"
    # Identifying details never come back in the preview or the stored job.
    stored = str(job.preview) + str(job.errors) + str(job.message)
    assert "ສົມສີ" not in stored and "5555" not in stored and "•••" in stored
    assert not job.file  # the plain upload with names is not kept after the commit


def test_reimport_changes_nothing(world):
    data = (FILES / "participants_bom_lao_thai.csv").read_bytes()
    run(world, "participants", data)
    before = counts(), list(Participation.objects.values_list("pk", "last_updated"))
    changes = ObjectChange.objects.exclude(content_type__model="importjob").count()
    again = run(world, "participants", data)
    assert again.status == ImportJob.Status.COMPLETE
    assert (again.created_rows, again.unchanged_rows, again.error_count) == (0, 4, 0)
    assert all(row["status"] == "unchanged" for row in again.preview)
    assert (counts(), list(Participation.objects.values_list("pk", "last_updated"))) == before
    assert ObjectChange.objects.exclude(content_type__model="importjob").count() == changes


def test_job_is_the_audit_record(world, users):
    job = run(world, "participants", csv_bytes(f"{HEADER}\nLA-TR-01,P-1,female,,,,,,LA,"), user=users["mel"])
    assert job.created_by == users["mel"] and job.committed_by == users["mel"] and len(job.sha256) == 64
    logged = ObjectChange.objects.filter(content_type__model="importjob", object_id=str(job.pk))
    assert logged.filter(action="create").exists()
    assert logged.filter(after__status="complete", user=users["mel"], via="import").exists()


def test_xlsx_path(world):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append([*HEADER.split(","), "date"])
    sheet.append(["LA-TR-01", "X-1", "Female", "30-38", True, None, "police", None, "LA", "trainee", None])
    sheet.append(["LA-TR-01", 12345, "male", None, False, None, None, None, "la", None, None])
    sheet.append([None] * 10)  # blank rows are skipped
    sheet.append(["LA-TR-01", "X-3", "male", None, None, None, None, None, "LA", None, None])
    sheet["K4"].value = None
    buffer = io.BytesIO()
    workbook.save(buffer)
    job = run(world, "participants", buffer.getvalue(), name="sheet.xlsx")
    assert job.status == ImportJob.Status.COMPLETE, job.errors
    assert job.file_format == "xlsx" and job.created_rows == 3
    assert Participation.objects.get(person_key="X-1").has_disability is True
    assert Participation.objects.filter(person_key="12345").exists()  # a number cell is read as its digits


@pytest.mark.parametrize(
    ("row", "column", "words"),
    [
        ("NOPE,P-1,female,,,,,,LA,", "activity", "Unknown activity code"),
        ("LA-TR-01,P-1,female,,,,,,ZZ,", "country", "Unknown country code"),
        ("LA-TR-01,P-1,F,,,,,,LA,", "sex", "not an allowed sex"),
        ("LA-TR-01,P-1,female,99+,,,,,LA,", "age_band", "not an allowed age_band"),
        ("LA-TR-01,P-1,female,,perhaps,,,,LA,", "has_disability", "not yes or no"),
        ("LA-TR-01,P-1,female,,,Unknown Org,,,LA,", "organisation", "Unknown organisation"),
        ("LA-TR-01,P-1,female,,,,spy,,LA,", "agency_type", "not an allowed agency_type"),
        ("LA-TR-01,P-1,female,,,,,,LA,chef", "role", "not an allowed role"),
        ("LA-TR-01,Ms Somsy Phommavong,female,,,,,,LA,", "person_key", "not a person key"),
        ("LA-TR-01,,female,,,,,,LA,", "person_key", "required"),
        (",P-1,female,,,,,,LA,", "activity", "required"),
    ],
)
def test_each_bad_cell_is_reported_with_row_and_column(world, row, column, words):
    job = run(world, "participants", csv_bytes(f"{HEADER}\nLA-TR-01,OK-1,female,,,,,,LA,\n{row}"))
    assert job.status == ImportJob.Status.VALIDATED and not job.can_commit
    assert (3, column) in error_tuples(job)
    assert any(words in e["reason"] for e in job.errors)
    assert [p["status"] for p in job.preview] == ["new", "error"]
    assert counts() == (0, 0)


def test_date_outside_activity_and_unparseable_date(world):
    data = csv_bytes(
        f"{HEADER},date\nLA-TR-01,P-1,,,,,,,LA,,2021-03-02\nLA-TR-01,P-2,,,,,,,LA,,2021-04-01\n"
        f"LA-TR-01,P-3,,,,,,,LA,,02/03/2021\nLA-TR-01,P-4,,,,,,,LA,,2021-02-30"
    )
    job = run(world, "participants", data)
    assert error_tuples(job) == [(3, "date"), (4, "date"), (5, "date")]
    assert "outside the activity LA-TR-01 (2021-03-01 to 2021-03-03)" in job.errors[0]["reason"]
    assert "not a date" in job.errors[1]["reason"] and "not a valid date" in job.errors[2]["reason"]
    assert counts() == (0, 0)


def test_duplicate_person_in_file_and_against_database(world):
    job = run(world, "participants", csv_bytes(f"{HEADER}\nLA-TR-01,P-1,female,,,,,,LA,\nLA-TR-01,P-1,female,,,,,,LA,"))
    assert error_tuples(job) == [(3, "person_key")]
    assert "more than once for activity LA-TR-01" in job.errors[0]["reason"]
    assert counts() == (0, 0)
    run(world, "participants", csv_bytes(f"{HEADER}\nLA-TR-01,P-1,female,,,,,,LA,"))
    conflict = run(
        world, "participants", csv_bytes(f"{HEADER}\nLA-TR-01,P-2,male,,,,,,LA,\nLA-TR-01,P-1,male,,,,,,LA,")
    )
    assert error_tuples(conflict) == [(3, "sex")]
    assert "already recorded for this activity with other values (female -> male)" in conflict.errors[0]["reason"]
    assert counts() == (1, 0)  # P-2 was not written either: all or nothing


def test_same_person_in_two_activities_is_fine(world):
    job = run(world, "participants", csv_bytes(f"{HEADER}\nLA-TR-01,P-1,female,,,,,,LA,\nRG-MT-01,P-1,female,,,,,,LA,"))
    assert job.status == ImportJob.Status.COMPLETE and job.created_rows == 2


def test_conflicting_identity_details(world):
    header = f"{HEADER},name,phone"
    job = run(
        world, "participants", csv_bytes(f"{header}\nLA-TR-01,P-1,,,,,,,LA,,Name A,\nRG-MT-01,P-1,,,,,,,LA,,Name B,")
    )
    assert error_tuples(job) == [(3, "name")] and "Name" not in job.errors[0]["reason"]
    run(world, "participants", csv_bytes(f"{header}\nLA-TR-01,P-1,,,,,,,LA,,Name A,"))
    later = run(world, "participants", csv_bytes(f"{header}\nRG-MT-01,P-1,,,,,,,LA,,Name C,"))
    assert error_tuples(later) == [(2, "name")] and "staff workspace" in later.errors[0]["reason"]
    assert PersonIdentity.objects.get().details()["name"] == "Name A"


def test_country_officer_imports_only_own_countries(world, users):
    officer = users["officer_a"]  # scoped to LA
    data = csv_bytes(f"{HEADER}\nLA-TR-01,P-1,,,,,,,LA,\nRG-MT-01,P-2,,,,,,,KH,")
    job = run(world, "participants", data, user=officer)
    assert error_tuples(job) == [(3, "country")]
    assert "KH is outside your scope" in job.errors[0]["reason"]
    assert counts() == (0, 0)
    ok = run(world, "participants", csv_bytes(f"{HEADER}\nLA-TR-01,P-1,,,,,,,LA,"), user=officer)
    assert ok.status == ImportJob.Status.COMPLETE


def test_header_names_are_forgiving_and_optional_columns_may_go(world):
    job = run(world, "participants", csv_bytes("Activity,Person Key,COUNTRY\nLA-TR-01,P-1,LA"))
    assert job.status == ImportJob.Status.COMPLETE
    row = Participation.objects.get()
    assert (row.sex, row.age_band, row.role, row.has_disability) == ("not_recorded", "unknown", "trainee", None)


def test_semicolon_separated_csv(world):
    job = run(world, "participants", csv_bytes("activity;person_key;sex;country\nLA-TR-01;P-1;female;LA"))
    assert job.status == ImportJob.Status.COMPLETE and Participation.objects.get().sex == "female"


def test_every_error_of_a_row_is_listed(world):
    job = run(world, "participants", csv_bytes(f"{HEADER}\nNOPE,bad key!,X,,maybe,,,,ZZ,"))
    assert error_tuples(job) == [(2, "activity"), (2, "person_key"), (2, "sex"), (2, "has_disability"), (2, "country")]


def test_after_import_hook_is_called_when_present(world, monkeypatch):
    from acthub.activities import services as activity_services

    seen: list = []
    monkeypatch.setattr(activity_services, "after_participations_imported", seen.append, raising=False)
    job = run(world, "participants", csv_bytes(f"{HEADER}\nLA-TR-01,P-1,,,,,,,LA,"))
    assert seen == [job]
    monkeypatch.delattr(activity_services, "after_participations_imported", raising=False)
    assert run(world, "participants", csv_bytes(f"{HEADER}\nLA-TR-01,P-2,,,,,,,LA,")).status == "complete"
