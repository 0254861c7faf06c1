"""Fact sheet pages: published editions and live drafts for everyone; preparing and publishing for staff.

Views stay thin: they read through restricted querysets and call `acthub.factsheets.services`.
"""

from __future__ import annotations

import hashlib
import logging
import re
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from acthub.core.access import role_of
from acthub.core.content_translations import store_of, translate
from acthub.core.permissions import STAFF, public_view, staff_required
from acthub.portal import selectors

from . import services
from .choices import CONTENT_TYPES, EditionStatus, Format, JobAction
from .content import FactSheetError, Scope, resolve_period, resolve_scope, sheet_scopes
from .diff import SheetDiff
from .forms import LANGUAGE_CODE, EditionForm
from .models import FactSheetEdition, FactSheetJob
from .rendering import RenderedSheet, sheet_title

logger = logging.getLogger(__name__)
SAFE_NAME = re.compile(r"[^0-9A-Za-z.-]+")


def _is_staff(request: HttpRequest) -> bool:
    return role_of(request.user) in STAFF


def _language(request: HttpRequest, default: str = "") -> str:
    """The `language` parameter if it is a language code, else `default` or the page's language."""
    asked = request.GET.get("language", "").strip().lower()
    if LANGUAGE_CODE.match(asked):
        return asked
    return default or get_language() or "en"


def _scope_or_404(request: HttpRequest, code: str) -> Scope:
    try:
        return resolve_scope(code, request.user)
    except FactSheetError as exc:
        raise Http404(str(exc)) from exc


def _published(request: HttpRequest, program: Any, scope: Scope) -> list[FactSheetEdition]:
    qs = FactSheetEdition.objects.restrict(request.user, "view").filter(program=program, status=EditionStatus.PUBLISHED)
    qs = qs.filter(country=scope.country) if scope.country is not None else qs.filter(country__isnull=True)
    return list(qs.select_related("country").order_by("-published_at"))


def _last_edition(editions: list[FactSheetEdition], language: str) -> FactSheetEdition | None:
    """The last edition in the draft's language, or else the last edition at all."""
    same = [e for e in editions if e.language == language]
    return (same or editions)[0] if editions else None


@public_view
def index(request: HttpRequest) -> HttpResponse:
    """`/factsheets/`: the region and each country with programming, with their latest edition."""
    program = selectors.program_or_404(request)
    rows = []
    for scope in sheet_scopes(program, request.user):
        editions = _published(request, program, scope)
        rows.append((scope, editions[0] if editions else None, len(editions)))
    return render(request, "factsheets/index.html", {"rows": rows, "is_staff": _is_staff(request)})


@public_view
def scope_page(request: HttpRequest, scope: str) -> HttpResponse:
    """`/factsheets/<scope>/?period=&language=`: editions, and the current draft next to the last one."""
    program = selectors.program_or_404(request)
    place = _scope_or_404(request, scope)
    editions = _published(request, program, place)
    drafts = FactSheetEdition.objects.restrict(request.user, "view").filter(
        program=program, country=place.country, status=EditionStatus.DRAFT
    )
    newest_draft = drafts.order_by("-created").first()  # the public sees no drafts: restricted above
    language = _language(request, newest_draft.language if newest_draft else "")
    period_id = request.GET.get("period") or (newest_draft.period if newest_draft else "")
    if not period_id and editions:
        period_id = editions[0].period
    context: dict[str, Any] = {"scope": place, "editions": editions, "language": language, "error": ""}
    try:
        period = resolve_period(period_id) if period_id else services.latest_period(program, place, request.user)
        if period is None:
            name = translate(place.country, "name", store=store_of(request)) if place.country else place.name
            raise FactSheetError(_("%(place)s has no figures yet: there is no sheet to show.") % {"place": name})
        public = services.make_sheet(program, place, period, language=language)
        shown = (
            services.make_sheet(program, place, period, language=language, user=request.user, staff_links=True)
            if _is_staff(request)
            else public
        )
    except FactSheetError as exc:
        context["error"] = str(exc)
        return render(request, "factsheets/scope.html", context)  # the page stands: it lists the editions
    last = _last_edition(editions, language)
    context.update(
        {
            "period": period,
            "draft": shown,
            "last": last,
            "diff": _compare(last, public),
            "draft_query": f"period={period.id}&language={language}",
        }
    )
    return render(request, "factsheets/scope.html", context)


def _compare(last: FactSheetEdition | None, draft: RenderedSheet) -> SheetDiff | None:
    """The diff against the last edition; a page still stands if its stored JSON cannot be read."""
    if last is None:
        return None
    try:
        return services.compare(last, draft)
    except OSError:
        logger.exception("fact sheet edition %s: its stored JSON cannot be read", last.pk)
        return None


@public_view
def draft_download(request: HttpRequest, scope: str, fmt: str) -> HttpResponse:
    """`/factsheets/<scope>/draft/<html|json>/?period=&language=`: the live sheet as a file."""
    program = selectors.program_or_404(request)
    place = _scope_or_404(request, scope)
    if fmt not in (Format.HTML, Format.JSON):  # a PDF render is a stored job, started by staff
        raise Http404("No such format.")
    try:
        period = resolve_period(request.GET.get("period", ""))
        rendered = services.make_sheet(program, place, period, language=_language(request))
    except FactSheetError as exc:
        raise Http404(str(exc)) from exc
    response = HttpResponse(services.render_bytes(rendered, fmt), content_type=CONTENT_TYPES[Format(fmt)])
    name = SAFE_NAME.sub("-", f"{program.slug}-{place.code}-{period.id}-{rendered.sheet.language}-draft.{fmt}")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _edition_or_404(request: HttpRequest, pk: int, **filters: Any) -> FactSheetEdition:
    edition = (
        FactSheetEdition.objects.restrict(request.user, "view")
        .select_related("program", "country", "published_by")
        .filter(pk=pk, **filters)
        .first()
    )
    if edition is None:
        raise Http404("No such edition.")
    return edition


@public_view
def edition(request: HttpRequest, pk: int) -> HttpResponse:
    """`/factsheets/editions/<id>/`: a published edition exactly as it was frozen, with its files."""
    item = _edition_or_404(request, pk, status=EditionStatus.PUBLISHED)
    # The stored HTML was rendered by our own templates, which escape every value, then frozen.
    html = mark_safe(item.read(Format.HTML).decode())  # noqa: S308
    # Each file's own SHA-256, of the bytes a download returns, so that `sha256sum` on it matches.
    files = []
    for fmt in Format:
        files.append((fmt, item.file_for(fmt), hashlib.sha256(_download_bytes(item, fmt)).hexdigest()))
    context = {
        "edition": item,
        "html": html,
        "files": files,
        "figures": services.edition_document(item)["figures"] if _is_staff(request) else [],
    }
    return render(request, "factsheets/edition.html", context)


def _download_bytes(item: FactSheetEdition, fmt: str) -> bytes:
    """The bytes `edition_file` sends: the stored file; the HTML fragment as a whole document."""
    data = item.read(fmt)
    if fmt == Format.HTML:  # the frozen fragment, as a document that finds the sheet's stylesheet
        title = sheet_title(item.program.acronym or item.program.name, item.scope_name, item.date_label)
        data = services.document_html(data.decode(), language=item.language, title=title, with_styles=True).encode()
    return data


@public_view
def edition_file(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """`/factsheets/editions/<id>/<html|pdf|json>/`: a stored file of a published edition."""
    item = _edition_or_404(request, pk, status=EditionStatus.PUBLISHED)
    if fmt not in Format.values:
        raise Http404("No such format.")
    data = _download_bytes(item, fmt)
    response = HttpResponse(data, content_type=CONTENT_TYPES[Format(fmt)])
    name = SAFE_NAME.sub("-", item.file_for(fmt).name.rsplit("/", 1)[-1])
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Content-SHA256-Edition"] = item.content_hash
    response["X-Content-SHA256"] = hashlib.sha256(data).hexdigest()
    return response


# --- staff -----------------------------------------------------------------------------------------


@staff_required
def workspace(request: HttpRequest) -> HttpResponse:
    """`/factsheets/staff/`: start a draft (scope, period, date label, language); drafts and jobs."""
    program = selectors.program_or_404(request)
    form = EditionForm(request.POST or None, program=program, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            draft = services.do_create_draft(
                program=program,
                scope_code=data["scope"],
                period=data["period"],
                language=data["language"],
                date_label=data["date_label"],
                acting_user=request.user,
            )
        except (FactSheetError, ValidationError, PermissionDenied) as exc:
            form.add_error(None, " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc))
        else:
            return redirect("factsheets:draft", pk=draft.pk)
    elif request.method == "GET":
        latest = services.latest_period(program, Scope("REGION"))
        form.initial.setdefault("period", latest.id if latest else "")
        form.initial.setdefault("language", get_language())
    drafts = FactSheetEdition.objects.restrict(request.user, "view").filter(program=program, status=EditionStatus.DRAFT)
    jobs = FactSheetJob.objects.restrict(request.user, "view").filter(edition__program=program)[:10]
    context = {"form": form, "drafts": drafts.select_related("country", "created_by"), "jobs": jobs}
    return render(request, "factsheets/workspace.html", context)


@staff_required
def draft(request: HttpRequest, pk: int) -> HttpResponse:
    """`/factsheets/staff/drafts/<id>/`: the preview (live data, figures linked to their records)."""
    item = _edition_or_404(request, pk, status=EditionStatus.DRAFT)
    context: dict[str, Any] = {"edition": item, "error": "", "jobs": item.jobs.all()[:5]}
    try:
        context["draft"] = services.draft_sheet(item, staff_links=True)
        public = services.draft_sheet(item)
    except FactSheetError as exc:
        context["error"] = str(exc)
        return render(request, "factsheets/draft.html", context)
    last = _last_edition(_published(request, item.program, services.edition_scope(item)), item.language)
    context.update({"last": last, "diff": _compare(last, public)})
    return render(request, "factsheets/draft.html", context)


@staff_required
@require_POST
def start_job(request: HttpRequest, pk: int) -> HttpResponse:
    """POST `/factsheets/staff/drafts/<id>/jobs/`: start a PDF preview or the publication as a stored job."""
    item = _edition_or_404(request, pk, status=EditionStatus.DRAFT)
    action = request.POST.get("action", "")
    if action not in JobAction.values:
        raise Http404("No such action.")
    try:
        job = services.do_start_job(item, action, acting_user=request.user, base_url=request.build_absolute_uri("/"))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("factsheets:draft", pk=item.pk)
    if getattr(request, "htmx", False):
        return render(request, "factsheets/includes/job.html", {"job": job})
    return redirect("factsheets:job", pk=job.pk)


@staff_required
@require_POST
def delete_draft(request: HttpRequest, pk: int) -> HttpResponse:
    """POST `/factsheets/staff/drafts/<id>/delete/`: delete a draft."""
    item = _edition_or_404(request, pk, status=EditionStatus.DRAFT)
    services.do_delete_draft(item, acting_user=request.user)
    messages.success(request, _("The draft was deleted."))
    return redirect("factsheets:workspace")


@staff_required
def job(request: HttpRequest, pk: int) -> HttpResponse:
    """`/factsheets/staff/jobs/<id>/`: a job's progress; htmx polls the partial until it finishes."""
    item = FactSheetJob.objects.restrict(request.user, "view").select_related("edition").filter(pk=pk).first()
    if item is None:
        raise Http404("No such job.")
    htmx = getattr(request, "htmx", None)
    template = "factsheets/includes/job.html" if htmx else "factsheets/job.html"
    response = render(request, template, {"job": item})
    patch_vary_headers(response, ("HX-Request",))
    return response


@staff_required
def job_result(request: HttpRequest, pk: int) -> FileResponse:
    """`/factsheets/staff/jobs/<id>/result/`: the PDF preview a job rendered."""
    item = FactSheetJob.objects.restrict(request.user, "view").filter(pk=pk).exclude(result="").first()
    if item is None:
        raise Http404("No such preview.")
    name = SAFE_NAME.sub("-", item.result.name.rsplit("/", 1)[-1])
    return FileResponse(item.result.open("rb"), as_attachment=True, filename=name, content_type="application/pdf")
