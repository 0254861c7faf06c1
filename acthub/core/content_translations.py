"""Content fields in every interface language, falling back to English, marked where they do (ADR 0012).

A record's own field holds the English text. Translations live in one table (ContentTranslation),
keyed by content type, object, field and language, so core needs no import of a domain app: each
app registers its translatable fields in its AppConfig.ready. Pages ask `translate(obj, field)`,
which answers a `Translated` string that knows its language and whether it is a fallback; the
template tags (acthub.core.templatetags.content_i18n) mark a fallback with lang="en" and "(English)".

Speed: one query per (model, language) per request, not per record: a request's translations are
loaded together and kept on the request (or in a plain dict when there is none).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import translation
from django.utils.translation import gettext as _

# Model label -> its translatable fields, filled by each app's AppConfig.ready.
REGISTRY: dict[str, tuple[str, ...]] = {}
# Models whose records are seed/reference content: a missing translation there fails the check.
REFERENCE: set[str] = set()
CACHE_ATTR = "_acthub_content_translations"


def register(model: type[models.Model], *fields: str, reference: bool = False) -> None:
    """Declare `fields` of `model` translatable (`reference`: seeded content, checked for completeness)."""
    names = {f.name for f in model._meta.get_fields()}
    unknown = [f for f in fields if f not in names]
    if unknown:
        raise ValueError(f"{model._meta.label} has no field {', '.join(unknown)}")
    REGISTRY[model._meta.label] = tuple(dict.fromkeys((*REGISTRY.get(model._meta.label, ()), *fields)))
    if reference:
        REFERENCE.add(model._meta.label)


def translatable_fields(model: type[models.Model]) -> tuple[str, ...]:
    return REGISTRY.get(model._meta.label, ())


def target_languages() -> list[str]:
    """The languages content is translated into: every interface language but the source, English."""
    return [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


def check_translation(row: Any) -> None:
    """A translation names a registered field of an existing record, in a target language, with text."""
    errors: dict[str, str] = {}
    model = row.content_type.model_class() if row.content_type_id else None
    if model is None:
        errors["content_type"] = _("Choose the kind of record this translates.")
    elif row.field not in translatable_fields(model):
        allowed = ", ".join(translatable_fields(model)) or _("none")
        errors["field"] = _("%(field)s is not a translatable field of %(model)s (translatable: %(allowed)s).") % {
            "field": row.field,
            "model": model._meta.verbose_name,
            "allowed": allowed,
        }
    elif not model._default_manager.filter(pk=row.object_id).exists():
        errors["object_id"] = _("No %(model)s has id %(id)s.") % {
            "model": model._meta.verbose_name,
            "id": row.object_id,
        }
    if row.language not in target_languages():
        errors["language"] = _("Use one of these language codes: %(codes)s.") % {"codes": ", ".join(target_languages())}
    if not (row.text or "").strip():
        errors["text"] = _("A translation cannot be empty; delete it to fall back to English.")
    if errors:
        raise ValidationError(errors)


class Translated(str):
    """A content text with the language it is in, and whether it stands in for a missing translation."""

    language: str
    fallback: bool

    def __new__(cls, text: str, language: str, fallback: bool) -> Translated:
        made = super().__new__(cls, text)
        made.language = language
        made.fallback = fallback
        return made


def _load(model: type[models.Model], language: str) -> dict[tuple[int, str], str]:
    from acthub.core.models import ContentTranslation

    content_type = ContentType.objects.get_for_model(model)
    rows = ContentTranslation.objects.filter(content_type=content_type, language=language)
    return {(r.object_id, r.field): r.text for r in rows.only("object_id", "field", "text")}


def _table(model: type[models.Model], language: str, store: dict[Any, Any]) -> dict[tuple[int, str], str]:
    key = (model._meta.label, language)
    if key not in store:
        store[key] = _load(model, language)
    return store[key]


def store_of(request: Any) -> dict[Any, Any]:
    """The request's translation cache (a fresh dict when there is no request to keep it on)."""
    if request is None:
        return {}
    store = getattr(request, CACHE_ATTR, None)
    if store is None:
        store = {}
        setattr(request, CACHE_ATTR, store)
    return store


def translate(
    obj: models.Model, field: str, language: str | None = None, store: dict[Any, Any] | None = None
) -> Translated:
    """`obj.field` in `language` (default: the active one), else the English text marked as a fallback."""
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    source = getattr(obj, field) or ""
    source_language = settings.LANGUAGE_CODE
    if language == source_language or field not in translatable_fields(type(obj)):
        return Translated(str(source), source_language, fallback=False)
    table = _table(type(obj), language, store if store is not None else {})
    text = table.get((int(obj.pk), field))
    if text:
        return Translated(text, language, fallback=False)
    return Translated(str(source), source_language, fallback=bool(source))


def missing(models_: Iterable[type[models.Model]], languages: Iterable[str]) -> dict[str, list[str]]:
    """Per language, the `label:pk.field` of every non-empty translatable field with no translation."""
    from acthub.core.models import ContentTranslation

    languages = list(languages)
    found: dict[str, list[str]] = {code: [] for code in languages}
    for model in models_:
        fields = translatable_fields(model)
        content_type = ContentType.objects.get_for_model(model)
        have = set(
            ContentTranslation.objects.filter(content_type=content_type, language__in=languages).values_list(
                "object_id", "field", "language"
            )
        )
        for record in model._default_manager.all().only("pk", *fields):
            for field in fields:
                if not getattr(record, field):
                    continue
                for code in languages:
                    if (record.pk, field, code) not in have:
                        found[code].append(f"{model._meta.label} {record.pk} ({record}) {field}")
    return found


def set_translation(obj: models.Model, field: str, language: str, text: str, *, acting_user: Any) -> Any:
    """Write (or rewrite) one translation as `acting_user`, validated and audited like any record."""
    from acthub.core.models import ContentTranslation
    from acthub.core.services import save_record

    content_type = ContentType.objects.get_for_model(obj)
    row = ContentTranslation.objects.filter(
        content_type=content_type, object_id=obj.pk, field=field, language=language
    ).first() or ContentTranslation(content_type=content_type, object_id=obj.pk, field=field, language=language)
    if row.pk is not None and row.text == text:
        return row
    row.text = text
    return save_record(row, acting_user=acting_user)


def national_country_names(*, acting_user: Any = None) -> int:
    """Each country's name in its national language(s), where that is an interface language.

    design.md: countries are named in English and the national language(s); the seed holds the
    national name in `name_local`, and here it becomes the name shown on pages in that language.
    """
    from acthub.core.models import Country

    written = 0
    languages = set(target_languages())
    for country in Country.objects.exclude(name_local=""):
        for code in country.languages:
            if code in languages:
                set_translation(country, "name", code, country.name_local, acting_user=acting_user)
                written += 1
    return written
