"""`manage.py export_iati --output FILE`: write a program's IATI 2.03 activity file, validated first."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from acthub.iati.builder import ExportError
from acthub.iati.services import activity_file
from acthub.iati.validation import IatiInvalid
from acthub.program.models import Program


class Command(BaseCommand):
    help = "Write the program as IATI 2.03 activity XML; an invalid file is refused and nothing is written."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", required=True, help="The file to write (replaced only when valid).")
        parser.add_argument("--program", help="The program's slug (default: the one program with an IATI identifier).")
        parser.add_argument(
            "--base-url", default="", help="The site's public address, to link published fact sheets (https://...)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        program = None
        if options["program"]:
            program = Program.objects.filter(slug=options["program"]).first()
            if program is None:
                raise CommandError(f"No program has the slug {options['program']!r}.")
        try:
            data = activity_file(program, base_url=options["base_url"])
        except (ExportError, IatiInvalid) as error:
            raise CommandError(str(error)) from error
        target = Path(options["output"])
        # Written beside the target and renamed, so a reader never sees half a file.
        handle, temporary = tempfile.mkstemp(dir=target.parent or Path(), prefix=".iati-", suffix=".xml")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            Path(temporary).replace(target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        self.stdout.write(self.style.SUCCESS(f"Wrote {target} ({len(data)} bytes), valid against IATI 2.03."))
