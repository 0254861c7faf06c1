"""Import jobs: create one from a file, validate it (dry run), commit it in one transaction or not at all.

The staff pages run these through the `run_import` task; `manage.py import_data` calls them directly.
Rows are read in chunks from the stored file, so that memory does not grow with the file.

Audit: rows are inserted in bulk, which bypasses the per-record change log. The ImportJob is the
record of the import (who created and committed it, the file's SHA-256, the counts, the errors) and
its status changes are logged as changes of the job.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from django.core.files import File
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connection, connections, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from acthub.approvals.services import APPROVE, ApprovalRefused, approve_at_commit, refusal
from acthub.audit.context import acting
from acthub.core.access import visible_or_own, writable_country_ids
from acthub.imports.choices import ImportKind
from acthub.imports.columns import Positions, header_positions, mapped_positions, normalise
from acthub.imports.kinds import handler_class
from acthub.imports.kinds.base import NEW, UNCHANGED, Context, Handler, Lookups, RowError
from acthub.imports.models import ColumnMapping, ImportJob
from acthub.imports.readers import FileRejected, RowsBroken, inspect_file, iter_rows, select_cells
from acthub.imports.specs import KINDS
from acthub.imports.uploads import discard_upload

logger = logging.getLogger(__name__)

CHUNK_ROWS = 2000
PREVIEW_ROWS = 20
MAX_STORED_ERRORS = 1000
PROGRESS_EVERY_S = 0.5
HIDDEN = "•••"
# Kinds whose rows feed the activities' maintained aggregates.
ACTIVITY_KINDS = {ImportKind.ACTIVITIES, ImportKind.PARTICIPANTS, ImportKind.ATTENDANCE, ImportKind.KOBO_ATTENDANCE}

Status = ImportJob.Status
ProgressCallback = Callable[[int], None]
ErrorCallback = Callable[[RowError], None]


def allowed_countries(user: Any) -> set[int] | None:
    """The country ids whose rows `user` may import; None means every country (and the region)."""
    return writable_country_ids(user)  # None for the system: the command run without --user


def visible_jobs(user: Any) -> Any:
    """The jobs a user may see: everything the access rules grant (regional roles), and their own."""
    return visible_or_own(ImportJob.objects.all(), user, owner_field="created_by").select_related(
        "program", "created_by", "mapping"
    )


def create_job(
    *,
    program: Any,
    kind: str,
    stream: IO[bytes],
    name: str,
    acting_user: Any,
    mapping: ColumnMapping | None = None,
    store: bool = True,
    synthetic: bool = False,
) -> ImportJob:
    """Check the file (size, type by content) and record a job for it; FileRejected says why not.

    `store=False` (the command) records the job without copying the file into storage.
    """
    if kind == ImportKind.KOBO_ATTENDANCE and mapping is None:
        raise FileRejected(_("A KoboToolbox export needs a column mapping."))
    # KoboToolbox exports its data as XLSX or as CSV (";" or "," separated, often with a BOM): both are
    # read like any other upload, and the mapping matches group-prefixed headers ("group_p/sex").
    info = inspect_file(stream)
    job = ImportJob(
        program=program,
        kind=kind,
        mapping=mapping,
        original_name=Path(name).name[:255],
        size=info.size,
        sha256=info.sha256,
        file_format=info.format,
        total_rows=max(info.estimated_rows - 1, 0),
        created_by=acting_user if getattr(acting_user, "pk", None) else None,
        is_synthetic=synthetic,
    )
    if store:
        job.file.save(Path(name).name, File(stream), save=False)
    with acting(acting_user, via="import"):
        job.save()
    return job


def run_job(
    job: ImportJob,
    *,
    commit: bool,
    acting_user: Any = None,
    path: str | Path | None = None,
    on_progress: ProgressCallback | None = None,
    on_error: ErrorCallback | None = None,
    approve: bool = False,
) -> ImportJob:
    """Validate every row of the job's file; with `commit`, write them all in one transaction or none.

    `path` reads a local file instead of the stored one (the command). Errors go to the job (the first
    MAX_STORED_ERRORS of them) and, all of them, to `on_error`. Committed rows wait for approval
    (acthub.approvals) unless `approve`: then the acting user's approval is part of the same transaction,
    and a user who may not approve these rows gets an error and nothing written.

    The stored upload is deleted once the job is committed or has failed: it may hold names and phone
    numbers, and a failed file is uploaded again once fixed (see `purge_uploads` for abandoned ones).
    """
    user = acting_user if acting_user is not None else job.created_by
    job.status = Status.COMMITTING if commit else Status.VALIDATING
    job.processed_rows, job.errors, job.preview, job.message = 0, [], [], ""
    if commit and getattr(user, "pk", None):
        job.committed_by = user
    with acting(user, via="import"):
        job.save()
    run = _Run(job, user, on_progress, on_error)
    run.approve = approve and commit
    try:
        with _open(job, path) as stream:
            if commit:
                run.commit(stream)
            else:
                run.scan(stream, write=False)
                run.finish(Status.ERROR if run.fatal else Status.VALIDATED)
    except (RowsBroken, FileRejected) as exc:
        row = exc.row if isinstance(exc, RowsBroken) else 0
        run.error(RowError(row, "", str(exc)))
        run.finish(Status.ERROR, _("The file could not be read to the end: nothing was written."))
    except DatabaseError as exc:
        logger.exception("import job %s failed in the database", job.pk)
        run.finish(
            Status.ERROR, _("The database refused the import (%(error)s): nothing was written.") % {"error": exc}
        )
    if job.status in (Status.COMPLETE, Status.ERROR) or job.error_count:
        discard_upload(job)  # committed, or failed: a file with errors cannot be committed, only fixed
    return job


def _after_import(job: ImportJob) -> None:
    """Let the activities app refresh what it maintains from participation (when it provides the hook)."""
    try:
        from acthub.activities import services
    except ImportError:
        return
    if hasattr(services, "after_participations_imported"):
        services.after_participations_imported(job)


@contextmanager
def _open(job: ImportJob, path: str | Path | None) -> Iterator[IO[bytes]]:
    if path is not None:
        with Path(path).open("rb") as stream:
            yield stream
        return
    if not job.file:
        raise FileRejected(_("The file of this import is no longer stored: upload it again."))
    storage = job.file.storage
    try:
        local = storage.path(job.file.name)
    except NotImplementedError:  # remote storage: openpyxl needs a seekable local file
        import shutil
        import tempfile

        with tempfile.TemporaryFile() as copy, storage.open(job.file.name, "rb") as remote:
            shutil.copyfileobj(remote, copy, 1024 * 1024)
            copy.seek(0)
            yield copy
        return
    with Path(local).open("rb") as stream:
        yield stream


class _Rollback(Exception):
    """Raised inside the commit's transaction to undo it when any row is invalid."""


class _Run:
    """One pass over a job's file: counts, errors, preview, progress."""

    def __init__(
        self, job: ImportJob, user: Any, on_progress: ProgressCallback | None, on_error: ErrorCallback | None
    ) -> None:
        self.job, self.user = job, user
        self.on_progress, self.on_error = on_progress, on_error
        self.rows = self.created = self.unchanged = self.error_count = 0
        self.errors: list[dict[str, Any]] = []
        self.preview: list[dict[str, Any]] = []
        self.spec = KINDS[job.target_kind]
        self.hidden = [i for i, c in enumerate(self.spec.columns) if c.sensitive]
        self.column_order = {name: i for i, name in enumerate(self.spec.names)}
        self.handler: Handler | None = None
        self.sensitive_present = False
        # The file as a whole cannot be imported (no header, wrong columns, no rows): status error.
        self.fatal = False
        self._last_progress = 0.0
        self._side: Any = None
        self.approve = False

    # Passes --------------------------------------------------------------------------------------

    def commit(self, stream: IO[bytes]) -> None:
        try:
            with transaction.atomic():
                self.scan(stream, write=True)
                if self.error_count or self.handler is None:
                    raise _Rollback
                self.handler.finish()
                if self.approve:
                    # Checked before the job is marked complete, on the rows as written.
                    problem = refusal(self.user, self.job, APPROVE, at_commit=True)
                    if problem:
                        raise ApprovalRefused(problem)
                self.finish(Status.COMPLETE)
                if self.job.kind in ACTIVITY_KINDS:
                    _after_import(self.job)
                if self.approve:
                    approve_at_commit(self.job, acting_user=self.user)
        except _Rollback:
            self.finish(Status.ERROR, _("%(count)s error(s): nothing was written.") % {"count": self.error_count})
            return
        except ApprovalRefused as exc:
            self.error(RowError(0, "", str(exc)))
            self.finish(Status.ERROR, _("Not approved (%(reason)s): nothing was written.") % {"reason": exc})
            return
        finally:
            self._close_side()

    def scan(self, stream: IO[bytes], *, write: bool) -> None:
        rows = iter_rows(stream, self.job.file_format or "csv")
        first = next(rows, None)
        if first is None:
            self.fatal = True
            self.error(RowError(1, "", _("The file is empty: it has no header row.")))
            return
        header_row, header = first
        positions, problems = self._positions(header, header_row)
        for problem in problems:
            self.error(problem)
        if problems:
            self.fatal = True
            return
        self.sensitive_present = any(positions[i] is not None for i in self.hidden)
        # Columns a kind ignores (an HTCDS spreadsheet's names and addresses) are not stored, nor the file.
        self.sensitive_present |= bool(self.spec.ignored & {normalise(h) for h in header})
        self.handler = handler_class(self.job.target_kind)(self._context(), Lookups(self.job.program))
        width = len(header)
        chunk: list[tuple[int, list[str]]] = []
        for n, cells in rows:
            if len(cells) > width and any(cells[width:]):
                self.error(
                    RowError(
                        n,
                        "",
                        _("The row has %(cells)s cells; the header has %(width)s columns.")
                        % {"cells": len(cells), "width": width},
                    )
                )
                self.rows += 1
                continue
            chunk.append((n, select_cells(cells, positions)))
            if len(chunk) >= CHUNK_ROWS:
                self._chunk(chunk, write)
                chunk = []
        if chunk:
            self._chunk(chunk, write)
        if self.rows == 0:
            self.fatal = True
            self.error(RowError(header_row + 1, "", _("The file has a header but no data rows.")))

    def _positions(self, header: list[str], row: int) -> tuple[Positions, list[RowError]]:
        if self.job.kind == ImportKind.KOBO_ATTENDANCE:
            mapping = self.job.mapping.mapping if self.job.mapping else {}
            return mapped_positions(self.spec, mapping, header, row)
        return header_positions(self.spec, header, row)

    def _context(self) -> Context:
        return Context(
            program=self.job.program,
            user=self.user,
            allowed_countries=allowed_countries(self.user),
            job=self.job,
            now=timezone.now(),
            synthetic=self.job.is_synthetic,
            pending=not self.approve,
        )

    def _chunk(self, chunk: list[tuple[int, list[str]]], write: bool) -> None:
        assert self.handler is not None  # noqa: S101 - set by scan() before the first chunk
        problems: list[RowError] = []
        result = self.handler.validate(chunk, problems)
        # Checks against the database come last: list problems in file order, row then column.
        problems.sort(key=lambda p: (p.row, self.column_order.get(p.column, -1)))
        for problem in problems:
            self.error(problem)
        if len(self.preview) < PREVIEW_ROWS:
            self._add_preview(chunk, result.statuses, problems)
        self.rows += len(chunk)
        self.created += result.statuses.count(NEW)
        self.unchanged += result.statuses.count(UNCHANGED)
        if write and not self.error_count:
            self.handler.write(result)
        self._progress()

    def _add_preview(self, chunk: list[tuple[int, list[str]]], statuses: list[str], problems: list[RowError]) -> None:
        reasons: dict[int, list[str]] = {}
        for p in problems:
            reasons.setdefault(p.row, []).append(f"{p.column}: {p.reason}" if p.column else p.reason)
        for (n, cells), status in zip(chunk, statuses, strict=True):
            if len(self.preview) >= PREVIEW_ROWS:
                break
            values = list(cells)
            for i in self.hidden:
                if values[i]:
                    values[i] = HIDDEN
            self.preview.append({"row": n, "status": status, "values": values, "reasons": reasons.get(n, [])})

    # Reporting -----------------------------------------------------------------------------------

    def error(self, problem: RowError) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_STORED_ERRORS:
            self.errors.append(problem.as_dict())
        if self.on_error is not None:
            self.on_error(problem)

    def _progress(self) -> None:
        if self.on_progress is not None:
            self.on_progress(self.rows)
        now = time.monotonic()
        if now - self._last_progress < PROGRESS_EVERY_S:
            return
        self._last_progress = now
        total = max(self.job.total_rows, self.rows)
        if not connection.in_atomic_block:
            ImportJob.objects.filter(pk=self.job.pk).update(processed_rows=self.rows, total_rows=total)
        elif connection.vendor == "postgresql":
            # Inside the commit's transaction the job row's update would stay invisible until the end;
            # a second connection makes progress visible. (SQLite allows one writer: no progress there.)
            if self._side is None:
                self._side = connections.create_connection(DEFAULT_DB_ALIAS)
            table = connection.ops.quote_name(ImportJob._meta.db_table)
            with self._side.cursor() as cursor:
                cursor.execute(
                    f"UPDATE {table} SET processed_rows = %s, total_rows = %s WHERE id = %s",  # noqa: S608
                    [self.rows, total, self.job.pk],
                )

    def _close_side(self) -> None:
        if self._side is not None:
            self._side.close()
            self._side = None

    def finish(self, status: str, message: str = "") -> None:
        """Store the outcome on the job (inside the commit's transaction when committing)."""
        job = self.job
        job.status = status
        job.total_rows = job.processed_rows = self.rows
        # After a failed commit nothing was created; after a dry run, "created" counts the rows that would be.
        job.created_rows = 0 if status == Status.ERROR else self.created
        job.unchanged_rows = self.unchanged
        job.error_count = self.error_count
        job.errors = self.errors
        job.preview = self.preview
        job.finished_at = timezone.now()
        if status == Status.COMPLETE:
            job.approval = ImportJob.Approval.PENDING
        job.message = message or self._message(status)
        with acting(self.user, via="import"):
            job.save()

    def _message(self, status: str) -> str:
        counts = {"rows": self.rows, "new": self.created, "unchanged": self.unchanged, "errors": self.error_count}
        notes = self.handler.notes(committed=status == Status.COMPLETE) if self.handler and not self.error_count else []
        if notes:
            return "\n".join([self._counts_message(status, counts), *notes])
        return self._counts_message(status, counts)

    def _counts_message(self, status: str, counts: dict[str, int]) -> str:
        if status == Status.COMPLETE:
            return (
                _("Committed: %(new)s new, %(unchanged)s unchanged of %(rows)s rows.") % counts
                if self.approve
                else _("Committed: %(new)s new, %(unchanged)s unchanged of %(rows)s rows; published once approved.")
                % counts
            )
        if self.error_count:
            return _("Dry run: %(errors)s error(s) in %(rows)s rows; fix the file and upload it again.") % counts
        return _("Dry run: %(new)s new and %(unchanged)s unchanged of %(rows)s rows; nothing written yet.") % counts
