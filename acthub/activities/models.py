"""Activities (trainings, workshops, ...), per-person participation, and aggregate attendance."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from acthub.activities.choices import ActivityKind, AgeBand, AgencyType, Mode, ParticipantRole, Sector, Sex
from acthub.core.models import BaseModel, SourcedModel

person_key_validator = RegexValidator(
    r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$",
    _("A person key is 1-64 letters, digits, '.', '_', ':' or '-' (a pseudonym, never a name)."),
)


class Activity(SourcedModel):
    """A training, workshop, webinar or other event, in one or more countries or regional."""

    program = models.ForeignKey(
        "program.Program", verbose_name=_("program"), related_name="activities", on_delete=models.CASCADE
    )
    code = models.CharField(
        _("code"), max_length=64, help_text=_("The activity's identifier in the program's records; unique per program.")
    )
    kind = models.CharField(_("kind"), max_length=30, choices=ActivityKind.choices)
    title = models.CharField(_("title"), max_length=255)
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("end"))
    is_regional = models.BooleanField(_("regional"), default=False)
    countries = models.ManyToManyField(
        "core.Country", verbose_name=_("countries"), related_name="activities", blank=True
    )
    mode = models.CharField(_("mode"), max_length=10, choices=Mode.choices, default=Mode.IN_PERSON)
    topics = models.JSONField(_("topics"), default=list, blank=True)
    project = models.ForeignKey(
        "program.Project",
        verbose_name=_("project"),
        related_name="activities",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    organisers = models.ManyToManyField(
        "directory.Organisation", verbose_name=_("organisers"), related_name="organised_activities", blank=True
    )
    is_synthetic = models.BooleanField(
        _("synthetic"), default=False, help_text=_("Generated demo or benchmark data, never a published figure.")
    )
    import_job = models.ForeignKey(
        "imports.ImportJob",
        verbose_name=_("import"),
        related_name="activities",
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
        help_text=_("Imported and not approved yet: kept out of every published figure (acthub.approvals)."),
    )

    scope_field = "countries"
    scope_is_many = True

    class Meta:
        ordering = ["program", "-start_date", "code"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        # The first and last real activity of a program (the periods portal pages compute) in two seeks.
        indexes = [models.Index(fields=["program", "is_synthetic", "start_date"], name="activity_real_dates_idx")]
        constraints = [
            models.UniqueConstraint(fields=["program", "code"], name="activity_unique_code"),
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")),
                name="activity_dates_order",
                violation_error_message=_("An activity cannot end before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code}: {self.title}"

    def clean(self) -> None:
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("An activity cannot end before it starts.")})
        if not isinstance(self.topics, list):
            raise ValidationError({"topics": _("Topics are a list of words.")})


class _Dimensions(models.Model):
    """The dimensions participation and attendance share, so that both aggregate alike."""

    sex = models.CharField(_("sex"), max_length=12, choices=Sex.choices, default=Sex.NOT_RECORDED)
    age_band = models.CharField(_("age band"), max_length=10, choices=AgeBand.choices, default=AgeBand.UNKNOWN)
    has_disability = models.BooleanField(_("disability"), null=True, blank=True)
    organisation = models.ForeignKey(
        "directory.Organisation",
        verbose_name=_("organisation"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    agency_type = models.CharField(_("agency type"), max_length=20, choices=AgencyType.choices, blank=True)
    sector = models.CharField(_("state or non-state"), max_length=10, choices=Sector.choices, blank=True)
    country = models.ForeignKey("core.Country", verbose_name=_("country"), related_name="+", on_delete=models.PROTECT)
    role = models.CharField(_("role"), max_length=10, choices=ParticipantRole.choices, default=ParticipantRole.TRAINEE)

    class Meta:
        abstract = True


class Participation(_Dimensions, BaseModel):
    """One person's taking part in one activity, under a pseudonymous person key.

    The key is the same for the same person across activities, which is what lets "unique people
    trained" count a person once however many trainings they attend.
    """

    # No index of its own: the unique (activity, person key) index serves lookups by activity, and one
    # index fewer is one less to maintain per row of a large import.
    activity = models.ForeignKey(
        Activity,
        verbose_name=_("activity"),
        related_name="participations",
        on_delete=models.CASCADE,
        db_index=False,
    )
    person_key = models.CharField(_("person key"), max_length=64, validators=[person_key_validator])
    import_job = models.ForeignKey(
        "imports.ImportJob",
        verbose_name=_("import"),
        related_name="participations",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    is_synthetic = models.BooleanField(_("synthetic"), default=False)
    is_pending = models.BooleanField(_("pending approval"), default=False, db_default=False, editable=False)

    scope_field = "country"

    class Meta:
        ordering = ["activity", "person_key"]
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        constraints = [
            # A person key names a person within one country (see PersonIdentity).
            models.UniqueConstraint(fields=["activity", "person_key", "country"], name="participation_unique_person"),
        ]
        indexes = [models.Index(fields=["person_key"], name="participation_person_idx")]

    def __str__(self) -> str:
        return f"{self.person_key} @ {self.activity_id}"

    @classmethod
    def public_q(cls) -> Q:
        return Q(pk__in=[])


class AttendanceCount(_Dimensions, BaseModel):
    """Attendance known only as a count ("workshops with 22 judges"), with the same dimensions."""

    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), related_name="attendance_counts", on_delete=models.CASCADE
    )
    count = models.PositiveIntegerField(_("count"), validators=[MinValueValidator(0)])
    import_job = models.ForeignKey(
        "imports.ImportJob",
        verbose_name=_("import"),
        related_name="attendance_counts",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    is_synthetic = models.BooleanField(_("synthetic"), default=False)
    is_pending = models.BooleanField(_("pending approval"), default=False, db_default=False, editable=False)

    scope_field = "country"

    class Meta:
        ordering = ["activity", "country", "sex"]
        verbose_name = _("attendance count")
        verbose_name_plural = _("attendance counts")
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "country", "sex", "age_band", "agency_type", "sector", "role"],
                name="attendancecount_unique_cell",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.count} x {self.get_sex_display()} @ {self.activity_id}"


class PersonIdentity(BaseModel):
    """Identifying details of a person key, encrypted at rest, never exported, seen only in scope."""

    person_key = models.CharField(_("person key"), max_length=64, validators=[person_key_validator])
    country = models.ForeignKey("core.Country", verbose_name=_("country"), related_name="+", on_delete=models.PROTECT)
    name_encrypted = models.BinaryField(_("name (encrypted)"), null=True, blank=True, editable=False)
    phone_encrypted = models.BinaryField(_("phone (encrypted)"), null=True, blank=True, editable=False)
    import_job = models.ForeignKey(
        "imports.ImportJob",
        verbose_name=_("import"),
        related_name="identities",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        help_text=_("The import that recorded these details (reverting it removes them when no record uses the key)."),
    )

    scope_field = "country"
    # Re-encrypted with the newest key by `manage.py rotate_field_keys`.
    encrypted_fields = ("name_encrypted", "phone_encrypted")

    class Meta:
        verbose_name = _("person identity")
        verbose_name_plural = _("person identities")
        # Unique per country, not worldwide: one country's officers cannot take (or probe) another's keys.
        constraints = [
            models.UniqueConstraint(fields=["country", "person_key"], name="personidentity_unique_country_key"),
        ]

    def __str__(self) -> str:
        return self.person_key

    @classmethod
    def public_q(cls) -> Q:
        return Q(pk__in=[])

    def set_details(self, *, name: str | None = None, phone: str | None = None) -> None:
        from acthub.core.crypto import encrypt

        self.name_encrypted = encrypt(name) if name else None
        self.phone_encrypted = encrypt(phone) if phone else None

    def details(self) -> dict[str, Any]:
        from acthub.core.crypto import decrypt

        return {
            "name": decrypt(bytes(self.name_encrypted)) if self.name_encrypted else None,
            "phone": decrypt(bytes(self.phone_encrypted)) if self.phone_encrypted else None,
        }


# Maintained aggregates (see acthub.activities.aggregates). Plain models, not BaseModel: they are
# derived data written in bulk by SQL, never edited, and so neither validated per row nor audited.


class _CubeKeys(models.Model):
    """The program, population and dimension codes the aggregate tables share (plain codes, no joins)."""

    program = models.ForeignKey(
        "program.Program", verbose_name=_("program"), related_name="+", on_delete=models.CASCADE, db_constraint=False
    )
    synthetic = models.BooleanField(_("synthetic"), default=False)
    # The staff population: published and pending records together (see acthub.activities.aggregates).
    with_pending = models.BooleanField(_("with pending data"), default=False, db_default=False)
    country = models.CharField(_("country"), max_length=2)
    sex = models.CharField(_("sex"), max_length=12)
    age_band = models.CharField(_("age band"), max_length=10)
    agency_type = models.CharField(_("agency type"), max_length=20)
    sector = models.CharField(_("state or non-state"), max_length=10)
    role = models.CharField(_("role"), max_length=10)

    class Meta:
        abstract = True


class Presence(_CubeKeys):
    """Who took part in a month, with which attributes: the state the aggregate cells are derived from.

    One row per (program, population, person key, month, attribute tuple). Aggregate attendance rows
    have no person key: each is one row under the key `#<attendance id>` with `is_count` set and its
    count as `weight`, so that one recomputation path serves both.
    """

    person_key = models.CharField(_("person key"), max_length=64)
    is_count = models.BooleanField(_("attendance count"), default=False)
    month = models.PositiveIntegerField(_("month (yyyymm)"))
    weight = models.PositiveIntegerField(_("people"), default=1)
    participations = models.PositiveIntegerField(_("participations"), default=0)

    class Meta:
        verbose_name = _("presence")
        verbose_name_plural = _("presences")
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "program",
                    "person_key",
                    "synthetic",
                    "with_pending",
                    "month",
                    "country",
                    "sex",
                    "age_band",
                    "agency_type",
                    "sector",
                    "role",
                ],
                name="presence_unique_tuple",
            )
        ]
        indexes = [models.Index(fields=["program", "synthetic", "with_pending", "month"], name="presence_month_idx")]

    def __str__(self) -> str:
        return f"{self.person_key} {self.month}"


class ParticipationCell(_CubeKeys):
    """One cell of the participation cube: people (distinct) and participations in a period and group.

    `kind` is the period kind (1 month, 2 quarter, 3 half-year, 4 year) and `period` its number
    (202106, 20212, 20211, 2021). `dims` is the bit mask of the grouped dimensions; a dimension not
    grouped holds "". `people` is exact for this grouping (distinct counts do not add up across cells).
    """

    kind = models.PositiveSmallIntegerField(_("period kind"))
    dims = models.PositiveSmallIntegerField(_("grouped dimensions"))
    period = models.PositiveIntegerField(_("period"))
    people = models.IntegerField(_("people"), default=0)
    participations = models.IntegerField(_("participations"), default=0)

    class Meta:
        verbose_name = _("participation cell")
        verbose_name_plural = _("participation cells")
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "program",
                    "synthetic",
                    "with_pending",
                    "kind",
                    "dims",
                    "period",
                    "country",
                    "sex",
                    "age_band",
                    "agency_type",
                    "sector",
                    "role",
                ],
                name="participationcell_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind}/{self.period}/{self.dims}: {self.people}"
