"""Benchmark: every fact sheet of a period as PDF (the region and each country with programming).

    .venv/bin/python bench/bench_factsheets.py [--period 2021S1] [--runs 3]

Sets up a throwaway SQLite database with the seed program. The seed has figures for the region and
Lao PDR only, so each other country with active or establishing programming gets two synthetic
figures (people trained, share of women; marked "synthetic benchmark data"), so that every sheet is
made. Then times `manage.py factsheet --all --format pdf` in this process: the first run cold (fonts
and stylesheets loaded), then warm runs. Prints one JSON line. Target: under 10 s in total on a
2-core machine.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from io import StringIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_SECONDS = 10.0


def setup(workdir: Path) -> None:
    """Django on a fresh SQLite file, migrated, with the seed program loaded."""
    sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ["DJANGO_MEDIA_ROOT"] = str(workdir / "media")
    os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_seed", verbosity=0, stdout=StringIO())


def add_synthetic_figures(period: str) -> int:
    """Figures for the countries with programming that have none for the period; returns how many."""
    from decimal import Decimal

    from acthub.factsheets.content import resolve_period, resolve_program, sheet_scopes
    from acthub.factsheets.figures import SheetFigures
    from acthub.indicators.engine import FigureSet
    from acthub.indicators.models import DataValue, Indicator

    program = resolve_program()
    figures = SheetFigures(FigureSet.load(program), resolve_period(period))
    added = 0
    for number, scope in enumerate(sheet_scopes(program)):
        if scope.country is None or figures.has_data(scope.code):
            continue
        for code, value in (("PEOPLE_TRAINED", 40 + 7 * number), ("PEOPLE_TRAINED_FEMALE_PCT", 30 + number)):
            DataValue.objects.create(
                program=program,
                indicator=Indicator.objects.get(code=code),
                period=period,
                country=scope.country,
                value=Decimal(value),
                source_document="synthetic benchmark data",
                note="Made up by bench/bench_factsheets.py; not a real figure.",
            )
            added += 1
    return added


def run_all(period: str, folder: Path) -> tuple[float, int]:
    """One `factsheet --all --format pdf` run: seconds taken and sheets written."""
    from django.core.management import call_command

    started = time.perf_counter()
    call_command(
        "factsheet", all=True, period=period, format="pdf", output_dir=str(folder), verbosity=0, stderr=StringIO()
    )
    seconds = time.perf_counter() - started
    return seconds, len(list(folder.glob("*.pdf")))


def count_pages(folder: Path) -> int | None:
    """Pages of every PDF in a folder (None without pypdf, a development dependency)."""
    try:
        from pypdf import PdfReader
    except ImportError:
        return None
    return sum(len(PdfReader(pdf).pages) for pdf in folder.glob("*.pdf"))


def main() -> None:
    """Set up, time the runs and print the JSON line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--period", default="2021S1")
    parser.add_argument("--runs", type=int, default=3, help="Runs in all; the first is cold.")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="acthub-bench-factsheets-") as tmp:
        workdir = Path(tmp)
        setup(workdir)
        synthetic = add_synthetic_figures(args.period)
        timings, sheets = [], 0
        for run in range(max(args.runs, 1)):
            seconds, sheets = run_all(args.period, workdir / f"run-{run}")
            timings.append(seconds)
        pages = count_pages(workdir / "run-0")
    result = {
        "benchmark": "factsheets_all_pdf",
        "period": args.period,
        "sheets": sheets,
        "synthetic_values": synthetic,
        "cold_seconds": round(timings[0], 2),
        "warm_seconds": round(min(timings[1:]), 2) if len(timings) > 1 else None,
        "per_sheet_cold_seconds": round(timings[0] / max(sheets, 1), 3),
        "pages": pages,
        "target_seconds": TARGET_SECONDS,
        "within_target": timings[0] < TARGET_SECONDS,
        "cpus": os.cpu_count(),
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
