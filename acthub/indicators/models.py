"""Indicators, their targets, and data values with provenance."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from acthub.core.models import BaseModel, SourcedModel
from acthub.core.periods import parse_period, validate_period
from acthub.indicators.choices import DISAGGREGATIONS, REGION, Computation, Method, Sex, Unit

indicator_code = RegexValidator(
    r"^[A-Z][A-Z0-9_]{1,49}$", _("Use capital letters, digits and underscores, starting with a letter.")
)


class Indicator(BaseModel):
    """What is measured: its code, definition, unit, how it is obtained and how it may be broken down."""

    code = models.CharField(_("code"), max_length=50, unique=True, validators=[indicator_code])
    name = models.CharField(_("name"), max_length=255)
    definition = models.TextField(_("definition"))
    unit = models.CharField(_("unit"), max_length=10, choices=Unit.choices)
    method = models.CharField(_("obtained as"), max_length=10, choices=Method.choices, default=Method.REPORTED)
    numerator = models.ForeignKey(
        "self", verbose_name=_("numerator"), related_name="+", on_delete=models.PROTECT, null=True, blank=True
    )
    denominator = models.ForeignKey(
        "self", verbose_name=_("denominator"), related_name="+", on_delete=models.PROTECT, null=True, blank=True
    )
    disaggregations = models.JSONField(
        _("allowed disaggregations"), default=list, blank=True, help_text=_('For example ["sex"].')
    )
    is_sensitive = models.BooleanField(
        _("sensitive"),
        default=False,
        help_text=_("About victims, survivors or defendants: public figures pass through disclosure control."),
    )
    disclosure_threshold = models.PositiveSmallIntegerField(
        _("smallest publishable count (k)"), default=11, validators=[MinValueValidator(1)]
    )
    computation = models.CharField(
        _("computation"),
        max_length=20,
        choices=Computation.choices,
        blank=True,
        help_text=_("What the engine computes from records; empty for an indicator only ever reported."),
    )
    filters = models.JSONField(
        _("fixed filters"),
        default=dict,
        blank=True,
        help_text=_('Records counted, by dimension: {"role": "trainee"} counts trainees only.'),
    )
    numerator_filter = models.JSONField(
        _("numerator filter"),
        default=dict,
        blank=True,
        help_text=_('For a percentage: which part of the denominator the numerator is, e.g. {"sex": "female"}.'),
    )
    decimals = models.PositiveSmallIntegerField(
        _("decimals shown"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(4)],
        help_text=_(
            "How many decimals a published value shows (DHIS2's decimals in data output): 0 shows 34.9 as 35. "
            "Empty shows the value as stored or computed. Reported and computed values that show alike agree."
        ),
    )
    country_approval = models.BooleanField(
        _("country officers approve"),
        default=False,
        help_text=_(
            "Whether a country officer may approve imported data of this indicator for their own countries; "
            "otherwise regional MEL approves it."
        ),
    )
    preference = models.CharField(
        _("shown when both exist"),
        max_length=10,
        choices=Method.choices,
        default=Method.REPORTED,
        help_text=_("Which value a cell shows when it has both a reported and a computed value."),
    )

    is_reference_data = True

    class Meta:
        ordering = ["code"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self) -> str:
        return f"{self.code}: {self.name}"

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        unknown = [d for d in self.disaggregations or [] if d not in DISAGGREGATIONS]
        if not isinstance(self.disaggregations, list) or unknown:
            errors["disaggregations"] = _("Unknown disaggregation(s): %(names)s. Allowed: %(allowed)s.") % {
                "names": ", ".join(map(str, unknown)) or repr(self.disaggregations),
                "allowed": ", ".join(DISAGGREGATIONS),
            }
        if self.unit == Unit.PERCENT and bool(self.numerator_id) != bool(self.denominator_id):
            errors["denominator"] = _("A percentage computed from records needs both numerator and denominator.")
        if self.computation == Computation.PERCENT and not (self.numerator_id and self.denominator_id):
            errors["computation"] = _("A computed percentage states its numerator and denominator indicators.")
        for name in ("filters", "numerator_filter"):
            value = getattr(self, name)
            if not isinstance(value, dict) or any(
                d not in DISAGGREGATIONS or d == "country" or not isinstance(v, str) for d, v in value.items()
            ):
                errors[name] = _("A filter maps a disaggregation (%(allowed)s) to one code.") % {
                    "allowed": ", ".join(d for d in DISAGGREGATIONS if d != "country")
                }
        if errors:
            raise ValidationError(errors)


class Target(BaseModel):
    """The value an indicator should reach in a period, for a country or the region."""

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), related_name="targets", on_delete=models.CASCADE
    )
    program = models.ForeignKey(
        "program.Program", verbose_name=_("program"), related_name="targets", on_delete=models.CASCADE
    )
    period = models.CharField(_("period"), max_length=21, validators=[validate_period])
    country = models.ForeignKey(
        "core.Country",
        verbose_name=_("country"),
        related_name="targets",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    value = models.DecimalField(_("target"), max_digits=18, decimal_places=4, validators=[MinValueValidator(0)])

    scope_field = "country"

    class Meta:
        ordering = ["indicator", "period"]
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "program", "period", "country"], name="target_unique"),
            models.UniqueConstraint(
                fields=["indicator", "program", "period"],
                condition=Q(country__isnull=True),
                name="target_unique_region",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.period}: {self.value}"


class DataValue(SourcedModel):
    """One figure: indicator x place x period x disaggregation -> value, with where it came from.

    Place is a country, or the region when `country` is empty. `sex` empty is the total.
    """

    program = models.ForeignKey(
        "program.Program", verbose_name=_("program"), related_name="data_values", on_delete=models.CASCADE
    )
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), related_name="values", on_delete=models.PROTECT
    )
    period = models.CharField(_("period"), max_length=21, validators=[validate_period])
    period_start = models.DateField(_("period start"), editable=False)
    period_end = models.DateField(_("period end"), editable=False)
    country = models.ForeignKey(
        "core.Country",
        verbose_name=_("country"),
        related_name="data_values",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        help_text=_("Empty for the whole region."),
    )
    sex = models.CharField(_("sex"), max_length=12, choices=Sex.choices, blank=True, default="")
    value = models.DecimalField(_("value"), max_digits=18, decimal_places=4)
    method = models.CharField(_("obtained as"), max_length=10, choices=Method.choices, default=Method.REPORTED)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported by"),
        related_name="reported_values",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    reported_via = models.CharField(_("reported via"), max_length=50, blank=True)
    reported_at = models.DateTimeField(_("reported at"), auto_now_add=True)
    note = models.TextField(_("note"), blank=True)
    import_job = models.ForeignKey(
        "imports.ImportJob",
        verbose_name=_("import"),
        related_name="data_values",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
    )
    is_pending = models.BooleanField(
        _("pending approval"),
        default=False,
        db_default=False,
        editable=False,
        help_text=_("Imported and not approved yet: never published (acthub.approvals)."),
    )

    scope_field = "country"

    class Meta:
        ordering = ["indicator__code", "period_start", "country__name", "sex"]
        verbose_name = _("data value")
        verbose_name_plural = _("data values")
        constraints = [
            models.UniqueConstraint(
                fields=["program", "indicator", "period", "country", "sex", "method"], name="datavalue_unique_cell"
            ),
            models.UniqueConstraint(
                fields=["program", "indicator", "period", "sex", "method"],
                condition=Q(country__isnull=True),
                name="datavalue_unique_region_cell",
            ),
        ]
        indexes = [models.Index(fields=["program", "indicator", "period"], name="datavalue_lookup_idx")]

    def __str__(self) -> str:
        return f"{self.indicator_id and self.indicator.code} {self.period} {self.place_code}: {self.value}"

    @property
    def place_code(self) -> str:
        return self.country.code if self.country_id and self.country else REGION

    @classmethod
    def public_q(cls) -> Q:
        # Values of an import not approved yet are internal (staff in scope see them, marked pending),
        # except inside `including_pending()`: a draft fact sheet rendered by `factsheet --include-pending`.
        from acthub.approvals.population import published_q

        return Q(indicator__is_sensitive=False) & published_q()

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.period:
            try:
                p = parse_period(self.period)
                self.period_start, self.period_end = p.start, p.end
            except ValidationError as exc:
                errors["period"] = exc.messages
        if self.indicator_id and self.value is not None:
            ind = self.indicator
            value = Decimal(self.value)
            if value < 0:
                errors["value"] = _("%(indicator)s cannot be negative (got %(value)s).") % {
                    "indicator": ind.code,
                    "value": value,
                }
            elif ind.unit == Unit.PERCENT and value > 100:
                errors["value"] = _("%(indicator)s is a percentage: at most 100 (got %(value)s).") % {
                    "indicator": ind.code,
                    "value": value,
                }
            elif ind.unit == Unit.COUNT and value != value.to_integral_value():
                errors["value"] = _("%(indicator)s is a count: a whole number (got %(value)s).") % {
                    "indicator": ind.code,
                    "value": value,
                }
            if self.sex and "sex" not in (ind.disaggregations or []):
                errors["sex"] = _("%(indicator)s is not disaggregated by sex.") % {"indicator": ind.code}
        if errors:
            raise ValidationError(errors)
