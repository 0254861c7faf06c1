"""Fact sheet editions (drafts, then frozen published snapshots) and the stored jobs that render them."""

from __future__ import annotations

import hashlib
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from acthub.core.models import BaseModel
from acthub.core.periods import Period, parse_period, validate_period
from acthub.core.querysets import NOTHING
from acthub.factsheets.choices import EditionStatus, Format, JobAction, JobStatus
from acthub.indicators.choices import REGION

ALREADY_PUBLISHED = _("This edition has already been published; give the new one another date label.")


class EditionFrozenError(ValidationError):
    """Raised on any attempt to change or delete a published edition."""


def content_hash(html: bytes, pdf: bytes, json: bytes) -> str:
    """The SHA-256 of an edition: over the digests of its three files, in a fixed order."""
    digest = hashlib.sha256()
    for part in (html, pdf, json):
        digest.update(hashlib.sha256(part).hexdigest().encode())
    return digest.hexdigest()


class FactSheetEdition(BaseModel):
    """A fact sheet for the region (no country) or one country, a period, a language and a date label.

    A draft holds the settings only and is rendered from live data. Publishing renders it once, as the
    public sees it, and stores the HTML, PDF and JSON with their hash; from then on the row and its
    files never change, whatever happens to the data (`save` and `delete` refuse).
    """

    program = models.ForeignKey(
        "program.Program", verbose_name=_("program"), related_name="factsheet_editions", on_delete=models.PROTECT
    )
    country = models.ForeignKey(
        "core.Country",
        verbose_name=_("country"),
        related_name="factsheet_editions",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        help_text=_("Empty for the regional sheet."),
    )
    period = models.CharField(
        _("period covered"), max_length=21, validators=[validate_period], help_text=_("For example 2021S1.")
    )
    language = models.CharField(_("language"), max_length=15, default="en")
    date_label = models.CharField(_("date label"), max_length=60, help_text=_('As printed, e.g. "JUNE 2021".'))
    status = models.CharField(_("status"), max_length=10, choices=EditionStatus.choices, default=EditionStatus.DRAFT)
    html_file = models.FileField(_("HTML"), upload_to="factsheets/editions/%Y/", blank=True)
    pdf_file = models.FileField(_("PDF"), upload_to="factsheets/editions/%Y/", blank=True)
    json_file = models.FileField(_("JSON"), upload_to="factsheets/editions/%Y/", blank=True)
    content_hash = models.CharField(_("SHA-256"), max_length=64, blank=True)
    figure_count = models.PositiveIntegerField(_("figures"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        related_name="factsheet_drafts",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        related_name="factsheet_editions",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    scope_field = "country"

    class Meta:
        ordering = ["-published_at", "-created"]
        verbose_name = _("fact sheet edition")
        verbose_name_plural = _("fact sheet editions")
        constraints = [
            models.CheckConstraint(
                condition=Q(status=EditionStatus.DRAFT)
                | (Q(published_at__isnull=False) & ~Q(content_hash="") & ~Q(pdf_file="")),
                name="factsheetedition_published_is_frozen",
                violation_error_message=_("A published edition has its files, hash and publication date."),
            ),
            models.UniqueConstraint(
                fields=["program", "country", "period", "language", "date_label"],
                condition=Q(status=EditionStatus.PUBLISHED),
                name="factsheetedition_unique_published",
                violation_error_message=ALREADY_PUBLISHED,
            ),
            models.UniqueConstraint(
                fields=["program", "period", "language", "date_label"],
                condition=Q(status=EditionStatus.PUBLISHED, country__isnull=True),
                name="factsheetedition_unique_published_region",
                violation_error_message=ALREADY_PUBLISHED,
            ),
        ]
        indexes = [models.Index(fields=["program", "country", "status"], name="factsheetedition_scope_idx")]

    def __str__(self) -> str:
        return f"{self.scope_name} {self.period} {self.language} {self.date_label} ({self.get_status_display()})"

    @classmethod
    def public_q(cls) -> Q:
        return Q(status=EditionStatus.PUBLISHED)

    @property
    def scope_code(self) -> str:
        """REGION or the country's code."""
        return self.country.code if self.country_id and self.country else REGION

    @property
    def scope_name(self) -> str:
        """The country's name, or "Region"."""
        return self.country.name if self.country_id and self.country else str(_("Region"))

    @property
    def period_obj(self) -> Period:
        """The period covered, parsed."""
        return parse_period(self.period)

    @property
    def is_published(self) -> bool:
        """Whether the edition is published (and therefore frozen)."""
        return self.status == EditionStatus.PUBLISHED

    def file_for(self, fmt: str) -> Any:
        """The stored file of one format (HTML, PDF or JSON)."""
        return {Format.HTML: self.html_file, Format.PDF: self.pdf_file, Format.JSON: self.json_file}[Format(fmt)]

    def read(self, fmt: str) -> bytes:
        """The stored bytes of one format of a published edition."""
        stored = self.file_for(fmt)
        with stored.open("rb") as handle:
            data: bytes = handle.read()
        return data

    def verify(self) -> bool:
        """Whether the stored files still have the hash recorded when the edition was published."""
        return self.is_published and self.content_hash == content_hash(
            self.read(Format.HTML), self.read(Format.PDF), self.read(Format.JSON)
        )

    def _stored_status(self) -> str | None:
        if self.pk is None:
            return None
        status: str | None = type(self)._default_manager.filter(pk=self.pk).values_list("status", flat=True).first()
        return status

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Save a draft (or publish it); refuse any change to a published edition."""
        # The one place that guarantees a published edition stays as published, whatever the path.
        if self._stored_status() == EditionStatus.PUBLISHED:
            raise EditionFrozenError(_("A published edition cannot be changed."), code="frozen")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        """Delete a draft; refuse to delete a published edition."""
        if self._stored_status() == EditionStatus.PUBLISHED:
            raise EditionFrozenError(_("A published edition cannot be deleted."), code="frozen")
        return super().delete(*args, **kwargs)


class FactSheetJob(BaseModel):
    """A stored job rendering a draft (PDF preview, or publication), polled by the page that started it."""

    edition = models.ForeignKey(
        FactSheetEdition, verbose_name=_("edition"), related_name="jobs", on_delete=models.CASCADE
    )
    action = models.CharField(_("action"), max_length=20, choices=JobAction.choices)
    status = models.CharField(_("status"), max_length=10, choices=JobStatus.choices, default=JobStatus.CREATED)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0, validators=[MaxValueValidator(100)])
    message = models.TextField(_("message"), blank=True)
    result = models.FileField(_("result"), upload_to="factsheets/previews/%Y/", blank=True)
    task_id = models.CharField(_("task"), max_length=64, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        related_name="factsheet_jobs",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    scope_field = "edition__country"

    class Meta:
        ordering = ["-created"]
        verbose_name = _("fact sheet job")
        verbose_name_plural = _("fact sheet jobs")

    def __str__(self) -> str:
        return f"{self.get_action_display()}: {self.edition} ({self.get_status_display()})"

    @classmethod
    def public_q(cls) -> Q:
        return NOTHING

    @property
    def is_finished(self) -> bool:
        """Whether the job completed or failed (the page stops polling)."""
        return self.status in (JobStatus.COMPLETE, JobStatus.ERROR)
