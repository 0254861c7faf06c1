"""Roles of design.md section 1 (the public is the anonymous visitor and has no account)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    PARTNER = "partner", _("Partner")
    COUNTRY_OFFICER = "country_officer", _("Country officer")
    REGIONAL_MEL = "regional_mel", _("Regional MEL")
    ADMIN = "admin", _("Administrator")


STAFF_ROLES = {Role.COUNTRY_OFFICER, Role.REGIONAL_MEL, Role.ADMIN}
