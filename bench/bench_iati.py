"""Benchmark: the IATI activity file of a large program, built and validated against the official schema.

    .venv/bin/python bench/bench_iati.py [--projects 300] [--runs 3]

Sets up a throwaway SQLite database with the seed program, adds synthetic projects (each with a grant
of the grants program and two disbursements; marked "synthetic benchmark data"), then times
`acthub.iati.services.activity_file` (query, build, serialise, re-parse, XSD and rules): the first run
cold (schema parsed), then warm runs. Prints one JSON line with the file's size, the activities, the
database queries of a warm run and the seconds. Target: under 5 s warm for 300 projects on 2 cores.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from datetime import date
from decimal import Decimal
from io import StringIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_SECONDS = 5.0


def setup(workdir: Path) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_seed", verbosity=0, stdout=StringIO())


def add_projects(count: int) -> None:
    from acthub.core.models import Country
    from acthub.directory.models import Organisation
    from acthub.program.models import Disbursement, Grant, GrantRound, Program, Project

    program = Program.objects.get(slug="asean-act")
    grant_round = GrantRound.objects.get(program=program)
    countries = list(Country.objects.filter(code__in=["KH", "LA", "PH", "TH", "VN"]))
    for n in range(count):
        project = Project.objects.create(
            program=program,
            title=f"Synthetic benchmark project {n}",
            summary="synthetic benchmark data",
            start_date=date(2019, 1, 1),
            end_date=date(2024, 6, 30),
            is_regional=n % 6 == 0,
        )
        project.countries.set(countries[: 1 + n % len(countries)])
        grantee = Organisation.objects.create(name=f"Synthetic benchmark grantee {n}", type="civil_society")
        grant = Grant.objects.create(
            program=program,
            round=grant_round,
            grantee=grantee,
            project=project,
            amount=Decimal(50000 + n),
            currency="AUD" if n % 3 else "USD",
            start_date=date(2021, 7, 1),
            end_date=date(2022, 6, 30),
            purpose="synthetic benchmark data",
        )
        for month in (8, 12):
            Disbursement.objects.create(grant=grant, date=date(2021, month, 1), amount=Decimal(20000))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=300)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        setup(Path(tmp))
        add_projects(args.projects)
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        from acthub.iati.services import activity_file

        times = []
        data = b""
        queries = 0
        for _run in range(max(args.runs, 2)):
            with CaptureQueriesContext(connection) as captured:
                start = time.perf_counter()
                data = activity_file()
                times.append(time.perf_counter() - start)
            queries = len(captured.captured_queries)
        warm = min(times[1:])
        print(
            json.dumps(
                {
                    "benchmark": "iati_export",
                    "projects": args.projects,
                    "activities": data.count(b"<iati-activity "),
                    "bytes": len(data),
                    "queries_warm": queries,
                    "cold_s": round(times[0], 3),
                    "warm_s": round(warm, 3),
                    "target_s": TARGET_SECONDS,
                    "ok": warm < TARGET_SECONDS,
                }
            )
        )


if __name__ == "__main__":
    main()
