"""Malformed files of every kind: never an unhandled exception, never a partial import."""

from __future__ import annotations

import io
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from acthub.activities.models import Activity, AttendanceCount, Participation, PersonIdentity
from acthub.imports.choices import ImportKind
from acthub.imports.models import ColumnMapping
from acthub.imports.readers import FileRejected
from acthub.imports.services import create_job, run_job
from acthub.imports.specs import KINDS
from acthub.indicators.models import DataValue

pytestmark = pytest.mark.django_db

# Plausible values per column, so that some generated rows are valid and reach the database.
GOOD = {
    "activity": ["LA-TR-01", "RG-MT-01"],
    "code": ["H-1", "H-2", "LA-TR-01"],
    "kind": ["training", "Workshop"],
    "title": ["T", "ການຝຶກ"],
    "start_date": ["2021-03-01"],
    "end_date": ["2021-03-02", "2021-02-01"],
    "countries": ["LA", "REGION", "LA;KH"],
    "person_key": ["P-1", "P-2", "P-3"],
    "sex": ["female", "male", ""],
    "country": ["LA", "KH"],
    "count": ["1", "22", "-1"],
    "indicator": ["PEOPLE_TRAINED", "WOMEN_SHARE"],
    "period": ["2021", "2021S1", "2021S3"],
    "place": ["REGION", "LA"],
    "value": ["5", "101", "0.5"],
    "source": ["s"],
}
# Any printable text, with the characters CSV cares about; control bytes come from the corruption step.
junk = st.text(
    alphabet=st.one_of(st.characters(codec="utf-8", exclude_categories=["Cc", "Cs"]), st.sampled_from(",;\"'\n=")),
    max_size=12,
)


@st.composite
def cell(draw: Any, column: str) -> str:
    """Mostly a plausible value, sometimes junk."""
    if draw(st.integers(0, 9)) == 0:
        return draw(junk)
    return draw(st.sampled_from(GOOD.get(column, [""])))


def xlsx(rows: list[list[str]]) -> bytes:
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append([ILLEGAL_CHARACTERS_RE.sub("", value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@st.composite
def csv_files(draw: Any, kind: str) -> bytes:
    names = KINDS[ImportKind.PARTICIPANTS if kind == ImportKind.KOBO_ATTENDANCE else kind].names
    header = list(names)
    shape = draw(st.integers(0, 3))
    if shape == 0:  # any set of columns, unknown ones included
        header = draw(st.lists(st.sampled_from([*names, "junk"]), max_size=len(names) + 1, unique=True))
    elif shape == 1:  # some optional columns left out
        header = [n for n in names if draw(st.booleans()) or n in ("activity", "person_key", "country")]
    rows = [
        [draw(cell(name)) for name in header] + ([draw(junk)] if draw(st.integers(0, 9)) == 0 else [])
        for _ in range(draw(st.integers(0, 6)))
    ]
    if kind == ImportKind.KOBO_ATTENDANCE and draw(st.booleans()):
        return xlsx([header, *rows])
    delimiter = draw(st.sampled_from([",", ",", ";", "\t"]))
    data = "\r\n".join(delimiter.join(row) for row in [header, *rows]).encode()
    if draw(st.booleans()):
        data = b"\xef\xbb\xbf" + data
    if draw(st.integers(0, 3)) == 0:  # corrupt some bytes: broken UTF-8, NUL, stray quotes
        position = draw(st.integers(0, len(data)))
        data = data[:position] + draw(st.binary(min_size=1, max_size=4)) + data[position:]
    return data


# Where each kind's rows go, as an index into snapshot().
TARGET = {"activities": 0, "participants": 1, "kobo_attendance": 1, "attendance": 2, "datavalues": 3}


def snapshot() -> tuple[int, ...]:
    return tuple(m.objects.count() for m in (Activity, Participation, AttendanceCount, DataValue, PersonIdentity))


@pytest.fixture
def kobo_mapping(db: None) -> ColumnMapping:
    return ColumnMapping.objects.create(
        name="h",
        kind="participants",
        mapping={"activity": "activity", "person_key": "person_key", "country": "country"},
    )


@pytest.mark.parametrize("kind", ImportKind.values)
def test_malformed_files_never_crash_nor_import_in_part(world, kobo_mapping, kind):
    @settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(data=csv_files(kind))
    def check(data: bytes) -> None:
        before = snapshot()
        try:
            job = create_job(
                program=world["program"],
                kind=kind,
                stream=io.BytesIO(data),
                name="h.csv",
                acting_user=None,
                mapping=kobo_mapping if kind == ImportKind.KOBO_ATTENDANCE else None,
            )
        except FileRejected:
            assert snapshot() == before
            return
        run_job(job, commit=False)
        assert snapshot() == before and job.status in ("validated", "error")
        run_job(job, commit=True)
        after = snapshot()
        if job.status == "complete":
            table = TARGET[kind]
            written = after[table] - before[table]
            identities = after[-1] - before[-1]  # a known person's new identity counts as a new row too
            assert written <= job.created_rows <= written + identities
        else:
            assert job.status == "error" and after == before, job.errors

    check()
