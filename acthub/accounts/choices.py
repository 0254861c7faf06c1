"""Roles of design.md section 1 (the public is the anonymous visitor and has no account)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from acthub.core import access


class Role(models.TextChoices):
    # The names are acthub.core.access's constants, so that a role is spelled in one place.
    PARTNER = access.PARTNER, _("Partner")
    COUNTRY_OFFICER = access.COUNTRY_OFFICER, _("Country officer")
    REGIONAL_MEL = access.REGIONAL_MEL, _("Regional MEL")
    ADMIN = access.ADMIN, _("Administrator")


STAFF_ROLES = {Role.COUNTRY_OFFICER, Role.REGIONAL_MEL, Role.ADMIN}
