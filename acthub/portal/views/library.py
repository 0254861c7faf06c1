"""The library (browse, resource page, files, submission and review) and the one search page."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

from acthub.audit.reads import audits_reads
from acthub.core.access import role_of
from acthub.core.models import Country
from acthub.core.permissions import SIGNED_IN, STAFF, public_view, roles_required, staff_required
from acthub.library import services
from acthub.library.choices import CONTENT_LANGUAGES, ReviewStatus
from acthub.library.forms import ReviewForm, SubmitForm
from acthub.library.models import Resource, ResourceType, ResourceVersion, Topic
from acthub.library.search.query import FACETS, clean_filters, search
from acthub.library.uploads import UploadRejected
from acthub.portal.links import result_url

LIBRARY_KINDS = ("resource", "factsheet")


def _labels() -> dict[str, dict[str, str]]:
    from acthub.directory.choices import OrganisationType

    kinds = {
        "resource": _("Resource"),
        "factsheet": _("Fact sheet edition"),
        "organisation": _("Organisation"),
        "project": _("Project"),
        "achievement": _("Achievement"),
        "activity": _("Activity"),
        "indicator": _("Indicator"),
    }
    types = {t.slug: t.name for t in ResourceType.objects.all()}
    types.update({str(v): str(label) for v, label in OrganisationType.choices})
    types.update({"project": _("Project"), "achievement": _("Achievement"), "indicator": _("Indicator")})
    from acthub.activities.choices import ActivityKind

    types.update({str(v): str(label) for v, label in ActivityKind.choices})
    return {
        "kind": kinds,
        "type": types,
        "country": dict(Country.objects.values_list("code", "name")),
        "language": CONTENT_LANGUAGES,
        "topic": dict(Topic.objects.values_list("slug", "name")),
        "year": {},
    }


def facet_view(results: Any, request: HttpRequest) -> list[dict[str, Any]]:
    """The facets as the templates and the API show them: label, value, count, link that toggles it."""
    labels = _labels()
    names = {
        "kind": _("Kind"),
        "type": _("Type"),
        "country": _("Country"),
        "language": _("Language"),
        "topic": _("Topic"),
        "year": _("Year"),
    }
    shown = []
    for name in FACETS:
        values = []
        for value, count in results.facets.get(name, [])[:30]:
            query = request.GET.copy()
            query.pop("page", None)
            selected = results.filters.get(name) == value
            if selected:
                query.pop(name, None)
            else:
                query[name] = value
            values.append(
                {
                    "value": value,
                    "label": labels[name].get(value, value),
                    "count": count,
                    "selected": selected,
                    "query": query.urlencode(),
                }
            )
        if values:
            shown.append({"name": name, "label": names[name], "values": values})
    return shown


def _page_number(request: HttpRequest) -> int:
    raw = request.GET.get("page", "1")
    return int(raw) if raw.isdigit() else 1


def _results_context(request: HttpRequest, kinds: tuple[str, ...] | None) -> dict[str, Any]:
    query = request.GET.get("q", "")
    results = search(
        query, user=request.user, filters=clean_filters(request.GET), page=_page_number(request), kinds=kinds
    )
    labels = _labels()
    hits = [
        {
            "hit": hit,
            "url": result_url(hit),
            "kind_label": labels["kind"].get(hit.kind, hit.kind),
            "type_label": labels["type"].get(hit.type, hit.type),
        }
        for hit in results.hits
    ]
    base = request.GET.copy()
    base.pop("page", None)
    return {"results": results, "hits": hits, "facets": facet_view(results, request), "base_query": base.urlencode()}


def _render(request: HttpRequest, template: str, partial: str, context: dict[str, Any]) -> HttpResponse:
    htmx = getattr(request, "htmx", None)
    use_partial = bool(htmx) and not htmx.history_restore_request  # type: ignore[union-attr]
    response = render(request, partial if use_partial else template, context)
    patch_vary_headers(response, ("HX-Request",))
    return response


@public_view
def search_page(request: HttpRequest) -> HttpResponse:
    """`/search/?q=`: one search over resources, organisations, projects, achievements, activities, indicators."""
    context = _results_context(request, None)
    context["action"] = "portal:search"
    return _render(request, "portal/search.html", "portal/includes/search_results.html", context)


@public_view
def library(request: HttpRequest) -> HttpResponse:
    """`/library/`: the resources and published fact sheet editions, by facets, with a search box."""
    context = _results_context(request, LIBRARY_KINDS)
    context["action"] = "portal:library"
    context["can_submit"] = role_of(request.user) in SIGNED_IN
    context["can_review"] = role_of(request.user) in STAFF
    return _render(request, "portal/library.html", "portal/includes/search_results.html", context)


def _visible_resource(request: HttpRequest, pk: int) -> Resource:
    resource = (
        Resource.objects.restrict(request.user, "view")
        .select_related("type", "publisher", "submitted_by", "reviewed_by")
        .filter(pk=pk)
        .first()
    )
    if resource is None:
        raise Http404(_("No such resource."))
    return resource


@public_view
@audits_reads("library.Resource")
def resource(request: HttpRequest, pk: int) -> HttpResponse:
    """`/library/<id>/`: a resource with its versions per language, thumbnails and links."""
    item = _visible_resource(request, pk)
    context = {
        "resource": item,
        "versions": item.versions.all(),
        "countries": item.countries.all(),
        "topics": item.topics.all(),
        "achievements": item.evidence_for.restrict(request.user, "view").select_related("outcome_area"),
        "can_review": role_of(request.user) in STAFF and item.status == ReviewStatus.SUBMITTED,
        "review_form": ReviewForm(initial={"access_level": item.access_level}),
    }
    return render(request, "portal/resource.html", context)


def _version(request: HttpRequest, pk: int, language: str) -> ResourceVersion:
    item = _visible_resource(request, pk)
    version = item.versions.filter(language=language).first()
    if version is None:
        raise Http404(_("No such version."))
    return version


@public_view
def resource_file(request: HttpRequest, pk: int, language: str) -> HttpResponseBase:
    """The file of a version, served only to those who may see the resource (never from /media/)."""
    version = _version(request, pk, language)
    if not version.file:
        raise Http404(_("This version has no file."))
    response = FileResponse(
        version.file.open("rb"), as_attachment=True, filename=f"resource-{pk}-{language}.{version.file_kind}"
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@public_view
def resource_thumbnail(request: HttpRequest, pk: int, language: str) -> HttpResponseBase:
    """The first-page thumbnail of a version (PNG)."""
    version = _version(request, pk, language)
    if not version.thumbnail:
        raise Http404(_("No thumbnail yet."))
    return FileResponse(version.thumbnail.open("rb"), content_type="image/png")


@roles_required(SIGNED_IN)
def submit(request: HttpRequest) -> HttpResponse:
    """`/library/submit/`: partners (and staff) add a resource; a partner's waits for review."""
    form = SubmitForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():  # the resource and its first version, or neither
                item = services.submit_resource(
                    acting_user=request.user,
                    title=data["title"],
                    type=data["type"],
                    summary=data["summary"],
                    year=data["year"],
                    countries=data["countries"],
                    topics=data["topics"],
                    languages=[data["language"]],
                    url=data["url"] or "",
                    access_level=data["access_level"],
                )
                services.add_version(
                    item,
                    acting_user=request.user,
                    language=data["language"],
                    upload=data["file"],
                    url=data["url"] or "",
                )
        except UploadRejected as exc:
            form.add_error("file", str(exc))
        except (ValidationError, PermissionDenied) as exc:
            form.add_error(None, " ".join(getattr(exc, "messages", [str(exc)])))
        else:
            if item.status == ReviewStatus.SUBMITTED:
                messages.success(request, _("Thank you: staff will review the resource before it is published."))
            return redirect("portal:resource", pk=item.pk)
    return render(request, "portal/resource_submit.html", {"form": form})


@staff_required
def review_queue(request: HttpRequest) -> HttpResponse:
    """`/library/review/`: submissions waiting for review, within the reviewer's countries."""
    waiting = (
        Resource.objects.restrict(request.user, "view")
        .filter(status=ReviewStatus.SUBMITTED)
        .select_related("type", "organisation", "submitted_by")
        .order_by("created")
    )
    return render(request, "portal/resource_review.html", {"waiting": waiting})


@staff_required
def review(request: HttpRequest, pk: int) -> HttpResponse:
    """POST: publish or reject a submission."""
    item = _visible_resource(request, pk)  # first, so that a resource out of sight is a 404 for any method
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a decision."))
        return redirect("portal:resource", pk=item.pk)
    data = form.cleaned_data
    try:
        if data["decision"] == "approve":
            services.approve_resource(
                item, acting_user=request.user, access_level=data["access_level"], note=data["note"]
            )
            messages.success(request, _("Published."))
        else:
            services.reject_resource(item, acting_user=request.user, note=data["note"])
            messages.success(request, _("Rejected; the submitter sees your note."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("portal:resource", pk=item.pk)
