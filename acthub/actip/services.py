"""ACTIP assessment workflow and the figures of the regional view.

Workflow: a country officer drafts their country's assessment and submits it; regional MEL (or an
admin) comments, sends it back or accepts it, then publishes it. Each step is a service, atomic,
with the acting user, and written to the change log. Nobody edits another country's draft: outside
a user's scope an unpublished assessment does not exist (restricted querysets: 404).

Figures: `status_counts` counts articles per status, member state and period over published
assessments; the indicators engine computes the ACTIP indicators with it (see
acthub.indicators.computations), and pages read those figures from the engine.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from acthub.actip.choices import PROGRESS, AssessmentStatus, ImplementationStatus
from acthub.actip.models import Article, Assessment, AssessmentItem, ReviewComment
from acthub.audit.context import acting, current_actor
from acthub.core.access import ADMIN, COUNTRY_OFFICER, REGIONAL_MEL, in_scope_for_change, role_of
from acthub.core.models import Country

REVIEWERS = (REGIONAL_MEL, ADMIN)
DRAFTERS = (COUNTRY_OFFICER, ADMIN)


def save_as(instance: Any, *, acting_user: Any, via: str) -> None:
    """Save (validated by BaseModel.save) with the change attributed to `acting_user` in the change log."""
    actor = current_actor()
    with acting(acting_user, via=via, remote_addr=actor.remote_addr, request_id=actor.request_id):
        instance.save()


def items_with_resources(assessment: Assessment, user: Any) -> Any:
    """The assessment's articles, each with `visible_resources`: the linked library resources `user` may see.

    A partners-only or internal resource is never listed to the public, whatever the assessment.
    """
    from django.db.models import Prefetch

    from acthub.library.models import Resource

    visible = Resource.objects.restrict(user, "view").select_related("type").order_by("title")
    return (
        assessment.items.select_related("article__chapter")
        .prefetch_related(Prefetch("resources", queryset=visible, to_attr="visible_resources"))
        .order_by("article__number")
    )


def visible_assessments(user: Any) -> Any:
    """The assessments a user may see: published ones, and drafts of the countries in their scope."""
    return Assessment.objects.restrict(user, "view").select_related("country")


def may_draft(user: Any, country: Country) -> bool:
    """Whether the user drafts this member state's assessments (its country officer, or an admin)."""
    probe = Assessment(country=country)
    return role_of(user) in DRAFTERS and in_scope_for_change(user, probe)


def may_review(user: Any, assessment: Assessment) -> bool:
    """Whether the user reviews and publishes this assessment (regional MEL in scope, or an admin)."""
    return role_of(user) in REVIEWERS and in_scope_for_change(user, assessment)


def _locked(assessment: Assessment) -> Assessment:
    return Assessment.objects.select_for_update().get(pk=assessment.pk)


@transaction.atomic
def start_assessment(country: Country, period: str, *, acting_user: Any) -> Assessment:
    """A draft with one item per article, every item not started, for a member state and period."""
    if not may_draft(acting_user, country):
        raise PermissionDenied(_("Only an officer of %(country)s drafts its assessment.") % {"country": country})
    if Assessment.objects.filter(country=country, period=period).exists():
        raise ValidationError(
            {"period": _("%(country)s already has an assessment for this period.") % {"country": country}}
        )
    assessment = Assessment(country=country, period=period, drafted_by=acting_user)
    save_as(assessment, acting_user=acting_user, via="actip")
    for article in Article.objects.order_by("number"):
        save_as(AssessmentItem(assessment=assessment, article=article), acting_user=acting_user, via="actip")
    return assessment


@transaction.atomic
def update_item(
    item: AssessmentItem,
    *,
    acting_user: Any,
    status: str,
    evidence: str = "",
    laws: str = "",
    resource_links: str = "",
    resources: Iterable[Any] | None = None,
) -> AssessmentItem:
    """Set an article's status and evidence in a draft (or sent-back) assessment of the officer's country."""
    assessment = _locked(item.assessment)
    if not may_draft(acting_user, assessment.country):
        raise PermissionDenied(
            _("Only an officer of %(country)s edits its assessment.") % {"country": assessment.country}
        )
    if not assessment.is_editable:
        raise ValidationError(
            _("This assessment is %(status)s and cannot be edited.") % {"status": assessment.get_status_display()}
        )
    if status not in ImplementationStatus.values:
        raise ValidationError({"status": _("%(value)r is not a status on the scale.") % {"value": status}})
    chosen: list[Any] | None = None
    if resources is not None:
        chosen = list(resources)
        from acthub.library.models import Resource

        visible = set(
            Resource.objects.restrict(acting_user, "view")
            .filter(pk__in=[r.pk for r in chosen])
            .values_list("pk", flat=True)
        )
        # A resource the officer cannot see does not exist for them: linking it fails like a wrong id.
        missing = [r.pk for r in chosen if r.pk not in visible]
        if missing:
            raise ValidationError(
                {"resources": _("No library resource %(ids)s.") % {"ids": ", ".join(map(str, missing))}}
            )
    item = AssessmentItem.objects.get(pk=item.pk)
    item.status, item.evidence, item.laws, item.resource_links = (
        status,
        evidence.strip(),
        laws.strip(),
        resource_links.strip(),
    )
    save_as(item, acting_user=acting_user, via="actip")
    if chosen is not None:
        actor = current_actor()
        from acthub.library.models import Resource

        # Links to resources the officer cannot see stay: they cannot have meant to remove them.
        hidden = item.resources.exclude(pk__in=Resource.objects.restrict(acting_user, "view").values("pk"))
        with acting(acting_user, via="actip", remote_addr=actor.remote_addr, request_id=actor.request_id):
            item.resources.set([*chosen, *hidden])
    return item


def _move(assessment: Assessment, *, acting_user: Any, to: str, **fields: Any) -> Assessment:
    assessment.status = to
    for key, value in fields.items():
        setattr(assessment, key, value)
    save_as(assessment, acting_user=acting_user, via="actip")
    return assessment


@transaction.atomic
def submit(assessment: Assessment, *, acting_user: Any) -> Assessment:
    """The officer sends the draft for regional review."""
    assessment = _locked(assessment)
    if not may_draft(acting_user, assessment.country):
        raise PermissionDenied(
            _("Only an officer of %(country)s submits its assessment.") % {"country": assessment.country}
        )
    if not assessment.is_editable:
        raise ValidationError(_("Only a draft or sent-back assessment is submitted."))
    return _move(assessment, acting_user=acting_user, to=AssessmentStatus.SUBMITTED, submitted_at=timezone.now())


@transaction.atomic
def comment(
    assessment: Assessment, *, acting_user: Any, text: str, item: AssessmentItem | None = None
) -> ReviewComment:
    """A reviewer's note (or the officer's reply) on the assessment or one article."""
    if not (may_review(acting_user, assessment) or may_draft(acting_user, assessment.country)):
        raise PermissionDenied(_("You may not comment on this assessment."))
    if not text.strip():
        raise ValidationError({"text": _("Write the comment.")})
    note = ReviewComment(assessment=assessment, item=item, author=acting_user, text=text.strip())
    save_as(note, acting_user=acting_user, via="actip")
    return note


@transaction.atomic
def send_back(assessment: Assessment, *, acting_user: Any, reason: str) -> Assessment:
    """Regional MEL returns a submitted assessment to its officer, saying why."""
    assessment = _locked(assessment)
    if not may_review(acting_user, assessment):
        raise PermissionDenied(_("Only regional MEL reviews assessments."))
    if assessment.status != AssessmentStatus.SUBMITTED:
        raise ValidationError(_("Only a submitted assessment is sent back."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say what the officer should change.")})
    comment(assessment, acting_user=acting_user, text=reason)
    return _move(assessment, acting_user=acting_user, to=AssessmentStatus.RETURNED, reviewed_by=acting_user)


@transaction.atomic
def accept(assessment: Assessment, *, acting_user: Any) -> Assessment:
    """Regional MEL accepts a submitted assessment."""
    assessment = _locked(assessment)
    if not may_review(acting_user, assessment):
        raise PermissionDenied(_("Only regional MEL reviews assessments."))
    if assessment.status != AssessmentStatus.SUBMITTED:
        raise ValidationError(_("Only a submitted assessment is accepted."))
    return _move(assessment, acting_user=acting_user, to=AssessmentStatus.ACCEPTED, reviewed_by=acting_user)


@transaction.atomic
def publish(assessment: Assessment, *, acting_user: Any) -> Assessment:
    """Regional MEL publishes an accepted assessment: from now on the public sees it."""
    assessment = _locked(assessment)
    if not may_review(acting_user, assessment):
        raise PermissionDenied(_("Only regional MEL publishes assessments."))
    if assessment.status != AssessmentStatus.ACCEPTED:
        raise ValidationError(_("Only an accepted assessment is published."))
    return _move(assessment, acting_user=acting_user, to=AssessmentStatus.PUBLISHED, published_at=timezone.now())


# Figures --------------------------------------------------------------------------------------------


def status_counts(periods: Sequence[str], *, by_place: bool) -> dict[tuple[str, str, str], int]:
    """Articles per (period, place, status) over published assessments; place is a country code or REGION.

    The region's count adds the member states' (a count of country-article pairs).
    """
    counts: Counter[tuple[str, str, str]] = Counter()
    rows = AssessmentItem.objects.filter(
        assessment__status=AssessmentStatus.PUBLISHED, assessment__period__in=list(periods)
    ).values_list("assessment__period", "assessment__country__code", "status")
    for period, code, status in rows:
        counts[(period, "REGION", status)] += 1
        if by_place:
            counts[(period, code, status)] += 1
    return dict(counts)


@dataclass(frozen=True)
class Cell:
    """One square of the heat map: an article in a member state's published assessment of a period."""

    article: Article
    country: Country
    item: AssessmentItem | None

    @property
    def status(self) -> str:
        return self.item.status if self.item else ""


def heat_map(period: str, countries: Iterable[Country], user: Any = None) -> list[tuple[Article, list[Cell]]]:
    """Rows of articles, columns of member states: the status each published (or visible) assessment gives."""
    columns = list(countries)
    items = {
        (i.article_id, i.assessment.country_id): i
        for i in AssessmentItem.objects.restrict(user, "view")
        .filter(assessment__period=period, assessment__status=AssessmentStatus.PUBLISHED)
        .select_related("assessment")
    }
    return [
        (article, [Cell(article, c, items.get((article.pk, c.pk))) for c in columns])
        for article in Article.objects.select_related("chapter").order_by("number")
    ]


@dataclass(frozen=True)
class Change:
    """An article whose status differs between two periods in a member state's published assessments."""

    country: Country
    article: Article
    before: str
    after: str

    @property
    def direction(self) -> str:
        """improved, regressed or changed (to or from "not applicable", which is off the scale)."""
        scale = [str(status) for status in PROGRESS]
        if self.before in scale and self.after in scale:
            return "improved" if scale.index(self.after) > scale.index(self.before) else "regressed"
        return "changed"


def changes(first: str, second: str, user: Any = None) -> list[Change]:
    """Every article whose published status moved from period `first` to `second`, by country and article."""
    found: dict[tuple[int, int], dict[str, AssessmentItem]] = {}
    rows = (
        AssessmentItem.objects.restrict(user, "view")
        .filter(assessment__status=AssessmentStatus.PUBLISHED, assessment__period__in=[first, second])
        .select_related("assessment__country", "article")
    )
    for item in rows:
        found.setdefault((item.assessment.country_id, item.article_id), {})[item.assessment.period] = item
    result = []
    for pair in found.values():
        if first in pair and second in pair and pair[first].status != pair[second].status:
            after = pair[second]
            result.append(Change(after.assessment.country, after.article, pair[first].status, after.status))
    return sorted(result, key=lambda c: (c.country.name, c.article.number))
