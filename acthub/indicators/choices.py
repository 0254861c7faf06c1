"""Code lists of the indicator registry."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from acthub.activities.choices import AgeBand, AgencyType, ParticipantRole, Sector


class Unit(models.TextChoices):
    COUNT = "count", _("Count")
    PERCENT = "percent", _("Percent")
    AMOUNT = "amount", _("Amount")
    DAYS = "days", _("Days")
    TIMES = "times", _("Times (a median of how often per person)")


class Method(models.TextChoices):
    REPORTED = "reported", _("Reported aggregate")
    COMPUTED = "computed", _("Computed from records")


class Status(models.TextChoices):
    """What a figure is (acthub.indicators.figures.Figure.status); PENDING is for staff views of unapproved data."""

    REPORTED = "reported", _("Reported")
    COMPUTED = "computed", _("Computed from records")
    PARTIAL = "partial", _("Partial: the records cover only part of the period")
    SUPPRESSED = "suppressed", _("Suppressed by disclosure control")
    PENDING = "pending", _("Pending approval")


class Sex(models.TextChoices):
    """design.md section 3; the empty value is the total over all sexes."""

    TOTAL = "", _("All")
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    ANOTHER = "another", _("Another")
    NOT_RECORDED = "not_recorded", _("Not recorded")


class Computation(models.TextChoices):
    """What a computed indicator computes (acthub.indicators.computations holds the functions)."""

    PARTICIPATIONS = "participations", _("Participations (rows and attendance counts)")
    PEOPLE = "people", _("Distinct people (by person key; attendance counts added)")
    ACTIVITIES = "activities", _("Activities held (by start date)")
    PERCENT = "percent", _("Percentage: numerator over denominator")
    # ACTIP: articles at one status in published member-state assessments (acthub.actip.services).
    ACTIP_NOT_STARTED = "actip_not_started", _("ACTIP articles not started")
    ACTIP_PARTIAL = "actip_partial", _("ACTIP articles partially implemented")
    ACTIP_SUBSTANTIAL = "actip_substantial", _("ACTIP articles substantially implemented")
    ACTIP_FULL = "actip_full", _("ACTIP articles fully implemented")
    ACTIP_NOT_APPLICABLE = "actip_not_applicable", _("ACTIP articles not applicable")
    # Victim-sensitive court indicators: the item named by the indicator's code (acthub.justice.indicators).
    JUSTICE = "justice", _("Victim-sensitive court indicator (justice records)")


# Disaggregations an indicator may allow, with their code lists. "country" breaks a regional figure
# down by country (the `place` axis of a query); the others are attributes of participation.
DISAGGREGATIONS: dict[str, type[models.TextChoices] | None] = {
    "sex": Sex,
    "age_band": AgeBand,
    "agency_type": AgencyType,
    "sector": Sector,
    "role": ParticipantRole,
    "country": None,
}
REGION = "REGION"
# Attributes of the person themself (not of their work: agency, sector, role). SECURITY.md: no public
# output lists fewer than k people by more than one of them on one day (acthub.indicators.query).
PERSONAL_ATTRIBUTES = frozenset({"sex", "age_band"})
