"""Import jobs: one uploaded file, its validation results, and whether it was committed."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from acthub.core.models import BaseModel


class ImportJob(BaseModel):
    """A stored job: created -> validating -> validated (dry run) -> committing -> complete, or error."""

    class Status(models.TextChoices):
        CREATED = "created", _("Created")
        VALIDATING = "validating", _("Validating")
        VALIDATED = "validated", _("Validated")
        COMMITTING = "committing", _("Committing")
        COMPLETE = "complete", _("Complete")
        ERROR = "error", _("Error")

    program = models.ForeignKey(
        "program.Program", verbose_name=_("program"), related_name="import_jobs", on_delete=models.CASCADE
    )
    kind = models.CharField(_("kind"), max_length=30)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.CREATED)
    file = models.FileField(_("file"), upload_to="imports/%Y/%m/")
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size (bytes)"), default=0)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    processed_rows = models.PositiveIntegerField(_("rows processed"), default=0)
    created_rows = models.PositiveIntegerField(_("rows created"), default=0)
    unchanged_rows = models.PositiveIntegerField(_("rows unchanged"), default=0)
    error_count = models.PositiveIntegerField(_("errors"), default=0)
    errors = models.JSONField(_("errors"), default=list, blank=True)
    preview = models.JSONField(_("preview"), default=list, blank=True)
    message = models.TextField(_("message"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        related_name="import_jobs",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["-created"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self) -> str:
        return f"{self.kind}: {self.original_name} ({self.get_status_display()})"

    @classmethod
    def public_q(cls) -> Q:
        return Q(pk__in=[])

    @property
    def progress_percent(self) -> int:
        return int(100 * self.processed_rows / self.total_rows) if self.total_rows else 0
