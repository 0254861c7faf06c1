"""`manage.py factsheet`: one sheet, or every sheet of a period, as HTML, PDF or JSON, from live data.

    manage.py factsheet --scope LA --period 2021S1 --format pdf --output lao.pdf [--language lo]
    manage.py factsheet --all --period 2021S1 --output-dir sheets/ [--format pdf] [--language en]

Sheets show what the public may see (as a published edition would): approved data only, unless
`--include-pending` asks for a draft with the data still waiting for approval, which then says so on
every page (and in its JSON). `--all` makes the regional sheet
and one per country with active or establishing programming; a country without figures for the
period is skipped with a warning.
"""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from acthub.approvals.population import including_pending
from acthub.core.progress import progress
from acthub.factsheets import services
from acthub.factsheets.choices import Format
from acthub.factsheets.content import (
    FactSheetError,
    NoDataError,
    resolve_period,
    resolve_program,
    resolve_scope,
    sheet_scopes,
)
from acthub.factsheets.forms import LANGUAGE_CODE, translated_languages
from acthub.indicators.engine import FigureSet


class Command(BaseCommand):
    """Render fact sheets from live data as HTML, PDF or JSON."""

    help = "Render fact sheets from live data: one (--scope) or all of a period (--all), as HTML, PDF or JSON."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scope", help="REGION or a country code, e.g. LA.")
        parser.add_argument("--all", action="store_true", help="The region and every country with programming.")
        parser.add_argument("--period", required=True, help="The period covered: 2021S1, 2021, 2021Q2, 202106...")
        parser.add_argument(
            "--format",
            choices=Format.values,
            help="html, pdf or json (default: the output file's suffix; with --all, all three).",
        )
        parser.add_argument("--output", help="The file to write (with --scope).")
        parser.add_argument("--output-dir", help="The folder to write into (with --all).")
        parser.add_argument("--language", default="en", help="en, lo, ... (untranslated text falls back to English).")
        parser.add_argument("--date-label", default="", help='As printed, e.g. "JUNE 2021" (default: from the period).')
        parser.add_argument("--program", help="The program's slug (default: the portal's program).")
        parser.add_argument("--base-url", help="Where links in a PDF point, e.g. https://acthub.example.org/.")
        parser.add_argument(
            "--include-pending",
            action="store_true",
            help="A draft with data not yet approved; every page says so. Default: approved data only.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["all"] == bool(options["scope"]):
            raise CommandError("Give either --scope REGION|<country code> or --all.")
        language = str(options["language"]).strip().lower()
        if not LANGUAGE_CODE.match(language):
            raise CommandError(f"{options['language']!r} is not a language code: use en, lo, km, th, ...")
        if language not in translated_languages():
            self.stderr.write(
                self.style.WARNING(f"No translation for {language!r}: text without one is shown in English.")
            )
        if options["include_pending"] and options["verbosity"]:
            self.stderr.write(self.style.WARNING("Draft: the sheets include data not yet approved."))
        try:
            program = resolve_program(options["program"])
            period = resolve_period(options["period"])
            with including_pending(options["include_pending"]):
                if options["all"]:
                    self._all(program, period, language, options)
                else:
                    self._one(program, period, language, options)
        except FactSheetError as exc:
            raise CommandError(str(exc)) from exc

    def _one(self, program: Any, period: Any, language: str, options: dict[str, Any]) -> None:
        if not options["output"]:
            raise CommandError("Give --output FILE.")
        output = Path(options["output"])
        fmt = options["format"] or output.suffix.lstrip(".").lower()
        if fmt not in Format.values:
            raise CommandError("Give --format html, pdf or json (the output file's suffix does not say).")
        scope = resolve_scope(options["scope"])
        started = time.perf_counter()
        rendered = services.make_sheet(program, scope, period, language=language, date_label=options["date_label"])
        data = services.render_bytes(rendered, fmt, options["base_url"])
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_bytes(data)
        if options["verbosity"]:
            seconds = time.perf_counter() - started
            size = f"{len(data):,} bytes"
            self.stdout.write(f"{scope.name} ({period.id}, {language}): {output} ({size}, {seconds:.2f} s)")

    def _all(self, program: Any, period: Any, language: str, options: dict[str, Any]) -> None:
        if not options["output_dir"]:
            raise CommandError("Give --output-dir DIR.")
        folder = Path(options["output_dir"])
        folder.mkdir(parents=True, exist_ok=True)
        formats = [options["format"]] if options["format"] else list(Format.values)
        figures = FigureSet.load(program)  # one query for every sheet
        scopes = sheet_scopes(program)
        written, skipped = 0, []
        started = time.perf_counter()
        bar = progress(scopes, desc="Fact sheets", unit="sheet", disable=not options["verbosity"])
        for scope in bar:
            bar.set_postfix_str(scope.code)
            try:
                rendered = services.make_sheet(
                    program, scope, period, language=language, date_label=options["date_label"], figures=figures
                )
            except NoDataError as exc:
                skipped.append(str(exc))
                continue
            stem = re.sub(r"[^0-9A-Za-z]+", "-", f"{program.slug}-{scope.code}-{period.id}-{language}")
            for fmt in formats:
                (folder / f"{stem}.{fmt}").write_bytes(services.render_bytes(rendered, fmt, options["base_url"]))
            written += 1
        for reason in skipped:
            self.stderr.write(self.style.WARNING(f"Skipped: {reason}"))
        if not written:
            raise CommandError(f"No sheet has figures for {period.id}.")
        if options["verbosity"]:
            seconds = time.perf_counter() - started
            self.stdout.write(
                f"{written} sheet(s) for {period.id} in {folder} ({', '.join(formats)}), {seconds:.2f} s; "
                f"{len(skipped)} skipped."
            )
