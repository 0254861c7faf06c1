"""What a governance meeting produces: decisions and actions (with owner, due date and status)."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from acthub.core.models import BaseModel
from acthub.program.choices import ActionStatus
from acthub.program.models.registry import GovernanceMeeting


class MeetingDecision(BaseModel):
    """A decision a governance meeting took."""

    meeting = models.ForeignKey(
        GovernanceMeeting, verbose_name=_("meeting"), related_name="decisions", on_delete=models.CASCADE
    )
    text = models.TextField(_("decision"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    scope_field = "meeting__body__country"

    class Meta:
        ordering = ["meeting", "order"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")

    def __str__(self) -> str:
        return self.text[:80]


class MeetingAction(BaseModel):
    """An action agreed at a meeting: who does what by when, and whether it is done."""

    meeting = models.ForeignKey(
        GovernanceMeeting, verbose_name=_("meeting"), related_name="actions", on_delete=models.CASCADE
    )
    description = models.TextField(_("action"))
    owner = models.ForeignKey(
        "directory.Organisation",
        verbose_name=_("owner"),
        related_name="governance_actions",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    owner_name = models.CharField(
        _("owner (person or unit)"), max_length=255, blank=True, help_text=_("When the owner is not an organisation.")
    )
    due_date = models.DateField(_("due"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=ActionStatus.choices, default=ActionStatus.OPEN)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)

    scope_field = "meeting__body__country"

    class Meta:
        ordering = ["meeting", "due_date"]
        verbose_name = _("action")
        verbose_name_plural = _("actions")

    def __str__(self) -> str:
        return self.description[:80]

    def clean(self) -> None:
        if not self.owner_id and not self.owner_name:
            raise ValidationError({"owner_name": _("Name the action's owner.")})
        if self.status != ActionStatus.OPEN and not self.closed_on:
            raise ValidationError({"closed_on": _("Give the date the action was closed.")})

    @property
    def owner_label(self) -> str:
        return str(self.owner) if self.owner_id else self.owner_name

    def is_overdue(self, today: date) -> bool:
        return self.status == ActionStatus.OPEN and self.due_date is not None and self.due_date < today
