"""The history of approval decisions: who approved, unapproved or reverted which import, when and why.

A decision is written once and never changed; the import job holds the current state (its `approval`
and `status`), and every change of the job is in the change log as well.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from acthub.core.models import BaseModel


class Decision(BaseModel):
    """One approval decision on one import, with the periods and places the import covered then."""

    class Action(models.TextChoices):
        APPROVED = "approved", _("Approved")
        UNAPPROVED = "unapproved", _("Unapproved")
        REVERTED = "reverted", _("Reverted")

    job = models.ForeignKey(
        "imports.ImportJob", verbose_name=_("import"), related_name="decisions", on_delete=models.CASCADE
    )
    action = models.CharField(_("action"), max_length=12, choices=Action.choices)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        related_name="approval_decisions",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        help_text=_("Empty when the system decided (a scripted pipeline run without --user)."),
    )
    reason = models.TextField(_("reason"), blank=True)
    periods = models.JSONField(_("periods"), default=list, blank=True)
    places = models.JSONField(_("places"), default=list, blank=True)
    rows = models.PositiveIntegerField(_("rows"), default=0)

    class Meta:
        ordering = ["-created", "-pk"]
        verbose_name = _("approval decision")
        verbose_name_plural = _("approval decisions")

    def __str__(self) -> str:
        return f"{self.get_action_display()}: import {self.job_id}"

    @classmethod
    def public_q(cls) -> Q:
        return Q(pk__in=[])
