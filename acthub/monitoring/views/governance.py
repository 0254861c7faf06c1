"""Governance pages for staff: a body's members on a date, its meetings and decisions, its open actions."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from acthub.audit.reads import audits_reads
from acthub.core.permissions import STAFF, roles_required
from acthub.monitoring.forms import MinutesForm
from acthub.program.models import GovernanceBody, GovernanceMeeting
from acthub.program.services.governance import (
    attach_minutes,
    bodies_overview,
    members_on,
    open_actions,
    visible_minutes,
)


@roles_required(STAFF)
def bodies(request: HttpRequest) -> HttpResponse:
    """`/staff/governance/`: the bodies in the user's view, with their meetings and open actions counted."""
    return render(request, "monitoring/governance_bodies.html", {"bodies": bodies_overview(request.user)})


@roles_required(STAFF)
@audits_reads("program.GovernanceBody")
def body(request: HttpRequest, pk: int) -> HttpResponse:
    """`/staff/governance/<pk>/?on=YYYY-MM-DD`: who sits on the body that day, its meetings and open actions."""
    found = GovernanceBody.objects.restrict(request.user, "view").filter(pk=pk).select_related("country").first()
    if found is None:
        raise Http404(_("No such body."))
    try:
        on = date.fromisoformat(request.GET["on"]) if request.GET.get("on") else timezone.localdate()
    except ValueError:
        on = timezone.localdate()
    meetings = (
        GovernanceMeeting.objects.restrict(request.user, "view")
        .filter(body=found)
        .prefetch_related("decisions", "actions__owner")
        .order_by("-date")
    )
    context = {
        "body": found,
        "visible_minutes": visible_minutes(meetings, request.user),
        "minutes_form": MinutesForm(),
        "on": on,
        "members": members_on(found, on, request.user),
        "meetings": meetings,
        "open_actions": open_actions(found, request.user),
        "today": timezone.localdate(),
    }
    return render(request, "monitoring/governance_body.html", context)


@roles_required(STAFF)
@require_POST
def minutes(request: HttpRequest, pk: int) -> HttpResponse:
    """Upload a meeting's minutes: they become a library resource, the file checked by the library."""
    meeting = GovernanceMeeting.objects.restrict(request.user, "view").filter(pk=pk).select_related("body").first()
    if meeting is None:
        raise Http404(_("No such meeting."))
    form = MinutesForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose the minutes file and who may see it."))
    else:
        upload = form.cleaned_data["file"]
        try:
            attach_minutes(
                meeting,
                acting_user=request.user,
                upload=upload,
                file_name=upload.name,
                access_level=form.cleaned_data["access_level"],
            )
        except (PermissionDenied, ValidationError) as error:
            for message in getattr(error, "messages", [str(error)]):
                messages.error(request, message)
        else:
            messages.success(request, _("The minutes are in the library."))
    return redirect(reverse("monitoring:governance_body", kwargs={"pk": meeting.body_id}) + f"#meeting-{meeting.pk}")
