"""`manage.py load_actip`: load the Convention's articles and the ratifications, all or nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from acthub.actip.reference import ReferenceInvalid, load_reference


class Command(BaseCommand):
    help = "Load the ACTIP articles and ratifications (default: the files in acthub/actip/data/)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--articles", help="An articles CSV (columns as data/articles.csv).")
        parser.add_argument("--ratifications", help="A ratifications CSV (columns as data/ratifications.csv).")

    def handle(self, *args: Any, **options: Any) -> None:
        files = {}
        for key in ("articles", "ratifications"):
            if options[key]:
                path = Path(options[key])
                if not path.is_file():
                    raise CommandError(f"{path}: no such file.")
                files[key] = (path.name, path.read_bytes())
        try:
            written = load_reference(files.get("articles"), files.get("ratifications"))
        except ReferenceInvalid as error:
            raise CommandError(f"Nothing was loaded:\n{error}") from error
        self.stdout.write(
            self.style.SUCCESS(
                f"ACTIP: {written['articles']} article(s), {written['ratifications']} ratification(s) written."
            )
        )
