"""Resources of the library (with a version per language), their types and topics, and the search index."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from acthub.core.models import BaseModel, SourcedModel
from acthub.library.choices import (
    CONTENT_LANGUAGES,
    LANGUAGE_CHOICES,
    AccessLevel,
    FileKind,
    ReviewStatus,
    TextStatus,
    TopicKind,
)


def validate_languages(value: Any) -> None:
    """A list of the library's language codes."""
    if not isinstance(value, list) or any(code not in CONTENT_LANGUAGES for code in value):
        raise ValidationError(
            _("Languages are a list of these codes: %(codes)s.") % {"codes": ", ".join(CONTENT_LANGUAGES)}
        )


class ResourceType(BaseModel):
    """What sort of resource (policy paper, study, guideline, ...): a list administrators can extend."""

    slug = models.SlugField(_("code"), unique=True)
    name = models.CharField(_("name"), max_length=100, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    is_reference_data = True

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("resource type")
        verbose_name_plural = _("resource types")

    def __str__(self) -> str:
        return self.name


class Topic(BaseModel):
    """A subject a resource is about: an outcome area, an ACTIP article, a court area, a form of exploitation."""

    kind = models.CharField(_("kind"), max_length=20, choices=TopicKind.choices)
    slug = models.SlugField(_("code"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=200)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    is_reference_data = True

    class Meta:
        ordering = ["kind", "order", "name"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def __str__(self) -> str:
        return self.name


class Resource(SourcedModel):
    """A study, guideline, toolkit, webinar, ... with its versions per language, shown by access level.

    A partner's submission stays `submitted` (seen by its submitter, their organisation and staff)
    until staff publish it; only then does its access level open it to partners or the public.
    """

    title = models.CharField(_("title"), max_length=500)
    type = models.ForeignKey(ResourceType, verbose_name=_("type"), related_name="resources", on_delete=models.PROTECT)
    summary = models.TextField(_("summary"), blank=True)
    publisher = models.ForeignKey(
        "directory.Organisation",
        verbose_name=_("publisher"),
        related_name="published_resources",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    published_on = models.DateField(_("date"), null=True, blank=True)
    year = models.PositiveSmallIntegerField(
        _("year"), null=True, blank=True, validators=[MinValueValidator(1900), MaxValueValidator(2100)]
    )
    countries = models.ManyToManyField(
        "core.Country", verbose_name=_("countries"), related_name="resources", blank=True
    )
    languages = models.JSONField(
        _("languages"), default=list, blank=True, validators=[validate_languages], help_text=_("e.g. en, lo.")
    )
    topics = models.ManyToManyField(Topic, verbose_name=_("topics"), related_name="resources", blank=True)
    url = models.URLField(_("link"), max_length=500, blank=True, help_text=_("Where the resource is, if not a file."))
    access_level = models.CharField(
        _("access level"), max_length=10, choices=AccessLevel.choices, default=AccessLevel.PUBLIC
    )
    status = models.CharField(_("status"), max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.SUBMITTED)
    organisation = models.ForeignKey(
        "directory.Organisation",
        verbose_name=_("submitted for"),
        related_name="submitted_resources",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        help_text=_("The partner organisation that submitted it."),
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        related_name="submitted_resources",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        related_name="reviewed_resources",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    review_note = models.TextField(_("review note"), blank=True)
    evidence_for = models.ManyToManyField(
        "program.Achievement",
        verbose_name=_("evidence for"),
        related_name="resources",
        blank=True,
        help_text=_("Achievements of the program this resource documents."),
    )
    is_synthetic = models.BooleanField(
        _("synthetic"), default=False, help_text=_("Generated demo or benchmark data, marked as such wherever shown.")
    )

    scope_field = "countries"
    scope_is_many = True

    class Meta:
        ordering = ["-year", "title"]
        verbose_name = _("resource")
        verbose_name_plural = _("resources")

    def __str__(self) -> str:
        return self.title

    @classmethod
    def public_q(cls) -> Q:
        return Q(status=ReviewStatus.PUBLISHED, access_level=AccessLevel.PUBLIC)

    @classmethod
    def partner_q(cls, user: Any) -> Q:
        shared = Q(
            status=ReviewStatus.PUBLISHED,
            access_level__in=[AccessLevel.PUBLIC, AccessLevel.PARTNERS],
        )
        own = Q(submitted_by=user.pk)
        if user.organisation_id:
            own |= Q(organisation=user.organisation_id)
        return shared | own

    def clean(self) -> None:
        if self.published_on and self.year and self.published_on.year != self.year:
            raise ValidationError({"year": _("The year differs from the date's year.")})
        if self.published_on and not self.year:
            self.year = self.published_on.year

    @property
    def language_names(self) -> list[str]:
        """The resource's languages, each named in its own script."""
        return [CONTENT_LANGUAGES.get(code, code) for code in self.languages]


class ResourceVersion(BaseModel):
    """The resource in one language: an uploaded file (checked by content) or a link, and its text."""

    resource = models.ForeignKey(
        Resource, verbose_name=_("resource"), related_name="versions", on_delete=models.CASCADE
    )
    language = models.CharField(_("language"), max_length=5, choices=LANGUAGE_CHOICES)
    title = models.CharField(_("title in this language"), max_length=500, blank=True)
    file = models.FileField(_("file"), upload_to="library/%Y/", blank=True)
    file_kind = models.CharField(_("file type"), max_length=5, choices=FileKind.choices, blank=True)
    size = models.PositiveBigIntegerField(_("size (bytes)"), default=0)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    url = models.URLField(_("link"), max_length=500, blank=True)
    text = models.TextField(_("text"), blank=True, help_text=_("The full text, extracted from the file or given."))
    text_status = models.CharField(_("extraction"), max_length=10, choices=TextStatus.choices, default=TextStatus.NONE)
    text_message = models.CharField(_("extraction message"), max_length=500, blank=True)
    thumbnail = models.FileField(_("thumbnail"), upload_to="library/thumbnails/%Y/", blank=True)

    scope_field = "resource__countries"
    scope_is_many = True

    class Meta:
        ordering = ["resource", "language"]
        verbose_name = _("resource version")
        verbose_name_plural = _("resource versions")
        constraints = [
            models.UniqueConstraint(fields=["resource", "language"], name="resourceversion_unique_language"),
        ]

    def __str__(self) -> str:
        return f"{self.resource} ({self.language})"

    @classmethod
    def public_q(cls) -> Q:
        return Q(resource__in=Resource.objects.filter(Resource.public_q()))

    @classmethod
    def partner_q(cls, user: Any) -> Q:
        return Q(resource__in=Resource.objects.filter(Resource.partner_q(user)))

    @property
    def language_name(self) -> str:
        """The language named in its own script."""
        return CONTENT_LANGUAGES.get(self.language, self.language)


class SearchEntry(models.Model):
    """One searchable record (a resource, an organisation, ...), its text folded for matching.

    Derived data, rebuilt from the records (acthub.library.search.index): never edited by hand, not
    change-logged. SQLite matches through an FTS5 trigram table over `folded`, PostgreSQL through a
    pg_trgm index on it (migration 0002); both are substring matches over the same folded text.
    """

    kind = models.CharField(_("kind"), max_length=20)
    object_id = models.PositiveBigIntegerField(_("record"))
    key = models.CharField(_("key in its address"), max_length=100, blank=True)
    title = models.CharField(_("title"), max_length=500)
    text = models.TextField(_("text"), blank=True)
    folded = models.TextField(_("folded text"))
    title_folded = models.CharField(_("folded title"), max_length=500)
    is_public = models.BooleanField(_("public"), default=False)
    type = models.CharField(_("type"), max_length=40, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    sort_date = models.DateField(_("date for ranking"))

    class Meta:
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="searchentry_unique_record")]
        indexes = [models.Index(fields=["is_public", "kind"], name="searchentry_public_idx")]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id}: {self.title[:60]}"


class SearchFacet(models.Model):
    """One facet value of an entry: a country, a language, a topic (an entry has several)."""

    entry = models.ForeignKey(SearchEntry, verbose_name=_("entry"), related_name="facets", on_delete=models.CASCADE)
    facet = models.CharField(_("facet"), max_length=10)
    value = models.CharField(_("value"), max_length=80)

    class Meta:
        verbose_name = _("search facet")
        verbose_name_plural = _("search facets")
        indexes = [models.Index(fields=["facet", "value", "entry"], name="searchfacet_value_idx")]
        constraints = [
            models.UniqueConstraint(fields=["entry", "facet", "value"], name="searchfacet_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.facet}={self.value}"
