"""A large-ish participant file streams through in bounded memory and in one transaction."""

from __future__ import annotations

import io
import tracemalloc

import pytest

from acthub.activities.models import Participation
from acthub.imports.kinds.people import FAST_MIN_ROWS
from acthub.imports.services import CHUNK_ROWS, create_job, run_job

pytestmark = pytest.mark.django_db

ROWS = 20_000
PEAK_LIMIT_MB = 15  # measured: about 6 MB


def participant_csv(rows: int, *, bad_last: bool = False) -> bytes:
    sexes = ("female", "male", "not_recorded")
    lines = ["activity,person_key,sex,age_band,agency_type,country,role"]
    for i in range(rows):
        activity = "LA-TR-01" if i % 2 else "RG-MT-01"
        lines.append(f"{activity},P{i:07d},{sexes[i % 3]},30-38,police,LA,trainee")
    if bad_last:
        lines[-1] = lines[-1].replace(",LA,", ",ZZ,")
    return ("\n".join(lines) + "\n").encode()


def test_twenty_thousand_rows_stream_with_bounded_memory(world, tmp_path, monkeypatch):
    # The activities app's aggregate refresh is its own concern (and tested there): measure the import.
    monkeypatch.setattr("acthub.imports.services._after_import", lambda job: None)
    assert ROWS > 4 * CHUNK_ROWS and ROWS > FAST_MIN_ROWS  # several chunks, and the bulk write path
    path = tmp_path / "people.csv"
    path.write_bytes(participant_csv(ROWS))
    with path.open("rb") as stream:
        job = create_job(
            program=world["program"], kind="participants", stream=stream, name="p.csv", acting_user=None, store=False
        )
    tracemalloc.start()
    try:
        run_job(job, commit=True, path=path)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert job.status == "complete" and job.created_rows == ROWS, job.errors
    assert Participation.objects.count() == ROWS
    assert peak / 1e6 < PEAK_LIMIT_MB, f"peak {peak / 1e6:.1f} MB"
    assert set(Participation.objects.values_list("import_job", flat=True)) == {job.pk}


def test_one_bad_row_at_the_end_writes_nothing(world):
    data = participant_csv(ROWS // 2, bad_last=True)
    job = create_job(
        program=world["program"], kind="participants", stream=io.BytesIO(data), name="p.csv", acting_user=None
    )
    run_job(job, commit=True)
    assert job.status == "error" and [(e["row"], e["column"]) for e in job.errors] == [(ROWS // 2 + 1, "country")]
    assert not Participation.objects.exists()
