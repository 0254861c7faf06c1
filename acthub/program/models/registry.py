"""The program registry: what a program is, where it works, how it is governed, what it achieves."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from acthub.core.models import BaseModel, SourcedModel
from acthub.program.choices import (
    GovernanceLevel,
    GovernanceRole,
    LinkKind,
    ProgrammingStatus,
    ProjectStatus,
)

iati_identifier_validator = RegexValidator(
    r"^[A-Za-z0-9][A-Za-z0-9._-]*$", _("Use letters, digits, dots, hyphens and underscores (no spaces or slashes).")
)


def check_sectors(sectors: object) -> str:
    """Why a list of IATI sectors is malformed, or "" when it is well formed (or empty)."""
    if sectors in (None, []):
        return ""
    if not isinstance(sectors, list):
        return str(_("Give a list of sectors."))
    total = Decimal(0)
    for item in sectors:
        if not isinstance(item, dict) or set(item) != {"code", "percentage"}:
            return str(_('Each sector is {"code": "15130", "percentage": 60}.'))
        if not re.fullmatch(r"\d{5}", str(item["code"])):
            return str(_("%(code)s is not a 5-digit OECD DAC purpose code.") % {"code": item["code"]})
        try:
            share = Decimal(str(item["percentage"]))
        except InvalidOperation:
            return str(_("%(value)s is not a percentage.") % {"value": item["percentage"]})
        if not 0 < share <= 100:
            return str(_("A sector's percentage is above 0 and at most 100."))
        total += share
    if total != 100:
        return str(_("Sector percentages sum to %(total)s, not 100.") % {"total": total})
    return ""


class Program(SourcedModel):
    """A counter-trafficking program: its period, budget, funder, implementer and narrative."""

    name = models.CharField(_("name"), max_length=255, unique=True)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    slug = models.SlugField(_("slug"), unique=True)
    start_year = models.PositiveSmallIntegerField(_("first year"), validators=[MinValueValidator(1900)])
    end_year = models.PositiveSmallIntegerField(_("last year"), validators=[MinValueValidator(1900)])
    budget_amount = models.DecimalField(
        _("budget"), max_digits=16, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    budget_currency = models.CharField(_("currency"), max_length=3, blank=True, help_text=_("ISO 4217, e.g. AUD."))
    funder = models.ForeignKey(
        "directory.Organisation",
        verbose_name=_("funder"),
        related_name="funded_programs",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    implementer = models.ForeignKey(
        "directory.Organisation",
        verbose_name=_("implementer"),
        related_name="implemented_programs",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    tagline = models.TextField(_("tagline"), blank=True)
    description = models.TextField(_("description"), blank=True, help_text=_("Paragraphs separated by blank lines."))
    iati_reporting_org_ref = models.CharField(
        _("IATI reporting organisation identifier"),
        max_length=50,
        blank=True,
        validators=[iati_identifier_validator],
        help_text=_("The funder's organisation identifier in IATI, e.g. AU-5 for Australia's DFAT."),
    )
    iati_identifier = models.CharField(
        _("IATI activity identifier"),
        max_length=100,
        blank=True,
        validators=[iati_identifier_validator],
        help_text=_("Starts with the reporting organisation identifier; empty: the program is not published in IATI."),
    )
    iati_sectors = models.JSONField(
        _("IATI sectors"),
        default=list,
        blank=True,
        help_text=_(
            'OECD DAC 5-digit purpose codes with percentages summing to 100: [{"code": "15130", "percentage": 60}].'
        ),
    )

    is_reference_data = True

    class Meta:
        ordering = ["name"]
        verbose_name = _("program")
        verbose_name_plural = _("programs")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year__gte=models.F("start_year")),
                name="program_years_order",
                violation_error_message=_("The program cannot end before it starts."),
            )
        ]

    def __str__(self) -> str:
        return self.acronym or self.name

    def clean(self) -> None:
        errors: dict[str, object] = {}
        if self.budget_amount is not None and not re.fullmatch(r"[A-Z]{3}", self.budget_currency or ""):
            errors["budget_currency"] = _("Give the budget's currency as an ISO 4217 code.")
        if self.iati_identifier and not self.iati_reporting_org_ref:
            errors["iati_reporting_org_ref"] = _("An IATI activity identifier needs its reporting organisation.")
        elif self.iati_identifier and not self.iati_identifier.startswith(self.iati_reporting_org_ref + "-"):
            errors["iati_identifier"] = _(
                "An IATI activity identifier starts with the reporting organisation's, then -."
            )
        sector_error = check_sectors(self.iati_sectors)
        if sector_error:
            errors["iati_sectors"] = sector_error
        if errors:
            raise ValidationError(errors)

    @property
    def paragraphs(self) -> list[str]:
        return [p.strip() for p in self.description.split("\n\n") if p.strip()]


class ProgramLink(BaseModel):
    """A website, resource portal or social account of the program."""

    program = models.ForeignKey(Program, verbose_name=_("program"), related_name="links", on_delete=models.CASCADE)
    kind = models.CharField(_("kind"), max_length=20, choices=LinkKind.choices)
    label = models.CharField(_("label"), max_length=100)
    url = models.URLField(_("address"))
    description = models.CharField(_("description"), max_length=255, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    is_reference_data = True

    class Meta:
        ordering = ["program", "order"]
        verbose_name = _("program link")
        verbose_name_plural = _("program links")
        constraints = [models.UniqueConstraint(fields=["program", "url"], name="programlink_unique_url")]

    def __str__(self) -> str:
        return self.label


class CountryProgramming(SourcedModel):
    """A country's programming status in a program (active, establishing, on hold, none)."""

    program = models.ForeignKey(
        Program, verbose_name=_("program"), related_name="country_programming", on_delete=models.CASCADE
    )
    country = models.ForeignKey(
        "core.Country", verbose_name=_("country"), related_name="programming", on_delete=models.PROTECT
    )
    status = models.CharField(_("programming status"), max_length=20, choices=ProgrammingStatus.choices)
    note = models.TextField(_("note"), blank=True)

    scope_field = "country"

    class Meta:
        ordering = ["program", "country__name"]
        verbose_name = _("country programming")
        verbose_name_plural = _("country programming")
        constraints = [
            models.UniqueConstraint(fields=["program", "country"], name="countryprogramming_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.country}: {self.get_status_display()}"


class Pathway(SourcedModel):
    """One of a program's numbered pathways (how it works)."""

    program = models.ForeignKey(Program, verbose_name=_("program"), related_name="pathways", on_delete=models.CASCADE)
    number = models.PositiveSmallIntegerField(_("number"), validators=[MinValueValidator(1)])
    name = models.CharField(_("name"), max_length=255)
    description = models.TextField(_("description"), blank=True)

    is_reference_data = True

    class Meta:
        ordering = ["program", "number"]
        verbose_name = _("pathway")
        verbose_name_plural = _("pathways")
        constraints = [models.UniqueConstraint(fields=["program", "number"], name="pathway_unique_number")]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"


class OutcomeArea(SourcedModel):
    """An ordered outcome area (justice, COVID-19 response, ...) under which achievements are reported."""

    program = models.ForeignKey(
        Program, verbose_name=_("program"), related_name="outcome_areas", on_delete=models.CASCADE
    )
    slug = models.SlugField(_("slug"))
    name = models.CharField(_("name"), max_length=255)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    is_reference_data = True

    class Meta:
        ordering = ["program", "order"]
        verbose_name = _("outcome area")
        verbose_name_plural = _("outcome areas")
        constraints = [models.UniqueConstraint(fields=["program", "slug"], name="outcomearea_unique_slug")]

    def __str__(self) -> str:
        return self.name


class OutcomeAreaIntro(SourcedModel):
    """The paragraph that opens an outcome area, for the region (no country) or for one country."""

    outcome_area = models.ForeignKey(
        OutcomeArea, verbose_name=_("outcome area"), related_name="intros", on_delete=models.CASCADE
    )
    country = models.ForeignKey(
        "core.Country",
        verbose_name=_("country"),
        related_name="outcome_area_intros",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    text = models.TextField(_("text"))

    scope_field = "country"

    class Meta:
        ordering = ["outcome_area", "country"]
        verbose_name = _("outcome area introduction")
        verbose_name_plural = _("outcome area introductions")
        constraints = [
            models.UniqueConstraint(fields=["outcome_area", "country"], name="outcomeareaintro_unique"),
            models.UniqueConstraint(
                fields=["outcome_area"], condition=Q(country__isnull=True), name="outcomeareaintro_unique_regional"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.outcome_area} ({self.country or _('regional')})"


class FocusTag(BaseModel):
    """A thematic focus a project can carry (victim rights, GESI, inclusive public policy, ...)."""

    slug = models.SlugField(_("slug"), unique=True)
    name = models.CharField(_("name"), max_length=100)

    is_reference_data = True

    class Meta:
        ordering = ["name"]
        verbose_name = _("focus tag")
        verbose_name_plural = _("focus tags")

    def __str__(self) -> str:
        return self.name


class Project(SourcedModel):
    """A multi-year project, national (in one or more countries) or regional."""

    program = models.ForeignKey(Program, verbose_name=_("program"), related_name="projects", on_delete=models.CASCADE)
    title = models.CharField(_("title"), max_length=255)
    summary = models.TextField(_("summary"), blank=True)
    is_regional = models.BooleanField(_("regional"), default=False)
    countries = models.ManyToManyField("core.Country", verbose_name=_("countries"), related_name="projects", blank=True)
    start_date = models.DateField(_("start"), null=True, blank=True)
    end_date = models.DateField(_("end"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=ProjectStatus.choices, default=ProjectStatus.ACTIVE)
    pathways = models.ManyToManyField(Pathway, verbose_name=_("pathways"), related_name="projects", blank=True)
    focus_tags = models.ManyToManyField(FocusTag, verbose_name=_("focus"), related_name="projects", blank=True)
    partners = models.ManyToManyField(
        "directory.Organisation", verbose_name=_("partners"), related_name="projects", blank=True
    )

    scope_field = "countries"
    scope_is_many = True

    class Meta:
        ordering = ["program", "title"]
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        constraints = [
            models.UniqueConstraint(fields=["program", "title"], name="project_unique_title"),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="project_dates_order",
                violation_error_message=_("A project cannot end before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("A project cannot end before it starts.")})


class GovernanceBody(SourcedModel):
    """A steering committee: regional (RPSC) or national (NPSC, one country)."""

    program = models.ForeignKey(
        Program, verbose_name=_("program"), related_name="governance_bodies", on_delete=models.CASCADE
    )
    level = models.CharField(_("level"), max_length=10, choices=GovernanceLevel.choices)
    country = models.ForeignKey(
        "core.Country",
        verbose_name=_("country"),
        related_name="governance_bodies",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    name = models.CharField(_("name"), max_length=255)
    acronym = models.CharField(_("acronym"), max_length=20, blank=True)
    description = models.TextField(_("description"), blank=True)

    scope_field = "country"

    class Meta:
        ordering = ["program", "level", "name"]
        verbose_name = _("governance body")
        verbose_name_plural = _("governance bodies")
        constraints = [
            models.UniqueConstraint(fields=["program", "name"], name="governancebody_unique_name"),
            models.CheckConstraint(
                condition=Q(level=GovernanceLevel.REGIONAL, country__isnull=True)
                | Q(level=GovernanceLevel.NATIONAL, country__isnull=False),
                name="governancebody_level_country",
                violation_error_message=_("A national body has a country; a regional body has none."),
            ),
        ]

    def __str__(self) -> str:
        return self.acronym or self.name

    def clean(self) -> None:
        if self.level == GovernanceLevel.NATIONAL and not self.country_id:
            raise ValidationError({"country": _("A national body needs its country.")})
        if self.level == GovernanceLevel.REGIONAL and self.country_id:
            raise ValidationError({"country": _("A regional body has no country.")})


class GovernanceMembership(SourcedModel):
    """A seat on a governance body: an organisation, or a member state's representation."""

    body = models.ForeignKey(
        GovernanceBody, verbose_name=_("body"), related_name="memberships", on_delete=models.CASCADE
    )
    role = models.CharField(_("role"), max_length=10, choices=GovernanceRole.choices, default=GovernanceRole.MEMBER)
    organisation = models.ForeignKey(
        "directory.Organisation",
        verbose_name=_("organisation"),
        related_name="governance_seats",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    member_state = models.ForeignKey(
        "core.Country",
        verbose_name=_("member state"),
        related_name="governance_seats",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    start_date = models.DateField(
        _("member from"), null=True, blank=True, help_text=_("Empty: since before the records begin.")
    )
    end_date = models.DateField(_("member until"), null=True, blank=True, help_text=_("Empty: still a member."))

    scope_field = "body__country"

    class Meta:
        ordering = ["body", "role", "order"]
        verbose_name = _("governance seat")
        verbose_name_plural = _("governance seats")
        constraints = [
            models.CheckConstraint(
                condition=Q(organisation__isnull=False, member_state__isnull=True)
                | Q(organisation__isnull=True, member_state__isnull=False),
                name="governancemembership_one_holder",
                violation_error_message=_("A seat is held by an organisation or by a member state, not both."),
            ),
            models.UniqueConstraint(
                fields=["body", "organisation"], condition=Q(organisation__isnull=False), name="governance_unique_org"
            ),
            models.UniqueConstraint(
                fields=["body", "member_state"], condition=Q(member_state__isnull=False), name="governance_unique_state"
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="governancemembership_dates_order",
                violation_error_message=_("A membership cannot end before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.holder} - {self.get_role_display()}"

    @property
    def holder(self) -> object:
        return self.organisation or self.member_state

    def clean(self) -> None:
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("A membership cannot end before it starts.")})

    @classmethod
    def on(cls, when: date) -> Q:
        """The memberships current on a date."""
        return (Q(start_date__isnull=True) | Q(start_date__lte=when)) & (
            Q(end_date__isnull=True) | Q(end_date__gte=when)
        )


class GovernanceMeeting(SourcedModel):
    """A meeting of a governance body."""

    body = models.ForeignKey(GovernanceBody, verbose_name=_("body"), related_name="meetings", on_delete=models.CASCADE)
    date = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=255)
    summary = models.TextField(_("summary"), blank=True)
    location = models.CharField(_("location"), max_length=255, blank=True)
    agenda = models.TextField(_("agenda"), blank=True, help_text=_("One item a line."))
    # Minutes are a library resource: checked on upload like every file, shown by their access level.
    minutes = models.ForeignKey(
        "library.Resource",
        verbose_name=_("minutes"),
        related_name="minutes_of",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        help_text=_("The library resource that holds the minutes."),
    )

    scope_field = "body__country"

    class Meta:
        ordering = ["body", "-date"]
        verbose_name = _("governance meeting")
        verbose_name_plural = _("governance meetings")

    def __str__(self) -> str:
        return f"{self.body} {self.date:%Y-%m-%d}"

    @property
    def agenda_items(self) -> list[str]:
        return [line.strip() for line in self.agenda.splitlines() if line.strip()]
