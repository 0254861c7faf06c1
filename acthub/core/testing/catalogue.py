"""Reading gettext catalogues, and extracting the project's msgids, for the translation-completeness test.

The extraction runs Django's own `makemessages` (so templates, gettext_lazy, pgettext and plurals
are found exactly as translators will see them) in a temporary directory that links to the
project's code: the real `locale/` files are never written.
"""

from __future__ import annotations

import ast
import contextlib
import os
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

# What makemessages reads: the code and the templates (not the virtualenv, tests or static files).
SOURCES = ("acthub", "config", "templates")
IGNORE = ["*/tests/*", "*/testing/*", "*/migrations/*", "static/*", "*/static/*"]


@dataclass
class Entry:
    msgid: str
    context: str = ""
    plural: str = ""
    strings: list[str] = field(default_factory=list)
    fuzzy: bool = False

    @property
    def key(self) -> tuple[str, str]:
        return (self.context, self.msgid)

    @property
    def translated(self) -> bool:
        return not self.fuzzy and bool(self.strings) and all(s.strip() for s in self.strings)


def _unquote(text: str) -> str:
    return str(ast.literal_eval(text))  # PO strings are C-quoted, close enough to Python's


def parse_po(path: Path) -> dict[tuple[str, str], Entry]:
    """The entries of a .po/.pot file by (context, msgid), without the header and obsolete entries."""
    entries: dict[tuple[str, str], Entry] = {}
    current: Entry | None = None
    fuzzy = False
    target: tuple[str, int] | None = None

    def finish() -> None:
        nonlocal current
        if current is not None and current.msgid:
            entries[current.key] = current
        current = None

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#~"):
            if not line:
                finish()
                fuzzy = False
            continue
        if line.startswith("#,"):
            fuzzy = fuzzy or "fuzzy" in line
            continue
        if line.startswith("#"):
            continue
        keyword, _, rest = line.partition(" ")
        if line.startswith('"'):
            if current is None or target is None:
                continue
            name, index = target
            value = _unquote(line)
            if name == "msgid":
                current.msgid += value
            elif name == "msgctxt":
                current.context += value
            elif name == "msgid_plural":
                current.plural += value
            else:
                current.strings[index] += value
            continue
        if keyword in ("msgctxt", "msgid") and current is not None and (current.strings or keyword == "msgctxt"):
            finish()
        if current is None:
            current = Entry(msgid="", fuzzy=fuzzy)
            fuzzy = False
        if keyword == "msgctxt":
            current.context = _unquote(rest)
            target = ("msgctxt", 0)
        elif keyword == "msgid":
            current.msgid = _unquote(rest)
            target = ("msgid", 0)
        elif keyword == "msgid_plural":
            current.plural = _unquote(rest)
            target = ("msgid_plural", 0)
        elif keyword.startswith("msgstr"):
            current.strings.append(_unquote(rest))
            target = ("msgstr", len(current.strings) - 1)
    finish()
    return entries


def extract_msgids() -> dict[tuple[str, str], Entry]:
    """Every translatable string of the code and templates, as makemessages finds it today."""
    base = Path(settings.BASE_DIR)
    with tempfile.TemporaryDirectory(prefix="acthub-messages-") as tmp:
        root = Path(tmp)
        for name in SOURCES:
            (root / name).symlink_to(base / name)
        locale = root / "locale"
        locale.mkdir()
        with contextlib.chdir(root), override_settings(LOCALE_PATHS=[str(locale)]):
            call_command(
                "makemessages", locale=["en"], symlinks=True, keep_pot=True, ignore_patterns=IGNORE, verbosity=0
            )
        return parse_po(locale / "django.pot")


def msgfmt_check(po: Path) -> str:
    """msgfmt --check's complaints about a catalogue (placeholders, plural forms, header), or ''."""
    done = subprocess.run(  # noqa: S603
        ["msgfmt", "--check", "-o", os.devnull, str(po)],  # noqa: S607
        capture_output=True,
        text=True,
        check=False,
    )
    return "" if done.returncode == 0 else done.stderr.strip()
