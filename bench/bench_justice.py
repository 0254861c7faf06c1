"""Justice benchmark (`make bench`-style, not part of `make test`).

    CASES=100000 VICTIMS_PER_CASE=10 nice -n 10 .venv/bin/python bench/bench_justice.py --build
    CASES=100000 VICTIMS_PER_CASE=10 nice -n 10 .venv/bin/python bench/bench_justice.py

`--build` generates the SQLite databases (the embedded default) of CASES synthetic court cases with
about VICTIMS_PER_CASE victims each, and of 100 cases (the pages' baseline), with the demo generator
(`generate_demo --cases N --public`: bulk inserts, then one rebuild of the maintained cells), and
caches them in var/bench-cache/ under a digest of every migration: a run reuses them while the schema
is the same. The run then, for each victim-sensitive court indicator, times what the engine reads for
country x year (`acthub.justice.indicators.for_engine`, the maintained cells) against DuckDB's query
over the same raw rows (loaded into DuckDB beforehand from a CSV dump: only the query is timed), and
checks that both give the same numbers; times the public pages (/open-data/, the justice
definitions, a dataset CSV, three indicator pages; median of 5 cold-cache requests) at 100 cases
and at CASES; and runs `manage.py export_justice` (the k-anonymous export) in a child process for
its wall time and peak memory (the child's maximum resident set size). Prints, as its last line,
one JSON object. Targets (issue 11): each indicator no slower than DuckDB; the pages at most 1.5x
their cost at 100 cases; the export of 10^6 victims under 60 s and 500 MB.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CASES = int(os.environ.get("CASES", "100000"))
VICTIMS_PER_CASE = float(os.environ.get("VICTIMS_PER_CASE", "10"))
WORK = Path(tempfile.mkdtemp(prefix="acthub-bench-justice-"))
CACHE = Path(os.environ.get("BENCH_CACHE", ROOT / "var" / "bench-cache"))


def _schema_digest() -> str:
    """A digest of every migration: a cached database is reused only while the schema is the same."""
    digest = hashlib.sha256()
    for path in sorted(ROOT.glob("acthub/*/migrations/*.py")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def db_path(cases: int, victims_per_case: float) -> Path:
    """Where the generated database of this size is cached between runs."""
    return CACHE / f"justice-{cases}-{victims_per_case:g}-{_schema_digest()}.sqlite3"


DB = db_path(CASES, VICTIMS_PER_CASE)
SMALL = 100  # the baseline of the pages' cost (issue 11: at most 1.5x what they cost with 100 cases)
ENV = {
    **os.environ,
    "DATABASE_URL": f"sqlite:///{DB}",
    "DJANGO_SETTINGS_MODULE": "config.settings.test",
    "DJANGO_LOG_LEVEL": "WARNING",
}
COUNTRIES = [
    ("BN", "Brunei Darussalam"),
    ("KH", "Cambodia"),
    ("ID", "Indonesia"),
    ("LA", "Lao PDR"),
    ("MY", "Malaysia"),
    ("MM", "Myanmar"),
    ("PH", "Philippines"),
    ("SG", "Singapore"),
    ("TH", "Thailand"),
    ("VN", "Viet Nam"),
]


def _known(field: str, base: str = "TRUE") -> tuple[str, str]:
    return f"({base}) AND v.{field} IS NOT NULL", f"v.{field} = 1"


TESTIFIED = "v.times_testified >= 1"
MODE_KNOWN = (
    "(v.testified_by_video_link IS NOT NULL OR v.testified_behind_screen IS NOT NULL"
    " OR v.testimony_recorded IS NOT NULL)"
)
PROTECTED = "(v.testified_by_video_link = 1 OR v.testified_behind_screen = 1 OR v.testimony_recorded = 1)"
# DuckDB's reading of each item: (population, numerator) of a share, or ("median", expression, population).
SQL: dict[str, tuple[str, ...]] = {
    "JV_IDENTITY_PROTECTED": _known("identity_protected"),
    "JV_CLOSED_HEARING": _known("closed_hearing"),
    "JV_NON_PUNISHMENT": _known("non_punishment_applied"),
    "JV_TESTIFIED_PROTECTED": (f"{TESTIFIED} AND {MODE_KNOWN}", PROTECTED),
    "JV_TIMES_TESTIFIED_MEDIAN": ("median", "v.times_testified", TESTIFIED),
    "JC_DAYS_CHARGE_TO_VERDICT_MEDIAN": (
        "case_median",
        "date_diff('day', CAST(c.charge_date AS DATE), CAST(c.verdict_date AS DATE))",
        "c.charge_date IS NOT NULL AND c.verdict_date IS NOT NULL",
    ),
    "JC_JUDGE_TRAINED": ("case_share", "c.judge_trained IS NOT NULL", "c.judge_trained = 1"),
    "JV_INFORMED_OF_RIGHTS": _known("informed_of_rights"),
    "JV_INTERPRETER_WHERE_NEEDED": _known("interpreter_provided", "v.interpreter_needed = 1"),
    "JV_LEGAL_REPRESENTATION": _known("legal_representation"),
    "JV_REFERRED_TO_SERVICES": _known("referred_to_services"),
    "JV_COMPENSATION_ORDERED": ("v.compensation_requested = 1", "v.compensation_ordered > 0"),
    "JV_COMPENSATION_PAID": ("v.compensation_ordered > 0", "v.compensation_paid >= v.compensation_ordered"),
    "JV_MEDICAL_EXAMINATION": _known("medical_examination"),
    "JV_CHILD_TESTIFIED_PROTECTED": (f"v.is_child = 1 AND {TESTIFIED} AND {MODE_KNOWN}", PROTECTED),
    "JV_CHILD_PROVISIONS": _known("child_provisions", "v.is_child = 1"),
    "JV_DISABILITY_PROVISIONS": _known("disability_provisions", "v.has_disability = 1"),
}


def _django(database: str | None = None) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.update(ENV)
    if database:
        os.environ["DATABASE_URL"] = database
    import django

    django.setup()


def setup() -> dict[str, Any]:
    """The database of CASES synthetic cases: generated in bulk once, then reused from the cache."""
    _django()
    from acthub.justice.models import CourtCase, Victim

    if DB.exists():
        return {"cases": CourtCase.objects.count(), "victims": Victim.objects.count(), "generate_s": "cached"}
    raise SystemExit(f"{DB} is missing: run `bench_justice.py --build` first")


def build(cases: int, path: Path) -> None:
    """Generate the database of `cases` synthetic cases at `path` (a child process: one database per process).

    The demo generator (`generate_demo --cases N --public`) inserts in bulk and tells the maintained
    cells; the file is written beside and renamed at the end, so an interrupted build is never reused.
    """
    partial = path.with_suffix(".partial")
    partial.unlink(missing_ok=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    env = {**ENV, "BENCH_BUILD_DATABASE": f"sqlite:///{partial}", "CASES": str(cases)}
    started = time.perf_counter()
    subprocess.run([sys.executable, __file__, "--build-here"], env=env, check=True)
    partial.rename(path)
    print(f"built {path.name} in {time.perf_counter() - started:.0f} s", file=sys.stderr)


def build_here() -> None:
    _django(os.environ["BENCH_BUILD_DATABASE"])
    from django.conf import settings
    from django.core.management import call_command

    from acthub.accounts.models import User
    from acthub.core.models import Country
    from acthub.justice.demo import generate_cases
    from acthub.program.models import Program

    call_command("migrate", verbosity=0)
    for code, name in COUNTRIES:
        Country.objects.update_or_create(code=code, defaults={"name": name})
    User.objects.create(username="bench-admin", role="admin", is_staff=True)
    Program.objects.get_or_create(
        slug=settings.ACTHUB_DEFAULT_PROGRAM,
        defaults={"name": "Synthetic bench program", "acronym": "BENCH", "start_year": 2018, "end_year": 2028},
    )
    generate_cases(
        CASES,
        seed=1,
        victims_per_case=VICTIMS_PER_CASE,
        public=True,
        maintain=False,
        tick=lambda n: print(f"{n} cases", file=sys.stderr, flush=True),
    )


def dump(table: str, columns: str, path: Path) -> None:
    """A table's rows as CSV, straight from SQLite (the raw rows DuckDB reads)."""
    with sqlite3.connect(DB) as con, path.open("w", newline="") as out:
        cursor = con.execute(f"SELECT {columns} FROM {table}")
        writer = csv.writer(out)
        writer.writerow([d[0] for d in cursor.description])
        writer.writerows(cursor)


def duck_tables() -> Any:
    import duckdb

    victims, cases = WORK / "victims.csv", WORK / "cases.csv"
    dump("justice_victim v JOIN core_country k ON k.id = v.country_id", "v.*, k.code AS country", victims)
    dump(
        "justice_courtcase c JOIN core_country k ON k.id = c.country_id",
        "c.id, c.year, c.charge_date, c.verdict_date, c.judge_trained, k.code AS country",
        cases,
    )
    con = duckdb.connect()
    con.execute(f"CREATE TABLE victims AS SELECT * FROM read_csv_auto('{victims}', header=true)")
    con.execute(f"CREATE TABLE cases AS SELECT * FROM read_csv_auto('{cases}', header=true)")
    return con


def duck_query(code: str) -> str:
    spec = SQL[code]
    if spec[0] == "median":
        _kind, expr, where = spec
        return (
            f"SELECT c.country, c.year, median({expr}), count(*) FROM victims v JOIN cases c ON c.id = v.case_id "
            f"WHERE {where} GROUP BY 1, 2"
        )
    if spec[0] == "case_median":
        _kind, expr, where = spec
        return f"SELECT c.country, c.year, median({expr}), count(*) FROM cases c WHERE {where} GROUP BY 1, 2"
    if spec[0] == "case_share":
        _kind, population, numerator = spec
        return (
            f"SELECT c.country, c.year, count(*) FILTER (WHERE {numerator}), count(*) FROM cases c "
            f"WHERE {population} GROUP BY 1, 2"
        )
    population, numerator = spec
    return (
        f"SELECT c.country, c.year, count(*) FILTER (WHERE {numerator}), count(*) FROM victims v "
        f"JOIN cases c ON c.id = v.case_id WHERE {population} GROUP BY 1, 2"
    )


def best_of(runs: int, function: Any) -> tuple[float, Any]:
    best, result = float("inf"), None
    for _ in range(runs):
        started = time.perf_counter()
        result = function()
        best = min(best, time.perf_counter() - started)
    return best, result


YEARS = range(2017, 2027)  # every year the generator's cases can fall in, and one either side


def indicators(con: Any) -> dict[str, Any]:
    """Each item for country x year as the engine reads it (`for_engine`, the maintained cells) vs DuckDB."""
    from acthub.core.periods import parse_period
    from acthub.justice.indicators import ITEMS, MEDIAN, for_engine

    periods = [parse_period(str(year)) for year in YEARS]
    out: dict[str, Any] = {}
    for item in ITEMS:
        ours_s, cells = best_of(5, lambda item=item: for_engine(item.code, periods, by_place=True, synthetic=True))
        sql = duck_query(item.code)
        duck_s, rows = best_of(5, lambda sql=sql: con.execute(sql).fetchall())
        ours = {
            (place, int(period)): (float(value) if item.kind == MEDIAN else numerator, denominator)
            for (period, place, _group), (value, numerator, denominator) in cells.items()
            if place != "REGION"
        }
        theirs = {(r[0], int(r[1])): (float(r[2]) if item.kind == MEDIAN else int(r[2]), int(r[3])) for r in rows}
        out[item.code] = {
            "acthub_ms": round(ours_s * 1000, 2),
            "duckdb_ms": round(duck_s * 1000, 2),
            "ratio": round(ours_s / duck_s, 2) if duck_s else None,
            "cells": len(ours),
            "same_numbers": ours == theirs,
        }
    return out


PAGES = [
    "/open-data/",
    "/open-data/justice/",
    "/open-data/JV_CHILD_TESTIFIED_PROTECTED.csv",
    "/data/JV_CHILD_TESTIFIED_PROTECTED/",
    "/data/JV_TIMES_TESTIFIED_MEDIAN/",
    "/data/JC_DAYS_CHARGE_TO_VERDICT_MEDIAN/",
]


def pages_here() -> None:
    """(child) The public pages' cost on this database: the fastest of 7 cold-cache requests each, as JSON.

    The fastest, not the median: on a shared machine the other processes only ever add time.
    """
    _django(os.environ["BENCH_PAGES_DATABASE"])
    from django.core.cache import cache
    from django.test import Client
    from django.test.utils import setup_test_environment

    from acthub.indicators.registry import sync_registry

    setup_test_environment()  # the test client's host, as under pytest
    sync_registry()  # the computed indicators' definitions (the seed loader's step; idempotent)
    client = Client()
    out = {}
    for url in PAGES:
        client.get(url)  # warm the code paths (templates, imports), not the data
        times, status = [], 0
        for _ in range(7):
            cache.clear()
            started = time.perf_counter()
            status = client.get(url).status_code
            times.append(time.perf_counter() - started)
        out[url] = {"ms": round(min(times) * 1000, 1), "status": status}
    print(json.dumps(out))


def pages(path: Path) -> dict[str, Any]:
    env = {**ENV, "BENCH_PAGES_DATABASE": f"sqlite:///{path}"}
    done = subprocess.run(
        [sys.executable, __file__, "--pages-here"], env=env, capture_output=True, text=True, check=True
    )
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def pages_compared() -> dict[str, Any]:
    # Twice each, interleaved, keeping each page's fastest: a burst of load elsewhere hits both sizes alike.
    runs = [pages(db_path(SMALL, VICTIMS_PER_CASE)), pages(DB), pages(db_path(SMALL, VICTIMS_PER_CASE)), pages(DB)]
    small = {url: min((runs[0][url], runs[2][url]), key=lambda r: r["ms"]) for url in PAGES}
    large = {url: min((runs[1][url], runs[3][url]), key=lambda r: r["ms"]) for url in PAGES}
    return {
        url: {
            "small_ms": small[url]["ms"],
            "large_ms": large[url]["ms"],
            "ratio": round(large[url]["ms"] / small[url]["ms"], 2) if small[url]["ms"] else None,
            "status": large[url]["status"],
        }
        for url in PAGES
    }


# Runs a command and prints its peak resident set size (kB). The export is started from this small
# process, not from the benchmark's: a child started by a large parent (DuckDB holds a million rows
# here) is charged the parent's resident pages at exec, so RUSAGE_CHILDREN would report the parent.
PEAK_WRAPPER = (
    "import resource, subprocess, sys; done = subprocess.run(sys.argv[1:]); "
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr); sys.exit(done.returncode)"
)


def export() -> dict[str, Any]:
    """`manage.py export_justice` on a copy of the database (the export logs its reads: the cache stays as built)."""
    out, copy = WORK / "export.csv", WORK / "export.sqlite3"
    shutil.copyfile(DB, copy)
    started = time.perf_counter()
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            PEAK_WRAPPER,
            sys.executable,
            str(ROOT / "manage.py"),
            "export_justice",
            "--user",
            "bench-admin",
            "--out",
            str(out),
            "-v",
            "0",
        ],
        env={**ENV, "DATABASE_URL": f"sqlite:///{copy}"},
        capture_output=True,
        text=True,
        check=True,
    )
    seconds = time.perf_counter() - started
    peak_kb = int(done.stderr.strip().splitlines()[-1])
    report = json.loads(done.stdout)
    return {
        "export_s": round(seconds, 1),
        "export_peak_mb": round(peak_kb / 1024, 1),
        "rows_written": report["rows_written"],
        "rows_suppressed": report["rows_suppressed"],
        "smallest_class": report["smallest_class"],
        "generalisation": report["generalisation"],
    }


def main() -> None:
    try:
        made = setup()
        con = duck_tables()
        result = {"cases": made["cases"], "victims": made["victims"], "generate_s": made["generate_s"]}
        result["indicators"] = indicators(con)
        result["pages"] = pages_compared()
        result["export"] = export()
        result["targets"] = {
            "indicators_no_slower_than_duckdb": all(v["ratio"] <= 1 for v in result["indicators"].values()),
            "indicators_same_numbers": all(v["same_numbers"] for v in result["indicators"].values()),
            "pages_within_1_5x_of_100_cases": all(
                v["ratio"] is not None and v["ratio"] <= 1.5 and v["status"] == 200 for v in result["pages"].values()
            ),
            "export_under_60_s": result["export"]["export_s"] < 60,
            "export_under_500_mb": result["export"]["export_peak_mb"] < 500,
        }
        print(json.dumps(result))
    finally:
        shutil.rmtree(WORK, ignore_errors=True)  # the dumps and the export; the cached databases stay


if __name__ == "__main__":
    if "--build-here" in sys.argv:
        build_here()
    elif "--pages-here" in sys.argv:
        pages_here()
    elif "--build" in sys.argv:
        for size in (CASES, SMALL):
            if not db_path(size, VICTIMS_PER_CASE).exists():
                build(size, db_path(size, VICTIMS_PER_CASE))
    else:
        main()
