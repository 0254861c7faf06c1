"""The ACTIP Convention as reference data, ratifications, and per member state and period, assessments.

The reference (chapters, articles) is editable by regional MEL and admins; much of it is unconfirmed
(see data/README.md), so an article says whether its title and content are confirmed, and pages show
where they are not. The article is the unit of assessment: the reference lists no finer obligations.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from acthub.actip.choices import AssessmentStatus, ImplementationStatus, ObligationKind
from acthub.core.models import BaseModel
from acthub.core.periods import parse_period, validate_period


class Chapter(BaseModel):
    """A chapter of the Convention (numbering and titles partly reconstructed: see data/README.md)."""

    number = models.CharField(_("number"), max_length=10, unique=True, help_text=_("Roman numeral, e.g. IV."))
    title = models.CharField(_("title"), max_length=255, blank=True, help_text=_("Empty where not confirmed."))
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    is_reference_data = True

    class Meta:
        ordering = ["order"]
        verbose_name = _("ACTIP chapter")
        verbose_name_plural = _("ACTIP chapters")

    def __str__(self) -> str:
        return f"{self.number}. {self.title}" if self.title else str(self.number)


class Article(BaseModel):
    """An article of the Convention, with what kind of obligation it sets and how sure the reference is."""

    chapter = models.ForeignKey(Chapter, verbose_name=_("chapter"), related_name="articles", on_delete=models.PROTECT)
    number = models.PositiveSmallIntegerField(_("number"), unique=True, validators=[MinValueValidator(1)])
    title = models.CharField(_("title"), max_length=255, blank=True, help_text=_("Empty where not confirmed."))
    obligation_kind = models.CharField(_("obligation"), max_length=30, choices=ObligationKind.choices)
    summary = models.TextField(_("summary"), blank=True, help_text=_("In our own words, not treaty text."))
    is_confirmed = models.BooleanField(
        _("confirmed against the official text"),
        default=False,
        help_text=_("Only articles whose title and text were read in the official English text."),
    )

    is_reference_data = True

    class Meta:
        ordering = ["number"]
        verbose_name = _("ACTIP article")
        verbose_name_plural = _("ACTIP articles")

    def __str__(self) -> str:
        return f"Art. {self.number}" + (f" {self.title}" if self.title else "")

    @property
    def label(self) -> str:
        """The article as shown: its title, or its obligation kind marked as unconfirmed."""
        return self.title or f"{self.get_obligation_kind_display()} ({_('title unconfirmed')})"


class Ratification(BaseModel):
    """A member state's signature and ratification of the Convention (dates where known)."""

    country = models.OneToOneField(
        "core.Country", verbose_name=_("member state"), related_name="actip_ratification", on_delete=models.PROTECT
    )
    signed_on = models.DateField(_("signed"), null=True, blank=True)
    ratified_on = models.DateField(_("instrument deposited"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True, help_text=_("Where a date is approximate or unknown, and why."))
    source = models.CharField(_("source"), max_length=500, blank=True)

    is_reference_data = True

    class Meta:
        ordering = ["country__name"]
        verbose_name = _("ACTIP ratification")
        verbose_name_plural = _("ACTIP ratifications")
        constraints = [
            models.CheckConstraint(
                condition=Q(ratified_on__isnull=True)
                | Q(signed_on__isnull=True)
                | Q(ratified_on__gte=models.F("signed_on")),
                name="ratification_after_signature",
                violation_error_message=_("A ratification cannot precede the signature."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.country}: {self.ratified_on or _('not known')}"

    def clean(self) -> None:
        if self.signed_on and self.ratified_on and self.ratified_on < self.signed_on:
            raise ValidationError({"ratified_on": _("A ratification cannot precede the signature.")})


class Assessment(BaseModel):
    """A member state's assessment of its implementation of ACTIP for one reporting period."""

    country = models.ForeignKey(
        "core.Country", verbose_name=_("member state"), related_name="actip_assessments", on_delete=models.PROTECT
    )
    period = models.CharField(_("reporting period"), max_length=21, validators=[validate_period])
    status = models.CharField(
        _("status"), max_length=10, choices=AssessmentStatus.choices, default=AssessmentStatus.DRAFT
    )
    summary = models.TextField(_("summary"), blank=True)
    drafted_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("drafted by"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("reviewed by"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    scope_field = "country"

    class Meta:
        ordering = ["country__name", "-period"]
        verbose_name = _("ACTIP assessment")
        verbose_name_plural = _("ACTIP assessments")
        constraints = [
            models.UniqueConstraint(fields=["country", "period"], name="assessment_unique_period"),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="assessment_published_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.country} {self.period_label}"

    @classmethod
    def public_q(cls) -> Q:
        return Q(status=AssessmentStatus.PUBLISHED)

    @property
    def period_label(self) -> str:
        return parse_period(self.period).label

    @property
    def is_editable(self) -> bool:
        """Only a draft or a sent-back assessment is edited (by its country's officer)."""
        return self.status in (AssessmentStatus.DRAFT, AssessmentStatus.RETURNED)


class AssessmentItem(BaseModel):
    """The assessment of one article: status on the fixed scale, evidence, laws and resources."""

    assessment = models.ForeignKey(
        Assessment, verbose_name=_("assessment"), related_name="items", on_delete=models.CASCADE
    )
    article = models.ForeignKey(
        Article, verbose_name=_("article"), related_name="assessments", on_delete=models.PROTECT
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ImplementationStatus.choices, default=ImplementationStatus.NOT_STARTED
    )
    evidence = models.TextField(_("evidence"), blank=True)
    laws = models.TextField(_("laws"), blank=True, help_text=_("Laws, decrees and policies, one a line."))
    resource_links = models.TextField(
        _("resources"), blank=True, help_text=_("Addresses of supporting documents, one a line.")
    )
    # Library resources as evidence; each page shows only those its reader may see (the resource's
    # own access level decides, through the library's restricted querysets).
    resources = models.ManyToManyField(
        "library.Resource", verbose_name=_("library resources"), related_name="actip_items", blank=True
    )

    scope_field = "assessment__country"

    class Meta:
        ordering = ["assessment", "article__number"]
        verbose_name = _("assessment of an article")
        verbose_name_plural = _("assessments of articles")
        constraints = [models.UniqueConstraint(fields=["assessment", "article"], name="assessmentitem_unique")]

    def __str__(self) -> str:
        return f"{self.assessment} {self.article}: {self.get_status_display()}"

    @classmethod
    def public_q(cls) -> Q:
        return Q(assessment__status=AssessmentStatus.PUBLISHED)

    def clean(self) -> None:
        from django.core.validators import URLValidator

        check = URLValidator(schemes=["https", "http"])
        for line in self.links:
            try:
                check(line)
            except ValidationError as error:
                raise ValidationError(
                    {"resource_links": _("%(line)s is not a web address.") % {"line": line[:100]}}
                ) from error

    @property
    def links(self) -> list[str]:
        return [line.strip() for line in self.resource_links.splitlines() if line.strip()]

    @property
    def law_list(self) -> list[str]:
        return [line.strip() for line in self.laws.splitlines() if line.strip()]


class ReviewComment(BaseModel):
    """A reviewer's (or officer's) comment on an assessment, or on one of its articles."""

    assessment = models.ForeignKey(
        Assessment, verbose_name=_("assessment"), related_name="comments", on_delete=models.CASCADE
    )
    item = models.ForeignKey(
        AssessmentItem,
        verbose_name=_("article"),
        related_name="comments",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
    )
    author = models.ForeignKey(
        "accounts.User", verbose_name=_("author"), related_name="+", on_delete=models.SET_NULL, null=True
    )
    text = models.TextField(_("comment"))

    scope_field = "assessment__country"

    class Meta:
        ordering = ["assessment", "created"]
        verbose_name = _("review comment")
        verbose_name_plural = _("review comments")

    def __str__(self) -> str:
        return self.text[:80]

    @classmethod
    def public_q(cls) -> Q:
        return Q(pk__in=[])  # the review is internal

    def clean(self) -> None:
        item = self.item
        if item is not None and self.assessment_id and item.assessment_id != self.assessment_id:
            raise ValidationError({"item": _("This article belongs to another assessment.")})
