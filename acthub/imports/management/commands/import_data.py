"""`manage.py import_data KIND FILE [--dry-run] [--approve]`: validate a file, then commit it all or nothing.

Exit code 0 on success; 1 with every error listed as `file:row:column: reason` when any row is
invalid, in which case nothing is written. The run is recorded as an import job like an upload.
Committed rows wait for approval before they are published; `--approve` commits and approves in one
step, as `--user U` when U may approve these rows, or as the system without `--user`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, TextIO, cast

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from acthub.core.progress import progress
from acthub.imports.choices import ImportKind
from acthub.imports.kinds.base import RowError
from acthub.imports.models import ColumnMapping, ImportJob
from acthub.imports.readers import FileRejected
from acthub.imports.services import create_job, run_job
from acthub.program.models import Program


class Command(BaseCommand):
    """Validate a file and commit it all or nothing, listing every error."""

    help = "Import a CSV or XLSX file (activities, participants, attendance, datavalues, kobo_attendance)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=ImportKind.values)
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="Validate only; write nothing.")
        parser.add_argument("--program", help="The program's slug (default: ACTHUB_DEFAULT_PROGRAM, or the only one).")
        parser.add_argument("--mapping", help="The column mapping's name (kobo_attendance).")
        parser.add_argument("--user", help="Import as this user: their country scope applies and the job is theirs.")
        parser.add_argument("--synthetic", action="store_true", help="Mark the rows as synthetic (demo, benchmark).")
        parser.add_argument("--no-progress", action="store_true", help="No progress bar.")
        parser.add_argument(
            "--approve",
            action="store_true",
            help="Commit and approve in one step (as --user when they may approve, else as the system).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        program = self._program(options["program"])
        mapping = self._mapping(options["kind"], options["mapping"])
        user = self._user(options["user"])
        if not path.is_file():
            raise CommandError(f"{path}: no such file.")
        if options["approve"] and options["dry_run"]:
            raise CommandError("--approve commits: it cannot be combined with --dry-run.")
        with path.open("rb") as stream:
            try:
                job = create_job(
                    program=program,
                    kind=options["kind"],
                    stream=stream,
                    name=path.name,
                    acting_user=user,
                    mapping=mapping,
                    store=False,
                    synthetic=options["synthetic"],
                )
            except FileRejected as exc:
                self.stderr.write(f"{path}: {exc}")
                raise CommandError(f"{path} was not imported: nothing was written.") from exc
        err = cast(TextIO, self.stderr._out)
        bar = progress(
            total=job.total_rows or None,
            unit=" rows",
            unit_scale=True,
            file=err,
            disable=options["no_progress"],
            mininterval=0.5,
        )

        def on_progress(done: int) -> None:
            bar.update(done - bar.n)

        def on_error(error: RowError) -> None:
            where = f"{path}:{error.row}:{error.column}" if error.column else f"{path}:{error.row}"
            bar.write(f"{where}: {error.reason}", file=err)

        try:
            run_job(
                job,
                commit=not options["dry_run"],
                acting_user=user,
                path=path,
                on_progress=on_progress,
                on_error=on_error,
                approve=options["approve"],
            )
        finally:
            bar.close()
        counts = job.summary()
        if job.status == ImportJob.Status.ERROR or job.error_count:
            raise CommandError(
                f"{path}: {counts['errors']} error(s) in {counts['rows']} rows: nothing was written (job {job.pk})."
            )
        verb = "would create" if options["dry_run"] else "created"
        state = ""
        if not options["dry_run"]:
            state = " Approved: published." if job.is_approved else " Pending approval: not published yet."
        self.stdout.write(
            f"{path}: {counts['rows']} rows, {verb} {counts['new']}, unchanged {counts['unchanged']} "
            f"(job {job.pk}).{state}"
        )
        for line in job.message.splitlines()[1:]:  # what a kind reports besides its counts
            self.stdout.write(line)

    def _program(self, slug: str | None) -> Program:
        if slug:
            program = Program.objects.filter(slug=slug).first()
            if program is None:
                raise CommandError(f"No program with slug {slug!r}.")
            return program
        program = Program.objects.filter(slug=settings.ACTHUB_DEFAULT_PROGRAM).first()
        if program is None and Program.objects.count() == 1:
            program = Program.objects.get()
        if program is None:
            raise CommandError("Say which program with --program SLUG.")
        return program

    def _mapping(self, kind: str, name: str | None) -> ColumnMapping | None:
        if kind != ImportKind.KOBO_ATTENDANCE:
            return None
        if not name:
            raise CommandError("A kobo_attendance import needs --mapping NAME.")
        mapping = ColumnMapping.objects.filter(name=name).first()
        if mapping is None:
            raise CommandError(f"No column mapping named {name!r}.")
        return mapping

    def _user(self, username: str | None) -> Any:
        if not username:
            return None
        from django.contrib.auth import get_user_model

        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"No active user {username!r}.")
        return user
