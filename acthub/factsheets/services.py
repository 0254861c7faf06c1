"""Fact sheet actions: render a sheet, keep drafts, publish frozen editions, run stored render jobs.

Writes go through `acthub.core.services.save_record`, so the actor's role and country scope are
checked and the change log records who did what. A published edition is rendered as the public sees
the data (`user=None`), whoever publishes it, because that is what it will show to everyone.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from acthub.core.access import can
from acthub.core.periods import Period
from acthub.core.services import delete_record, save_record
from acthub.indicators.engine import FigureSet
from acthub.program.models import Program

from .choices import EditionStatus, Format, JobAction, JobStatus
from .content import FactSheetError, Scope, build_sheet, default_date_label, resolve_period, resolve_scope
from .diff import SheetDiff, diff_documents
from .models import FactSheetEdition, FactSheetJob, content_hash
from .rendering import RenderedSheet, document_html, render_pdf, render_sheet, sheet_title

logger = logging.getLogger(__name__)

Progress = Callable[[int, str], None]
VIA = "factsheets"


def _no_progress(percent: int, message: str) -> None:
    """Progress callback that reports nowhere."""


def make_sheet(
    program: Program,
    scope: Scope,
    period: Period,
    *,
    language: str = "en",
    date_label: str = "",
    user: Any = None,
    staff_links: bool = False,
    figures: FigureSet | None = None,
) -> RenderedSheet:
    """Build and render one sheet (HTML fragment and JSON document) from live data."""
    sheet = build_sheet(
        program,
        scope,
        period,
        language=language,
        date_label=date_label,
        user=user,
        staff_links=staff_links,
        figures=figures,
    )
    return render_sheet(sheet)


def render_bytes(rendered: RenderedSheet, fmt: str, base_url: str | None = None) -> bytes:
    """One format of a rendered sheet as bytes: a whole HTML document, the PDF or the JSON."""
    if fmt == Format.PDF:
        return render_pdf(rendered, base_url)
    if fmt == Format.JSON:
        return rendered.json_bytes
    sheet = rendered.sheet
    title = sheet_title(sheet.program.acronym or sheet.program.name, str(sheet.scope.name), sheet.date_label)
    return document_html(rendered.html, language=sheet.language, title=title, with_styles=True).encode()


def edition_scope(edition: FactSheetEdition) -> Scope:
    """The scope of an edition."""
    return Scope(edition.scope_code, edition.country)


def draft_sheet(edition: FactSheetEdition, *, user: Any = None, staff_links: bool = False) -> RenderedSheet:
    """A draft edition rendered from today's data (as `user` may see it; None is the public)."""
    return make_sheet(
        edition.program,
        edition_scope(edition),
        edition.period_obj,
        language=edition.language,
        date_label=edition.date_label,
        user=user,
        staff_links=staff_links,
    )


def latest_period(program: Program, scope: Scope, user: Any = None) -> Period | None:
    """The most recent period with a figure for the place (the shortest one among those ending last)."""
    periods = {f.period for f in FigureSet.load(program, user, places=[scope.code])}
    if not periods:
        return None
    return max(periods, key=lambda p: (p.end, -(p.end - p.start).days))


# --- drafts and editions ---------------------------------------------------------------------------


@transaction.atomic
def do_create_draft(
    *,
    program: Program,
    scope_code: str,
    period: str,
    language: str,
    date_label: str,
    acting_user: Any,
) -> FactSheetEdition:
    """Record a draft edition's settings, once its sheet can be made (FactSheetError otherwise).

    An empty date label becomes the month the period ends, in the sheet's language ("JUNE 2021").
    """
    scope = resolve_scope(scope_code, acting_user)
    parsed = resolve_period(period)
    date_label = date_label.strip() or default_date_label(parsed, language)
    build_sheet(program, scope, parsed, language=language, date_label=date_label)  # no data: say so now
    edition = FactSheetEdition(
        program=program,
        country=scope.country,
        period=parsed.id,
        language=language,
        date_label=date_label,
        created_by=acting_user if getattr(acting_user, "pk", None) else None,
    )
    return save_record(edition, acting_user=acting_user, via=VIA)


def do_delete_draft(edition: FactSheetEdition, *, acting_user: Any) -> None:
    """Delete a draft (a published edition cannot be deleted)."""
    delete_record(edition, acting_user=acting_user, via=VIA)


def _file_stem(edition: FactSheetEdition, digest: str) -> str:
    period = re.sub(r"[^0-9A-Za-z]+", "-", edition.period)
    return f"{edition.program.slug}-{edition.scope_code}-{period}-{edition.language}-{digest[:12]}"


def do_publish_edition(
    edition: FactSheetEdition,
    *,
    acting_user: Any,
    base_url: str | None = None,
    progress: Progress = _no_progress,
) -> FactSheetEdition:
    """Render a draft as the public sees it, store its HTML, PDF and JSON with their hash, and freeze it."""
    if edition.status != EditionStatus.DRAFT:
        raise ValidationError(_("This edition has already been published."), code="published")
    if acting_user is not None and not can(acting_user, "change", edition):
        raise PermissionDenied(_("You may not publish this edition."))
    progress(10, _("Collecting the data"))
    rendered = draft_sheet(edition)
    html = rendered.html.encode()
    data = rendered.json_bytes
    progress(40, _("Rendering the PDF"))
    pdf = render_pdf(rendered, base_url)
    progress(80, _("Storing the edition"))
    digest = content_hash(html, pdf, data)
    stem = _file_stem(edition, digest)
    stored: list[Any] = []
    try:
        with transaction.atomic():
            for field, suffix, content in (
                (edition.html_file, "html", html),
                (edition.pdf_file, "pdf", pdf),
                (edition.json_file, "json", data),
            ):
                field.save(f"{stem}.{suffix}", ContentFile(content), save=False)
                stored.append(field)
            edition.content_hash = digest
            edition.figure_count = len(rendered.document["figures"])
            edition.status = EditionStatus.PUBLISHED
            edition.published_at = timezone.now()
            edition.published_by = acting_user if getattr(acting_user, "pk", None) else None
            save_record(edition, acting_user=acting_user, via=VIA)
    except BaseException:
        for field in stored:  # the row was not saved: leave no orphan files behind
            field.storage.delete(field.name)
        edition.status, edition.content_hash = EditionStatus.DRAFT, ""
        raise
    return edition


def edition_document(edition: FactSheetEdition) -> dict[str, Any]:
    """The stored JSON document of a published edition."""
    document: dict[str, Any] = json.loads(edition.read(Format.JSON))
    return document


def compare(edition: FactSheetEdition, draft: RenderedSheet) -> SheetDiff:
    """What changed between a published edition and a draft (rendered as the public sees it)."""
    return diff_documents(edition_document(edition), draft.document)


# --- stored jobs -----------------------------------------------------------------------------------


def _update_job(job_id: int, **fields: Any) -> None:
    # Progress ticks are operational state, not record changes: written without the change log.
    FactSheetJob.objects.filter(pk=job_id).update(**fields)


def do_start_job(edition: FactSheetEdition, action: str, *, acting_user: Any, base_url: str = "") -> FactSheetJob:
    """Create a stored job for a draft and hand it to the task backend (a worker, or at once in tests)."""
    from .tasks import render_factsheet_job

    if edition.status != EditionStatus.DRAFT:
        raise ValidationError(_("This edition has already been published."), code="published")
    if not can(acting_user, "change", edition):
        raise PermissionDenied(_("You may not render this edition."))
    job = save_record(
        FactSheetJob(edition=edition, action=JobAction(action), created_by=acting_user),
        acting_user=acting_user,
        via=VIA,
    )
    result = render_factsheet_job.enqueue(job.pk, base_url)
    _update_job(job.pk, task_id=str(result.id)[:64])
    job.refresh_from_db()
    return job


def run_job(job_id: int, base_url: str = "") -> None:
    """The body of the render task: publish the draft or render its PDF preview, reporting progress."""
    job = FactSheetJob.objects.select_related("edition", "edition__program", "edition__country", "created_by").get(
        pk=job_id
    )
    _update_job(job.pk, status=JobStatus.RUNNING, progress=5, message=_("Started"))

    def progress(percent: int, message: str) -> None:
        _update_job(job.pk, progress=percent, message=message)

    try:
        if job.created_by is None:
            raise PermissionDenied(_("The account that started this job no longer exists."))
        if job.action == JobAction.PUBLISH:
            do_publish_edition(job.edition, acting_user=job.created_by, base_url=base_url or None, progress=progress)
            message = _("Published.")
        else:
            progress(10, _("Collecting the data"))
            rendered = draft_sheet(job.edition)
            progress(40, _("Rendering the PDF"))
            pdf = render_pdf(rendered, base_url or None)
            progress(90, _("Storing the preview"))
            name = f"{_file_stem(job.edition, content_hash(b'', pdf, b''))}-preview.pdf"
            job.result.save(name, ContentFile(pdf), save=False)
            _update_job(job.pk, result=job.result.name)
            message = _("The PDF preview is ready.")
    except (FactSheetError, ValidationError, PermissionDenied) as exc:
        text = " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
        _update_job(job.pk, status=JobStatus.ERROR, message=text, finished_at=timezone.now())
        return
    except Exception as exc:
        logger.exception("fact sheet job %s failed", job.pk)
        failed = _("Rendering failed: %(error)s") % {"error": exc}
        _update_job(job.pk, status=JobStatus.ERROR, message=failed, finished_at=timezone.now())
        raise
    _update_job(job.pk, status=JobStatus.COMPLETE, progress=100, message=message, finished_at=timezone.now())
