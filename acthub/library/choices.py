"""Code lists of the resource library."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AccessLevel(models.TextChoices):
    """Who may see a published resource (staff of its countries always may)."""

    PUBLIC = "public", _("Public")
    PARTNERS = "partners", _("Partners")
    INTERNAL = "internal", _("Internal")


class ReviewStatus(models.TextChoices):
    """A partner's submission waits for staff approval before anyone else sees it."""

    SUBMITTED = "submitted", _("Submitted, waiting for review")
    PUBLISHED = "published", _("Published")
    REJECTED = "rejected", _("Rejected")


class TopicKind(models.TextChoices):
    """What a topic is drawn from."""

    OUTCOME_AREA = "outcome_area", _("Outcome area")
    ACTIP_ARTICLE = "actip_article", _("ACTIP article")
    COURT_AREA = "court_area", _("Victim-sensitive court area")
    EXPLOITATION = "exploitation", _("Form of exploitation")
    OTHER = "other", _("Other")


class TextStatus(models.TextChoices):
    """Where the text extraction and thumbnail of an uploaded file stand (a stored job)."""

    NONE = "none", _("Nothing to extract")
    PENDING = "pending", _("Waiting for extraction")
    DONE = "done", _("Text extracted")
    FAILED = "failed", _("Extraction failed")


class FileKind(models.TextChoices):
    """The file types the library accepts, recognised by content."""

    PDF = "pdf", "PDF"
    DOCX = "docx", "DOCX"
    XLSX = "xlsx", "XLSX"
    PPTX = "pptx", "PPTX"
    PNG = "png", "PNG"
    JPEG = "jpeg", "JPEG"


# The languages of the region a resource can be written in, with their names in their own script.
CONTENT_LANGUAGES: dict[str, str] = {
    "en": "English",
    "lo": "ພາສາລາວ",
    "km": "ភាសាខ្មែរ",
    "th": "ภาษาไทย",
    "vi": "Tiếng Việt",
    "id": "Bahasa Indonesia",
    "fil": "Filipino",
    "my": "မြန်မာဘာသာ",
    "ms": "Bahasa Melayu",
}
LANGUAGE_CHOICES = list(CONTENT_LANGUAGES.items())
