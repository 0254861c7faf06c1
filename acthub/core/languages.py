"""The interface languages: each one's own name, and what Django's LANG_INFO lacks for Lao and Filipino.

Core knows no domain app; this module only describes languages, so every layer may use it.
"""

from __future__ import annotations

from django.conf import settings
from django.conf.locale import LANG_INFO
from django.urls import translate_url
from django.utils import translation

# Each language named in itself, so a reader finds their own language whatever the page's language.
SELF_NAMES: dict[str, str] = {
    "en": "English",
    "lo": "ລາວ",
    "km": "ខ្មែរ",
    "th": "ไทย",
    "vi": "Tiếng Việt",
    "id": "Bahasa Indonesia",
    "fil": "Filipino",
    "my": "မြန်မာ",
    "ms": "Bahasa Melayu",
}

# Django ships no entry for these (django/conf/locale/__init__.py); without one, get_language_info and
# the {% get_language_info %} tag raise KeyError.
EXTRA_LANG_INFO: dict[str, dict[str, object]] = {
    "lo": {"bidi": False, "code": "lo", "name": "Lao", "name_local": "ລາວ"},
    "fil": {"bidi": False, "code": "fil", "name": "Filipino", "name_local": "Filipino"},
}


def install_lang_info() -> None:
    """Add the missing entries to Django's LANG_INFO (idempotent; called from CoreConfig.ready)."""
    for code, info in EXTRA_LANG_INFO.items():
        LANG_INFO.setdefault(code, info)


def self_name(code: str) -> str:
    """A language's name in its own script; the code only for a language this module does not know."""
    return SELF_NAMES.get(code, code)


def interface_codes() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def language_of_path(path: str) -> str:
    """The language a page at `path` is shown in: its prefix, else the default (English, unprefixed)."""
    return translation.get_language_from_path(path) or settings.LANGUAGE_CODE


def without_language_prefix(path: str) -> str:
    """`/lo/countries/` -> `/countries/`; an unprefixed path as it is."""
    code = translation.get_language_from_path(path)
    if code and (path == f"/{code}" or path.startswith(f"/{code}/")):
        return path[len(code) + 1 :] or "/"
    return path


def url_in_language(full_path: str, code: str) -> str:
    """The same page in another language: reversed by name when the path resolves, else by its prefix.

    Paths outside the language patterns (the API, the admin) resolve to themselves, as they should.
    """
    translated = translate_url(full_path, code)
    if translated != full_path or code == language_of_path(full_path.split("?", 1)[0]):
        return translated
    bare = without_language_prefix(full_path)
    return bare if code == settings.LANGUAGE_CODE else f"/{code}{bare}"
