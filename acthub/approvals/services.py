"""Approve, unapprove and revert committed imports (DHIS2's data approval, one import at a time).

The rows of a committed import are pending: kept out of every published figure (their `is_pending`
flag, and the published population of the participation aggregates) until someone who may approve
them does. Approving publishes them; unapproving (with a reason) takes them back out; reverting
deletes them and brings the aggregates back to before the import. Each is atomic, takes the acting
user, records a Decision (who, when, why, which periods and places) and saves the job under the
acting user, so that the change log and the public page cache's generation both move on.

Who may decide (`refusal`):
- approve and unapprove: an admin; regional MEL for the places of their scope; a country officer for
  their own countries when every indicator the import feeds allows country approval; the system
  (a scripted pipeline run without --user).
- revert: the person who imported it, regional MEL or an admin (in scope), or the system.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models.functions import ExtractMonth, ExtractYear
from django.utils import timezone
from django.utils.translation import gettext as _

from acthub.approvals.models import Decision
from acthub.audit.context import acting
from acthub.core.access import ADMIN, COUNTRY_OFFICER, REGIONAL_MEL, role_of, user_country_ids
from acthub.core.models import Country

REGION = "REGION"
APPROVE, UNAPPROVE, REVERT = "approve", "unapprove", "revert"
MAX_REASON = 2000


class ApprovalRefused(Exception):
    """The decision cannot be taken; the message says why, for the person who asked."""


@dataclass(frozen=True)
class Coverage:
    """The periods (half-years) and places (country codes, REGION) an import's rows are about."""

    periods: list[str]
    places: list[str]
    indicators: list[str]
    rows: int


def _half(year: int, month: int) -> str:
    return f"{year}S{1 if month <= 6 else 2}"


def coverage(job: Any) -> Coverage:
    """What the job's rows cover, read from the rows themselves (empty once reverted)."""
    from acthub.activities.models import Activity, AttendanceCount, Participation
    from acthub.indicators.models import DataValue, Indicator

    periods: set[str] = set()
    places: set[str] = set()
    rows = 0
    for model in (Participation, AttendanceCount):
        qs = model.objects.filter(import_job=job).order_by()
        found = qs.annotate(y=ExtractYear("activity__start_date"), m=ExtractMonth("activity__start_date"))
        periods |= {_half(y, m) for y, m in found.values_list("y", "m").distinct()}
        places |= set(qs.values_list("country__code", flat=True).distinct())
        rows += qs.count()
    activities = Activity.objects.filter(import_job=job).order_by()
    if activities.exists():
        dated = activities.annotate(y=ExtractYear("start_date"), m=ExtractMonth("start_date"))
        periods |= {_half(y, m) for y, m in dated.values_list("y", "m").distinct()}
        places |= {c for c in activities.values_list("countries__code", flat=True).distinct() if c}
        if activities.filter(is_regional=True).exists() or activities.filter(countries=None).exists():
            places.add(REGION)
        rows += activities.count()
    values = DataValue.objects.filter(import_job=job).order_by()
    indicators: set[str] = set()
    if values.exists():
        periods |= set(values.values_list("period", flat=True).distinct())
        places |= {c or REGION for c in values.values_list("country__code", flat=True).distinct()}
        indicators = set(values.values_list("indicator__code", flat=True).distinct())
        rows += values.count()
    elif rows:
        # Activities and participation feed the indicators computed from records.
        indicators = set(Indicator.objects.exclude(computation="").values_list("code", flat=True))
    return Coverage(sorted(periods), sorted(places, key=lambda p: (p != REGION, p)), sorted(indicators), rows)


def _in_scope(user: Any, places: list[str]) -> bool:
    ids = user_country_ids(user)
    if ids is None:
        return True
    codes = set(Country.objects.filter(pk__in=ids).values_list("code", flat=True))
    return all(place != REGION and place in codes for place in places)


def _state_refusal(job: Any, action: str, *, at_commit: bool = False) -> str | None:
    from acthub.imports.models import ImportJob

    if at_commit:
        return None
    if job.status == ImportJob.Status.REVERTED:
        return _("This import was reverted: its rows are gone.")
    if job.status != ImportJob.Status.COMPLETE:
        return _("Only a committed import can be approved, unapproved or reverted.")
    if action == APPROVE and job.approval == ImportJob.Approval.APPROVED:
        return _("This import is approved already.")
    if action == UNAPPROVE and job.approval != ImportJob.Approval.APPROVED:
        return _("This import is not approved: there is nothing to unapprove.")
    return None


def refusal(user: Any, job: Any, action: str, *, at_commit: bool = False) -> str | None:
    """Why `user` may not take `action` (approve, unapprove, revert) on `job`; None when they may."""
    state = _state_refusal(job, action, at_commit=at_commit)
    if state or user is None:  # None: the system (a command run without --user)
        return state
    role = role_of(user)
    places = coverage(job).places
    if action == REVERT:
        owner = user.pk in (job.created_by_id, job.committed_by_id)
        if owner or (role in (REGIONAL_MEL, ADMIN) and _in_scope(user, places)):
            return None
        return _("Only the person who imported it, regional MEL or an administrator may revert an import.")
    if role == ADMIN or (role == REGIONAL_MEL and _in_scope(user, places)):
        return None
    if role == COUNTRY_OFFICER:
        if not _in_scope(user, places):
            return _("This import has rows outside your countries: regional MEL approves it.")
        if not _officers_may_approve(job):
            return _("An indicator this import feeds is approved by regional MEL only.")
        return None
    return _("Regional MEL approves imports (or a country officer, where an indicator allows it).")


def _officers_may_approve(job: Any) -> bool:
    from acthub.indicators.models import Indicator

    codes = coverage(job).indicators
    return not Indicator.objects.filter(code__in=codes, country_approval=False).exists()


def _locked(job: Any) -> Any:
    from acthub.imports.models import ImportJob

    return ImportJob.objects.select_for_update().select_related("program").get(pk=job.pk)


def _reason(reason: str, *, required: bool) -> str:
    text = (reason or "").strip()
    if required and not text:
        raise ApprovalRefused(_("Give a reason: it is kept with the decision."))
    if len(text) > MAX_REASON:
        raise ApprovalRefused(_("Keep the reason under %(n)s characters.") % {"n": MAX_REASON})
    return text


def _decide(job: Any, action: str, user: Any, reason: str, cover: Coverage) -> Decision:
    decision = Decision(
        job=job,
        action=action,
        decided_by=user if getattr(user, "pk", None) else None,
        reason=reason,
        periods=cover.periods,
        places=cover.places,
        rows=cover.rows,
    )
    decision.save()
    return decision


def _set_values_pending(job: Any, pending: bool) -> None:
    from acthub.indicators.models import DataValue

    DataValue.objects.filter(import_job=job).exclude(is_pending=pending).update(is_pending=pending)


@transaction.atomic
def approve(job: Any, *, acting_user: Any, reason: str = "", via: str = "web") -> Decision:
    """Publish a committed import's rows (ApprovalRefused says why not)."""
    from acthub.activities.services import set_job_pending
    from acthub.imports.models import ImportJob

    job = _locked(job)
    problem = refusal(acting_user, job, APPROVE)
    if problem:
        raise ApprovalRefused(problem)
    text = _reason(reason, required=False)
    cover = coverage(job)
    with acting(acting_user, via=via):
        _set_values_pending(job, False)
        set_job_pending(job, False)
        job.approval = ImportJob.Approval.APPROVED
        job.approved_by = acting_user if getattr(acting_user, "pk", None) else None
        job.approved_at = timezone.now()
        job.save()
        return _decide(job, Decision.Action.APPROVED, acting_user, text, cover)


def approve_at_commit(job: Any, *, acting_user: Any, via: str = "command") -> Decision:
    """Record the approval of a job committed with its rows already published (`import_data --approve`).

    Called inside the commit's transaction, after the rows are written; ApprovalRefused rolls it back.
    """
    from acthub.imports.models import ImportJob

    problem = refusal(acting_user, job, APPROVE, at_commit=True)
    if problem:
        raise ApprovalRefused(problem)
    cover = coverage(job)
    with acting(acting_user, via=via):
        job.approval = ImportJob.Approval.APPROVED
        job.approved_by = acting_user if getattr(acting_user, "pk", None) else None
        job.approved_at = timezone.now()
        job.save()
        return _decide(job, Decision.Action.APPROVED, acting_user, _("Approved when committed."), cover)


@transaction.atomic
def unapprove(job: Any, *, acting_user: Any, reason: str, via: str = "web") -> Decision:
    """Take an approved import's rows out of the published figures again, with a reason."""
    from acthub.activities.services import set_job_pending
    from acthub.imports.models import ImportJob

    job = _locked(job)
    problem = refusal(acting_user, job, UNAPPROVE)
    if problem:
        raise ApprovalRefused(problem)
    text = _reason(reason, required=True)
    cover = coverage(job)
    with acting(acting_user, via=via):
        _set_values_pending(job, True)
        set_job_pending(job, True)
        job.approval = ImportJob.Approval.PENDING
        job.approved_by, job.approved_at = None, None
        job.save()
        return _decide(job, Decision.Action.UNAPPROVED, acting_user, text, cover)


@transaction.atomic
def revert(job: Any, *, acting_user: Any, reason: str = "", via: str = "web") -> Decision:
    """Delete every row a committed import wrote and bring the aggregates back to before it."""
    from acthub.activities.services import RecordsDependOnImport, delete_imported
    from acthub.imports.models import ImportJob
    from acthub.indicators.models import DataValue

    job = _locked(job)
    problem = refusal(acting_user, job, REVERT)
    if problem:
        raise ApprovalRefused(problem)
    text = _reason(reason, required=False)
    cover = coverage(job)
    with acting(acting_user, via=via):
        try:
            delete_imported(job)
        except RecordsDependOnImport as exc:
            raise ApprovalRefused(str(exc)) from exc
        DataValue.objects.filter(import_job=job).delete()
        job.status = ImportJob.Status.REVERTED
        job.approval = ImportJob.Approval.NONE
        job.approved_by, job.approved_at = None, None
        job.message = _("Reverted: the %(rows)s rows it wrote were deleted.") % {"rows": cover.rows}
        job.save()
        return _decide(job, Decision.Action.REVERTED, acting_user, text, cover)
