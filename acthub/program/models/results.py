"""What a program reports: achievements, case studies, grants and support delivered in kind."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from acthub.core.models import SourcedModel
from acthub.core.periods import parse_period, validate_period
from acthub.program.choices import GrantStatus
from acthub.program.models.registry import OutcomeArea, Program, Project

currency_code = RegexValidator(r"^[A-Z]{3}$", _("Use the three capital letters of ISO 4217, e.g. AUD."))


def _country_fk(related_name: str) -> models.ForeignKey:
    return models.ForeignKey(
        "core.Country",
        verbose_name=_("country"),
        related_name=related_name,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        help_text=_("Empty for the regional program."),
    )


class Achievement(SourcedModel):
    """A result statement under an outcome area, for a country or the region.

    Figures inside the text are references to data values, written `[[CODE|PERIOD]]` or
    `[[CODE|PERIOD|PLACE]]` (PLACE a country code or REGION; it defaults to the achievement's own
    place), so that every number shown comes from the indicators engine and links to its provenance.
    """

    program = models.ForeignKey(
        Program, verbose_name=_("program"), related_name="achievements", on_delete=models.CASCADE
    )
    outcome_area = models.ForeignKey(
        OutcomeArea, verbose_name=_("outcome area"), related_name="achievements", on_delete=models.PROTECT
    )
    country = _country_fk("achievements")
    text = models.TextField(_("statement"))
    period = models.CharField(
        _("period"), max_length=21, blank=True, validators=[validate_period], help_text=_("When it was achieved.")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    projects = models.ManyToManyField(Project, verbose_name=_("projects"), related_name="achievements", blank=True)
    organisations = models.ManyToManyField(
        "directory.Organisation", verbose_name=_("organisations involved"), related_name="achievements", blank=True
    )
    is_published = models.BooleanField(_("published"), default=True)

    scope_field = "country"

    class Meta:
        ordering = ["program", "outcome_area__order", "country", "order"]
        verbose_name = _("achievement")
        verbose_name_plural = _("achievements")

    def __str__(self) -> str:
        return self.text[:80]

    @classmethod
    def public_q(cls) -> Q:
        return Q(is_published=True)

    def clean(self) -> None:
        from acthub.indicators.references import check_references

        if self.outcome_area_id and self.program_id and self.outcome_area.program_id != self.program_id:
            raise ValidationError({"outcome_area": _("This outcome area belongs to another program.")})
        errors = check_references(self.text)
        if errors:
            raise ValidationError({"text": errors})


class Story(SourcedModel):
    """A case study. It is published only with the consent of the people in it, anonymised."""

    program = models.ForeignKey(Program, verbose_name=_("program"), related_name="stories", on_delete=models.CASCADE)
    country = _country_fk("stories")
    outcome_area = models.ForeignKey(
        OutcomeArea,
        verbose_name=_("outcome area"),
        related_name="stories",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    title = models.CharField(_("title"), max_length=255)
    body = models.TextField(_("text"), help_text=_("Paragraphs separated by blank lines."))
    period = models.CharField(_("period"), max_length=21, blank=True, validators=[validate_period])
    consent_obtained = models.BooleanField(_("consent obtained"), default=False)
    anonymised = models.BooleanField(_("anonymised"), default=False)
    is_published = models.BooleanField(_("published"), default=False)

    scope_field = "country"

    class Meta:
        ordering = ["program", "country", "title"]
        verbose_name = _("case study")
        verbose_name_plural = _("case studies")
        constraints = [
            models.UniqueConstraint(fields=["program", "title"], name="story_unique_title"),
            models.CheckConstraint(
                condition=Q(is_published=False) | Q(consent_obtained=True, anonymised=True),
                name="story_published_needs_consent",
                violation_error_message=_("A case study is published only with consent and anonymised."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @classmethod
    def public_q(cls) -> Q:
        return Q(is_published=True)

    def clean(self) -> None:
        if self.is_published and not (self.consent_obtained and self.anonymised):
            raise ValidationError({"is_published": _("A case study is published only with consent and anonymised.")})

    @property
    def paragraphs(self) -> list[str]:
        return [p.strip() for p in self.body.split("\n\n") if p.strip()]


class MediaItem(SourcedModel):
    """An image shown with a country's or outcome area's results: the file, its caption, credit and alt text.

    An item is shown only where there is an image: a caption alone (the Lao sheet's, whose picture the
    seed does not have) is kept as a record but never printed as "Image: ..." beside nothing. It is
    published only with the consent of the people it shows, and an image needs a text alternative.
    """

    program = models.ForeignKey(Program, verbose_name=_("program"), related_name="media", on_delete=models.CASCADE)
    country = _country_fk("media")
    outcome_area = models.ForeignKey(
        OutcomeArea,
        verbose_name=_("outcome area"),
        related_name="media",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    caption = models.CharField(_("caption"), max_length=500)
    file = models.FileField(_("file"), upload_to="media/%Y/", blank=True)
    alt_text = models.CharField(
        _("text alternative"),
        max_length=500,
        blank=True,
        help_text=_("What the image shows, for people who cannot see it (the caption says what it means)."),
    )
    credit = models.CharField(_("credit"), max_length=255, blank=True, help_text=_("Who took or owns the image."))
    consent_obtained = models.BooleanField(
        _("consent obtained"), default=False, help_text=_("The people shown agreed to its publication.")
    )
    is_published = models.BooleanField(_("published"), default=True)

    scope_field = "country"

    class Meta:
        ordering = ["program", "country", "caption"]
        verbose_name = _("image")
        verbose_name_plural = _("images")
        constraints = [
            models.CheckConstraint(
                condition=Q(is_published=False) | Q(consent_obtained=True),
                name="mediaitem_published_needs_consent",
                violation_error_message=_("An image is published only with the consent of the people it shows."),
            ),
        ]

    def __str__(self) -> str:
        return self.caption[:80]

    @classmethod
    def public_q(cls) -> Q:
        return Q(is_published=True)

    @classmethod
    def shown_q(cls) -> Q:
        """The items a page or fact sheet shows, to anyone: those with an image file."""
        return ~Q(file="")

    def clean(self) -> None:
        if self.file and not self.alt_text.strip():
            raise ValidationError({"alt_text": _("An image needs a text alternative.")})
        if self.is_published and not self.consent_obtained:
            raise ValidationError(
                {"is_published": _("An image is published only with the consent of the people it shows.")}
            )


class GrantRound(SourcedModel):
    """A call for grants, with its launch month and purpose."""

    program = models.ForeignKey(
        Program, verbose_name=_("program"), related_name="grant_rounds", on_delete=models.CASCADE
    )
    name = models.CharField(_("name"), max_length=255)
    launched = models.CharField(
        _("launched"), max_length=21, validators=[validate_period], help_text=_("A period, e.g. 202107 for July 2021.")
    )
    purpose = models.TextField(_("purpose"), blank=True)
    phase = models.CharField(_("phase"), max_length=100, blank=True)
    call = models.TextField(_("call for proposals"), blank=True, help_text=_("What the call asked for and of whom."))
    opens = models.DateField(_("call opens"), null=True, blank=True)
    closes = models.DateField(_("call closes"), null=True, blank=True)
    budget_amount = models.DecimalField(
        _("round budget"), max_digits=14, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    budget_currency = models.CharField(_("budget currency"), max_length=3, blank=True, validators=[currency_code])

    is_reference_data = True

    class Meta:
        ordering = ["program", "launched"]
        verbose_name = _("grant round")
        verbose_name_plural = _("grant rounds")
        constraints = [
            models.UniqueConstraint(fields=["program", "name"], name="grantround_unique_name"),
            models.CheckConstraint(
                condition=Q(closes__isnull=True) | Q(opens__isnull=True) | Q(closes__gte=models.F("opens")),
                name="grantround_call_dates_order",
                violation_error_message=_("A call cannot close before it opens."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors: dict[str, object] = {}
        if self.opens and self.closes and self.closes < self.opens:
            errors["closes"] = _("A call cannot close before it opens.")
        if self.budget_amount is not None and not self.budget_currency:
            errors["budget_currency"] = _("Give the currency of the budget.")
        if errors:
            raise ValidationError(errors)

    @property
    def launched_label(self) -> str:
        return parse_period(self.launched).label


class Grant(SourcedModel):
    """A grant to one organisation, for one or more countries, or (no country) the region.

    A grant in several countries is listed in each with its full amount and counted once in any
    total that is not per country (docs/adr/0014).
    """

    program = models.ForeignKey(Program, verbose_name=_("program"), related_name="grants", on_delete=models.CASCADE)
    round = models.ForeignKey(
        GrantRound, verbose_name=_("round"), related_name="grants", on_delete=models.PROTECT, null=True, blank=True
    )
    grantee = models.ForeignKey(
        "directory.Organisation", verbose_name=_("grantee"), related_name="grants", on_delete=models.PROTECT
    )
    countries = models.ManyToManyField(
        "core.Country",
        verbose_name=_("countries"),
        related_name="grants",
        blank=True,
        help_text=_("Empty for the regional program; a grant shared by countries names each."),
    )
    purpose = models.TextField(_("purpose"), blank=True)
    initiated = models.CharField(_("initiated"), max_length=21, blank=True, validators=[validate_period])
    start_date = models.DateField(_("start"), null=True, blank=True)
    end_date = models.DateField(_("end"), null=True, blank=True)
    amount = models.DecimalField(
        _("amount"), max_digits=14, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    currency = models.CharField(_("currency"), max_length=3, blank=True, validators=[currency_code])
    status = models.CharField(_("status"), max_length=10, choices=GrantStatus.choices, default=GrantStatus.ACTIVE)
    project = models.ForeignKey(
        Project,
        verbose_name=_("project"),
        related_name="grants",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        help_text=_("The project the grant funds, if any; IATI publishes its disbursements under it."),
    )
    outcome_areas = models.ManyToManyField(
        OutcomeArea, verbose_name=_("outcome areas"), related_name="grants", blank=True
    )

    scope_field = "countries"
    scope_is_many = True

    class Meta:
        ordering = ["program", "grantee__name", "pk"]
        verbose_name = _("grant")
        verbose_name_plural = _("grants")
        constraints = [
            models.UniqueConstraint(fields=["program", "round", "grantee"], name="grant_unique_round_grantee"),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="grant_dates_order",
                violation_error_message=_("A grant cannot end before it starts."),
            ),
        ]

    def __str__(self) -> str:
        names = ", ".join(c.name for c in self.countries.all()) if self.pk else ""
        return f"{self.grantee} ({names or _('regional')})"

    @property
    def country_list(self) -> list[Any]:
        """The grant's countries by name (prefetch `countries` when listing many grants)."""
        return sorted(self.countries.all(), key=lambda c: c.name) if self.pk else []

    @property
    def country_codes(self) -> list[str]:
        """The ISO codes of the grant's countries, sorted; empty for a regional grant."""
        return sorted(c.code for c in self.countries.all()) if self.pk else []

    def shared_with(self, country: Any) -> list[Any]:
        """The grant's other countries, when it is listed under `country` (empty: not shared)."""
        return [c for c in self.country_list if c.pk != getattr(country, "pk", None)]

    @classmethod
    def partner_q(cls, user: Any) -> Q:
        """A partner sees the grants of their own organisation."""
        return Q(grantee_id=user.organisation_id) if user.organisation_id else Q(pk__in=[])

    def clean(self) -> None:
        errors: dict[str, object] = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("A grant cannot end before it starts.")
        if self.amount is not None and not self.currency:
            errors["currency"] = _("Give the currency of the amount.")
        if self.round is not None and self.program_id and self.round.program_id != self.program_id:
            errors["round"] = _("This grant round belongs to another program.")
        if self.project is not None and self.program_id and self.project.program_id != self.program_id:
            errors["project"] = _("This project belongs to another program.")
        if errors:
            raise ValidationError(errors)


class SupportDelivered(SourcedModel):
    """Support given in kind (protective equipment, for example): what, how much, to whom, when."""

    program = models.ForeignKey(
        Program, verbose_name=_("program"), related_name="support_delivered", on_delete=models.CASCADE
    )
    country = _country_fk("support_delivered")
    outcome_area = models.ForeignKey(
        OutcomeArea,
        verbose_name=_("outcome area"),
        related_name="support_delivered",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    item = models.CharField(_("item"), max_length=255)
    quantity = models.PositiveIntegerField(_("quantity"), null=True, blank=True)
    unit = models.CharField(_("unit"), max_length=50, blank=True)
    recipient = models.ForeignKey(
        "directory.Organisation",
        verbose_name=_("recipient organisation"),
        related_name="support_received",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    recipient_description = models.CharField(_("recipients"), max_length=255, blank=True)
    purpose = models.TextField(_("purpose"), blank=True)
    period = models.CharField(_("period"), max_length=21, blank=True, validators=[validate_period])

    scope_field = "country"

    class Meta:
        ordering = ["program", "country", "item"]
        verbose_name = _("support delivered")
        verbose_name_plural = _("support delivered")

    def __str__(self) -> str:
        return f"{self.item} - {self.recipient or self.recipient_description}"

    def clean(self) -> None:
        if not self.recipient_id and not self.recipient_description:
            raise ValidationError({"recipient_description": _("Name the recipient organisation or describe them.")})
