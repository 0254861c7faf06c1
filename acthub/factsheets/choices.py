"""Code lists of the fact sheets."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class EditionStatus(models.TextChoices):
    """A draft is settings only and renders from live data; a published edition is frozen."""

    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class Format(models.TextChoices):
    """The three renderings of a sheet."""

    HTML = "html", "HTML"
    PDF = "pdf", "PDF"
    JSON = "json", "JSON"


class JobAction(models.TextChoices):
    """What a stored job does with a draft edition."""

    PREVIEW_PDF = "preview_pdf", _("Render a PDF preview")
    PUBLISH = "publish", _("Publish")


class JobStatus(models.TextChoices):
    """A stored job's life: created -> running -> complete, or error."""

    CREATED = "created", _("Waiting to start")
    RUNNING = "running", _("Running")
    COMPLETE = "complete", _("Complete")
    ERROR = "error", _("Error")


CONTENT_TYPES = {
    Format.HTML: "text/html; charset=utf-8",
    Format.PDF: "application/pdf",
    Format.JSON: "application/json",
}
