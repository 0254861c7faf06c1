"""Code lists of justice records.

Lists marked HTCDS are the values of the Human Trafficking Case Data Standard (HTCDS) by IOM, version
2.0, CC BY 4.0 (see acthub/justice/data/README.md): the stored codes are the standard's value names,
so that exports speak the standard without a translation table. Age bands are CTDC's.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Gender(models.TextChoices):
    """HTCDS `prs_Gender`."""

    FEMININE = "Feminine", _("Feminine")
    MASCULINE = "Masculine", _("Masculine")
    TRANSGENDER_FEMININE = "TransgenderFeminine", _("Transgender feminine")
    TRANSGENDER_MASCULINE = "TransgenderMasculine", _("Transgender masculine")
    NON_CONFORMING = "NonConforming", _("Non-conforming")
    UNKNOWN = "NonSpecifiedUnknown", _("Not specified/unknown")


class Exploitation(models.TextChoices):
    """HTCDS `vic_TypeOfExploitation`."""

    FORCED_LABOUR = "ForcedLabour", _("Forced labour")
    SEXUAL = "SexualExploitation", _("Sexual exploitation")
    CHILD_LABOUR = "ChildLabour", _("Child labour")
    FORCED_MARRIAGE = "ForcedMarriage", _("Forced marriage")
    SERVITUDE = "Servitude", _("Servitude")
    FORCED_MILITARY = "ForcedMilitaryByNonStateActors", _("Forced military (by non-state actors)")
    ORGAN_REMOVAL = "OrganRemoval", _("Organ removal")
    FORCED_BEGGING = "ForcedBegging", _("Forced begging")
    FORCED_ADOPTION = "ForcedAdoption", _("Forced adoption")
    SURROGACY = "Surrogacy", _("Surrogacy")
    OTHER = "Other", _("Other")


class MethodOfControl(models.TextChoices):
    """HTCDS `vic_MethodsOfControl`."""

    PHYSICAL_THREATS = "PhysicalThreats", _("Physical threats")
    THREATS_LAW_ENFORCEMENT = "ThreatsLawEnforcement", _("Threats of law enforcement")
    THREATENS_FAMILY = "ThreatensChildrenFamily", _("Threatens children/family")
    DEBT_BONDAGE = "DebtBondage", _("Debt bondage")
    FALSE_PROMISES = "FalsePromises", _("False promises")
    PHYSICAL_ABUSE = "PhysicalAbuse", _("Physical abuse")
    SEXUAL_ABUSE = "SexualAbuse", _("Sexual abuse")
    TAKES_EARNINGS = "TakesEarnings", _("Takes earnings")
    RESTRICTS_FINANCIAL = "RestrictsFinancialAccess", _("Restricts financial access")
    RESTRICTS_MEDICAL = "RestrictsMedicalCare", _("Restricts medical care")
    WITHHOLDS_NECESSITIES = "WithholdsNecessities", _("Withholds necessities")
    PSYCHOLOGICAL_ABUSE = "PsychologicalAbuse", _("Psychological abuse")
    PSYCHOACTIVE = "PsychoactiveSubstance", _("Psychoactive substance")
    EXCESSIVE_HOURS = "ExcessiveWorkingHours", _("Excessive working hours")
    WITHHOLDS_DOCUMENTS = "WithholdsDocuments", _("Withholds documents")
    OTHER = "Other", _("Other")


class RoleInProcess(models.TextChoices):
    """HTCDS `per_RoleInProcess`: a defendant's role in the trafficking process."""

    TRAVELLING_PARTNER = "TravellingPartner", _("Travelling partner")
    TRANSPORTER = "Transporter", _("Transporter")
    RECRUITER = "RecruiterOrIntermediary", _("Recruiter or intermediary")
    BROKER = "BrokerTravelAgent", _("Broker or travel agent")
    TRANSFERRED = "TransferredIndividual", _("Transferred individual")
    HARBOURED = "HarbouredIndividual", _("Harboured individual")
    SOLD = "SoldIndividual", _("Sold individual")
    BOUGHT = "BoughtIndividual", _("Bought individual")
    RECEIVED = "ReceivedIndividual", _("Received individual")
    CONTROLLED = "ControlledIndividual", _("Controlled individual")
    SMUGGLER = "Smuggler", _("Smuggler")
    ABUSER = "Abuser", _("Abuser")
    KIDNAPPER = "Kidnapper", _("Kidnapper")
    EXPLOITER = "Exploiter", _("Exploiter")
    OTHER = "Other", _("Other")


class AgeBand(models.TextChoices):
    """CTDC's age brackets."""

    AGE_0_8 = "0-8", "0-8"
    AGE_9_17 = "9-17", "9-17"
    AGE_18_20 = "18-20", "18-20"
    AGE_21_23 = "21-23", "21-23"
    AGE_24_26 = "24-26", "24-26"
    AGE_27_29 = "27-29", "27-29"
    AGE_30_38 = "30-38", "30-38"
    AGE_39_47 = "39-47", "39-47"
    AGE_48 = "48+", "48+"
    UNKNOWN = "unknown", _("Unknown")


# (lowest age, band), highest first: the band of an age is the first whose lowest age it reaches.
_BAND_FLOORS = [
    (48, AgeBand.AGE_48),
    (39, AgeBand.AGE_39_47),
    (30, AgeBand.AGE_30_38),
    (27, AgeBand.AGE_27_29),
    (24, AgeBand.AGE_24_26),
    (21, AgeBand.AGE_21_23),
    (18, AgeBand.AGE_18_20),
    (9, AgeBand.AGE_9_17),
    (0, AgeBand.AGE_0_8),
]


def age_band(age: int | None) -> str:
    """The CTDC band of an age in years (unknown when the age is)."""
    if age is None or age < 0:
        return str(AgeBand.UNKNOWN)
    return next(str(band) for floor, band in _BAND_FLOORS if age >= floor)


class CourtLevel(models.TextChoices):
    """The level of the court that holds the case."""

    FIRST_INSTANCE = "first_instance", _("First instance (district, provincial, municipal)")
    APPEAL = "appeal", _("Appeal")
    SUPREME = "supreme", _("Supreme or cassation")
    SPECIAL = "special", _("Specialised (juvenile, military, ...)")


class CaseStage(models.TextChoices):
    """How far a case has gone."""

    INVESTIGATION = "investigation", _("Investigation")
    PROSECUTION = "prosecution", _("Charged, awaiting trial")
    TRIAL = "trial", _("On trial")
    VERDICT = "verdict", _("Verdict given")
    APPEAL = "appeal", _("On appeal")
    FINAL = "final", _("Final ruling")
    CLOSED = "closed", _("Closed without trial")


class CaseOutcome(models.TextChoices):
    """The outcome of a case as a whole."""

    PENDING = "pending", _("Pending")
    CONVICTION = "conviction", _("All defendants convicted")
    PARTIAL = "partial", _("Some defendants convicted")
    ACQUITTAL = "acquittal", _("Acquitted")
    DISMISSED = "dismissed", _("Dismissed or withdrawn")


class Verdict(models.TextChoices):
    """The verdict on one defendant for one charge."""

    PENDING = "pending", _("Pending")
    CONVICTED = "convicted", _("Convicted")
    ACQUITTED = "acquitted", _("Acquitted")
    DISMISSED = "dismissed", _("Dismissed")
