"""The seed's content in the other interface languages, as a translation memory per language.

`data/translations/<code>.yaml` maps an English source text to its translation. After the records are
loaded, every translatable field of the seeded reference content (countries, the program and its
tagline and description, its pathways, links, steering committees and outcome areas, indicators:
docs/adr/0012) whose English text is in the memory gets that translation, written through
`set_translation` like a translator's edit in the admin. Keying by the English text rather than by
record keeps the files readable for translators, and a text that changes in English simply stops
matching (the page then falls back to English, marked) instead of showing a stale translation.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from django.apps import apps

from acthub.core.content_translations import REFERENCE, set_translation, target_languages, translatable_fields


class TranslationFileError(ValueError):
    """A translation file that cannot be used: the message names the file and why."""


def read_memory(path: Path) -> dict[str, str]:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise TranslationFileError(f"{path.name}: not valid YAML ({exc})") from exc
    if not isinstance(raw, dict):
        raise TranslationFileError(f"{path.name}: expected a mapping of English text to its translation")
    memory: dict[str, str] = {}
    for source, text in raw.items():
        if not isinstance(source, str) or not isinstance(text, str) or not text.strip():
            raise TranslationFileError(f"{path.name}: the entry for {source!r} needs a non-empty text")
        memory[" ".join(source.split())] = text.strip()
    return memory


def load_translations(folder: Path, *, acting_user: Any = None) -> int:
    """Write the translations found in `folder`; returns how many fields were translated."""
    if not folder.is_dir():
        return 0
    languages = set(target_languages())
    memories: dict[str, dict[str, str]] = {}
    for path in sorted(folder.glob("*.yaml")):
        if path.stem not in languages:
            raise TranslationFileError(f"{path.name}: {path.stem} is not one of {', '.join(sorted(languages))}")
        memories[path.stem] = read_memory(path)
    written = 0
    for label in sorted(REFERENCE):
        model = apps.get_model(label)
        fields = translatable_fields(model)
        for obj in model._default_manager.order_by("pk"):
            for field in fields:
                source = " ".join((getattr(obj, field) or "").split())
                if not source:
                    continue
                for code, memory in memories.items():
                    if _national(obj, field, code):
                        continue
                    text = memory.get(source)
                    if text:
                        set_translation(obj, field, code, text, acting_user=acting_user)
                        written += 1
    return written


def _national(obj: Any, field: str, code: str) -> bool:
    """A country's name in its own national language is the seed's `name_local` (national_country_names
    writes it); the memory must not write a second, different text there on every run."""
    return field == "name" and bool(getattr(obj, "name_local", "")) and code in (getattr(obj, "languages", None) or [])
