"""Activities, attendance counts and data values: happy paths, re-import, and their rejections."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from acthub.activities.models import Activity, AttendanceCount
from acthub.imports.models import ImportJob
from acthub.imports.tests.conftest import FILES, csv_bytes, error_tuples, run
from acthub.indicators.models import DataValue

pytestmark = pytest.mark.django_db

ACTIVITY_HEADER = "code,kind,title,start_date,end_date,countries,mode,topics,project,organisers,source"
VALUE_HEADER = "indicator,period,place,sex,value,source"


# Activities ----------------------------------------------------------------------------------------


def test_activities_import_and_reimport(world):
    data = (FILES / "activities.csv").read_bytes()
    job = run(world, "activities", data)
    assert job.status == ImportJob.Status.COMPLETE, job.errors
    assert job.created_rows == 4
    lao = Activity.objects.get(code="LA-TR-02")
    assert lao.title.startswith("ການຝຶກອົບຮົມ")
    assert (lao.start_date, lao.end_date, lao.mode) == (date(2021, 4, 5), date(2021, 4, 7), "in_person")
    assert lao.topics == ["investigation", "victim rights"] and lao.project == world["project"]
    assert list(lao.organisers.all()) == [world["police"]] and lao.source_document == "Synthetic training report"
    assert list(lao.countries.values_list("code", flat=True)) == ["LA"]
    regional = Activity.objects.get(code="RG-WB-01")
    assert regional.is_regional and not regional.countries.exists() and regional.title == "การประชุมออนไลน์ระดับภูมิภาค"
    assert sorted(Activity.objects.get(code="LA-KH-01").countries.values_list("code", flat=True)) == ["KH", "LA"]
    total = Activity.objects.count()
    again = run(world, "activities", data)
    assert (again.status, again.created_rows, again.unchanged_rows) == ("complete", 0, 4)
    assert Activity.objects.count() == total


@pytest.mark.parametrize(
    ("row", "column", "words"),
    [
        ("X-1,training,T,2021-03-05,2021-03-01,LA,,,,,", "end_date", "before it starts"),
        ("X-1,training,T,2021-13-01,2021-03-01,LA,,,,,", "start_date", "not a valid date"),
        ("X-1,training,T,March 1,2021-03-01,LA,,,,,", "start_date", "not a date"),
        ("X-1,training,T,2021-03-01,2021-03-01,LA;XX,,,,,", "countries", "Unknown country code 'XX'"),
        ("X-1,party,T,2021-03-01,2021-03-01,LA,,,,,", "kind", "not an allowed kind"),
        ("X-1,training,T,2021-03-01,2021-03-01,LA,by post,,,,", "mode", "not an allowed mode"),
        ("X-1,training,T,2021-03-01,2021-03-01,LA,,,No such project,,", "project", "Unknown project"),
        ("X-1,training,T,2021-03-01,2021-03-01,LA,,,,Nobody,", "organisers", "Unknown organisation"),
        ("X-1,training,,2021-03-01,2021-03-01,LA,,,,,", "title", "required"),
        ("LA-TR-01,training,Other title,2021-03-01,2021-03-03,LA,,,,,", "title", "already exists with other values"),
    ],
)
def test_activity_rejections(world, row, column, words):
    before = Activity.objects.count()
    job = run(
        world, "activities", csv_bytes(f"{ACTIVITY_HEADER}\nOK-1,training,Fine,2021-01-01,2021-01-02,LA,,,,,\n{row}")
    )
    assert (3, column) in error_tuples(job), job.errors
    assert any(words in e["reason"] for e in job.errors)
    assert Activity.objects.count() == before


def test_activity_code_twice_in_file(world):
    job = run(
        world,
        "activities",
        csv_bytes(
            f"{ACTIVITY_HEADER}\nA,training,T,2021-01-01,2021-01-02,LA,,,,,\nA,training,T,2021-01-01,2021-01-02,LA,,,,,"
        ),
    )
    assert error_tuples(job) == [(3, "code")]


def test_officer_cannot_import_regional_or_foreign_activities(world, users):
    job = run(
        world,
        "activities",
        csv_bytes(
            f"{ACTIVITY_HEADER}\nA,training,T,2021-01-01,2021-01-02,REGION,,,,,\n"
            "B,training,T,2021-01-01,2021-01-02,KH,,,,,\n"
            "C,training,T,2021-01-01,2021-01-02,LA,,,,,"
        ),
        user=users["officer_a"],
    )
    assert error_tuples(job) == [(2, "countries"), (3, "countries")]
    assert all("outside your scope" in e["reason"] for e in job.errors)


# Attendance ----------------------------------------------------------------------------------------


def test_attendance_import_and_reimport(world):
    data = (FILES / "attendance.csv").read_bytes()
    job = run(world, "attendance", data)
    assert job.status == ImportJob.Status.COMPLETE, job.errors
    judges = AttendanceCount.objects.get(activity=world["training"], sex="male")
    assert (judges.count, judges.agency_type, judges.sector, judges.role) == (22, "judiciary", "state", "trainee")
    assert AttendanceCount.objects.get(activity=world["meeting"]).sex == "not_recorded"
    again = run(world, "attendance", data)
    assert (again.created_rows, again.unchanged_rows) == (0, 3) and AttendanceCount.objects.count() == 3


@pytest.mark.parametrize(
    ("count", "words"),
    [("-3", "negative"), ("2.5", "not a whole number"), ("twelve", "not a number"), ("", "required")],
)
def test_attendance_count_rejections(world, count, words):
    job = run(world, "attendance", csv_bytes(f"activity,country,count\nLA-TR-01,LA,{count}"))
    assert error_tuples(job) == [(2, "count")] and words in job.errors[0]["reason"]
    assert not AttendanceCount.objects.exists()


def test_attendance_whole_float_from_spreadsheet_and_conflict(world):
    assert run(world, "attendance", csv_bytes("activity,country,count\nLA-TR-01,LA,12.0")).status == "complete"
    job = run(world, "attendance", csv_bytes("activity,country,count\nLA-TR-01,LA,13"))
    assert error_tuples(job) == [(2, "count")] and "already recorded (12, file: 13)" in job.errors[0]["reason"]
    assert AttendanceCount.objects.get().count == 12


# Data values ---------------------------------------------------------------------------------------


def test_datavalues_import_and_reimport(world, users):
    data = (FILES / "datavalues.csv").read_bytes()
    job = run(world, "datavalues", data, user=users["mel"])
    assert job.status == ImportJob.Status.COMPLETE, job.errors
    region = DataValue.objects.get(indicator=world["trained"], period="2021S1", country=None, sex="")
    assert region.value == Decimal("86") and region.method == "reported" and region.reported_by == users["mel"]
    assert (region.period_start, region.period_end) == (date(2021, 1, 1), date(2021, 6, 30))
    assert region.source_document == "Synthetic fact sheet June 2021" and region.reported_via == "import"
    assert DataValue.objects.get(country=world["la"]).value == Decimal("2037")
    again = run(world, "datavalues", data)
    assert (again.created_rows, again.unchanged_rows) == (0, 4) and DataValue.objects.count() == 4


@pytest.mark.parametrize(
    ("row", "column", "words"),
    [
        ("NOPE,2021,REGION,,1,s", "indicator", "Unknown indicator code"),
        ("PEOPLE_TRAINED,2021S3,REGION,,1,s", "period", "S1 (January-June) or S2"),
        ("PEOPLE_TRAINED,Jan-Jun 2021,REGION,,1,s", "period", "is not a period"),
        ("PEOPLE_TRAINED,2021,XX,,1,s", "place", "Unknown country code"),
        ("PEOPLE_TRAINED,2021,REGION,F,1,s", "sex", "not an allowed sex"),
        ("PEOPLE_TRAINED,2021,REGION,,-1,s", "value", "negative"),
        ("PEOPLE_TRAINED,2021,REGION,,1.5,s", "value", "a whole number"),
        ('PEOPLE_TRAINED,2021,REGION,,"1,234",s', "value", "not a number"),
        ("WOMEN_SHARE,2021,REGION,,100.5,s", "value", "at most 100"),
        ("WOMEN_SHARE,2021,REGION,female,10,s", "sex", "not disaggregated by sex"),
        ("PEOPLE_TRAINED,2021,REGION,,1,", "source", "required"),
        ("PEOPLE_TRAINED,2021,REGION,,0.00001,s", "value", "more than 4 decimals"),
    ],
)
def test_datavalue_rejections(world, row, column, words):
    job = run(world, "datavalues", csv_bytes(f"{VALUE_HEADER}\nPEOPLE_TRAINED,2020,REGION,,5,s\n{row}"))
    assert (3, column) in error_tuples(job), job.errors
    assert any(words in e["reason"] for e in job.errors), job.errors
    assert not DataValue.objects.exists()


def test_datavalue_conflict_and_duplicate(world):
    run(world, "datavalues", csv_bytes(f"{VALUE_HEADER}\nPEOPLE_TRAINED,2021,LA,,5,s"))
    job = run(
        world,
        "datavalues",
        csv_bytes(
            f"{VALUE_HEADER}\nPEOPLE_TRAINED,2021,LA,,6,s\nPEOPLE_TRAINED,2021,KH,,1,s\nPEOPLE_TRAINED,2021,KH,,1,s"
        ),
    )
    assert error_tuples(job) == [(2, "value"), (4, "value")]
    assert "already stored for this cell: 5 (file: 6)" in job.errors[0]["reason"]
    assert DataValue.objects.count() == 1


def test_datavalues_header_is_fixed(world):
    job = run(world, "datavalues", csv_bytes("indicator,period,place,value,source\nPEOPLE_TRAINED,2021,LA,5,s"))
    assert job.status == ImportJob.Status.ERROR and error_tuples(job) == [(1, "sex")]
    assert "Missing column(s): sex" in job.errors[0]["reason"]


def test_officer_datavalues_scope(world, users):
    job = run(
        world,
        "datavalues",
        csv_bytes(
            f"{VALUE_HEADER}\nPEOPLE_TRAINED,2021,REGION,,5,s\nPEOPLE_TRAINED,2021,KH,,5,s\nPEOPLE_TRAINED,2021,LA,,5,s"
        ),
        user=users["officer_a"],
    )
    assert error_tuples(job) == [(2, "place"), (3, "place")]


def test_lao_thai_and_formula_like_text_survive_export_and_reimport(world):
    """Import, export through the safe CSV writer, import the export again: nothing changes."""
    from acthub.core.exports import csv_text

    rows = [
        ["R-1", "training", "ການຝຶກອົບຮົມ ການສືບສວນ", "2021-04-05", "2021-04-07", "LA", "", "", "", "", ""],
        ["R-2", "workshop", "=SUM(1;2) การประชุม", "2021-04-05", "2021-04-05", "LA", "", "-topic", "", "", "@source"],
    ]
    first = run(world, "activities", csv_text([ACTIVITY_HEADER.split(","), *rows], bom=True).encode())
    assert first.status == "complete", first.errors
    assert Activity.objects.get(code="R-2").title == "=SUM(1;2) การประชุม"
    exported = [
        [a.code, a.kind, a.title, a.start_date, a.end_date, "LA", "", ";".join(a.topics), "", "", a.source_document]
        for a in Activity.objects.filter(code__startswith="R-").order_by("code")
    ]
    text = csv_text([ACTIVITY_HEADER.split(","), *exported], bom=True)
    assert "'=SUM(1;2)" in text and "'@source" in text  # neutralised in the export
    again = run(world, "activities", text.encode())
    assert (again.created_rows, again.unchanged_rows, again.error_count) == (0, 2, 0)
    assert Activity.objects.get(code="R-2").source_document == "@source"
