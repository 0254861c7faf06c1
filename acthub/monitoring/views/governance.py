"""Governance pages for staff: a body's members on a date, its meetings and decisions, its open actions."""

from __future__ import annotations

from datetime import date

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from acthub.audit.reads import audits_reads
from acthub.core.permissions import STAFF, roles_required
from acthub.program.models import GovernanceBody, GovernanceMeeting
from acthub.program.services.governance import members_on, open_actions


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
        "on": on,
        "members": members_on(found, on, request.user),
        "meetings": meetings,
        "open_actions": open_actions(found, request.user),
        "today": timezone.localdate(),
    }
    return render(request, "monitoring/governance_body.html", context)
