"""Whole-file rejections (type, size, encoding, columns) and the downloadable templates."""

from __future__ import annotations

import io
import zipfile

import openpyxl
import pytest

from acthub.activities.models import Participation
from acthub.imports.downloads import template_csv, template_xlsx
from acthub.imports.models import ImportJob
from acthub.imports.readers import FileRejected
from acthub.imports.services import create_job, run_job
from acthub.imports.specs import KINDS
from acthub.imports.tests.conftest import csv_bytes, error_tuples, run

pytestmark = pytest.mark.django_db


def reject(world, data: bytes, kind: str = "participants") -> str:
    with pytest.raises(FileRejected) as caught:
        create_job(program=world["program"], kind=kind, stream=io.BytesIO(data), name="f", acting_user=None)
    assert not ImportJob.objects.exists()
    return str(caught.value)


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<Types><Override ContentType="application/vnd.openxmlformats-officedocument.'
            'wordprocessingml.document.main+xml"/></Types>',
        )
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"", "empty"),
        ("activity,person_key,country\nLA-TR-01,P-é,LA\n".encode("latin-1"), "not UTF-8"),
        ("activity,person_key\n".encode("utf-16"), "UTF-16"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, ".xls"),
        (b"PK\x03\x04 not really a zip", "cannot be read"),
    ],
)
def test_files_that_are_not_csv_or_xlsx_are_refused(world, data, words):
    assert words in reject(world, data)


def test_word_document_and_plain_zip_are_refused(world):
    assert "Word document" in reject(world, docx_bytes())
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notes.txt", "hello")
    assert "not an XLSX workbook" in reject(world, buffer.getvalue())


def test_size_limit(world, settings):
    settings.ACTHUB_IMPORT_MAX_BYTES = 40
    assert "larger than the limit" in reject(
        world, csv_bytes("activity,person_key,country\n" + "LA-TR-01,P-1,LA\n" * 5)
    )


def test_encoding_breaking_mid_file_is_reported_with_its_row(world):
    good = "activity,person_key,country\n" + "LA-TR-01,P-{},LA\n" * 1
    data = good.format(1).encode() + b"x" * 70_000 + b"\nLA-TR-01,P-\xe9,LA\n"
    job = run(world, "participants", data)
    assert job.status == ImportJob.Status.ERROR
    assert job.errors[-1]["row"] == 4 and "not UTF-8" in job.errors[-1]["reason"]
    assert not Participation.objects.exists()


def test_malformed_csv(world):
    job = run(world, "participants", b'activity,person_key,country\nLA-TR-01,"P-1"x,LA\n')
    assert job.status == ImportJob.Status.ERROR and job.errors[-1]["row"] == 2
    assert "malformed" in job.errors[-1]["reason"]


def test_wrong_column_set_names_missing_and_unknown_columns(world):
    job = run(world, "participants", csv_bytes("activity,person,gender,country\nLA-TR-01,P-1,female,LA"))
    assert job.status == ImportJob.Status.ERROR and not job.can_commit
    reasons = " ".join(e["reason"] for e in job.errors)
    assert "Unknown column(s): 'person', 'gender'" in reasons and "Missing column(s): person_key" in reasons
    assert error_tuples(job) == [(1, "person, gender"), (1, "person_key")]


def test_header_named_twice(world):
    job = run(world, "participants", csv_bytes("activity,person_key,country,country\nLA-TR-01,P-1,LA,LA"))
    assert error_tuples(job) == [(1, "country")] and "more than once" in job.errors[0]["reason"]


def test_header_only_and_comments_only(world):
    job = run(world, "participants", csv_bytes("activity,person_key,country"))
    assert job.status == ImportJob.Status.ERROR and "no data rows" in job.errors[0]["reason"]
    job = run(world, "participants", csv_bytes("# just a comment\n\n"))
    assert job.status == ImportJob.Status.ERROR and "no header row" in job.errors[0]["reason"]


def test_row_longer_than_header(world):
    job = run(world, "participants", csv_bytes("activity,person_key,country\nLA-TR-01,P-1,LA,extra"))
    assert error_tuples(job) == [(2, "")] and "4 cells" in job.errors[0]["reason"]


@pytest.mark.parametrize("kind", list(KINDS))
def test_csv_template_documents_every_column_and_imports_as_is(world, kind):
    text = template_csv(kind)
    assert text.startswith("\ufeff# acthub import template")
    for column in KINDS[kind].columns:
        assert f"# {column.name} (" in text
    assert text.rstrip().endswith(",".join(KINDS[kind].names))
    if kind == "participants":
        assert "female (Female)" in text and "LA (Lao PDR)" in text
    job = run(world, kind, text.encode(), commit=False)
    assert "no data rows" in job.errors[0]["reason"]  # the header was found below the README rows


def test_csv_template_filled_in_imports(world):
    text = template_csv("participants") + "LA-TR-01,P-9,female,,,,,,LA,,,,\r\n"
    job = run(world, "participants", text.encode())
    assert job.status == ImportJob.Status.COMPLETE and Participation.objects.get().person_key == "P-9"


def test_xlsx_template_has_readme_sheet_and_imports(world):
    workbook = openpyxl.load_workbook(io.BytesIO(template_xlsx("datavalues")))
    assert workbook.sheetnames == ["data", "README", "codes"] and workbook["codes"].sheet_state == "hidden"
    assert [c.value for c in workbook["data"][1]] == ["indicator", "period", "place", "sex", "value", "source"]
    readme = [[c.value for c in row] for row in workbook["README"].iter_rows()]
    assert ["column", "required", "type", "allowed values", "description", "example"] in readme
    documented = {row[0] for row in readme if row and row[0]}
    assert {"indicator", "period", "place", "sex", "value", "source"} <= documented
    assert any(row[0] == "indicator" and "PEOPLE_TRAINED" in (row[3] or "") for row in readme)
    text = " ".join(str(row[0]) for row in readme if row and row[0])
    assert "Save as CSV" not in text and "upload the workbook as it is (XLSX)" in text
    workbook["data"].append(["PEOPLE_TRAINED", "2021S1", "REGION", None, 86, "Synthetic"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    job = run(world, "datavalues", buffer.getvalue(), name="values.xlsx")
    assert job.status == ImportJob.Status.COMPLETE, job.errors


def test_a_job_whose_file_is_gone_fails_cleanly(world):
    job = run(world, "participants", csv_bytes("activity,person_key,country\nLA-TR-01,P-1,LA"), commit=False)
    job.file.delete(save=True)
    run_job(job, commit=True)
    assert job.status == ImportJob.Status.ERROR and "no longer stored" in job.errors[-1]["reason"]
    assert not Participation.objects.exists()


def test_xlsx_template_offers_the_code_lists_as_drop_downs(world):
    workbook = openpyxl.load_workbook(io.BytesIO(template_xlsx("participants")))
    data, codes = workbook["data"], workbook["codes"]
    header = [c.value for c in data[1]]
    rules = {str(rule.sqref).split(":")[0]: rule for rule in data.data_validations.dataValidation}
    sex = header.index("sex") + 1
    letter = openpyxl.utils.get_column_letter(sex)
    rule = rules[f"{letter}2"]
    assert rule.type == "list" and rule.showErrorMessage
    listed = [c.value for c in codes[letter][1:] if c.value]
    assert listed == [value for value, _label in KINDS["participants"].columns[sex - 1].allowed_values() if value]
    assert rule.formula1 == f"codes!${letter}$2:${letter}${len(listed) + 1}"
    country = openpyxl.utils.get_column_letter(header.index("country") + 1)
    assert "LA" in [c.value for c in codes[country][1:]]  # the code lists that live in the database too
    assert f"{openpyxl.utils.get_column_letter(header.index('person_key') + 1)}2" not in rules  # free text
