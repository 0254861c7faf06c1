"""Grant pages: the staff's overview (overdue items, totals, conversion at a dated rate, chart), the staff's
review of a report, and the partner's own reports with their upload. Views stay thin."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from acthub.audit.reads import audits_reads
from acthub.core.access import PARTNER
from acthub.core.permissions import STAFF, roles_required
from acthub.monitoring.forms import ReportUploadForm, ReviewForm
from acthub.portal import selectors
from acthub.program.models import GrantReport
from acthub.program.services import grants as service
from acthub.publishing.charts import ChartRow, bar_chart

PARTNER_ROLES = (PARTNER,)


def _options(request: HttpRequest) -> tuple[str, str, date]:
    by = request.GET.get("by", "round")
    if by not in service.GROUPS:
        by = "round"
    currency = request.GET.get("currency", "").upper()
    if currency and not (len(currency) == 3 and currency.isalpha()):
        currency = ""
    try:
        on = date.fromisoformat(request.GET["on"]) if request.GET.get("on") else timezone.localdate()
    except ValueError:
        on = timezone.localdate()
    return by, currency, on


def _totals(request: HttpRequest) -> dict[str, Any]:
    program = selectors.program_or_404(request)
    by, currency, on = _options(request)
    grants = list(service.visible_grants(request.user, program))
    context: dict[str, Any] = {"by": by, "currency": currency, "on": on, "grants": grants, "groups": service.GROUPS}
    try:
        context["totals"] = service.totals(grants, by=by, currency=currency or None, on=on)
    except service.MissingRate as error:
        context["totals"] = service.totals(grants, by=by)
        context["rate_error"] = str(error)
    context["grand"] = service.grand_total(context["totals"])
    return context


@roles_required(STAFF)
def overview(request: HttpRequest) -> HttpResponse:
    """`/staff/grants/`: overdue reports and milestones, then totals by round, country or currency."""
    context = _totals(request)
    context["overdue"] = service.overdue(request.user, timezone.localdate())
    context["reports"] = (
        GrantReport.objects.restrict(request.user, "view")
        .select_related("grant__grantee")
        .prefetch_related("grant__countries")
    )
    return render(request, "monitoring/grants.html", context)


@roles_required(STAFF)
def totals_chart(request: HttpRequest) -> HttpResponse:
    """`/staff/grants/chart/`: the totals as bars (one per group, in one currency or per currency)."""
    context = _totals(request)
    rows = []
    for total in context["totals"]:
        if context["currency"] and total.converted is not None:
            rows.append(
                ChartRow(
                    total.label,
                    total.converted,
                    f"{number_format(total.converted, 2, force_grouping=True)} {context['currency']}",
                )
            )
        else:
            for code, amount in sorted(total.by_currency.items()):
                rows.append(
                    ChartRow(
                        f"{total.label} ({code})",
                        Decimal(amount),
                        f"{number_format(amount, 2, force_grouping=True)} {code}",
                    )
                )
    context["chart"] = bar_chart(_("Grant totals"), _("Grant amounts added up by group."), rows)
    return render(request, "monitoring/grants_chart.html", context)


def _report_or_404(user: Any, pk: int) -> GrantReport:
    found = GrantReport.objects.restrict(user, "view").filter(pk=pk).select_related("grant__grantee").first()
    if found is None:
        raise Http404(_("No such report."))
    return found


@roles_required(STAFF)
@audits_reads("program.GrantReport")
def review(request: HttpRequest, pk: int) -> HttpResponse:
    """`/staff/grants/reports/<pk>/`: a report, and (POST) accept it or send it back."""
    report = _report_or_404(request.user, pk)
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            service.review_report(
                report,
                acting_user=request.user,
                accept=form.cleaned_data["decision"] == "accept",
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as error:
            form.add_error(None, " ".join(error.messages))
        else:
            messages.success(request, _("Review saved."))
            return redirect("monitoring:grant_report_review", pk=report.pk)
    return render(request, "monitoring/grant_report.html", {"report": report, "form": form, "staff": True})


@roles_required(PARTNER_ROLES)
def partner_reports(request: HttpRequest) -> HttpResponse:
    """`/partner/reports/`: the reports the partner's own organisation owes or has handed in."""
    reports = service.partner_reports(request.user)
    return render(request, "monitoring/partner_reports.html", {"reports": reports, "today": timezone.localdate()})


@roles_required(PARTNER_ROLES)
@audits_reads("program.GrantReport")
def partner_report(request: HttpRequest, pk: int) -> HttpResponse:
    """`/partner/reports/<pk>/`: one of the partner's reports, and (POST) its file."""
    report = _report_or_404(request.user, pk)
    form = ReportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            service.submit_report(report, acting_user=request.user, file=form.cleaned_data["file"])
        except ValidationError as error:
            form.add_error("file", " ".join(error.messages))
        except PermissionDenied:
            raise
        else:
            messages.success(request, _("Report submitted."))
            return redirect("monitoring:partner_report", pk=report.pk)
    return render(request, "monitoring/grant_report.html", {"report": report, "form": form, "staff": False})
