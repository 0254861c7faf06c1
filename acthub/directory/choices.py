"""Code lists of the stakeholder directory."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationType(models.TextChoices):
    MINISTRY = "ministry", _("Ministry")
    GOVERNMENT_AGENCY = "government_agency", _("Government agency")
    POLICE = "police", _("Police")
    PROSECUTION = "prosecution", _("Prosecution")
    COURT = "court", _("Court")
    SOCIAL_WELFARE = "social_welfare", _("Social welfare")
    WOMENS_UNION = "womens_union", _("Women's union")
    ASEAN_BODY = "asean_body", _("ASEAN body")
    UN_AGENCY = "un_agency", _("UN agency")
    CIVIL_SOCIETY = "civil_society", _("Civil society")
    RESEARCH = "research", _("Research")
    PRIVATE_SECTOR = "private_sector", _("Private sector")
    DONOR = "donor", _("Donor")
    IMPLEMENTER = "implementer", _("Implementer")
    GROUP = "group", _("Group of actors")
    OTHER = "other", _("Other")


STATE_TYPES = {
    OrganisationType.MINISTRY,
    OrganisationType.GOVERNMENT_AGENCY,
    OrganisationType.POLICE,
    OrganisationType.PROSECUTION,
    OrganisationType.COURT,
    OrganisationType.SOCIAL_WELFARE,
}


class PartnerRole(models.TextChoices):
    """What an organisation is to a program; one organisation can hold several roles."""

    KEY_PARTNER = "key_partner", _("Key partner")
    FOCAL_POINT = "focal_point", _("Focal point")
    PARTNER = "partner", _("Partner")
    GRANTEE = "grantee", _("Grantee")
    FUNDER = "funder", _("Funder")
    IMPLEMENTER = "implementer", _("Implementer")


class CtipRole(models.TextChoices):
    """An organisation's part in counter-trafficking: the "4 Ps"."""

    PREVENTION = "prevention", _("Prevention")
    PROTECTION = "protection", _("Protection")
    PROSECUTION = "prosecution", _("Prosecution")
    PARTNERSHIP = "partnership", _("Partnership")


class Sector(models.TextChoices):
    """State or non-state, as follows from the organisation's type."""

    STATE = "state", _("State")
    NON_STATE = "non_state", _("Non-state")
