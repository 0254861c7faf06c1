"""Base models every record builds on, and the countries every scope refers to."""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from django.contrib.contenttypes.fields import GenericForeignKey
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from acthub.core.querysets import RestrictedQuerySet


class BaseModel(models.Model):
    """Timestamps, a restricted default manager, and change logging (see acthub.audit.signals).

    Class hooks read by acthub.core.access:
    - `scope_field`: path from the record to its Country (None: not country-scoped).
    - `scope_is_many`: the path is a many-to-many (a project in several countries).
    - `is_reference_data`: only regional MEL and admin change it.
    - `public_q()`: records the public may see; `partner_q(user)`: what a partner sees besides.
    """

    created = models.DateTimeField(_("created"), auto_now_add=True)
    last_updated = models.DateTimeField(_("last updated"), auto_now=True)

    objects = RestrictedQuerySet.as_manager()

    scope_field: ClassVar[str | None] = None
    scope_is_many: ClassVar[bool] = False
    is_reference_data: ClassVar[bool] = False

    class Meta:
        abstract = True

    def save(self, *args: object, **kwargs: object) -> None:
        # Every write path (admin, loader, services, API) validates the same invariants.
        self.full_clean()
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    @classmethod
    def public_q(cls) -> Q:
        return Q()


class SourcedModel(BaseModel):
    """A record that states where its facts come from: a document and the passage in it."""

    source_document = models.CharField(_("source document"), max_length=200, blank=True)
    source_location = models.TextField(
        _("source passage"), blank=True, help_text=_("The sentence, table cell or page the fact comes from.")
    )

    class Meta:
        abstract = True


class SourceDocument(BaseModel):
    """A document records cite as their source (`SourcedModel.source_document` holds its `name`).

    Provenance names it by its title and links to its page, not by a file name such as
    `000_aee13d18c94f0f78.txt`. A public document's page shows its text to everyone; another exists
    only for staff.
    """

    name = models.CharField(
        _("name"), max_length=200, unique=True, help_text=_("As records cite it in their source document.")
    )
    title = models.CharField(_("title"), max_length=300)
    issued = models.CharField(_("issued"), max_length=60, blank=True, help_text=_('As printed, e.g. "June 2021".'))
    text = models.TextField(_("text"), blank=True)
    is_public = models.BooleanField(_("public"), default=False)

    is_reference_data = True

    class Meta:
        ordering = ["title"]
        verbose_name = _("source document")
        verbose_name_plural = _("source documents")

    def __str__(self) -> str:
        return self.title

    @classmethod
    def public_q(cls) -> Q:
        return Q(is_public=True)


iso_alpha2 = RegexValidator(r"^[A-Z]{2}$", _("Use the two capital letters of ISO 3166-1 alpha-2, e.g. LA."))


class Country(BaseModel):
    """A country by its ISO 3166-1 alpha-2 code, with its names and its ASEAN membership dates."""

    code = models.CharField(_("ISO code"), max_length=2, unique=True, validators=[iso_alpha2])
    name = models.CharField(_("name"), max_length=100, unique=True)
    name_local = models.CharField(_("name in the national language"), max_length=200, blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True, help_text=_("BCP 47 codes, e.g. lo."))
    asean_member_since = models.DateField(_("ASEAN member since"), null=True, blank=True)
    asean_member_until = models.DateField(_("ASEAN member until"), null=True, blank=True)

    is_reference_data = True
    scope_field = "pk"

    class Meta:
        ordering = ["name"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")
        constraints = [
            models.CheckConstraint(
                condition=Q(asean_member_until__isnull=True)
                | Q(asean_member_since__isnull=False, asean_member_until__gte=models.F("asean_member_since")),
                name="country_membership_order",
                violation_error_message=_("ASEAN membership cannot end before it starts."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        self.code = (self.code or "").upper()
        if self.asean_member_until and not self.asean_member_since:
            raise ValidationError({"asean_member_since": _("Give the date membership started.")})

    def is_asean_member(self, on: date) -> bool:
        """Whether the country was an ASEAN member state on that date."""
        return bool(
            self.asean_member_since
            and self.asean_member_since <= on
            and (self.asean_member_until is None or on <= self.asean_member_until)
        )

    @classmethod
    def asean_members(cls, on: date) -> models.QuerySet[Country]:
        """The member states on a date: "all member states" depends on when it is asked."""
        return cls.objects.filter(
            Q(asean_member_since__lte=on) & (Q(asean_member_until__isnull=True) | Q(asean_member_until__gte=on))
        )


class ContentTranslation(BaseModel):
    """One content field of one record in one interface language (docs/adr/0012).

    Generic (content type, object, field) so that core stays free of the domain apps: each app
    declares which of its fields are translatable (acthub.core.content_translations.register). The
    record's own field is the English text; a missing translation falls back to it, marked.
    """

    content_type = models.ForeignKey(
        "contenttypes.ContentType", on_delete=models.CASCADE, verbose_name=_("content type")
    )
    object_id = models.PositiveBigIntegerField(_("object id"))
    content_object = GenericForeignKey("content_type", "object_id")
    field = models.CharField(_("field"), max_length=64)
    language = models.CharField(_("language"), max_length=10)
    text = models.TextField(_("text"))

    # Names, definitions and narratives are reference content: regional MEL and admins change them.
    is_reference_data = True

    class Meta:
        ordering = ["content_type", "object_id", "field", "language"]
        verbose_name = _("content translation")
        verbose_name_plural = _("content translations")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "field", "language"], name="content_translation_once"
            )
        ]
        indexes = [models.Index(fields=["content_type", "language"], name="content_translation_lookup")]

    def __str__(self) -> str:
        return f"{self.content_type.model}:{self.object_id}.{self.field} [{self.language}]"

    def clean(self) -> None:
        from acthub.core.content_translations import check_translation

        check_translation(self)
