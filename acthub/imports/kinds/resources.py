"""Rows of the `resources` kind: one library resource each, with a version per `text_<language>` column.

A publisher the directory does not know is created as an unverified organisation (regional, type
"other") when the file is committed, and named in the job's summary so that staff can check it.
Resources imported by staff are published at once, at the row's access level.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils import timezone
from django.utils.translation import gettext as _

from acthub.audit.context import acting
from acthub.imports.choices import ImportKind
from acthub.imports.kinds.base import ERROR, NEW, UNCHANGED, CellError, ChunkResult, Handler, RowError, _quote
from acthub.imports.specs import KINDS
from acthub.library.choices import CONTENT_LANGUAGES, AccessLevel, ReviewStatus, TextStatus

ISO_ALPHA2 = re.compile(r"^[A-Za-z]{2}$")
_url = URLValidator(schemes=["http", "https"])


def split_list(text: str) -> list[str]:
    """';'-separated items, trimmed, empty ones dropped."""
    return [item.strip() for item in text.split(";") if item.strip()]


@dataclass(frozen=True)
class ResourceRow:
    """A resource as a row describes it."""

    title: str
    type_id: int
    year: int | None
    publisher_id: int | None
    publisher_name: str
    languages: tuple[str, ...]
    countries: frozenset[int]
    url: str
    summary: str
    access_level: str
    texts: tuple[tuple[str, str], ...]


class ResourcesHandler(Handler):
    """One resource per row; a resource with the same title and year already in the library is unchanged."""

    spec = KINDS[ImportKind.RESOURCES]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from acthub.library.models import ResourceType

        self.types: dict[str, int] = {}
        for pk, slug, name in ResourceType.objects.values_list("pk", "slug", "name"):
            self.types[slug.casefold()] = pk
            self.types[name.casefold()] = pk
        self.type_codes = sorted(ResourceType.objects.values_list("slug", flat=True))
        self.new_publishers: dict[str, str] = {}  # casefolded name -> name as written
        self.created_publishers: dict[str, int] = {}
        self.organisations: dict[str, set[int]] | None = None

    def validate(self, rows: list[tuple[int, list[str]]], errors: list[RowError]) -> ChunkResult:
        from acthub.library.models import Resource

        statuses = [ERROR] * len(rows)
        result = ChunkResult(statuses)
        for i, (n, row) in enumerate(rows):
            before = len(errors)
            parsed = self._parse(n, row, errors)
            if parsed is None or len(errors) > before:
                continue
            key = hash((parsed.title.casefold(), parsed.year))
            if key in self.seen:
                errors.append(RowError(n, "title", _("This title and year appear twice in this file.")))
                continue
            self.seen.add(key)
            existing = Resource.objects.filter(title=parsed.title, year=parsed.year).first()
            if existing is None:
                statuses[i] = NEW
                result.pending.append(parsed)
            elif existing.type_id != parsed.type_id:
                errors.append(
                    RowError(
                        n,
                        "type",
                        _("The library already has this title and year as another type; change it there."),
                    )
                )
            else:
                statuses[i] = UNCHANGED
        return result

    def _parse(self, n: int, row: list[str], errors: list[RowError]) -> ResourceRow | None:
        ix = self.index
        cell = lambda name: row[ix[name]]  # noqa: E731
        title = cell("title")
        if not title:
            self.required(errors, n, "title")
        elif len(title) > 500:
            errors.append(RowError(n, "title", _("At most %(limit)s characters.") % {"limit": 500}))
        type_id = None
        if not cell("type"):
            self.required(errors, n, "type")
        else:
            type_id = self.types.get(cell("type").casefold())
            if type_id is None:
                errors.append(
                    RowError(
                        n,
                        "type",
                        _("%(value)s is not a resource type: use one of %(allowed)s.")
                        % {"value": _quote(cell("type")), "allowed": ", ".join(self.type_codes)},
                    )
                )
        year = self._year(n, cell("year"), errors)
        countries = self._countries(n, cell("countries"), errors)
        languages = []
        for code in split_list(cell("languages")):
            if code.lower() not in CONTENT_LANGUAGES:
                errors.append(
                    RowError(
                        n,
                        "languages",
                        _("%(value)s is not a language code: use %(allowed)s.")
                        % {"value": _quote(code), "allowed": ", ".join(CONTENT_LANGUAGES)},
                    )
                )
            else:
                languages.append(code.lower())
        url = cell("url")
        if url:
            try:
                _url(url)
            except ValidationError:
                errors.append(RowError(n, "url", _("%(value)s is not a web address.") % {"value": _quote(url)}))
        try:
            access = self.code("access_level", cell("access_level"), str(AccessLevel.PUBLIC))
        except CellError as exc:
            errors.append(RowError(n, "access_level", str(exc)))
            access = ""
        publisher_id, publisher_name = self._publisher(n, cell("publisher"), errors)
        texts = tuple((code, row[ix[f"text_{code}"]]) for code in CONTENT_LANGUAGES if row[ix[f"text_{code}"]])
        if not title or type_id is None:
            return None
        return ResourceRow(
            title=title,
            type_id=type_id,
            year=year,
            publisher_id=publisher_id,
            publisher_name=publisher_name,
            languages=tuple(dict.fromkeys([*languages, *(code for code, _t in texts)])),
            countries=frozenset(countries),
            url=url,
            summary=cell("summary"),
            access_level=access,
            texts=texts,
        )

    def _year(self, n: int, text: str, errors: list[RowError]) -> int | None:
        if not text:
            return None
        if not re.fullmatch(r"\d{4}(\.0)?", text):
            errors.append(RowError(n, "year", _("%(value)s is not a year such as 2021.") % {"value": _quote(text)}))
            return None
        year = int(text[:4])
        this_year = timezone.now().year
        if year > this_year:
            errors.append(
                RowError(n, "year", _("%(year)s is in the future (it is %(now)s).") % {"year": year, "now": this_year})
            )
        elif year < 1900:
            errors.append(RowError(n, "year", _("%(year)s is before 1900.") % {"year": year}))
        return year

    def _countries(self, n: int, text: str, errors: list[RowError]) -> set[int]:
        countries, before = set(), len(errors)
        for code in split_list(text.replace(",", ";")):
            if not ISO_ALPHA2.match(code):
                errors.append(
                    RowError(
                        n,
                        "countries",
                        _("%(value)s is not an ISO 3166-1 alpha-2 country code (two letters, e.g. LA).")
                        % {"value": _quote(code)},
                    )
                )
                continue
            try:
                pk = self.lookups.country(code)
            except CellError as exc:
                errors.append(RowError(n, "countries", str(exc)))
                continue
            if not self.in_scope(pk):
                errors.append(RowError(n, "countries", self.scope_error(code.upper())))
            countries.add(pk)
        if not countries and len(errors) == before and self.ctx.allowed_countries is not None:
            errors.append(RowError(n, "countries", self.scope_error(_("A regional resource"))))
        return countries

    def _publisher(self, n: int, text: str, errors: list[RowError]) -> tuple[int | None, str]:
        if not text:
            return None, ""
        if len(text) > 255:
            errors.append(RowError(n, "publisher", _("At most %(limit)s characters.") % {"limit": 255}))
            return None, ""
        if self.organisations is None:
            from acthub.directory.models import Organisation

            self.organisations = {}
            for pk, name, acronym in Organisation.objects.values_list("pk", "name", "acronym"):
                for label in {name.casefold(), acronym.casefold()} - {""}:
                    self.organisations.setdefault(label, set()).add(pk)
        found = self.organisations.get(text.casefold(), set())
        if len(found) == 1:
            return next(iter(found)), text
        if found:
            errors.append(
                RowError(
                    n,
                    "publisher",
                    _("%(name)s names several organisations: use the full name as in the directory.")
                    % {"name": _quote(text)},
                )
            )
            return None, ""
        self.new_publishers.setdefault(text.casefold(), text)
        return None, text

    def _publisher_for(self, row: ResourceRow) -> int | None:
        from acthub.directory.choices import OrganisationType
        from acthub.directory.models import Organisation

        if row.publisher_id or not row.publisher_name:
            return row.publisher_id
        key = row.publisher_name.casefold()
        if key not in self.created_publishers:
            organisation = Organisation(
                name=row.publisher_name,
                type=OrganisationType.OTHER,
                is_verified=False,
                source_document=f"import job {self.ctx.job.pk}",
            )
            organisation.save()
            self.created_publishers[key] = organisation.pk
        return self.created_publishers[key]

    def write(self, chunk: ChunkResult) -> None:
        from acthub.library.models import Resource, ResourceVersion

        now = timezone.now()
        user = self.ctx.user if getattr(self.ctx.user, "pk", None) else None
        with acting(self.ctx.user, via="import"):
            for row in chunk.pending:
                resource = Resource(
                    title=row.title,
                    type_id=row.type_id,
                    year=row.year,
                    publisher_id=self._publisher_for(row),
                    languages=list(row.languages),
                    url=row.url,
                    summary=row.summary,
                    access_level=row.access_level,
                    status=ReviewStatus.PUBLISHED,
                    submitted_by=user,
                    reviewed_by=user,
                    reviewed_at=now,
                    is_synthetic=self.ctx.synthetic,
                    source_document=f"import job {self.ctx.job.pk}",
                )
                resource.save()
                if row.countries:
                    resource.countries.set(row.countries)
                for language, text in row.texts:
                    ResourceVersion(resource=resource, language=language, text=text, text_status=TextStatus.DONE).save()

    def notes(self, *, committed: bool) -> list[str]:
        if not self.new_publishers:
            return []
        names = ", ".join(sorted(self.new_publishers.values(), key=str.casefold))
        if committed:
            return [_("Added to the directory as unverified organisations: %(names)s.") % {"names": names}]
        return [_("Would add to the directory as unverified organisations: %(names)s.") % {"names": names}]
