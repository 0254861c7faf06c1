"""The k-anonymous case-level export: every combination of quasi-identifiers appears at least k times."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import random
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command
from django.test import Client
from hypothesis import given, settings
from hypothesis import strategies as st

from acthub.accounts.testing import sign_in
from acthub.audit.models import AccessEvent
from acthub.justice.choices import AgeBand, Exploitation, Gender
from acthub.justice.export import HEADER, QIS, WITHHELD, K, export_victims, plan
from acthub.justice.models import CourtCase, Victim
from acthub.justice.tests.factories import CourtCaseFactory, VictimFactory

QI_COLUMNS = [qi.column for qi in QIS]
GENDERS = list(Gender.values)
BANDS = [b for b in AgeBand.values if b != "unknown"] + ["unknown"]
NATIONALITIES = ["LA", "KH", "TH", "VN", "CN", "US", ""]
COUNTRIES = ["LA", "KH", "TH"]
EXPLOITATIONS = ["", "ForcedLabour", "SexualExploitation", "ForcedLabour;SexualExploitation", "ForcedMarriage"]

qi_tuple = st.tuples(
    st.sampled_from(GENDERS),
    st.sampled_from(BANDS),
    st.sampled_from(NATIONALITIES),
    st.sampled_from(COUNTRIES),
    st.sampled_from(["2018", "2019", "2020", "2021", "2022", "2023"]),
    st.sampled_from(EXPLOITATIONS),
)


@settings(max_examples=200)
@given(st.lists(st.tuples(qi_tuple, st.integers(1, 40)), min_size=1, max_size=120), st.integers(K, 25))
def test_every_published_class_has_at_least_k_rows(cells: list[tuple[tuple[str, ...], int]], k: int) -> None:
    histogram: Counter[tuple[str, ...]] = Counter()
    for values, count in cells:
        histogram[values] += count
    chosen = plan(histogram, k=k)
    written: Counter[tuple[str, ...]] = Counter()
    for values, count in histogram.items():
        generalised = chosen.generalise(values)
        if generalised in chosen.kept:
            written[generalised] += count
    assert all(count >= k for count in written.values())
    assert sum(written.values()) == chosen.rows_out == chosen.rows_in - chosen.suppressed
    assert chosen.rows_in == sum(histogram.values())
    # At most 5% of the rows are suppressed unless even withholding every QI leaves fewer than k rows.
    if chosen.rows_in >= k:
        assert chosen.suppressed <= chosen.rows_in * 0.05 or all(
            level == len(qi.described) - 1 for qi, level in zip(QIS, chosen.levels, strict=True)
        )
    else:
        assert chosen.rows_out == 0


def test_nothing_generalised_when_classes_are_large_enough() -> None:
    histogram = Counter({("Feminine", "18-20", "LA", "LA", "2021", "SexualExploitation"): 30})
    chosen = plan(histogram)
    assert chosen.levels == [0] * len(QIS)
    assert chosen.suppressed == 0
    assert chosen.report()["generalisation"]["age_band"] == "CTDC age band"


def test_a_rare_class_is_generalised_or_suppressed() -> None:
    # 40 adult women of Lao nationality, and one 16-year-old Thai boy: he may not appear as himself.
    histogram = Counter(
        {
            ("Feminine", "18-20", "LA", "LA", "2021", "SexualExploitation"): 40,
            ("Masculine", "9-17", "TH", "LA", "2021", "ForcedLabour"): 1,
        }
    )
    chosen = plan(histogram)
    assert chosen.rows_out + chosen.suppressed == 41
    assert chosen.generalise(("Masculine", "9-17", "TH", "LA", "2021", "ForcedLabour")) not in chosen.kept


@pytest.mark.django_db
def test_export_of_random_victims(country_a: Any, country_b: Any, tmp_path: Path, users: dict[str, Any]) -> None:
    rng = random.Random(11)  # noqa: S311 - synthetic test data, not security
    cases = [
        CourtCaseFactory(
            country=rng.choice([country_a, country_b]), charge_date=dt.date(rng.choice([2020, 2021]), 3, 1)
        )
        for _ in range(12)
    ]
    for n in range(400):
        VictimFactory(
            case=rng.choice(cases),
            pseudonym=f"V{n}",
            gender=rng.choice([Gender.FEMININE, Gender.FEMININE, Gender.MASCULINE, Gender.NON_CONFORMING]),
            age_at_exploitation=rng.choice([None, 12, 16, 19, 23, 31, 45, 52]),
            nationality=rng.choice(["LA", "LA", "KH", "TH", "CN"]),
            exploitation_types=rng.sample(list(Exploitation.values)[:4], rng.choice([1, 1, 2])),
            identity_protected=rng.choice([True, False, None]),
        )
    out = tmp_path / "victims.csv"
    stdout = io.StringIO()
    call_command("export_justice", user=users["admin"].username, out=str(out), verbosity=0, stdout=stdout)
    report = json.loads(stdout.getvalue())
    with out.open(encoding="utf-8") as stream:
        rows = list(csv.DictReader(stream))
    assert list(rows[0]) == HEADER
    assert len(rows) == report["rows_written"] == 400 - report["rows_suppressed"]
    classes = Counter(tuple(row[c] for c in QI_COLUMNS) for row in rows)
    assert min(classes.values()) >= K
    # HTCDS field names, and HTCDS code values (or the withheld mark) in the coded columns.
    assert {"prs_Gender", "prs_Citizenship", "vic_TypeOfExploitation", "vic_AgeWhenTrafficked"} <= set(HEADER)
    assert {row["prs_Gender"] for row in rows} <= {*Gender.values, WITHHELD}
    if report["generalisation"]["exploitation"] == "HTCDS codes":
        assert {code for row in rows for code in row["vic_TypeOfExploitation"].split(";")} <= {*Exploitation.values, ""}
    # No pseudonym, name or case number leaves in the file.
    text = out.read_text()
    assert "V1" not in text.split(",")
    numbers = list(CourtCase.objects.values_list("case_number", flat=True))
    assert len(numbers) == 12
    assert not any(number in text for number in numbers)
    # The export is in the access log, one READ per case read.
    case_type = ContentType.objects.get_for_model(CourtCase)
    logged = set(AccessEvent.objects.filter(content_type=case_type).values_list("object_id", flat=True))
    assert logged == {str(pk) for pk in Victim.objects.values_list("case_id", flat=True).distinct()}


@pytest.mark.django_db
def test_export_only_for_admins(country_a: Any, users: dict[str, Any], tmp_path: Path) -> None:
    with pytest.raises(CommandError):
        call_command("export_justice", user=users["mel"].username, out=str(tmp_path / "x.csv"), verbosity=0)
    with pytest.raises(CommandError):
        call_command("export_justice", user=users["admin"].username, out=str(tmp_path / "x.csv"), k=5, verbosity=0)
    for _ in range(K):
        VictimFactory(case__country=country_a)
    for role in ("officer_a", "mel"):
        assert sign_in(Client(), users[role]).get("/admin/justice/courtcase/k-anonymous-export/").status_code == 404
    assert Client().get("/admin/justice/courtcase/k-anonymous-export/").status_code == 302
    response = sign_in(Client(), users["admin"]).get("/admin/justice/courtcase/k-anonymous-export/")
    assert response.status_code == 200
    assert "rows written" in response["X-Acthub-Export-Report"]
    # Streamed: a million victims' file is never built in memory.
    assert response.streaming
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0] == HEADER
    assert len(rows) == 1 + K


def test_export_victims_writes_header_for_no_victims() -> None:
    from acthub.justice.models import Victim

    stream = io.StringIO()
    report = export_victims(Victim.objects.none(), stream)
    assert stream.getvalue().strip() == ",".join(HEADER)
    assert report["rows_written"] == 0


@pytest.mark.django_db(transaction=True)
def test_the_streamed_rows_hold_no_write_lock_on_sqlite(country_a: Any) -> None:
    # While a client downloads, the rows are read outside any transaction on SQLite (one SELECT is one
    # snapshot): a transaction there is BEGIN IMMEDIATE, the one write lock, and every other write
    # (the audit of reads included) would wait for the download. PostgreSQL's server-side cursor needs one.
    from django.db import connection

    from acthub.justice.export import _raw_rows

    VictimFactory(case__country=country_a)
    inside = []
    for _row in _raw_rows(Victim.objects.values_list("pk")):
        inside.append(connection.in_atomic_block)
    assert inside == [connection.vendor == "postgresql"]
