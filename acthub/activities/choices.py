"""Code lists of activities and participation (sex follows design.md; age bands follow CTDC)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ActivityKind(models.TextChoices):
    TRAINING = "training", _("Training")
    WORKSHOP = "workshop", _("Workshop")
    TRAINING_OF_TRAINERS = "tot", _("Training of trainers")
    WEBINAR = "webinar", _("Webinar")
    CONSULTATION = "consultation", _("Consultation")
    DIALOGUE = "dialogue", _("Dialogue")
    TRANSNATIONAL_MEETING = "transnational_meeting", _("Transnational meeting")
    STUDY_LAUNCH = "study_launch", _("Study launch")


class Mode(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    VIRTUAL = "virtual", _("Virtual")
    HYBRID = "hybrid", _("Hybrid")


class Sex(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    ANOTHER = "another", _("Another")
    NOT_RECORDED = "not_recorded", _("Not recorded")


class AgeBand(models.TextChoices):
    """CTDC's age bands."""

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


class AgencyType(models.TextChoices):
    POLICE = "police", _("Police")
    PROSECUTION = "prosecution", _("Prosecution")
    JUDICIARY = "judiciary", _("Judiciary")
    SOCIAL_WELFARE = "social_welfare", _("Social welfare")
    LABOUR = "labour", _("Labour")
    IMMIGRATION = "immigration", _("Immigration")
    OTHER_GOVERNMENT = "other_government", _("Other government")
    CIVIL_SOCIETY = "civil_society", _("Civil society")
    INTERNATIONAL = "international", _("International organisation")
    ACADEMIA = "academia", _("Academia")
    PRIVATE_SECTOR = "private_sector", _("Private sector")
    OTHER = "other", _("Other")


class Sector(models.TextChoices):
    STATE = "state", _("State")
    NON_STATE = "non_state", _("Non-state")


class ParticipantRole(models.TextChoices):
    TRAINEE = "trainee", _("Trainee")
    TRAINER = "trainer", _("Trainer")
