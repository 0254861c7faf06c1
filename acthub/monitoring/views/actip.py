"""ACTIP pages: the public heat map (figures from the engine), an assessment's drill-down, the change
between two periods and the SOMTC report; the staff's assessment workflow. Views stay thin."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from acthub.actip import services
from acthub.actip.choices import AssessmentStatus
from acthub.actip.models import Assessment, AssessmentItem, Ratification, ReviewComment
from acthub.audit.reads import audits_reads
from acthub.core.access import role_of
from acthub.core.models import Country
from acthub.core.periods import Period, parse_period
from acthub.core.permissions import STAFF, public_view, roles_required
from acthub.monitoring import heatmap, somtc
from acthub.monitoring.forms import CommentForm, ItemForm, StartAssessmentForm


def _period(value: str | None) -> Period | None:
    if not value:
        latest = (
            Assessment.objects.filter(status=AssessmentStatus.PUBLISHED)
            .order_by("-period")
            .values_list("period", flat=True)
        ).first()
        return parse_period(latest) if latest else None
    try:
        return parse_period(value)
    except ValidationError as error:
        raise Http404(_("No such period.")) from error


def _assessment_or_404(user: Any, pk: int) -> Assessment:
    found = services.visible_assessments(user).filter(pk=pk).first()
    if found is None:
        raise Http404(_("No such assessment."))
    return found


@public_view
def heat_map(request: HttpRequest) -> HttpResponse:
    """`/actip/`: articles x member states for a period, the figures per state from the engine."""
    period = _period(request.GET.get("period"))
    context: dict[str, Any] = {"period": period, "ratifications": Ratification.objects.select_related("country")}
    if period is not None:
        countries = list(Country.asean_members(period.end).order_by("name"))
        context["chart"] = heatmap.layout(services.heat_map(period.id, countries, request.user))
        context["figures"] = somtc.figures(request, period, countries)
        context["countries"] = countries
    context["periods"] = sorted(
        set(Assessment.objects.filter(status=AssessmentStatus.PUBLISHED).values_list("period", flat=True)), reverse=True
    )
    return render(request, "monitoring/actip_heat_map.html", context)


@public_view
@audits_reads("actip.Assessment")
def assessment(request: HttpRequest, pk: int) -> HttpResponse:
    """`/actip/assessments/<pk>/`: every article's status, evidence, laws and resources (the drill-down)."""
    found = _assessment_or_404(request.user, pk)
    user = request.user
    items = services.items_with_resources(found, user)
    comments = ReviewComment.objects.restrict(user, "view").filter(assessment=found).select_related("author", "item")
    role = role_of(user)
    context = {
        "assessment": found,
        "items": items,
        "comments": comments,
        "can_edit": found.is_editable and role in services.DRAFTERS and services.may_draft(user, found.country),
        "can_review": role in services.REVIEWERS and services.may_review(user, found),
        "item_form": ItemForm(user=user),
        "comment_form": CommentForm(),
    }
    return render(request, "monitoring/actip_assessment.html", context)


@public_view
def changes(request: HttpRequest) -> HttpResponse:
    """`/actip/changes/?from=2021&to=2022`: articles whose published status moved between two periods."""
    first, second = request.GET.get("from", ""), request.GET.get("to", "")
    found = None
    if first and second:
        a, b = _period(first), _period(second)
        if a is not None and b is not None:
            found = services.changes(a.id, b.id, request.user)
    return render(request, "monitoring/actip_changes.html", {"changes": found, "first": first, "second": second})


@public_view
def report(request: HttpRequest, period: str, fmt: str) -> HttpResponse:
    """`/actip/report/<period>/<html|pdf|xlsx>/`: the report for the senior officials' meeting (SOMTC)."""
    found = _period(period)
    if found is None or fmt not in ("html", "pdf", "xlsx"):
        raise Http404(_("No such report."))
    return somtc.response(request, found, fmt)


# Staff: the workflow -----------------------------------------------------------------------------------


@roles_required(STAFF)
def staff_assessments(request: HttpRequest) -> HttpResponse:
    """`/staff/actip/`: the assessments in the user's scope, and a new draft for a member state."""
    form = StartAssessmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        country = (
            Country.objects.restrict(request.user, "view").filter(code=form.cleaned_data["country"].upper()).first()
        )
        if country is None:
            form.add_error("country", _("No such member state."))
        else:
            try:
                draft = services.start_assessment(country, form.cleaned_data["period"], acting_user=request.user)
            except (PermissionDenied, ValidationError) as error:
                form.add_error(None, " ".join(getattr(error, "messages", [str(error)])))
            else:
                return redirect("monitoring:assessment", pk=draft.pk)
    rows = services.visible_assessments(request.user).order_by("country__name", "-period")
    return render(request, "monitoring/actip_staff.html", {"assessments": rows, "form": form})


def _fail(request: HttpRequest, error: Exception) -> None:
    if isinstance(error, PermissionDenied):
        raise error
    messages.error(request, " ".join(getattr(error, "messages", [str(error)])))


@roles_required(STAFF)
@require_POST
def update_item(request: HttpRequest, pk: int) -> HttpResponse:
    """Save one article's assessment (officer of the country, draft or sent back)."""
    item = AssessmentItem.objects.restrict(request.user, "view").filter(pk=pk).select_related("assessment").first()
    if item is None:
        raise Http404(_("No such article assessment."))
    form = ItemForm(request.POST, user=request.user)
    if form.is_valid():
        try:
            services.update_item(item, acting_user=request.user, **form.cleaned_data)
        except (PermissionDenied, ValidationError) as error:
            _fail(request, error)
    else:
        messages.error(request, _("Choose a status on the scale and resources from the list."))
    anchor = f"#article-{item.article.number}"
    return redirect(reverse("monitoring:assessment", kwargs={"pk": item.assessment_id}) + anchor)


ACTIONS = {
    "submit": lambda a, u, text: services.submit(a, acting_user=u),
    "send_back": lambda a, u, text: services.send_back(a, acting_user=u, reason=text),
    "accept": lambda a, u, text: services.accept(a, acting_user=u),
    "publish": lambda a, u, text: services.publish(a, acting_user=u),
    "comment": lambda a, u, text: services.comment(a, acting_user=u, text=text),
}


@roles_required(STAFF)
@require_POST
def assessment_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """Submit, send back, accept, publish or comment: each a service that checks who may."""
    found = _assessment_or_404(request.user, pk)
    step = ACTIONS.get(action)
    if step is None:
        raise Http404(_("No such step."))
    try:
        step(found, request.user, request.POST.get("text", ""))
    except (PermissionDenied, ValidationError) as error:
        _fail(request, error)
    else:
        messages.success(request, _("Done."))
    return redirect("monitoring:assessment", pk=found.pk)
