"""Staff import pages: jobs, a new import, a job's progress, preview and errors, commit, templates, docs,
and the column mappings of KoboToolbox exports. Views stay thin: the services do the work."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRefresh

from acthub.core.exports import CSV_TYPE, XLSX_TYPE, csv_response
from acthub.core.permissions import roles_required, staff_required
from acthub.core.services import save_record
from acthub.imports.choices import ImportKind, MappingTarget
from acthub.imports.downloads import column_docs, template_csv, template_xlsx
from acthub.imports.forms import ImportForm, MappingForm
from acthub.imports.models import ColumnMapping, ImportJob
from acthub.imports.readers import FileRejected
from acthub.imports.services import create_job, visible_jobs
from acthub.imports.specs import KINDS
from acthub.imports.tasks import run_import

MAPPING_EDITORS = ("regional_mel", "admin")


def _job_or_404(request: HttpRequest, pk: int) -> ImportJob:
    job = visible_jobs(request.user).filter(pk=pk).first()
    if job is None:
        raise Http404("No such import.")
    return job


@staff_required
def job_list(request: HttpRequest) -> HttpResponse:
    """The imports the user may see, newest first."""
    jobs = visible_jobs(request.user).order_by("-created")[:200]
    return render(request, "imports/job_list.html", {"jobs": jobs})


@staff_required
def job_new(request: HttpRequest) -> HttpResponse:
    """Upload a file: the job is recorded and its dry run queued."""
    initial = {"kind": request.GET.get("kind", "")}
    form = ImportForm(request.POST or None, request.FILES or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        upload = data["file"]
        try:
            job = create_job(
                program=data["program"],
                kind=data["kind"],
                stream=upload,
                name=upload.name,
                acting_user=request.user,
                mapping=data["mapping"],
            )
        except FileRejected as exc:
            form.add_error("file", str(exc))
        else:
            run_import.enqueue(job.pk, False)
            return redirect("imports:detail", pk=job.pk)
    return render(request, "imports/job_new.html", {"form": form, "kinds": _kind_links()})


def _job_context(job: ImportJob) -> dict[str, object]:
    spec = KINDS[job.target_kind]
    return {"job": job, "columns": spec.names, "errors_shown": len(job.errors)}


@staff_required
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A job: status and progress (polled while it runs), the preview, the errors, and Commit."""
    job = _job_or_404(request, pk)
    return render(request, "imports/job_detail.html", _job_context(job))


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
        {"mappings": mappings, "can_edit": request.user.role in MAPPING_EDITORS},  # type: ignore[union-attr]
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
