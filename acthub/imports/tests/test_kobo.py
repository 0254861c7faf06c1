"""KoboToolbox attendance exports read through a saved column mapping."""

from __future__ import annotations

import codecs
import csv
import io

import openpyxl
import pytest
from django.core.exceptions import ValidationError

from acthub.activities.models import AttendanceCount, Participation
from acthub.imports.models import ColumnMapping, ImportJob
from acthub.imports.readers import FileRejected
from acthub.imports.services import create_job
from acthub.imports.tests.conftest import FILES, error_tuples, run

pytestmark = pytest.mark.django_db

KOBO = (FILES / "kobo_attendance.xlsx").read_bytes()


@pytest.fixture
def mapping(db):
    return ColumnMapping.objects.create(
        name="Synthetic attendance form",
        kind="participants",
        mapping={
            "activity": "training_code",
            "person_key": "group_participant/participant_id",
            "sex": "sex",  # matched by the last part of "group_participant/sex"
            "age_band": "group_participant/age_group",
            "agency_type": "group_participant/agency",
            "country": "group_participant/country",
            "date": "today",
        },
    )


def test_kobo_export_imports_through_mapping(world, mapping):
    job = run(world, "kobo_attendance", KOBO, name="kobo.xlsx", mapping=mapping)
    assert job.status == ImportJob.Status.COMPLETE, job.errors
    assert job.created_rows == 3 and job.target_kind == "participants"
    first = Participation.objects.get(person_key="KB-001")
    # Labels ("Female", "Civil society") read as their codes; Kobo's own columns (_id, _uuid...) are ignored.
    assert (first.sex, first.agency_type, first.sector, first.age_band) == ("female", "police", "state", "30-38")
    assert Participation.objects.get(person_key="KB-003").agency_type == "civil_society"
    assert job.preview[0]["values"][:3] == ["LA-TR-01", "KB-001", "Female"]
    again = run(world, "kobo_attendance", KOBO, name="kobo.xlsx", mapping=mapping)
    assert (again.created_rows, again.unchanged_rows) == (0, 3)


def test_missing_source_column_is_named(world, mapping):
    mapping.mapping = {**mapping.mapping, "person_key": "participant_code"}
    mapping.save()
    job = run(world, "kobo_attendance", KOBO, name="kobo.xlsx", mapping=mapping)
    assert job.status == ImportJob.Status.ERROR
    assert error_tuples(job) == [(1, "participant_code")]
    assert "no column 'participant_code' (mapped to person_key)" in job.errors[0]["reason"]


def test_rows_are_checked_like_participants(world, mapping):
    workbook = openpyxl.load_workbook(io.BytesIO(KOBO))
    workbook.active["F3"] = "Unknown"  # the second person's sex
    workbook.active["C4"] = "2021-04-01"  # the third person's day, after the training
    buffer = io.BytesIO()
    workbook.save(buffer)
    job = run(world, "kobo_attendance", buffer.getvalue(), name="kobo.xlsx", mapping=mapping)
    assert error_tuples(job) == [(3, "sex"), (4, "date")]
    assert not Participation.objects.exists()


def test_mapping_onto_attendance_counts(world):
    workbook = openpyxl.Workbook()
    workbook.active.append(["training", "where", "how_many", "_id"])
    workbook.active.append(["LA-TR-01", "LA", 22, 1])
    buffer = io.BytesIO()
    workbook.save(buffer)
    counts = ColumnMapping.objects.create(
        name="Counts", kind="attendance", mapping={"activity": "training", "country": "where", "count": "how_many"}
    )
    job = run(world, "kobo_attendance", buffer.getvalue(), name="counts.xlsx", mapping=counts)
    assert job.status == ImportJob.Status.COMPLETE and AttendanceCount.objects.get().count == 22


def _kobo_csv(delimiter: str) -> bytes:
    """The XLSX export's rows as KoboToolbox writes its CSV export: a BOM, every value quoted."""
    sheet = openpyxl.load_workbook(io.BytesIO(KOBO)).active
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    for row in sheet.iter_rows(values_only=True):
        writer.writerow(["" if v is None else (v.date().isoformat() if hasattr(v, "date") else v) for v in row])
    return codecs.BOM_UTF8 + buffer.getvalue().encode("utf-8")


@pytest.mark.parametrize("delimiter", [";", ","])
def test_kobo_csv_export_imports_like_the_xlsx(world, mapping, delimiter):
    data = _kobo_csv(delimiter)
    assert b"group_participant/sex" in data  # Kobo's group prefixes, matched through the mapping
    job = run(world, "kobo_attendance", data, name="kobo.csv", mapping=mapping)
    assert job.status == ImportJob.Status.COMPLETE, job.errors
    assert job.file_format == "csv" and job.created_rows == 3
    first = Participation.objects.get(person_key="KB-001")
    assert (first.sex, first.agency_type, first.age_band) == ("female", "police", "30-38")
    again = run(world, "kobo_attendance", KOBO, name="kobo.xlsx", mapping=mapping)
    assert (again.created_rows, again.unchanged_rows) == (0, 3)  # the same rows as the XLSX export


def test_kobo_needs_a_mapping(world, mapping):
    with pytest.raises(FileRejected, match="column mapping"):
        create_job(
            program=world["program"], kind="kobo_attendance", stream=io.BytesIO(KOBO), name="k.xlsx", acting_user=None
        )


def test_mapping_is_validated(db):
    bad = ColumnMapping(name="Bad", kind="participants", mapping={"person_key": "id", "shoe_size": "x", "sex": " "})
    with pytest.raises(ValidationError) as caught:
        bad.full_clean()
    text = " ".join(caught.value.message_dict["mapping"])
    assert "Unknown target column(s): shoe_size" in text
    assert "Give a source header for: sex" in text
    assert "Required column(s) not mapped: activity, country" in text
