"""`manage.py generate_demo --participants N`: synthetic activities and participation for demos and benchmarks.

The rows are marked synthetic and kept out of every published figure (they form their own population
in the aggregates; the pivot shows them to staff with `synthetic=1`).
"""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from acthub.activities.demo import generate
from acthub.core.progress import progress
from acthub.program.models import Program


class Command(BaseCommand):
    help = "Generate synthetic activities and participation rows (marked synthetic), then update the aggregates."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--participants", type=int, default=0, help="Participation rows to generate.")
        parser.add_argument(
            "--cases", type=int, default=0, help="Synthetic court cases to generate (acthub.justice.demo)."
        )
        parser.add_argument("--victims-per-case", type=float, default=3.0, help="Mean victims per generated case.")
        parser.add_argument(
            "--public",
            action="store_true",
            help=(
                "A demo instance: the synthetic cases also feed the public outputs (justice figures, open data, "
                "API), each of which then says the data is synthetic."
            ),
        )
        parser.add_argument("--program", default=settings.ACTHUB_DEFAULT_PROGRAM, help="Slug of the program.")
        parser.add_argument("--seed", type=int, default=0, help="Random seed (same seed, same data).")
        parser.add_argument("--per-activity", type=int, default=40, help="Participants per activity.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["participants"] < 0 or options["cases"] < 0 or options["participants"] + options["cases"] < 1:
            raise CommandError("Give --participants or --cases (at least 1).")
        if options["cases"]:
            self._cases(options)
        if not options["participants"]:
            return
        program = Program.objects.filter(slug=options["program"]).first()
        if program is None:
            program = Program.objects.create(
                slug=options["program"], name="Synthetic demo program", acronym="DEMO", start_year=2018, end_year=2028
            )
        started = time.perf_counter()
        with progress(total=options["participants"], unit="rows", disable=options["verbosity"] < 1) as bar:

            def tick(rows: int) -> None:
                bar.update(rows)

            made = generate(
                program,
                options["participants"],
                seed=options["seed"],
                per_activity=options["per_activity"],
                tick=tick,
            )
        if options["verbosity"] >= 1:
            self.stdout.write(
                f"{made['participations']} synthetic participations of {made['people']} people in "
                f"{made['activities']} activities, aggregates updated, in {time.perf_counter() - started:.1f} s"
            )

    def _cases(self, options: dict[str, Any]) -> None:
        from acthub.justice.demo import generate_cases

        started = time.perf_counter()
        with progress(total=options["cases"], unit="cases", disable=options["verbosity"] < 1) as bar:
            made = generate_cases(
                options["cases"],
                seed=options["seed"],
                victims_per_case=options["victims_per_case"],
                public=options["public"],
                tick=bar.update,
            )
        if options["verbosity"] >= 1:
            self.stdout.write(
                f"{made['cases']} synthetic court cases with {made['victims']} victims and {made['defendants']} "
                f"defendants, in {time.perf_counter() - started:.1f} s"
                + (" (they also feed the public outputs, marked synthetic)" if options["public"] else "")
            )
