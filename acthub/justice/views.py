"""Staff pages of court cases: the list, and a case with its charges, defendants and victims (issue 11).

Seen by country officers of the case's country, regional MEL and admins (`staff_required`, then the
restricted querysets: another country's case does not exist, 404). Every read is logged: the list as
one LIST_READ event (how many cases it showed), a case page as a READ of the case (`audits_reads`)
and one READ of each victim and defendant it showed. Names and free text stay out of these pages:
the rows are pseudonymous, and what is encrypted stays encrypted.
"""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from acthub.audit.reads import audit_list_read, audit_reads, audits_reads
from acthub.core.permissions import staff_required
from acthub.justice.models import Charge, CourtCase, Defendant, DefendantCharge, Victim

PER_PAGE = 50
# The victim-sensitive measures a case page shows per victim, in the order of the eight areas.
MEASURES = (
    "identity_protected",
    "closed_hearing",
    "non_punishment_applied",
    "times_testified",
    "testified_by_video_link",
    "testified_behind_screen",
    "testimony_recorded",
    "interpreter_needed",
    "interpreter_provided",
    "interpreter_language",
    "legal_representation",
    "informed_of_rights",
    "referred_to_services",
    "medical_examination",
    "child_provisions",
    "has_disability",
    "disability_provisions",
    "compensation_requested",
    "compensation_ordered",
    "compensation_paid",
    "compensation_currency",
)


def _labels(model: Any, names: tuple[str, ...]) -> list[str]:
    return [str(model._meta.get_field(name).verbose_name) for name in names]


@staff_required
def case_list(request: HttpRequest) -> HttpResponse:
    """`/staff/cases/`: the cases the user may see, newest year first, 50 a page (optionally one country)."""
    cases = (
        CourtCase.objects.restrict(request.user, "view")
        .select_related("country")
        .annotate(victim_count=Count("victims", distinct=True), defendant_count=Count("defendants", distinct=True))
        .order_by("-year", "country__code", "court", "case_number")
    )
    country = request.GET.get("country", "").upper()
    if country:
        cases = cases.filter(country__code=country)
    page = Paginator(cases, PER_PAGE).get_page(request.GET.get("page"))
    audit_list_read(request.user, CourtCase, [case.pk for case in page], view="justice:cases")
    return render(
        request,
        "justice/case_list.html",
        {"page": page, "country": country, "case_meta": CourtCase._meta, "victim_meta": Victim._meta},
    )


@staff_required
@audits_reads("justice.CourtCase")
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """`/staff/cases/<pk>/`: a case, its charges, its defendants (verdicts per charge) and its victims' measures."""
    case = CourtCase.objects.restrict(request.user, "view").select_related("country").filter(pk=pk).first()
    if case is None:
        raise Http404(_("No such case."))
    charges = list(Charge.objects.filter(case=case).order_by("law", "article"))
    defendants = list(Defendant.objects.filter(case=case).order_by("pseudonym"))
    verdicts: dict[int, list[DefendantCharge]] = {}
    for row in DefendantCharge.objects.filter(defendant__case=case).select_related("charge"):
        verdicts.setdefault(row.defendant_id, []).append(row)
    victims = list(Victim.objects.filter(case=case).order_by("pseudonym"))
    labels = _labels(Victim, MEASURES)
    audit_reads(request.user, [*defendants, *victims], view="justice:case")
    return render(
        request,
        "justice/case_detail.html",
        {
            "case": case,
            "case_meta": CourtCase._meta,
            "charges": charges,
            "defendants": [(d, verdicts.get(d.pk, [])) for d in defendants],
            "victims": [(v, list(zip(labels, (getattr(v, name) for name in MEASURES), strict=True))) for v in victims],
            "victim_meta": Victim._meta,
            "defendant_meta": Defendant._meta,
            "charge_meta": Charge._meta,
            "days_charge_to_verdict": case.days_charge_to_verdict(),
        },
    )
