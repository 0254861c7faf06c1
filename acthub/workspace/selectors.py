"""What the staff home shows: the items that wait for the signed-in user, and their own recent work.

Every list goes through the owning app's own selector (restricted querysets, `visible_jobs`,
`overdue`, `visible_assessments`, the quality flags of the data-quality page), so a country officer sees
the items of their countries only, and each count is the length of the list it counts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from acthub.actip.choices import AssessmentStatus
from acthub.actip.services import visible_assessments
from acthub.audit.models import ObjectChange
from acthub.factsheets.choices import EditionStatus
from acthub.factsheets.models import FactSheetEdition
from acthub.imports.models import ImportJob
from acthub.imports.services import visible_jobs
from acthub.program.services.grants import Overdue, overdue
from acthub.publishing.quality import quality_flags

LIMIT = 20  # items shown per list; the count says how many there are in all
RECENT = 15


@dataclass
class NeedsMe:
    """The lists of the staff home's "what needs me"; each is complete, the page shows the first LIMIT."""

    approvals: list[ImportJob] = field(default_factory=list)
    quality: list[dict[str, Any]] = field(default_factory=list)
    failed_imports: list[ImportJob] = field(default_factory=list)
    drafts: list[FactSheetEdition] = field(default_factory=list)
    overdue: list[Overdue] = field(default_factory=list)
    assessments: list[Any] = field(default_factory=list)

    @property
    def total(self) -> int:
        """How many items wait in all."""
        return sum(len(items) for items in self.sections())

    def sections(self) -> list[list[Any]]:
        return [self.approvals, self.quality, self.failed_imports, self.drafts, self.overdue, self.assessments]


def needs_me(user: Any, program: Any, today: date) -> NeedsMe:
    """The items waiting for `user` in `program` on `today`, within the user's scope."""
    jobs = visible_jobs(user).filter(program=program)
    return NeedsMe(
        approvals=list(
            jobs.filter(status=ImportJob.Status.COMPLETE, approval=ImportJob.Approval.PENDING).order_by("created")
        ),
        quality=quality_flags(program, user)[0],
        failed_imports=list(
            jobs.filter(status__in=(ImportJob.Status.ERROR, ImportJob.Status.EXPIRED)).order_by("-created")
        ),
        drafts=list(
            FactSheetEdition.objects.restrict(user, "view")
            .filter(program=program, status=EditionStatus.DRAFT)
            .select_related("country")
            .order_by("-last_updated")
        ),
        overdue=overdue(user, today, program=program),
        assessments=list(
            visible_assessments(user)
            .filter(status__in=(AssessmentStatus.SUBMITTED, AssessmentStatus.RETURNED))
            .order_by("country__name", "period")
        ),
    )


def recent_work(user: Any, limit: int = RECENT) -> list[ObjectChange]:
    """The user's own latest changes, from the change log (their own actions only)."""
    return list(ObjectChange.objects.filter(user=user).select_related("content_type").order_by("-time", "-pk")[:limit])
