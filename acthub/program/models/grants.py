"""What follows a grant once made: disbursements, milestones, reports, and the rates that add currencies."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from acthub.core.models import BaseModel
from acthub.library.uploads import validate_document
from acthub.program.choices import MilestoneStatus, ReportKind, ReportStatus
from acthub.program.models.results import Grant, currency_code


class Disbursement(BaseModel):
    """Money paid to a grantee on a date; IATI publishes it as a disbursement transaction."""

    grant = models.ForeignKey(Grant, verbose_name=_("grant"), related_name="disbursements", on_delete=models.CASCADE)
    date = models.DateField(_("date"))
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2, validators=[MinValueValidator(0)])
    currency = models.CharField(
        _("currency"), max_length=3, blank=True, validators=[currency_code], help_text=_("Empty: the grant's.")
    )
    reference = models.CharField(_("reference"), max_length=100, blank=True)
    note = models.TextField(_("note"), blank=True)

    scope_field = "grant__countries"
    scope_is_many = True

    class Meta:
        ordering = ["grant", "date"]
        verbose_name = _("disbursement")
        verbose_name_plural = _("disbursements")

    def __str__(self) -> str:
        return f"{self.grant}: {self.amount} {self.effective_currency} ({self.date:%Y-%m-%d})"

    @classmethod
    def public_q(cls) -> Q:
        return Q(pk__in=[])  # staff and the grantee partner only; IATI publishes disbursements itself

    @classmethod
    def partner_q(cls, user: Any) -> Q:
        """A partner sees those of their own organisation's grants."""
        return Q(grant__grantee_id=user.organisation_id) if user.organisation_id else Q(pk__in=[])

    @property
    def effective_currency(self) -> str:
        """Its own currency, else the grant's ("" when neither says)."""
        return self.currency or self.grant.currency


class GrantMilestone(BaseModel):
    """A deliverable of a grant with its due date."""

    grant = models.ForeignKey(Grant, verbose_name=_("grant"), related_name="milestones", on_delete=models.CASCADE)
    title = models.CharField(_("title"), max_length=255)
    due_date = models.DateField(_("due"))
    status = models.CharField(
        _("status"), max_length=10, choices=MilestoneStatus.choices, default=MilestoneStatus.PENDING
    )
    completed_on = models.DateField(_("met on"), null=True, blank=True)

    scope_field = "grant__countries"
    scope_is_many = True

    class Meta:
        ordering = ["grant", "due_date"]
        verbose_name = _("grant milestone")
        verbose_name_plural = _("grant milestones")

    def __str__(self) -> str:
        return f"{self.grant}: {self.title}"

    @classmethod
    def public_q(cls) -> Q:
        return Q(pk__in=[])  # staff and the grantee partner only

    @classmethod
    def partner_q(cls, user: Any) -> Q:
        """A partner sees those of their own organisation's grants."""
        return Q(grant__grantee_id=user.organisation_id) if user.organisation_id else Q(pk__in=[])

    def clean(self) -> None:
        if self.status == MilestoneStatus.MET and not self.completed_on:
            raise ValidationError({"completed_on": _("Give the date the milestone was met.")})

    def is_overdue(self, today: date) -> bool:
        return self.status == MilestoneStatus.PENDING and self.due_date < today


class GrantReport(BaseModel):
    """A report a grantee owes by a due date; the partner submits the file, staff accept or send it back."""

    grant = models.ForeignKey(Grant, verbose_name=_("grant"), related_name="reports", on_delete=models.CASCADE)
    kind = models.CharField(_("kind"), max_length=10, choices=ReportKind.choices, default=ReportKind.NARRATIVE)
    title = models.CharField(_("title"), max_length=255)
    due_date = models.DateField(_("due"))
    status = models.CharField(_("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.DUE)
    file = models.FileField(_("file"), upload_to="grants/reports/%Y/", blank=True, validators=[validate_document])
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("submitted by"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    review_comment = models.TextField(_("review comment"), blank=True)
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("reviewed by"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )

    scope_field = "grant__countries"
    scope_is_many = True

    class Meta:
        ordering = ["grant", "due_date"]
        verbose_name = _("grant report")
        verbose_name_plural = _("grant reports")
        constraints = [
            models.UniqueConstraint(fields=["grant", "kind", "due_date"], name="grantreport_unique_due"),
            models.CheckConstraint(
                condition=Q(status="due") | ~Q(file=""),
                name="grantreport_submitted_has_file",
                violation_error_message=_("A submitted report has its file."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.grant}: {self.title}"

    @classmethod
    def public_q(cls) -> Q:
        return Q(pk__in=[])  # reports are for the grantee and staff only

    @classmethod
    def partner_q(cls, user: Any) -> Q:
        """A partner sees the reports of their own organisation's grants."""
        return Q(grant__grantee_id=user.organisation_id) if user.organisation_id else Q(pk__in=[])

    def clean(self) -> None:
        if self.status != ReportStatus.DUE and not self.file:
            raise ValidationError({"file": _("A submitted report has its file.")})

    def is_overdue(self, today: date) -> bool:
        """Due (or sent back) and past its due date."""
        return self.status in (ReportStatus.DUE, ReportStatus.RETURNED) and self.due_date < today


class ExchangeRate(BaseModel):
    """How many units of `quote` one unit of `base` bought on a date, and who says so.

    Totals across currencies use the latest rate on or before the date asked; none is ever assumed.
    """

    base = models.CharField(_("from currency"), max_length=3, validators=[currency_code])
    quote = models.CharField(_("to currency"), max_length=3, validators=[currency_code])
    date = models.DateField(_("date"))
    rate = models.DecimalField(_("rate"), max_digits=18, decimal_places=8, validators=[MinValueValidator(0)])
    source = models.CharField(_("source"), max_length=255, help_text=_("Where the rate comes from."))

    is_reference_data = True

    class Meta:
        ordering = ["base", "quote", "-date"]
        verbose_name = _("exchange rate")
        verbose_name_plural = _("exchange rates")
        constraints = [
            models.UniqueConstraint(fields=["base", "quote", "date"], name="exchangerate_unique_day"),
            models.CheckConstraint(condition=Q(rate__gt=0), name="exchangerate_positive"),
            models.CheckConstraint(condition=~Q(base=models.F("quote")), name="exchangerate_two_currencies"),
        ]

    def __str__(self) -> str:
        return f"1 {self.base} = {self.rate} {self.quote} ({self.date:%Y-%m-%d})"

    def clean(self) -> None:
        if self.base and self.base == self.quote:
            raise ValidationError({"quote": _("A rate is between two different currencies.")})
        if self.rate is not None and self.rate <= 0:
            raise ValidationError({"rate": _("A rate is above zero.")})
