"""Trafficking court cases, their charges, defendants and victims (design.md section 2, issue 11).

Every record here is sensitive: the public sees none of them (`public_q` is empty), partners neither;
country officers see their countries' cases, regional MEL and admins every case (acthub.core.access).
People are pseudonymous rows; names and identifying free text are encrypted at rest
(acthub.core.crypto) and never leave the country scope. Tri-state measures (yes, no, not recorded)
are nullable booleans: an unknown is left out of a share's denominator, never counted as a no.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from acthub.core.models import BaseModel, iso_alpha2
from acthub.justice.choices import (
    CaseOutcome,
    CaseStage,
    CourtLevel,
    Exploitation,
    Gender,
    MethodOfControl,
    RoleInProcess,
    Verdict,
    age_band,
)

pseudonym_validator = RegexValidator(
    r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$",
    _("A pseudonym is 1-64 letters, digits, '.', '_', ':' or '-' (never a name)."),
)
NOTHING_PUBLIC = Q(pk__in=[])
CHILD_AGE = 18


def _check_codes(values: Any, choices: type[models.TextChoices], field: str) -> None:
    """A JSON list field holds only codes of its list, each once."""
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise ValidationError({field: gettext("A list of codes is expected.")})
    unknown = sorted(set(values) - set(choices.values))
    if unknown:
        raise ValidationError(
            {
                field: gettext("Unknown code(s) %(codes)s: use one of %(allowed)s.")
                % {"codes": ", ".join(unknown), "allowed": ", ".join(choices.values)}
            }
        )
    if len(set(values)) != len(values):
        raise ValidationError({field: gettext("A code is listed twice.")})


class EncryptedTextMixin:
    """Read and write Fernet-encrypted text fields (`<name>_encrypted` binary columns)."""

    def _set_secret(self, name: str, text: str | None) -> None:
        from acthub.core.crypto import encrypt

        setattr(self, f"{name}_encrypted", encrypt(text) if text else None)

    def _secret(self, name: str) -> str | None:
        from acthub.core.crypto import decrypt

        token = getattr(self, f"{name}_encrypted")
        return decrypt(bytes(token)) if token else None


class CourtCase(EncryptedTextMixin, BaseModel):
    """A trafficking case before a court: where, how far it has gone, its dates, and its outcome."""

    country = models.ForeignKey(
        "core.Country", verbose_name=_("country"), related_name="court_cases", on_delete=models.PROTECT
    )
    court = models.CharField(_("court"), max_length=200, help_text=_("The court's name, as the country writes it."))
    court_level = models.CharField(
        _("court level"), max_length=20, choices=CourtLevel.choices, default=CourtLevel.FIRST_INSTANCE
    )
    case_number = models.CharField(_("case number"), max_length=64, help_text=_("Unique within its court."))
    stage = models.CharField(_("stage"), max_length=20, choices=CaseStage.choices, default=CaseStage.PROSECUTION)
    offence_date = models.DateField(_("offence date"), null=True, blank=True)
    report_date = models.DateField(_("report date"), null=True, blank=True)
    charge_date = models.DateField(_("charge date"), null=True, blank=True)
    trial_start_date = models.DateField(_("trial start"), null=True, blank=True)
    verdict_date = models.DateField(_("verdict date"), null=True, blank=True)
    appeal_date = models.DateField(_("appeal date"), null=True, blank=True)
    final_ruling_date = models.DateField(_("final ruling date"), null=True, blank=True)
    exploitation_types = models.JSONField(
        _("forms of exploitation"), default=list, blank=True, help_text=_("HTCDS vic_TypeOfExploitation codes.")
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=CaseOutcome.choices, default=CaseOutcome.PENDING)
    judge_trained = models.BooleanField(
        _("judge trained in victim-sensitive practice"),
        null=True,
        blank=True,
        help_text=_("Whether the presiding judge had training on victim-sensitive guidelines; empty when unknown."),
    )
    year = models.PositiveSmallIntegerField(
        _("year"),
        default=0,
        blank=True,
        editable=False,
        help_text=_("The year indicators count the case in: charged, else reported, else offence."),
    )
    summary_encrypted = models.BinaryField(_("summary (encrypted)"), null=True, blank=True, editable=False)
    is_synthetic = models.BooleanField(
        _("synthetic"), default=False, help_text=_("Generated demo or benchmark data, never a real case.")
    )
    is_public_demo = models.BooleanField(
        _("feeds a demo's public outputs"),
        default=False,
        help_text=_(
            "A synthetic case that a demo instance also counts in its public figures (generate_demo --public); "
            "every page and file showing them then says the data is synthetic."
        ),
    )
    import_job = models.ForeignKey(
        "imports.ImportJob",
        verbose_name=_("import"),
        related_name="court_cases",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )

    scope_field = "country"

    class Meta:
        ordering = ["country", "-year", "court", "case_number"]
        verbose_name = _("court case")
        verbose_name_plural = _("court cases")
        indexes = [
            models.Index(fields=["country", "year"], name="courtcase_country_year_idx"),
            models.Index(fields=["is_public_demo"], name="courtcase_public_demo_idx"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["country", "court", "case_number"], name="courtcase_unique_number"),
            models.CheckConstraint(
                condition=Q(verdict_date__isnull=True)
                | Q(charge_date__isnull=True)
                | Q(verdict_date__gte=F("charge_date")),
                name="courtcase_verdict_after_charge",
                violation_error_message=_("The verdict cannot come before the charge."),
            ),
            models.CheckConstraint(
                condition=Q(trial_start_date__isnull=True)
                | Q(charge_date__isnull=True)
                | Q(trial_start_date__gte=F("charge_date")),
                name="courtcase_trial_after_charge",
                violation_error_message=_("The trial cannot start before the charge."),
            ),
            models.CheckConstraint(
                condition=Q(charge_date__isnull=True)
                | Q(offence_date__isnull=True)
                | Q(charge_date__gte=F("offence_date")),
                name="courtcase_charge_after_offence",
                violation_error_message=_("The charge cannot come before the offence."),
            ),
            models.CheckConstraint(
                condition=Q(final_ruling_date__isnull=True)
                | Q(verdict_date__isnull=True)
                | Q(final_ruling_date__gte=F("verdict_date")),
                name="courtcase_final_after_verdict",
                violation_error_message=_("The final ruling cannot come before the verdict."),
            ),
            models.CheckConstraint(
                condition=Q(appeal_date__isnull=True)
                | Q(verdict_date__isnull=True)
                | Q(appeal_date__gte=F("verdict_date")),
                name="courtcase_appeal_after_verdict",
                violation_error_message=_("An appeal cannot come before the verdict."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.court} {self.case_number}"

    @classmethod
    def public_q(cls) -> Q:
        return NOTHING_PUBLIC

    # The order dates must follow: (later field, earlier field, message).
    DATE_ORDER = (
        ("charge_date", "offence_date", _("The charge (%(later)s) cannot come before the offence (%(earlier)s).")),
        ("report_date", "offence_date", _("The report (%(later)s) cannot come before the offence (%(earlier)s).")),
        ("trial_start_date", "charge_date", _("The trial (%(later)s) cannot start before the charge (%(earlier)s).")),
        ("verdict_date", "charge_date", _("The verdict (%(later)s) cannot come before the charge (%(earlier)s).")),
        ("appeal_date", "verdict_date", _("An appeal (%(later)s) cannot come before the verdict (%(earlier)s).")),
        (
            "final_ruling_date",
            "verdict_date",
            _("The final ruling (%(later)s) cannot come before the verdict (%(earlier)s)."),
        ),
    )

    def clean(self) -> None:
        errors: dict[str, str] = {}
        for later, earlier, message in self.DATE_ORDER:
            a, b = getattr(self, later), getattr(self, earlier)
            if a and b and a < b and later not in errors:
                errors[later] = str(message) % {"later": a, "earlier": b}
        if errors:
            raise ValidationError(errors)
        _check_codes(self.exploitation_types, Exploitation, "exploitation_types")
        anchor = self.charge_date or self.report_date or self.offence_date or self.verdict_date
        if anchor is None:
            raise ValidationError({"charge_date": gettext("Give at least the charge, report or offence date.")})
        self.year = anchor.year

    @property
    def summary(self) -> str | None:
        """The case's summary (identifying free text, decrypted)."""
        return self._secret("summary")

    def set_summary(self, text: str | None) -> None:
        self._set_secret("summary", text)

    def days_charge_to_verdict(self) -> int | None:
        if self.charge_date and self.verdict_date:
            return (self.verdict_date - self.charge_date).days
        return None


class Charge(BaseModel):
    """One charge of a case: the law and the article invoked."""

    case = models.ForeignKey(CourtCase, verbose_name=_("case"), related_name="charges", on_delete=models.CASCADE)
    law = models.CharField(_("law"), max_length=200, help_text=_("e.g. Penal Code 2017"))
    article = models.CharField(_("article"), max_length=50, help_text=_("e.g. 215"))
    description = models.CharField(_("description"), max_length=255, blank=True)

    scope_field = "case__country"

    class Meta:
        ordering = ["case", "law", "article"]
        verbose_name = _("charge")
        verbose_name_plural = _("charges")
        constraints = [models.UniqueConstraint(fields=["case", "law", "article"], name="charge_unique_article")]

    def __str__(self) -> str:
        return f"{self.law}, art. {self.article}"

    @classmethod
    def public_q(cls) -> Q:
        return NOTHING_PUBLIC


class _Person(EncryptedTextMixin, BaseModel):
    """What defendants and victims share: a pseudonym, sex, nationality and an encrypted name."""

    pseudonym = models.CharField(
        _("pseudonym"), max_length=64, validators=[pseudonym_validator], help_text=_("Unique within the case.")
    )
    gender = models.CharField(_("sex or gender"), max_length=24, choices=Gender.choices, default=Gender.UNKNOWN)
    nationality = models.CharField(
        _("nationality"), max_length=2, blank=True, validators=[iso_alpha2], help_text=_("ISO 3166-1 alpha-2.")
    )
    name_encrypted = models.BinaryField(_("name (encrypted)"), null=True, blank=True, editable=False)
    is_synthetic = models.BooleanField(_("synthetic"), default=False)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.pseudonym

    @classmethod
    def public_q(cls) -> Q:
        return NOTHING_PUBLIC

    @property
    def name(self) -> str | None:
        """The person's name, decrypted (only ever shown inside the country scope)."""
        return self._secret("name")

    def set_name(self, text: str | None) -> None:
        self._set_secret("name", text)


class Defendant(_Person):
    """A person accused in a case (pseudonymous), with a verdict and sentence per charge."""

    case = models.ForeignKey(CourtCase, verbose_name=_("case"), related_name="defendants", on_delete=models.CASCADE)
    age_band = models.CharField(_("age band"), max_length=10, default="unknown", help_text=_("CTDC age band."))
    role = models.CharField(_("role in the process"), max_length=30, choices=RoleInProcess.choices, blank=True)
    import_job = models.ForeignKey(
        "imports.ImportJob",
        verbose_name=_("import"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )

    scope_field = "case__country"

    class Meta:
        ordering = ["case", "pseudonym"]
        verbose_name = _("defendant")
        verbose_name_plural = _("defendants")
        constraints = [models.UniqueConstraint(fields=["case", "pseudonym"], name="defendant_unique_pseudonym")]

    def clean(self) -> None:
        from acthub.justice.choices import AgeBand

        if self.age_band not in AgeBand.values:
            raise ValidationError({"age_band": gettext("Use a CTDC age band, e.g. 30-38.")})


class DefendantCharge(BaseModel):
    """The verdict and sentence of one defendant on one charge of the same case."""

    defendant = models.ForeignKey(
        Defendant, verbose_name=_("defendant"), related_name="verdicts", on_delete=models.CASCADE
    )
    charge = models.ForeignKey(Charge, verbose_name=_("charge"), related_name="verdicts", on_delete=models.CASCADE)
    verdict = models.CharField(_("verdict"), max_length=20, choices=Verdict.choices, default=Verdict.PENDING)
    sentence_months = models.PositiveIntegerField(_("prison sentence (months)"), null=True, blank=True)
    fine = models.DecimalField(_("fine"), max_digits=14, decimal_places=2, null=True, blank=True)

    scope_field = "defendant__case__country"

    class Meta:
        ordering = ["defendant", "charge"]
        verbose_name = _("verdict on a charge")
        verbose_name_plural = _("verdicts on charges")
        constraints = [
            models.UniqueConstraint(fields=["defendant", "charge"], name="defendantcharge_unique"),
            models.CheckConstraint(
                condition=Q(verdict="convicted") | (Q(sentence_months__isnull=True) & Q(fine__isnull=True)),
                name="defendantcharge_sentence_needs_conviction",
                violation_error_message=_("Only a conviction carries a sentence or a fine."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.defendant_id}/{self.charge_id}: {self.verdict}"

    @classmethod
    def public_q(cls) -> Q:
        return NOTHING_PUBLIC

    def clean(self) -> None:
        if self.defendant_id and self.charge_id and self.defendant.case_id != self.charge.case_id:
            raise ValidationError({"charge": gettext("The charge belongs to another case than the defendant.")})


def _tri(label: Any, help_text: Any = "") -> models.BooleanField[Any, Any]:
    """A yes / no / not-recorded measure."""
    return models.BooleanField(label, null=True, blank=True, help_text=help_text)


class Victim(_Person):
    """A victim in a case (pseudonymous), how they were exploited, and how the justice process treated them."""

    case = models.ForeignKey(CourtCase, verbose_name=_("case"), related_name="victims", on_delete=models.CASCADE)
    country = models.ForeignKey(
        "core.Country",
        verbose_name=_("country"),
        related_name="+",
        on_delete=models.PROTECT,
        help_text=_("The country of the case (it decides who may see the victim)."),
    )
    age_at_exploitation = models.PositiveSmallIntegerField(
        _("age at exploitation"), null=True, blank=True, validators=[MaxValueValidator(120)]
    )
    is_child = models.BooleanField(
        _("child at exploitation"),
        null=True,
        blank=True,
        help_text=_("Under 18 when exploited; follows the age when given."),
    )
    exploitation_types = models.JSONField(_("types of exploitation"), default=list, blank=True)
    means_of_control = models.JSONField(_("methods of control"), default=list, blank=True)
    has_disability = _tri(_("has a disability"))
    # Victim safety and privacy
    identity_protected = _tri(_("identity protected"))
    closed_hearing = _tri(_("closed hearing"))
    non_punishment_applied = _tri(
        _("non-punishment applied"), _("Not prosecuted for acts they were compelled to commit.")
    )
    # Evidence and proceedings
    times_testified = models.PositiveSmallIntegerField(_("times testified"), null=True, blank=True)
    testified_by_video_link = _tri(_("testified by video link"))
    testified_behind_screen = _tri(_("testified behind a screen"))
    testimony_recorded = _tri(_("recorded testimony used"))
    # Information and services
    interpreter_needed = _tri(_("interpreter needed"))
    interpreter_provided = _tri(_("interpreter provided"))
    interpreter_language = models.CharField(
        _("interpreter language"), max_length=35, blank=True, help_text=_("BCP 47 code, e.g. lo.")
    )
    legal_representation = _tri(_("legal representation"))
    informed_of_rights = _tri(_("informed of rights"))
    referred_to_services = _tri(
        _("referred to services"), _("Shelter, psychological, social or reintegration support.")
    )
    # Medical and forensic services
    medical_examination = _tri(_("medical or forensic examination"))
    # Special provisions
    child_provisions = _tri(_("child provisions applied"), _("Support person, child-friendly room, guardian, ..."))
    disability_provisions = _tri(_("disability provisions applied"))
    # Compensation
    compensation_requested = _tri(_("compensation requested"))
    compensation_ordered = models.DecimalField(
        _("compensation ordered"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    compensation_paid = models.DecimalField(
        _("compensation paid"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    compensation_currency = models.CharField(
        _("currency"), max_length=3, blank=True, help_text=_("ISO 4217, e.g. LAK.")
    )
    notes_encrypted = models.BinaryField(_("notes (encrypted)"), null=True, blank=True, editable=False)
    import_job = models.ForeignKey(
        "imports.ImportJob",
        verbose_name=_("import"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )

    scope_field = "country"

    class Meta:
        ordering = ["case", "pseudonym"]
        verbose_name = _("victim")
        verbose_name_plural = _("victims")
        indexes = [models.Index(fields=["country", "case"], name="victim_country_case_idx")]
        constraints = [
            models.UniqueConstraint(fields=["case", "pseudonym"], name="victim_unique_pseudonym"),
            models.CheckConstraint(
                condition=Q(is_child__isnull=True)
                | Q(age_at_exploitation__isnull=True)
                | Q(is_child=True, age_at_exploitation__lt=CHILD_AGE)
                | Q(is_child=False, age_at_exploitation__gte=CHILD_AGE),
                name="victim_child_under_18",
                violation_error_message=_("A child victim is under 18, an adult 18 or over."),
            ),
            models.CheckConstraint(
                condition=Q(compensation_paid__isnull=True)
                | Q(compensation_ordered__isnull=False, compensation_paid__lte=F("compensation_ordered")),
                name="victim_paid_not_over_ordered",
                violation_error_message=_("Compensation paid cannot exceed the amount ordered."),
            ),
            models.CheckConstraint(
                condition=Q(age_at_exploitation__isnull=True) | Q(age_at_exploitation__lte=120),
                name="victim_age_range",
                violation_error_message=_("An age is 0 to 120 years."),
            ),
        ]

    def clean(self) -> None:
        errors: dict[str, str] = {}
        age = self.age_at_exploitation
        if age is not None:
            if self.is_child is None:
                self.is_child = age < CHILD_AGE
            elif self.is_child and age >= CHILD_AGE:
                errors["is_child"] = gettext("A child victim is under 18, but the age given is %(age)s.") % {"age": age}
            elif not self.is_child and age < CHILD_AGE:
                errors["is_child"] = gettext("An adult victim is 18 or over, but the age given is %(age)s.") % {
                    "age": age
                }
        paid, ordered = self.compensation_paid, self.compensation_ordered
        if paid is not None and (ordered is None or paid > ordered):
            errors["compensation_paid"] = gettext(
                "Compensation paid (%(paid)s) cannot exceed the amount ordered (%(ordered)s)."
            ) % {"paid": paid, "ordered": ordered if ordered is not None else Decimal(0)}
        if self.case_id and self.country_id and self.case.country_id != self.country_id:
            errors["case"] = gettext("The case %(case)s is in another country than the victim (%(country)s).") % {
                "case": self.case,
                "country": self.country.code,
            }
        if errors:
            raise ValidationError(errors)
        _check_codes(self.exploitation_types, Exploitation, "exploitation_types")
        _check_codes(self.means_of_control, MethodOfControl, "means_of_control")

    @property
    def age_band(self) -> str:
        """The CTDC band of the age at exploitation."""
        return age_band(self.age_at_exploitation)

    @property
    def notes(self) -> str | None:
        return self._secret("notes")

    def set_notes(self, text: str | None) -> None:
        self._set_secret("notes", text)

    @property
    def testified_protected(self) -> bool | None:
        """Testified by video link, behind a screen or by recording (None when nothing is recorded)."""
        flags = (self.testified_by_video_link, self.testified_behind_screen, self.testimony_recorded)
        if any(flags):
            return True
        return None if all(f is None for f in flags) else False


class IndicatorCell(models.Model):
    """A maintained aggregate of one victim-sensitive court indicator (acthub.justice.aggregates).

    Per item, place (a country code, or REGION for every country together), year and population
    (synthetic or real): a share keeps its numerator and denominator in the row of bucket -1; a median
    keeps a histogram (bucket = the measured value, denominator = how many records have it) and, in
    the row of bucket -1, the median of that histogram. Kept current on every write and import, in the
    writing transaction, so that reading an indicator costs its cells, never its records; `manage.py
    rebuild_justice_aggregates` recomputes the whole table from the records. Not a record of its own:
    no change log, no access scope (it holds no person and is read only by the engine).
    """

    code = models.CharField(_("indicator"), max_length=40)
    place = models.CharField(_("place"), max_length=8, help_text=_("A country code, or REGION."))
    year = models.PositiveSmallIntegerField(_("year"))
    is_synthetic = models.BooleanField(_("synthetic"), default=False)
    bucket = models.IntegerField(_("bucket"), default=-1, help_text=_("-1: the cell; else a median's value."))
    numerator = models.BigIntegerField(_("numerator"), default=0)
    denominator = models.BigIntegerField(_("denominator"), default=0)
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2, null=True, blank=True)

    class Meta:
        verbose_name = _("indicator cell")
        verbose_name_plural = _("indicator cells")
        constraints = [
            # In this order, the engine's read (an item's cells of some years: bucket -1) is one index range.
            models.UniqueConstraint(
                fields=["code", "is_synthetic", "bucket", "year", "place"], name="indicatorcell_unique_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.place} {self.year} [{self.bucket}]"
