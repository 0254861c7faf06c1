"""Every interface string translated into every language, and the seeded content too.

Expected to fail until the translators' catalogues land (docs/translating.md): the failure lists,
per language, how many msgids lack a translation and which, so that it says what is left to do.

- The interface: makemessages extracts today's msgids from the code and templates (into a temporary
  directory; locale/ is only read); each of the nine languages' locale/<code>/LC_MESSAGES/django.po
  must give every one a non-empty, non-fuzzy msgstr (every plural form), and pass `msgfmt --check`
  (placeholders such as %(name)s and plural forms).
- The content (docs/adr/0012): every non-empty translatable field of the seed's reference content
  (countries, the program's name, tagline and description, its pathways, links, steering committees
  and outcome areas, indicators) has a translation in every language. User-entered content (projects,
  resource titles) is reported, never failed.
"""

from __future__ import annotations

import warnings
from functools import cache
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings

from acthub.core.content_translations import REFERENCE, REGISTRY, missing, target_languages
from acthub.core.testing.catalogue import Entry, extract_msgids, msgfmt_check, parse_po

SHOWN = 40  # msgids listed per language; the count is always complete


@cache
def msgids() -> dict[tuple[str, str], Entry]:
    return extract_msgids()


def catalogue(code: str) -> Path:
    return Path(settings.LOCALE_PATHS[0]) / code / "LC_MESSAGES" / "django.po"


def describe(key: tuple[str, str]) -> str:
    context, msgid = key
    return f"{context}|{msgid!r}" if context else repr(msgid)


def test_extraction_finds_the_interface_strings() -> None:
    """A guard on the check itself: the extraction sees templates, Python and plurals."""
    found = msgids()
    assert ("", "Skip to main content") in found  # templates/base.html
    assert ("", "(English)") in found  # acthub/core/templatetags/content_i18n.py
    assert any(entry.plural for entry in found.values())
    assert len(found) > 300


def test_the_po_parser_sees_untranslated_fuzzy_and_plural_entries(tmp_path: Path) -> None:
    po = tmp_path / "django.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Language: xx\\n"\n\n'
        'msgid "done"\nmsgstr "fait"\n\n'
        'msgid "empty"\nmsgstr ""\n\n'
        '#, fuzzy\nmsgid "guess"\nmsgstr "devin"\n\n'
        'msgctxt "month"\nmsgid "May"\nmsgstr "mai"\n\n'
        'msgid "one file"\nmsgid_plural "%(n)s files"\nmsgstr[0] "un"\nmsgstr[1] ""\n\n'
        '#~ msgid "old"\n#~ msgstr "vieux"\n',
        encoding="utf-8",
    )
    entries = parse_po(po)
    assert {k: e.translated for k, e in entries.items()} == {
        ("", "done"): True,
        ("", "empty"): False,
        ("", "guess"): False,
        ("month", "May"): True,
        ("", "one file"): False,
    }


@pytest.mark.parametrize("code", [code for code, _name in settings.LANGUAGES if code != "en"])
def test_every_interface_string_is_translated(code: str) -> None:
    po = catalogue(code)
    assert po.exists(), f"{code}: no catalogue at {po} (manage.py makemessages -l {code} --ignore=.venv)"
    problems = msgfmt_check(po)
    assert not problems, f"{code}: msgfmt --check fails:\n{problems}"
    have = parse_po(po)
    lacking = sorted(key for key in msgids() if not (key in have and have[key].translated))
    listed = "\n".join(f"  {describe(key)}" for key in lacking[:SHOWN])
    more = f"\n  ... and {len(lacking) - SHOWN} more" if len(lacking) > SHOWN else ""
    assert not lacking, (
        f"{code}: {len(lacking)} of {len(msgids())} msgids untranslated, empty or fuzzy:\n{listed}{more}"
    )


def test_the_program_narrative_is_reference_content() -> None:
    """A guard on the check below: the narrative the portal and the sheets show is registered with it."""
    for label, fields in {
        "program.Program": {"name", "tagline", "description"},
        "program.Pathway": {"name", "description"},
        "program.ProgramLink": {"description"},
        "program.GovernanceBody": {"name", "description"},
    }.items():
        assert label in REFERENCE and fields <= set(REGISTRY[label]), label


@pytest.mark.django_db
def test_seeded_reference_content_is_translated() -> None:
    from django.core.management import call_command

    call_command("load_seed", verbosity=0)
    reference = [apps.get_model(label) for label in sorted(REFERENCE)]
    others = [apps.get_model(label) for label in sorted(set(REGISTRY) - REFERENCE)]
    lacking = missing(reference, target_languages())
    report = missing(others, target_languages())
    for code, names in report.items():  # user-entered content: reported, not failed
        if names:
            warnings.warn(
                f"{code}: {len(names)} user-entered fields without a translation (shown in English, marked)",
                stacklevel=1,
            )
    summary = "\n".join(
        f"  {code}: {len(names)} missing, e.g. {', '.join(names[:8])}" for code, names in lacking.items() if names
    )
    assert not any(lacking.values()), f"seeded reference content without a translation:\n{summary}"
