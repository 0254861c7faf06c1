"""Indicator engine benchmark (`make bench`, not part of `make test`).

    ROWS=1000000 .venv/bin/python bench/bench_indicators.py

On a throwaway SQLite database (the embedded default) it loads the seed program, times the
program-at-a-glance page and the regional fact sheet page empty, generates ROWS synthetic participation
rows (`manage.py generate_demo`), times both pages again, times a public table of about 1,000 cells of a
sensitive indicator and the share of its time spent in disclosure control, times "unique people trained
by sex x country x half-year" through the engine (answered from the maintained aggregates) against
DuckDB's GROUP BY over the same raw rows (loaded into DuckDB beforehand: only the query is timed),
checks that both give the same numbers, then times a CSV participant import through `manage.py
import_data` (aggregates included) and PostgreSQL's COPY of the same CSV into a scratch database when
PostgreSQL answers. Prints, as its last line, one JSON object.
IMPORT_ROWS (default min(ROWS, 1,000,000)) sets the size of the imported file.

Generating 10^7 rows takes long, so the two databases as generated (seed program loaded; synthetic rows
and their aggregates) are cached in BENCH_CACHE (default ~/.cache/acthub-bench; `BENCH_CACHE=` turns it
off), keyed by ROWS and the contents of everything that shapes them (migrations, seed data, the demo
generator, the aggregates, the registry): a run copies them into its scratch folder, so the cache is
never written by a run. BENCH_PREPARE_ONLY=1 fills the cache and stops.

Two COPY yardsticks, because the issue's one can be read two ways (see the README's benchmark section):
`copy_rows_per_s` copies the CSV into a bare table of text columns shaped like the file (the speed of
the wire); `copy_table_rows_per_s` loads the same CSV into the table the import writes to (COPY into a
staging table, then one INSERT ... SELECT that resolves the codes, with that table's indexes and
foreign keys; rolled back), the fastest any loader can put this file where it belongs, without
validating a cell or maintaining an aggregate. With PostgreSQL the import is timed there too
(`import_pg_rows_per_s`, `import_pg_peak_mb`), on a fresh scratch database with the seed program.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
ROWS = int(os.environ.get("ROWS", "1000000"))
IMPORT_ROWS = int(os.environ.get("IMPORT_ROWS", str(min(ROWS, 1_000_000))))
PG_URL = os.environ.get("BENCH_PG_URL") or (
    os.environ["DATABASE_URL"]
    if os.environ.get("DATABASE_URL", "").startswith("postgres")
    else "postgres://postgres@127.0.0.1:5432/test"
)
WORK = Path(tempfile.mkdtemp(prefix="acthub-bench-"))
CACHE = os.environ.get("BENCH_CACHE", str(Path.home() / ".cache" / "acthub-bench"))
# What the generated databases depend on: a change to any of these makes a new cache entry.
SHAPING = [
    "acthub/*/migrations/*.py",
    "acthub/seed/**/*",
    "acthub/activities/demo.py",
    "acthub/activities/aggregates.py",
    "acthub/activities/management/commands/generate_demo.py",
    "acthub/indicators/registry.py",
]
ENV = {
    **os.environ,
    "DATABASE_URL": f"sqlite:///{WORK / 'bench.sqlite3'}",
    "DJANGO_SETTINGS_MODULE": "config.settings.local",
    "DJANGO_DEBUG": "false",  # no query log, templates as in production
    "DJANGO_ALLOWED_HOSTS": "testserver,127.0.0.1,localhost",
    "DJANGO_MEDIA_ROOT": str(WORK / "media"),
    "DJANGO_LOG_LEVEL": "WARNING",
    "ACTHUB_PAGE_CACHE_SECONDS": "0",  # time the rendering, not the anonymous page cache
}


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


def manage(*args: str) -> float:
    """Run a management command in its own process; returns its wall time in seconds."""
    started = time.perf_counter()
    subprocess.run([PY, "manage.py", *args], cwd=ROOT, env=ENV, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def median_ms(function: Any, runs: int, warmup: int = 2) -> float:
    for _ in range(warmup):
        function()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        times.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(times), 3)


PAGE_SCRIPT = """
import statistics, sys, time, django
django.setup()
from django.test import Client
client = Client()
path = sys.argv[2]
times = []
for i in range(int(sys.argv[1]) + 3):
    started = time.perf_counter()
    assert client.get(path).status_code == 200
    if i >= 3:
        times.append((time.perf_counter() - started) * 1000)
print("PAGE", statistics.median(times))
"""
PAGES = {"page": "/", "factsheet": "/factsheets/REGION/"}  # the program at a glance; the regional fact sheet


def page_ms(database: Path, path: str = "/", runs: int = 15) -> float:
    """Median time to render a page on a database, in a fresh process (no cache: see ENV)."""
    env = {**ENV, "DATABASE_URL": f"sqlite:///{database}"}
    done = subprocess.run(
        [PY, "-c", PAGE_SCRIPT, str(runs), path], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    return float(next(line for line in done.stdout.splitlines() if line.startswith("PAGE ")).split()[1])


def page_pair(empty: Path, full: Path, path: str = "/", rounds: int = 3) -> tuple[float, float]:
    """Page times on the empty and the full database, alternated so that machine load hits both alike."""
    empties, fulls = [], []
    for _ in range(rounds):
        empties.append(page_ms(empty, path))
        fulls.append(page_ms(full, path))
    return round(statistics.median(empties), 3), round(statistics.median(fulls), 3)


def cache_key() -> str:
    """ROWS and a digest of every file that shapes the generated databases."""
    digest = hashlib.sha256(str(ROWS).encode())
    files = sorted(
        {f for pattern in SHAPING for f in ROOT.glob(pattern) if f.is_file() and "__pycache__" not in f.parts}
    )
    for f in files:
        digest.update(str(f.relative_to(ROOT)).encode())
        digest.update(f.read_bytes())
    return f"{ROWS}-{digest.hexdigest()[:16]}"


def prepare(empty: Path, full: Path) -> tuple[float, bool]:
    """The empty and the generated database in the scratch folder, from the cache when it holds them.

    Returns the generation's wall time (as measured when the entry was made) and whether it came
    from the cache.
    """
    entry = Path(CACHE) / cache_key() if CACHE else None
    if entry is not None and (entry / "done.json").exists():
        log(f"databases from the cache: {entry}")
        shutil.copyfile(entry / empty.name, empty)
        shutil.copyfile(entry / full.name, full)
        return float(json.loads((entry / "done.json").read_text())["generate_s"]), True
    for database in (empty, full):
        env = {**ENV, "DATABASE_URL": f"sqlite:///{database}"}
        for command in (["migrate", "--noinput"], ["load_seed"], ["sync_indicators"]):
            subprocess.run(
                [PY, "manage.py", *command, "-v", "0"], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL
            )
    log(f"generating {ROWS} rows")
    generate_s = round(manage("generate_demo", "--participants", str(ROWS), "-v", "0"), 1)
    if entry is not None:
        entry.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(empty, entry / empty.name)
        shutil.copyfile(full, entry / full.name)
        (entry / "done.json").write_text(json.dumps({"generate_s": generate_s}))  # written last: the entry is whole
        log(f"cached in {entry}")
    return generate_s, False


def half_years() -> list[str]:
    return [f"{y}S{h}" for y in range(2018, 2026) for h in (1, 2)]


def engine_query(program: Any) -> Any:
    from acthub.indicators.query import query

    return query(program, "PEOPLE_TRAINED_UNIQUE", periods=half_years(), by=["sex", "place"], synthetic=True)


def disclosure_share(program: Any, figures: dict[str, Any], runs: int = 5) -> None:
    """The cost of disclosure control in a public table of about 1,000 cells of a sensitive indicator.

    PARTICIPATIONS is marked sensitive (in this throwaway database) and asked for by an anonymous user,
    by place x agency type over enough calendar periods to make about 1,000 cells. The disclosure step
    (choosing the block's perturbations and deciding each cell) is timed inside the query.
    """
    from acthub.indicators import disclosure
    from acthub.indicators import query as engine_query_module
    from acthub.indicators.models import Indicator

    Indicator.objects.filter(code="PARTICIPATIONS").update(is_sensitive=True)
    spent = [0.0]

    def timed(function: Any) -> Any:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                spent[0] += time.perf_counter() - start

        return wrapper

    periods: list[str] = []
    for year in range(2024, 2017, -1):
        periods += [str(year), f"{year}S1", f"{year}S2", *[f"{year}Q{n}" for n in range(1, 5)]]

    def ask(n: int) -> Any:
        return engine_query_module.query(
            program, "PARTICIPATIONS", periods=periods[:n], by=["place", "agency_type"], synthetic=True
        )

    size = 1
    while size < len(periods) and len(ask(size).cells) < 1000:
        size += 1
    result = ask(size)
    figures["public_table_cells"] = len(result.cells)
    figures["public_table_suppressed"] = sum(c.suppressed for c in result.cells)
    original = (disclosure.protect, engine_query_module._protect)
    # The query calls both through their modules, so timing wrappers set here are the ones it runs.
    setattr(disclosure, "protect", timed(original[0]))  # noqa: B010
    setattr(engine_query_module, "_protect", timed(original[1]))  # noqa: B010
    try:
        times, steps = [], []
        for _ in range(runs):
            spent[0] = 0.0
            start = time.perf_counter()
            ask(size)
            times.append(time.perf_counter() - start)
            steps.append(spent[0])
    finally:
        setattr(disclosure, "protect", original[0])  # noqa: B010
        setattr(engine_query_module, "_protect", original[1])  # noqa: B010
        Indicator.objects.filter(code="PARTICIPATIONS").update(is_sensitive=False)
    figures["public_table_ms"] = round(statistics.median(times) * 1000, 3)
    figures["disclosure_ms"] = round(statistics.median(steps) * 1000, 3)
    figures["disclosure_share"] = round(figures["disclosure_ms"] / figures["public_table_ms"], 4)


def export_raw(path: Path) -> int:
    """The raw rows (person, sex, country, start date, role) of the synthetic population, as CSV."""
    from django.db import connection

    count = 0
    with path.open("w", newline="") as out, connection.cursor() as cur:
        writer = csv.writer(out)
        writer.writerow(["person_key", "sex", "country", "start_date", "role"])
        cur.execute(
            "SELECT p.person_key, p.sex, c.code, a.start_date, p.role FROM activities_participation p "
            "JOIN activities_activity a ON a.id = p.activity_id JOIN core_country c ON c.id = p.country_id "
            "WHERE p.is_synthetic OR a.is_synthetic"
        )
        while batch := cur.fetchmany(50_000):
            writer.writerows(batch)
            count += len(batch)
    return count


DUCKDB_SQL = (
    "SELECT country, sex, year(start_date) * 10 + CASE WHEN month(start_date) <= 6 THEN 1 ELSE 2 END AS half, "
    "COUNT(DISTINCT person_key) AS people FROM raw WHERE role = 'trainee' GROUP BY ALL"
)


def duckdb_ms(path: Path) -> tuple[float, dict[tuple[str, str, str], int]]:
    import duckdb

    db = duckdb.connect()
    db.execute(f"CREATE TABLE raw AS SELECT * FROM read_csv('{path}', header = true)")  # not timed
    ms = median_ms(lambda: db.execute(DUCKDB_SQL).fetchall(), 10)
    found = {}
    for country, sex, half, people in db.execute(DUCKDB_SQL).fetchall():
        found[(f"{half // 10}S{half % 10}", country, sex)] = people
    return ms, found


def engine_cells(result: Any) -> dict[tuple[str, str, str], int]:
    return {
        (c.period.id, c.place, c.value_of("sex")): int(c.value)
        for c in result.cells
        if c.place != "REGION" and c.value_of("sex") and c.value
    }


def import_file(program: Any, path: Path) -> int:
    """New synthetic activities and a participant CSV for them, in the import template's columns."""
    from datetime import date, timedelta

    from acthub.activities.demo import STATE_AGENCIES
    from acthub.activities.models import Activity
    from acthub.core.models import Country

    rng = random.Random(7)
    countries = list(Country.objects.values_list("code", flat=True)) or ["LA"]
    count = max(1, IMPORT_ROWS // 40)
    activities = Activity.objects.bulk_create(
        Activity(
            program=program,
            code=f"BENCH-IMPORT-{n:06d}",
            kind="training",
            title=f"Benchmark import training {n}",
            start_date=date(2018, 1, 1) + timedelta(days=rng.randrange(2900)),
            end_date=date(2026, 1, 1),
            is_synthetic=True,
        )
        for n in range(count)
    )
    pool = max(40, int(IMPORT_ROWS / 2.5))
    agencies = ["police", "prosecution", "judiciary", "social_welfare", "civil_society", "academia", "other"]
    written = 0
    with path.open("w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["activity", "person_key", "sex", "age_band", "agency_type", "sector", "country", "role"])
        per, extra = divmod(IMPORT_ROWS, count)
        for index, activity in enumerate(activities):
            for person in rng.sample(range(pool), min(pool, per + (1 if index < extra else 0))):
                agency = agencies[person % len(agencies)]
                sector = "state" if agency in {str(a) for a in STATE_AGENCIES} else "non_state"
                sex = "female" if person % 2 else "male"
                writer.writerow(
                    [
                        activity.code,
                        f"IMP-{person:08d}",
                        sex,
                        "30-38",
                        agency,
                        sector,
                        countries[person % len(countries)],
                        "trainee",
                    ]
                )
                written += 1
    return written


# The peak is VmHWM, this process's own high-water mark. Not getrusage's ru_maxrss: Linux carries the
# parent's peak over into it when the child is forked and exec'd, so it reported the benchmark's own size.
IMPORT_WRAPPER = """
import sys, time, django
django.setup()
from django.core.management import call_command
started = time.perf_counter()
call_command("import_data", "participants", sys.argv[1], "--synthetic", "--no-progress", verbosity=0)
seconds = time.perf_counter() - started
with open("/proc/self/status") as status:
    peak = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
print("IMPORT", seconds, peak / 1024)
"""


def run_import(path: Path, env: dict[str, str] | None = None) -> tuple[float | None, float | None, str]:
    done = subprocess.run(
        [PY, "-c", IMPORT_WRAPPER, str(path)], cwd=ROOT, env=env or ENV, capture_output=True, text=True, check=False
    )
    for line in done.stdout.splitlines():
        if line.startswith("IMPORT "):
            _tag, seconds, peak = line.split()
            return float(seconds), float(peak), ""
    return None, None, (done.stderr or done.stdout).strip().splitlines()[-1:][0] if (done.stderr or done.stdout) else ""


def copy_rows_per_s(path: Path, rows: int) -> float | None:
    """PostgreSQL COPY of the same CSV into a scratch database created and dropped here."""
    try:
        import psycopg
    except ImportError:
        return None
    url = PG_URL.replace("postgres://", "postgresql://")
    scratch = f"acthub_bench_copy_{os.getpid()}"
    try:
        admin = psycopg.connect(url, autocommit=True, connect_timeout=3)
    except psycopg.Error:
        return None
    try:
        admin.execute(f'CREATE DATABASE "{scratch}"')
        base, _slash, _name = url.rpartition("/")
        with psycopg.connect(f"{base}/{scratch}") as conn:
            conn.execute(
                "CREATE TABLE participants (activity text, person_key text, sex text, age_band text, "
                "agency_type text, sector text, country text, role text)"
            )
            started = time.perf_counter()
            with (
                conn.cursor().copy("COPY participants FROM STDIN WITH (FORMAT csv, HEADER true)") as copy,
                path.open("rb") as source,
            ):
                while chunk := source.read(1 << 20):
                    copy.write(chunk)
            conn.commit()
            seconds = time.perf_counter() - started
        return round(rows / seconds)
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{scratch}"')
        admin.close()


def export_activities(path: Path) -> None:
    """The import file's activities as an `activities` import file, to create them elsewhere."""
    from acthub.activities.models import Activity

    with path.open("w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["code", "kind", "title", "start_date", "end_date", "countries"])
        for code, title, start, end in Activity.objects.filter(code__startswith="BENCH-IMPORT-").values_list(
            "code", "title", "start_date", "end_date"
        ):
            writer.writerow([code, "training", title, start, end, "REGION"])


COPY_INTO_TABLE = """
CREATE TEMPORARY TABLE bench_upload (activity text, person_key text, sex text, age_band text,
    agency_type text, sector text, country text, role text);
"""
RESOLVE = """
INSERT INTO activities_participation (activity_id, person_key, sex, age_band, has_disability, agency_type,
    sector, country_id, role, is_synthetic, created, last_updated)
SELECT a.id, u.person_key, u.sex, u.age_band, NULL, u.agency_type, u.sector, c.id, u.role, true, now(), now()
FROM bench_upload u JOIN activities_activity a ON a.code = u.activity JOIN core_country c ON c.code = u.country
"""


def postgres_import(upload: Path, rows: int, figures: dict[str, Any]) -> None:
    """On a scratch PostgreSQL database with the seed program: the import, and COPY into its table."""
    try:
        import psycopg
    except ImportError:
        return
    url = PG_URL.replace("postgres://", "postgresql://")
    scratch = f"acthub_bench_import_{os.getpid()}"
    try:
        admin = psycopg.connect(url, autocommit=True, connect_timeout=3)
    except psycopg.Error:
        return
    base, _slash, _name = url.rpartition("/")
    env = {**ENV, "DATABASE_URL": f"{base}/{scratch}"}
    try:
        admin.execute(f'CREATE DATABASE "{scratch}"')
        for command in (["migrate", "--noinput"], ["load_seed"], ["sync_indicators"]):
            subprocess.run(
                [PY, "manage.py", *command, "-v", "0"], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL
            )
        activities = WORK / "activities.csv"
        export_activities(activities)
        subprocess.run(
            [PY, "manage.py", "import_data", "activities", str(activities), "--synthetic", "--no-progress", "-v", "0"],
            cwd=ROOT,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        with psycopg.connect(f"{base}/{scratch}") as conn:
            conn.execute(COPY_INTO_TABLE)
            started = time.perf_counter()
            with (
                conn.cursor().copy("COPY bench_upload FROM STDIN WITH (FORMAT csv, HEADER true)") as copy,
                upload.open("rb") as source,
            ):
                while chunk := source.read(1 << 20):
                    copy.write(chunk)
            loaded = conn.execute(RESOLVE).rowcount
            seconds = time.perf_counter() - started
            conn.rollback()
        figures["copy_table_rows_per_s"] = round(loaded / seconds) if loaded == rows else None
        import_s, peak, error = run_import(upload, env)
        figures["import_pg_rows_per_s"] = round(rows / import_s) if import_s else None
        figures["import_pg_peak_mb"] = round(peak, 1) if peak else None
        if error:
            figures["import_pg_error"] = error[:300]
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)')
        admin.close()


def main() -> None:
    started = time.perf_counter()
    figures: dict[str, Any] = {"rows": ROWS}
    try:
        log(f"scratch databases in {WORK}")
        empty = WORK / "empty.sqlite3"
        figures["generate_s"], figures["generate_cached"] = prepare(empty, WORK / "bench.sqlite3")
        if os.environ.get("BENCH_PREPARE_ONLY"):
            return
        os.environ.update(ENV)
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()
        from django.conf import settings

        from acthub.program.models import Program

        program = Program.objects.get(slug=settings.ACTHUB_DEFAULT_PROGRAM)
        for name, path in PAGES.items():
            figures[f"{name}_empty_ms"], figures[f"{name}_ms"] = page_pair(empty, WORK / "bench.sqlite3", path)
            figures[f"{name}_ratio"] = round(figures[f"{name}_ms"] / figures[f"{name}_empty_ms"], 3)
        result = engine_query(program)
        figures["indicator_ms"] = median_ms(lambda: engine_query(program), 20)
        figures["cells"] = len(result.cells)
        log(
            f"generated in {figures['generate_s']} s; page {figures['page_ms']} ms; fact sheet "
            f"{figures['factsheet_ms']} ms; engine {figures['indicator_ms']} ms"
        )
        disclosure_share(program, figures)
        log(
            f"public table of {figures['public_table_cells']} cells: {figures['public_table_ms']} ms, "
            f"disclosure {figures['disclosure_ms']} ms ({figures['disclosure_share']:.1%})"
        )
        raw = WORK / "raw.csv"
        export_raw(raw)
        figures["duckdb_ms"], duck = duckdb_ms(raw)
        raw.unlink()
        figures["engine_equals_duckdb"] = engine_cells(result) == duck
        log(f"duckdb {figures['duckdb_ms']} ms; same figures: {figures['engine_equals_duckdb']}")
        upload = WORK / "participants.csv"
        figures["import_rows"] = import_file(program, upload)
        seconds, peak, error = run_import(upload)
        figures["import_rows_per_s"] = round(figures["import_rows"] / seconds) if seconds else None
        figures["import_peak_mb"] = round(peak, 1) if peak else None
        if error:
            figures["import_error"] = error[:300]
        log(f"import: {figures['import_rows_per_s']} rows/s, peak {figures['import_peak_mb']} MB {error}")
        figures["copy_rows_per_s"] = copy_rows_per_s(upload, figures["import_rows"])
        postgres_import(upload, figures["import_rows"], figures)
        log(
            f"postgresql: import {figures.get('import_pg_rows_per_s')} rows/s, COPY into the table "
            f"{figures.get('copy_table_rows_per_s')} rows/s, bare COPY {figures['copy_rows_per_s']} rows/s"
        )
    finally:
        shutil.rmtree(WORK, ignore_errors=True)
    figures["total_s"] = round(time.perf_counter() - started, 1)
    order = ["rows", "indicator_ms", "duckdb_ms", "page_ms", "page_empty_ms", "factsheet_ms", "factsheet_empty_ms"]
    order += ["import_rows_per_s"]
    order += ["copy_rows_per_s", "import_peak_mb", "copy_table_rows_per_s", "import_pg_rows_per_s"]
    order += ["public_table_cells", "public_table_ms", "disclosure_ms", "disclosure_share"]
    print(json.dumps({**{k: figures.get(k) for k in order}, **figures}))


if __name__ == "__main__":
    main()
