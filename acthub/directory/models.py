"""Organisations (the stakeholder directory) and the roles they hold in a program."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from acthub.core.models import SourcedModel
from acthub.directory.choices import STATE_TYPES, CtipRole, OrganisationType, PartnerRole, Sector


class Organisation(SourcedModel):
    """A ministry, court, ASEAN body, NGO, donor or other actor; regional when it has no country."""

    name = models.CharField(_("name"), max_length=255)
    name_local = models.CharField(_("name in the national language"), max_length=255, blank=True)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    type = models.CharField(_("type"), max_length=30, choices=OrganisationType.choices)
    country = models.ForeignKey(
        "core.Country",
        verbose_name=_("country"),
        related_name="organisations",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        help_text=_("Empty for regional and international organisations."),
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        related_name="units",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    website = models.URLField(_("website"), blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    description = models.TextField(_("description"), blank=True)
    is_public = models.BooleanField(
        _("public"), default=True, help_text=_("Shown in the public directory; otherwise only to staff.")
    )
    is_verified = models.BooleanField(
        _("verified"),
        default=True,
        help_text=_("Checked by staff. An organisation an import created (e.g. a resource's publisher) is not."),
    )
    ctip_roles = models.JSONField(
        _("roles in counter-trafficking"),
        default=list,
        blank=True,
        help_text=_("Any of: prevention, protection, prosecution, partnership."),
    )
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=50, blank=True)
    contact_address = models.TextField(_("contact address"), blank=True)
    contacts_public = models.BooleanField(
        _("contact details public"),
        default=False,
        help_text=_("Show the contact details to everyone; otherwise only to signed-in partners and staff."),
    )

    scope_field = "country"

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.UniqueConstraint(fields=["name", "country"], name="organisation_unique_name_country"),
            models.UniqueConstraint(
                fields=["name"], condition=Q(country__isnull=True), name="organisation_unique_regional_name"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @classmethod
    def public_q(cls) -> Q:
        return Q(is_public=True)

    @classmethod
    def partner_q(cls, user: Any) -> Q:
        return Q(pk=user.organisation_id) if user.organisation_id else Q(pk__in=[])

    @property
    def sector(self) -> str:
        """State or non-state, from the type."""
        return Sector.STATE if self.type in STATE_TYPES else Sector.NON_STATE

    def get_sector_display(self) -> str:
        """The sector's label."""
        return str(Sector(self.sector).label)

    def get_ctip_roles_display(self) -> list[str]:
        """The labels of the organisation's counter-trafficking roles."""
        labels = dict(CtipRole.choices)
        return [str(labels[r]) for r in self.ctip_roles if r in labels]

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.parent_id and self.parent_id == self.pk:
            raise ValidationError({"parent": _("An organisation cannot be part of itself.")})
        if not isinstance(self.ctip_roles, list) or set(self.ctip_roles) - set(CtipRole.values):
            raise ValidationError(
                {"ctip_roles": _("Roles are a list of: %(roles)s.") % {"roles": ", ".join(CtipRole.values)}}
            )


class OrganisationRole(SourcedModel):
    """An organisation's role in a program, for a country or for the region (no country)."""

    program = models.ForeignKey(
        "program.Program", verbose_name=_("program"), related_name="organisation_roles", on_delete=models.CASCADE
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), related_name="roles", on_delete=models.CASCADE
    )
    role = models.CharField(_("role"), max_length=20, choices=PartnerRole.choices)
    country = models.ForeignKey(
        "core.Country",
        verbose_name=_("country"),
        related_name="organisation_roles",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        help_text=_("The country the role is held for; empty for the regional program."),
    )
    description = models.TextField(_("what the partnership does"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    scope_field = "country"

    class Meta:
        ordering = ["program", "country", "role", "order", "organisation__name"]
        verbose_name = _("organisation role")
        verbose_name_plural = _("organisation roles")
        constraints = [
            models.UniqueConstraint(
                fields=["program", "organisation", "role", "country"], name="organisationrole_unique"
            ),
            models.UniqueConstraint(
                fields=["program", "organisation", "role"],
                condition=Q(country__isnull=True),
                name="organisationrole_unique_regional",
            ),
        ]

    def __str__(self) -> str:
        where = self.country.name if self.country_id and self.country else _("regional")
        return f"{self.organisation} - {self.get_role_display()} ({where})"

    @classmethod
    def public_q(cls) -> Q:
        return Q(organisation__is_public=True)
