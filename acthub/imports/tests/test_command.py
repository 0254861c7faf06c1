"""`manage.py import_data KIND FILE [--dry-run]`: output, exit codes, nothing written on any error."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from acthub.activities.models import Participation
from acthub.imports.models import ColumnMapping, ImportJob
from acthub.imports.tests.conftest import FILES, csv_bytes

pytestmark = pytest.mark.django_db


def import_data(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_data", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def failing(*args: str) -> tuple[CommandError, str]:
    err = io.StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("import_data", *args, stdout=io.StringIO(), stderr=err)
    return caught.value, err.getvalue()


def test_import_succeeds_with_exit_code_0(world, tmp_path):
    path = tmp_path / "people.csv"
    path.write_bytes((FILES / "participants_bom_lao_thai.csv").read_bytes())
    out, err = import_data("participants", str(path), "--program", "syn")
    assert f"{path}: 4 rows, created 4, unchanged 0" in out
    assert "rows" in err  # the progress bar
    job = ImportJob.objects.get()
    assert (job.status, job.original_name, job.file.name) == ("complete", "people.csv", "")
    assert Participation.objects.count() == 4
    out, _err = import_data("participants", str(path), "--program", "syn", "--no-progress")
    assert "created 0, unchanged 4" in out and Participation.objects.count() == 4


def test_dry_run_writes_nothing(world, tmp_path):
    path = tmp_path / "people.csv"
    path.write_bytes(csv_bytes("activity,person_key,country\nLA-TR-01,P-1,LA"))
    out, _err = import_data("participants", str(path), "--dry-run", "--program", "syn")
    assert "would create 1" in out and not Participation.objects.exists()
    assert ImportJob.objects.get().status == "validated"


def test_invalid_rows_exit_1_with_every_error_listed(world, tmp_path):
    path = tmp_path / "people.csv"
    path.write_bytes(
        csv_bytes("activity,person_key,sex,country\nLA-TR-01,P-1,female,LA\nNOPE,P-2,F,ZZ\nLA-TR-01,P-3,,KH")
    )
    error, err = failing("participants", str(path), "--program", "syn")
    assert error.returncode == 1 and "3 error(s) in 3 rows: nothing was written" in str(error)
    lines = [line for line in err.splitlines() if line.startswith(str(path))]
    assert [line.split(": ", 1)[0] for line in lines] == [f"{path}:3:activity", f"{path}:3:sex", f"{path}:3:country"]
    assert not Participation.objects.exists()
    assert ImportJob.objects.get().status == "error"
    assert "LA-TR-01,P-3" not in err  # valid rows are not listed


def test_file_level_problems(world, tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    error, err = failing("participants", str(empty), "--program", "syn")
    assert error.returncode == 1 and f"{empty}: The file is empty." in err
    columns = tmp_path / "columns.csv"
    columns.write_bytes(csv_bytes("activity,who\nLA-TR-01,P-1"))
    _error, err = failing("participants", str(columns), "--program", "syn")
    assert f"{columns}:1:who: Unknown column(s): 'who'" in err
    assert f"{columns}:1:person_key, country: Missing column(s)" in err
    _error, _err = failing("participants", str(tmp_path / "nothing.csv"), "--program", "syn")
    _error, _err = failing("participants", str(columns), "--program", "no-such-program")


def test_user_scope_and_program_default(world, users, tmp_path, settings):
    settings.ACTHUB_DEFAULT_PROGRAM = "syn"
    path = tmp_path / "people.csv"
    path.write_bytes(csv_bytes("activity,person_key,country\nRG-MT-01,P-1,KH"))
    _error, err = failing("participants", str(path), "--user", users["officer_a"].username)
    assert "KH is outside your scope" in err
    out, _err = import_data("participants", str(path), "--user", users["mel"].username)
    assert "created 1" in out and ImportJob.objects.latest("pk").created_by == users["mel"]


def test_kobo_needs_a_mapping_by_name(world, tmp_path):
    path = tmp_path / "kobo.xlsx"
    path.write_bytes((FILES / "kobo_attendance.xlsx").read_bytes())
    _error, _err = failing("kobo_attendance", str(path), "--program", "syn")
    ColumnMapping.objects.create(
        name="form",
        kind="participants",
        mapping={"activity": "training_code", "person_key": "participant_id", "country": "country"},
    )
    out, _err = import_data("kobo_attendance", str(path), "--program", "syn", "--mapping", "form", "--synthetic")
    assert "created 3" in out and Participation.objects.filter(is_synthetic=True).count() == 3
