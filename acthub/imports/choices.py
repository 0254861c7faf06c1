"""Code lists of imports."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportKind(models.TextChoices):
    """What a file holds; each kind has its column spec in acthub.imports.specs."""

    ACTIVITIES = "activities", _("Activities")
    PARTICIPANTS = "participants", _("Participants (one row per person)")
    ATTENDANCE = "attendance", _("Attendance counts")
    DATAVALUES = "datavalues", _("Reported data values")
    KOBO_ATTENDANCE = "kobo_attendance", _("KoboToolbox attendance export (through a column mapping)")
    RESOURCES = "resources", _("Library resources")
    COURT_CASES = "court_cases", _("Court cases")
    DEFENDANTS = "defendants", _("Defendants of court cases")
    VICTIMS = "victims", _("Victims of court cases")


class MappingTarget(models.TextChoices):
    """The kinds a KoboToolbox export can be mapped onto."""

    PARTICIPANTS = "participants", _("Participants (one row per person)")
    ATTENDANCE = "attendance", _("Attendance counts")


class FileFormat(models.TextChoices):
    """What an uploaded file turned out to be, by its content."""

    CSV = "csv", "CSV"
    XLSX = "xlsx", "XLSX"
