"""Staff import pages: jobs, a new import, a job's progress, preview and errors, commit, approve,
unapprove and revert, templates, docs, and the column mappings of KoboToolbox exports. Views stay thin:
the services (acthub.imports.services, acthub.approvals.services) do the work."""

from __future__ import annotations

from collections.abc import Callable
from typing import IO, Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRefresh

from acthub.approvals import services as approvals
from acthub.core.access import REGIONAL, has_role
from acthub.core.exports import CSV_TYPE, XLSX_TYPE, csv_response
from acthub.core.permissions import roles_required, staff_required
from acthub.core.services import save_record
from acthub.imports import held as held_uploads
from acthub.imports.choices import ImportKind, MappingTarget
from acthub.imports.downloads import column_docs, template_csv, template_xlsx
from acthub.imports.forms import ImportForm, MappingForm
from acthub.imports.models import ColumnMapping, ImportJob
from acthub.imports.pending import pending_figures
from acthub.imports.readers import FileRejected
from acthub.imports.services import create_job, visible_jobs
from acthub.imports.specs import KINDS
from acthub.imports.tasks import purge_abandoned_uploads, run_import

MAPPING_EDITORS = REGIONAL  # regional MEL and admins edit column mappings


def _job_or_404(request: HttpRequest, pk: int) -> ImportJob:
    job = visible_jobs(request.user).filter(pk=pk).first()
    if job is None:
        raise Http404("No such import.")
    return job


@staff_required
def job_list(request: HttpRequest) -> HttpResponse:
    """The imports the user may see, newest first (`?approval=pending`: those waiting for approval)."""
    jobs = visible_jobs(request.user).order_by("-created")
    pending_only = request.GET.get("approval") == ImportJob.Approval.PENDING
    if pending_only:
        jobs = jobs.filter(status=ImportJob.Status.COMPLETE, approval=ImportJob.Approval.PENDING)
    return render(request, "imports/job_list.html", {"jobs": jobs[:200], "pending_only": pending_only})


@staff_required
def job_new(request: HttpRequest) -> HttpResponse:
    """Upload a file: the job is recorded and its dry run queued.

    When the form fails for another reason than the file, the file is kept (acthub.imports.held) and
    the next try uses it unless another is chosen: the user need not choose it again.
    """
    initial = {"kind": request.GET.get("kind", "")}
    kept = held_uploads.held(request.session)
    use_kept = kept is not None and request.method == "POST" and request.POST.get("use_held") == "1"
    form = ImportForm(
        request.POST or None, request.FILES or None, user=request.user, initial=initial, file_kept=use_kept
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        upload: Any = data.get("file")
        stream: IO[bytes]
        if upload or kept is None:  # the form requires a file unless one is kept
            stream, name = upload, upload.name
        else:
            stream, name = kept.open(), kept.name
        try:
            job = create_job(
                program=data["program"],
                kind=data["kind"],
                stream=stream,
                name=name,
                acting_user=request.user,
                mapping=data["mapping"],
            )
        except FileRejected as exc:
            form.add_error("file", str(exc))
            held_uploads.release(request.session)  # the file itself is refused: keeping it helps no one
            kept = None
        else:
            held_uploads.release(request.session)
            run_import.enqueue(job.pk, False)
            purge_abandoned_uploads.enqueue()
            return redirect("imports:detail", pk=job.pk)
    elif request.method == "POST" and form.is_bound and form.cleaned_data.get("file"):
        # (An empty POST leaves the form unbound: nothing was sent, nothing to keep.)
        # The file was fine; something else was not: keep it for the next try.
        kept = held_uploads.hold(request.session, form.cleaned_data["file"])
    return render(request, "imports/job_new.html", {"form": form, "kinds": _kind_links(), "kept": kept})


def _job_context(job: ImportJob) -> dict[str, object]:
    spec = KINDS[job.target_kind]
    return {"job": job, "columns": spec.names, "errors_shown": len(job.errors)}


@staff_required
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A job: status and progress (polled while it runs), the preview, the errors, Commit, and once
    committed its approval: the figures it changes (published and with pending data), the decisions."""
    job = _job_or_404(request, pk)
    context = _job_context(job)
    if job.status == ImportJob.Status.COMPLETE:
        user = request.user
        context["may"] = {
            action: approvals.refusal(user, job, action) is None
            for action in (approvals.APPROVE, approvals.UNAPPROVE, approvals.REVERT)
        }
        context["figures"] = pending_figures(job, user)
    context["decisions"] = job.decisions.select_related("decided_by")
    return render(request, "imports/job_detail.html", context)


def _decide(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    job = _job_or_404(request, pk)
    services: dict[str, Callable[..., object]] = {
        approvals.APPROVE: approvals.approve,
        approvals.UNAPPROVE: approvals.unapprove,
        approvals.REVERT: approvals.revert,
    }
    service = services[action]
    try:
        service(job, acting_user=request.user, reason=request.POST.get("reason", ""))
    except approvals.ApprovalRefused as exc:
        messages.error(request, str(exc))
    else:
        done = {
            approvals.APPROVE: _("Approved: its rows are in the published figures now."),
            approvals.UNAPPROVE: _("Unapproved: its rows are out of the published figures until approved again."),
            approvals.REVERT: _("Reverted: every row it wrote is deleted."),
        }
        messages.success(request, done[action])
    return redirect("imports:detail", pk=job.pk)


@staff_required
@require_POST
def job_approve(request: HttpRequest, pk: int) -> HttpResponse:
    """Publish a committed import (approvals.approve decides who may)."""
    return _decide(request, pk, approvals.APPROVE)


@staff_required
@require_POST
def job_unapprove(request: HttpRequest, pk: int) -> HttpResponse:
    """Take an approved import out of the published figures, with a reason."""
    return _decide(request, pk, approvals.UNAPPROVE)


@staff_required
@require_POST
def job_revert(request: HttpRequest, pk: int) -> HttpResponse:
    """Delete every row a committed import wrote (its owner, regional MEL or an admin)."""
    return _decide(request, pk, approvals.REVERT)


@staff_required
def job_status(request: HttpRequest, pk: int) -> HttpResponse:
    """The status fragment htmx polls every second; once the job stops, the whole page reloads."""
    job = _job_or_404(request, pk)
    if request.htmx and not job.is_running:  # type: ignore[attr-defined]
        return HttpResponseClientRefresh()
    return render(request, "imports/_status.html", {"job": job})


@staff_required
@require_POST
def job_commit(request: HttpRequest, pk: int) -> HttpResponse:
    """Commit a clean dry run, once: the status moves on atomically so a double click commits nothing twice."""
    job = _job_or_404(request, pk)
    claimed = ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.VALIDATED, error_count=0).update(
        status=ImportJob.Status.COMMITTING, committed_by=request.user
    )
    if not claimed:
        messages.error(request, _("This import cannot be committed (it has errors, or it is committed already)."))
    else:
        run_import.enqueue(job.pk, True)
    return redirect("imports:detail", pk=job.pk)


@staff_required
def job_errors(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The job's errors as CSV: file, row, column, reason."""
    job = _job_or_404(request, pk)
    rows = [["file", "row", "column", "reason"]] + [
        [job.original_name, e.get("row"), e.get("column"), e.get("reason")] for e in job.errors
    ]
    return csv_response(f"import-{job.pk}-errors.csv", rows)


def _kind_links() -> list[dict[str, object]]:
    return [{"kind": kind, "label": spec.label} for kind, spec in KINDS.items()]


@staff_required
def columns(request: HttpRequest) -> HttpResponse:
    """What each kind's columns mean and accept, with the templates to download."""
    kinds = [{"spec": spec, "docs": column_docs(spec)} for spec in KINDS.values()]
    return render(request, "imports/columns.html", {"kinds": kinds, "kobo": ImportKind.KOBO_ATTENDANCE})


@staff_required
def template_download(request: HttpRequest, kind: str, fmt: str) -> HttpResponse:
    """A kind's template, CSV (with a README in '#' rows) or XLSX (with a README sheet)."""
    if kind not in KINDS:
        raise Http404("No such kind.")
    filename = f"acthub-{kind}-template.{fmt}"
    if fmt == "csv":
        response = HttpResponse(template_csv(kind), content_type=CSV_TYPE)
    else:
        response = HttpResponse(template_xlsx(kind), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@staff_required
def mapping_list(request: HttpRequest) -> HttpResponse:
    """The saved column mappings of KoboToolbox exports."""
    mappings = ColumnMapping.objects.all()
    return render(
        request,
        "imports/mapping_list.html",
        {"mappings": mappings, "can_edit": has_role(request.user, MAPPING_EDITORS)},
    )


@roles_required(MAPPING_EDITORS)
def mapping_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """Create or change a column mapping (regional MEL and admins: mappings serve every country)."""
    instance = get_object_or_404(ColumnMapping, pk=pk) if pk else None
    target = request.GET.get("target") or (instance.kind if instance else MappingTarget.PARTICIPANTS)
    form = MappingForm(request.POST or None, instance=instance, target=target)
    if request.method == "POST" and form.is_valid():
        save_record(form.instance, acting_user=request.user, via="web")
        messages.success(request, _("Mapping %(name)s saved.") % {"name": form.instance.name})
        return redirect("imports:mappings")
    return render(
        request,
        "imports/mapping_edit.html",
        {"form": form, "mapping": instance, "targets": MappingTarget.choices, "target": form.target},
    )
