"""Code lists of ACTIP monitoring."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ObligationKind(models.TextChoices):
    CRIMINALISATION = "criminalisation", _("Criminalisation")
    PREVENTION = "prevention", _("Prevention")
    PROTECTION = "protection", _("Protection")
    LAW_ENFORCEMENT = "law_enforcement", _("Law enforcement")
    INTERNATIONAL_COOPERATION = "international_cooperation", _("International cooperation")
    MECHANISM = "mechanism", _("Mechanism")
    FINAL_CLAUSES = "final_clauses", _("Final clauses")
    GENERAL = "general", _("General")


class ImplementationStatus(models.TextChoices):
    """The fixed scale an article's implementation is assessed on, from least to most."""

    NOT_STARTED = "not_started", _("Not started")
    PARTIAL = "partial", _("Partial")
    SUBSTANTIAL = "substantial", _("Substantial")
    FULL = "full", _("Full")
    NOT_APPLICABLE = "not_applicable", _("Not applicable")


# The order of progress, for "improved" and "regressed" between two periods (not applicable is off the scale).
PROGRESS = [
    ImplementationStatus.NOT_STARTED,
    ImplementationStatus.PARTIAL,
    ImplementationStatus.SUBSTANTIAL,
    ImplementationStatus.FULL,
]


class AssessmentStatus(models.TextChoices):
    """An assessment's workflow: the officer drafts and submits; regional MEL sends back or accepts; then publishes."""

    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted for review")
    RETURNED = "returned", _("Sent back")
    ACCEPTED = "accepted", _("Accepted")
    PUBLISHED = "published", _("Published")
