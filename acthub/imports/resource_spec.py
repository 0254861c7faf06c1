"""The column spec of the `resources` kind: library resources, one per row (see acthub.imports.specs)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from acthub.imports.choices import ImportKind
from acthub.imports.specs import Column, KindSpec
from acthub.library.choices import CONTENT_LANGUAGES, AccessLevel

RESOURCES: KindSpec = KindSpec(
    ImportKind.RESOURCES,
    ImportKind.RESOURCES.label,
    _("One row per library resource. A publisher not in the directory is added to it as unverified."),
    (
        Column("title", "text", True, _("At most 500 characters."), example="Shelter practices in ASEAN"),
        Column("type", "text", True, _("A resource type's code or name, e.g. study, guideline."), example="study"),
        Column(
            "year", "integer", False, _("Year of publication; empty when unknown; not in the future."), example="2021"
        ),
        Column("publisher", "organisation", False, _("Who published it; added to the directory when new."), example=""),
        Column("languages", "list", False, _("Language codes separated by ';', e.g. en;lo."), example="en"),
        Column("countries", "list", False, _("ISO country codes separated by ';'; empty for regional."), example="LA"),
        Column("url", "text", False, _("Where the resource is."), example="https://example.org/study.pdf"),
        Column("summary", "text", False, _("A short summary."), example=""),
        Column("access_level", "code", False, _("Empty means public."), codes=AccessLevel, example="public"),
        *(
            Column(f"text_{code}", "text", False, _("The full text in %(language)s.") % {"language": name})
            for code, name in CONTENT_LANGUAGES.items()
        ),
    ),
    notes=(_("A resource already in the library with the same title and year is 'unchanged'."),),
)
