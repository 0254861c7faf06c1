"""Code lists of the program registry."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ProgrammingStatus(models.TextChoices):
    ACTIVE = "active", _("National-level programming")
    ESTABLISHING = "establishing", _("Establishing programming")
    ON_HOLD = "on_hold", _("On hold")
    NONE = "none", _("No national programming")


class LinkKind(models.TextChoices):
    WEBSITE = "website", _("Website")
    PORTAL = "portal", _("Resource portal")
    SOCIAL = "social", _("Social media")
    OTHER = "other", _("Other")


class ProjectStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    ACTIVE = "active", _("Active")
    COMPLETED = "completed", _("Completed")
    SUSPENDED = "suspended", _("Suspended")


class GovernanceLevel(models.TextChoices):
    REGIONAL = "regional", _("Regional")
    NATIONAL = "national", _("National")


class GovernanceRole(models.TextChoices):
    CHAIR = "chair", _("Chair")
    CO_CHAIR = "co_chair", _("Co-chair")
    MEMBER = "member", _("Member")


class GrantStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    ACTIVE = "active", _("Active")
    CLOSED = "closed", _("Closed")


class ReportKind(models.TextChoices):
    NARRATIVE = "narrative", _("Narrative report")
    FINANCIAL = "financial", _("Financial report")
    FINAL = "final", _("Final report")


class ReportStatus(models.TextChoices):
    """A grant report's life: due, submitted by the partner, then accepted or sent back by staff."""

    DUE = "due", _("Due")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Sent back")
    ACCEPTED = "accepted", _("Accepted")


class MilestoneStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    MET = "met", _("Met")
    MISSED = "missed", _("Missed")


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")
