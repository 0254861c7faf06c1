"""Import jobs (one uploaded file, its validation results, whether it was committed) and column mappings.

Rows written by a committed job are inserted in bulk, which bypasses the per-record change log: the
job itself is the audit record of the import (who created and committed it, when, the file's SHA-256
and the counts), and its own creation and status changes are logged as ordinary changes.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from acthub.core.models import BaseModel
from acthub.imports.choices import FileFormat, ImportKind, MappingTarget


class ColumnMapping(BaseModel):
    """How the columns of an outside export (KoboToolbox, XLSForm) map onto an import kind's columns.

    `mapping` is {target column: source header}; source columns that are not mapped are ignored.
    """

    name = models.CharField(_("name"), max_length=100, unique=True)
    kind = models.CharField(
        _("maps onto"), max_length=20, choices=MappingTarget.choices, default=MappingTarget.PARTICIPANTS
    )
    mapping = models.JSONField(
        _("mapping"),
        default=dict,
        blank=True,
        help_text=_('Target column -> header in the export, e.g. {"person_key": "_uuid", "sex": "group_p/sex"}.'),
    )
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("column mapping")
        verbose_name_plural = _("column mappings")

    def __str__(self) -> str:
        return self.name

    @classmethod
    def public_q(cls) -> Q:
        return Q(pk__in=[])

    def clean(self) -> None:
        from acthub.imports.specs import KINDS

        if not isinstance(self.mapping, dict):
            raise ValidationError({"mapping": _("The mapping is an object of target column -> source header.")})
        spec = KINDS.get(self.kind)
        if spec is None:
            return
        names = {c.name for c in spec.columns}
        unknown = sorted(k for k in self.mapping if k not in names)
        empty = sorted(k for k, v in self.mapping.items() if not isinstance(v, str) or not v.strip())
        missing = sorted(c.name for c in spec.columns if c.required and c.name not in self.mapping)
        errors = []
        if unknown:
            errors.append(_("Unknown target column(s): %(names)s.") % {"names": ", ".join(unknown)})
        if empty:
            errors.append(_("Give a source header for: %(names)s.") % {"names": ", ".join(empty)})
        if missing:
            errors.append(_("Required column(s) not mapped: %(names)s.") % {"names": ", ".join(missing)})
        if errors:
            raise ValidationError({"mapping": errors})


class ImportJob(BaseModel):
    """A stored job: created -> validating -> validated (dry run) -> committing -> complete, or error."""

    class Status(models.TextChoices):
        CREATED = "created", _("Created")
        VALIDATING = "validating", _("Validating")
        VALIDATED = "validated", _("Validated")
        COMMITTING = "committing", _("Committing")
        COMPLETE = "complete", _("Complete")
        ERROR = "error", _("Error")
        REVERTED = "reverted", _("Reverted")
        EXPIRED = "expired", _("Expired")

    class Approval(models.TextChoices):
        """Whether a committed import's rows are published (acthub.approvals); empty before the commit."""

        NONE = "", _("Not committed")
        PENDING = "pending", _("Pending approval")
        APPROVED = "approved", _("Approved")

    RUNNING = (Status.CREATED, Status.VALIDATING, Status.COMMITTING)

    program = models.ForeignKey(
        "program.Program", verbose_name=_("program"), related_name="import_jobs", on_delete=models.CASCADE
    )
    kind = models.CharField(_("kind"), max_length=30, choices=ImportKind.choices)
    mapping = models.ForeignKey(
        ColumnMapping,
        verbose_name=_("column mapping"),
        related_name="jobs",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.CREATED)
    file = models.FileField(
        _("file"), upload_to="imports/%Y/%m/", blank=True, help_text=_("Empty when run from the command line.")
    )
    file_format = models.CharField(_("format"), max_length=4, choices=FileFormat.choices, blank=True)
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
    is_synthetic = models.BooleanField(
        _("synthetic"), default=False, help_text=_("Rows it writes are marked synthetic (demo or benchmark data).")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        related_name="import_jobs",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    committed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("committed by"),
        related_name="committed_imports",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    approval = models.CharField(
        _("approval"), max_length=10, choices=Approval.choices, default=Approval.NONE, blank=True
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        related_name="approved_imports",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)

    class Meta:
        ordering = ["-created"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self) -> str:
        return f"{self.kind}: {self.original_name} ({self.get_status_display()})"

    @classmethod
    def public_q(cls) -> Q:
        return Q(pk__in=[])

    def clean(self) -> None:
        if self.kind == ImportKind.KOBO_ATTENDANCE and not self.mapping_id:
            raise ValidationError({"mapping": _("A KoboToolbox export needs a column mapping.")})

    @property
    def progress_percent(self) -> int:
        """How far the running pass is, 0-100 (the row total is an estimate until the end)."""
        if not self.total_rows:
            return 0
        return min(100, int(100 * self.processed_rows / self.total_rows))

    @property
    def is_running(self) -> bool:
        """Waiting for a worker, or validating or committing now."""
        return self.status in self.RUNNING

    @property
    def can_commit(self) -> bool:
        """A clean dry run: validated, with no error, and not committed yet."""
        return self.status == self.Status.VALIDATED and self.error_count == 0

    @property
    def is_pending(self) -> bool:
        """Committed and waiting for approval: its rows are in no published figure yet."""
        return self.status == self.Status.COMPLETE and self.approval == self.Approval.PENDING

    @property
    def is_approved(self) -> bool:
        """Committed and approved: its rows are published."""
        return self.status == self.Status.COMPLETE and self.approval == self.Approval.APPROVED

    @property
    def outcome(self) -> str:
        """What happened, in words: "10 errors" for a dry run with errors, "Committed 120 rows", ..."""
        Status = self.Status
        if self.status in (Status.VALIDATED, Status.ERROR) and self.error_count:
            return ngettext("%(n)s error", "%(n)s errors", self.error_count) % {"n": self.error_count}
        if self.status == Status.VALIDATED:
            return ngettext(
                "Checked: %(n)s row ready to commit", "Checked: %(n)s rows ready to commit", self.total_rows
            ) % {"n": self.total_rows}
        if self.status == Status.COMPLETE:
            return ngettext("Committed %(n)s row", "Committed %(n)s rows", self.total_rows) % {"n": self.total_rows}
        if self.status == Status.ERROR:
            return str(_("Failed"))
        return str(self.get_status_display())

    @property
    def target_kind(self) -> str:
        """The kind whose columns the rows follow (a Kobo export follows its mapping's kind)."""
        if self.kind == ImportKind.KOBO_ATTENDANCE and self.mapping is not None:
            return self.mapping.kind
        return self.kind

    def summary(self) -> dict[str, Any]:
        """The counts a page or the command shows."""
        return {
            "rows": self.total_rows,
            "new": self.created_rows,
            "unchanged": self.unchanged_rows,
            "errors": self.error_count,
        }
