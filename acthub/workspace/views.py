"""The staff home: what needs the signed-in user, and their recent work. The selectors do the work."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from acthub.core.permissions import staff_required
from acthub.portal.selectors import program_or_404
from acthub.workspace.selectors import LIMIT, needs_me, recent_work


@staff_required
def home(request: HttpRequest) -> HttpResponse:
    """`/staff/`: pending approvals, quality flags, failed imports, drafts, overdue items, ACTIP reviews."""
    program = program_or_404(request)
    return render(
        request,
        "workspace/home.html",
        {
            "needs": needs_me(request.user, program, timezone.localdate()),
            "recent": recent_work(request.user),
            "limit": LIMIT,
        },
    )
