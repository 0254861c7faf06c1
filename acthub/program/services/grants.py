"""Grant operations: partners submit reports, staff review them; overdue items; totals by round, country, currency.

Cross-currency totals are never silent: they need a rate of the dated rate table (the latest on or
before the date asked) for every currency involved, and each total says which rate it used.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from acthub.core.access import PARTNER, can, role_of
from acthub.library.uploads import UploadRejected, inspect_upload
from acthub.program.choices import MilestoneStatus, ReportStatus
from acthub.program.models import ExchangeRate, Grant, GrantMilestone, GrantReport
from acthub.program.services._audit import save_as

GROUPS = ("round", "country", "currency")


# Reports: submit and review ---------------------------------------------------------------------------


def may_submit(user: Any, report: GrantReport) -> bool:
    """A partner of the grantee organisation, or staff who may change the grant's records."""
    if role_of(user) == PARTNER:
        return bool(user.organisation_id) and report.grant.grantee_id == user.organisation_id
    return can(user, "change", report)


@transaction.atomic
def submit_report(report: GrantReport, *, acting_user: Any, file: UploadedFile) -> GrantReport:
    """The grantee hands in a due (or sent back) report; the file is checked by content first."""
    report = GrantReport.objects.select_for_update().get(pk=report.pk)
    if not may_submit(acting_user, report):
        raise PermissionDenied(_("Only the grantee submits this report."))
    if report.status not in (ReportStatus.DUE, ReportStatus.RETURNED):
        raise ValidationError(
            _("This report is %(status)s; only a due or sent-back report can be submitted.")
            % {"status": report.get_status_display()}
        )
    # The library's checks (content, size, allowed types); the stored name takes the type the bytes show.
    try:
        info = inspect_upload(file)
    except UploadRejected as error:
        raise ValidationError({"file": _("%(name)s: %(reason)s") % {"name": file.name, "reason": error}}) from None
    report.file.save(f"report-{report.pk}.{info.kind}", File(file), save=False)
    report.status = ReportStatus.SUBMITTED
    report.submitted_at = timezone.now()
    report.submitted_by = acting_user
    save_as(report, acting_user=acting_user, via="grant_report")
    return report


@transaction.atomic
def review_report(report: GrantReport, *, acting_user: Any, accept: bool, comment: str = "") -> GrantReport:
    """Staff accept a submitted report, or send it back with a comment saying what to fix."""
    report = GrantReport.objects.select_for_update().get(pk=report.pk)
    if role_of(acting_user) == PARTNER or not can(acting_user, "change", report):
        raise PermissionDenied(_("Only staff responsible for this grant review its reports."))
    if report.status != ReportStatus.SUBMITTED:
        raise ValidationError(_("Only a submitted report can be reviewed."))
    if not accept and not comment.strip():
        raise ValidationError({"comment": _("Say what the grantee should change.")})
    report.status = ReportStatus.ACCEPTED if accept else ReportStatus.RETURNED
    report.review_comment = comment.strip()
    report.reviewed_at = timezone.now()
    report.reviewed_by = acting_user
    save_as(report, acting_user=acting_user, via="grant_review")
    return report


# Overdue items ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Overdue:
    """Something a grant owes that is past its due date."""

    grant: Grant
    what: str
    due_date: date
    kind: str  # "report" or "milestone"
    days_late: int


def overdue(user: Any, today: date, *, program: Any = None) -> list[Overdue]:
    """Reports and milestones past due on `today`, among the records `user` may see, oldest first."""
    reports = GrantReport.objects.restrict(user, "view").filter(
        status__in=(ReportStatus.DUE, ReportStatus.RETURNED), due_date__lt=today
    )
    milestones = GrantMilestone.objects.restrict(user, "view").filter(
        status=MilestoneStatus.PENDING, due_date__lt=today
    )
    if program is not None:
        reports = reports.filter(grant__program=program)
        milestones = milestones.filter(grant__program=program)
    items = [
        Overdue(r.grant, r.title, r.due_date, "report", (today - r.due_date).days)
        for r in reports.select_related("grant__grantee").prefetch_related("grant__countries")
    ]
    items += [
        Overdue(m.grant, m.title, m.due_date, "milestone", (today - m.due_date).days)
        for m in milestones.select_related("grant__grantee").prefetch_related("grant__countries")
    ]
    return sorted(items, key=lambda item: (item.due_date, str(item.grant), item.what))


# Totals -----------------------------------------------------------------------------------------------


class MissingRate(ValueError):
    """No rate in the table converts one currency into another on or before a date."""


@dataclass(frozen=True)
class RateUsed:
    """The rate a converted total used: from, to, rate, its date and source."""

    base: str
    quote: str
    rate: Decimal
    date: date
    source: str


@dataclass
class Total:
    """The grants of one group (a round, a country or a currency) added up, per currency."""

    key: str
    label: str
    by_currency: dict[str, Decimal] = field(default_factory=dict)
    grants: int = 0
    converted: Decimal | None = None
    rates: list[RateUsed] = field(default_factory=list)
    # The grants added into this group (pk: currency, amount), so a sum over groups counts a grant
    # listed in several countries once.
    members: dict[int, tuple[str, Decimal]] = field(default_factory=dict)
    # By country: the grants of this country that other countries share, with those countries.
    shared: list[tuple[Grant, list[Any]]] = field(default_factory=list)


def rate(base: str, quote: str, on: date) -> RateUsed:
    """The latest rate from `base` to `quote` on or before `on`; MissingRate when the table has none."""
    if base == quote:
        return RateUsed(base, quote, Decimal(1), on, "")
    found = ExchangeRate.objects.filter(base=base, quote=quote, date__lte=on).order_by("-date").first()
    if found is not None:
        return RateUsed(base, quote, found.rate, found.date, found.source)
    inverse = ExchangeRate.objects.filter(base=quote, quote=base, date__lte=on).order_by("-date").first()
    if inverse is not None:
        value = (Decimal(1) / inverse.rate).quantize(Decimal("0.00000001"), rounding=ROUND_HALF_UP)
        return RateUsed(base, quote, value, inverse.date, _("inverse of %(source)s") % {"source": inverse.source})
    raise MissingRate(
        _("No exchange rate from %(base)s to %(quote)s on or before %(date)s: add one to the rate table.")
        % {"base": base, "quote": quote, "date": on.isoformat()}
    )


def _keys(grant: Grant, by: str) -> list[tuple[str, str]]:
    """The groups a grant adds into: one, except by country, where a shared grant is in each of its countries."""
    if by == "round":
        return [(str(grant.round_id or ""), str(grant.round) if grant.round else _("No round"))]
    if by == "country":
        countries = grant.country_list
        if not countries:
            return [("REGION", str(_("Regional")))]
        return [(country.code, str(country)) for country in countries]
    return [(grant.currency, grant.currency)]


def totals(grants: Iterable[Grant], *, by: str, currency: str | None = None, on: date | None = None) -> list[Total]:
    """Grant amounts added up by round, country or currency; converted into `currency` when given.

    Amounts of different currencies are only added after conversion at the table's rate of `on`
    (today by default); a missing rate raises MissingRate rather than leaving a currency out.
    By country, a grant shared by several countries adds its full amount to each of them (ADR 0014);
    `grand_total` still counts it once.
    """
    if by not in GROUPS:
        raise ValueError(f"group by one of {GROUPS}, not {by!r}")
    groups: dict[str, Total] = {}
    for grant in grants:
        if grant.amount is None:
            continue
        for key, label in _keys(grant, by):
            total = groups.setdefault(key, Total(key, label))
            total.by_currency[grant.currency] = total.by_currency.get(grant.currency, Decimal(0)) + grant.amount
            total.grants += 1
            total.members[grant.pk] = (grant.currency, grant.amount)
            if by == "country" and len(grant.country_list) > 1:
                others = [c for c in grant.country_list if c.code != key]
                total.shared.append((grant, others))
    result = sorted(groups.values(), key=lambda t: t.label)
    if currency:
        day = on or timezone.localdate()
        used: dict[str, RateUsed] = {}
        for total in result:
            converted = Decimal(0)
            for code, amount in sorted(total.by_currency.items()):
                if code not in used:
                    used[code] = rate(code, currency, day)
                converted += amount * used[code].rate
                if code != currency:
                    total.rates.append(used[code])
            total.converted = converted.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return result


def grand_total(result: list[Total]) -> dict[str, Decimal]:
    """The sum over groups, per currency (never across currencies), each grant once.

    A grant listed in several countries' groups is in several `members`; it is added only once here.
    """
    once: dict[int, tuple[str, Decimal]] = {}
    for total in result:
        once.update(total.members)
    summed: dict[str, Decimal] = defaultdict(Decimal)
    for code, amount in once.values():
        summed[code] += amount
    return dict(sorted(summed.items()))


def visible_grants(user: Any, program: Any) -> Any:
    """The program's grants the user may see, with what the totals and pages read."""
    return (
        Grant.objects.restrict(user, "view")
        .filter(program=program)
        .select_related("round", "grantee", "project")
        .prefetch_related("countries")
        .order_by("grantee__name", "pk")
    )


def partner_reports(user: Any) -> Any:
    """The reports of the partner's own organisation's grants (nothing for anyone else's)."""
    return (
        GrantReport.objects.restrict(user, "view")
        .filter(Q(grant__grantee_id=getattr(user, "organisation_id", None)))
        .select_related("grant", "grant__grantee")
        .order_by("due_date")
    )
